"""The cleaner on real HTML: the fixture portal pages (4 templates, gold in fixtures/articles)
and the 5 real Vietnamese news pages in ../shared/portal-pages (no gold: behaviour checks)."""
from __future__ import annotations

import json
import unicodedata
from datetime import datetime, timezone
from pathlib import Path

import pytest

from pipeline import clean_html
from pipeline.clean_eval import evaluate_clean
from pipeline.dates import VN_TZ, parse_vn, plausible
from pipeline.decode import decode
from pipeline.profiles import load_profiles

ROOT = Path(__file__).resolve().parent.parent
PORTAL = ROOT / "fixtures" / "portal"
MANIFEST = json.loads((PORTAL / "manifest.json").read_text(encoding="utf-8"))
REAL = ROOT.parent / "shared" / "portal-pages"
if not REAL.is_dir():
    REAL = Path("/work/shared/portal-pages")
FURNITURE = ("Bạn còn 500/500 ký tự", "Bạn vui lòng nhập", "Tin liên quan", "Các tin khác",
             "CÓ THỂ BẠN QUAN TÂM", "Ý kiến bình luận", "Thống kê truy cập", "Đang online",
             "Designed by VNPT", "Chịu trách nhiệm nội dung", "Giấy phép", "anh tin bai",
             "Chia sẻ", "Tin mới", "Phản hồi")


def _gold(doc_id: str) -> dict:
    return json.loads((ROOT / "fixtures" / "articles" / f"{doc_id}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=[True, False], ids=["profiles", "generic"])
def cleaned(request):
    return {e["id"]: clean_html((PORTAL / e["file"]).read_bytes(), profiles=request.param) for e in MANIFEST}


@pytest.mark.parametrize("doc_id", [e["id"] for e in MANIFEST])
def test_fixture_page_metadata_and_furniture(cleaned, doc_id):
    art, gold = cleaned[doc_id], _gold(doc_id)
    assert art.is_article, art.reason
    assert art.title == gold["title"]
    assert (art.lead or None) == (gold.get("lead") or None)
    assert art.published is not None and art.published.date().isoformat() == gold["published"][:10]
    assert art.byline == gold.get("byline")
    for phrase in FURNITURE:
        assert phrase not in art.text, phrase
    assert unicodedata.is_normalized("NFC", art.fact_text)


@pytest.mark.parametrize("doc_id", [e["id"] for e in MANIFEST])
def test_fixture_captions_apart_and_without_credit(doc_id):
    art, gold = clean_html((PORTAL / next(e["file"] for e in MANIFEST if e["id"] == doc_id)).read_bytes()), _gold(doc_id)
    assert list(art.captions) == [f["caption"] for f in gold["figures"]]
    for cap in art.captions:
        assert cap not in art.paragraphs and "Ảnh:" not in cap


def test_clean_eval_meets_targets():
    assert evaluate_clean(ROOT / "fixtures")["mean"]["f1"] >= 0.99
    assert evaluate_clean(ROOT / "fixtures", profiles=False)["mean"]["f1"] >= 0.98


@pytest.mark.parametrize("path", sorted(str(p.relative_to(PORTAL)) for p in PORTAL.glob("*/gioi-thieu.html")))
def test_about_pages_are_not_articles(path):
    art = clean_html((PORTAL / path).read_bytes())
    assert not art.is_article and art.reason


@pytest.mark.parametrize("path", sorted(str(p.relative_to(PORTAL)) for p in
                                        [*PORTAL.glob("*/index.html"), *PORTAL.glob("*/*/trang-2.htm*"),
                                         *PORTAL.glob("vnpt/Pages/tin-tuc.aspx*")]))
def test_listing_pages_are_not_articles(path):
    art = clean_html((PORTAL / path).read_bytes())
    assert not art.is_article and art.reason


def test_profiles_cover_fixture_templates_and_vccorp():
    names = {p.name for p in load_profiles()}
    assert {"thanhpho", "vnpt", "dangbo", "baotinh", "vccorp"} <= names
    assert next(p for p in load_profiles() if p.name == "vnpt").is_article_url("/Pages/chi-tiet-tin.aspx?ItemID=12068")


# ------------------------------------------------------------------ real portal pages
REAL_PAGES = {
    "001-vietnamplus.html": ("Bệnh viện Bạch Mai cơ sở Ninh Bình", "8 nạn nhân sống sót", "hydro sulfua"),
    "002-genk.html": ("Vì sao Apple bất ngờ cắt quà tặng sinh viên", "Chương trình ưu đãi giáo dục", "TrendForce"),
    "003-vtv.html": ("Trường THPT Chuyên Tuyên Quang", "Liên quan vụ gian lận thi cử", "khởi tố 27 bị can"),
    "004-cafef.html": ("Cận cảnh trại lợn ở Thanh Hóa", "Trang trại lợn của Công ty TNHH Dabaco", None),
    "005-soha.html": ("Ô tô bất ngờ bốc cháy", "Một ô tô 4 chỗ đang dừng trên vỉa hè", "khoang máy"),
}


@pytest.mark.skipif(not REAL.is_dir(), reason="shared/portal-pages not available")
@pytest.mark.parametrize("name", sorted(REAL_PAGES))
def test_real_portal_page(name):
    title, lead, body_phrase = REAL_PAGES[name]
    art = clean_html((REAL / name).read_bytes())
    assert art.is_article, art.reason
    assert title in art.title
    assert art.lead and lead in art.lead
    if body_phrase:
        assert any(body_phrase in p for p in art.paragraphs)
    assert art.published is not None and art.published.year == 2026
    for phrase in ("Chịu trách nhiệm nội dung", "Giấy phép", "Tin liên quan", "Cùng chuyên mục",
                   "Từ khóa", "Bình luận", "Copyright"):
        assert phrase not in art.text, phrase
    for cap in art.captions:
        assert cap not in art.paragraphs and not cap.endswith("Ảnh chụp màn hình")


@pytest.mark.skipif(not REAL.is_dir(), reason="shared/portal-pages not available")
def test_photo_story_keeps_captions_apart():
    art = clean_html((REAL / "004-cafef.html").read_bytes())
    assert len(art.captions) >= 5 and not any("Dabaco Thanh Hóa thuộc" in p for p in art.paragraphs)


# ------------------------------------------------------------------ dates, encodings
@pytest.mark.parametrize("text,expected", [
    ("Thứ ba, 16/05/2023 19:36", datetime(2023, 5, 16, 19, 36, tzinfo=VN_TZ)),
    ("Cập nhật lúc 16:45 19/04/2023", datetime(2023, 4, 19, 16, 45, tzinfo=VN_TZ)),
    ("04/7/2023", datetime(2023, 7, 4, tzinfo=VN_TZ)),
    ("16.5.2023 | 08:12", datetime(2023, 5, 16, 8, 12, tzinfo=VN_TZ)),
    ("ngày 16 tháng 5 năm 2023", datetime(2023, 5, 16, tzinfo=VN_TZ)),
])
def test_vietnamese_date_forms(text, expected):
    assert parse_vn(text) == expected


def test_day_month_takes_year_from_context():
    assert parse_vn("Ngày 19/4, Ban Chấp hành họp") is None
    assert parse_vn("Ngày 19/4, Ban Chấp hành họp", default_year=2023) == datetime(2023, 4, 19, tzinfo=VN_TZ)


def test_future_dates_rejected():
    fetched = datetime(2023, 1, 1, tzinfo=timezone.utc)
    assert plausible(datetime(2024, 1, 1, tzinfo=VN_TZ), fetched) is None
    html = ('<html><head><title>Một bài viết có ngày tương lai</title>'
            '<meta property="article:published_time" content="2030-01-01T00:00:00+07:00"></head><body>'
            '<h1>Một bài viết có ngày tương lai</h1><p class="date">Thứ hai, 02/01/2022 08:00</p><div>'
            + "<p>Nội dung bài viết đủ dài để là một đoạn văn của bài báo, có dấu phẩy, và dấu chấm.</p>" * 6
            + "</div></body></html>")
    art = clean_html(html, fetched_at=fetched)
    assert art.published == datetime(2022, 1, 2, 8, 0, tzinfo=VN_TZ)


def _cp1258(text: str) -> bytes:
    """Encode as windows-1258 the way Vietnamese legacy pages do: tones as combining marks."""
    out = []
    for ch in text:
        try:
            out.append(ch.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        d = unicodedata.normalize("NFD", ch)
        hats = "".join(m for m in d[1:] if m in "\u0302\u0306\u031b")
        base = unicodedata.normalize("NFC", d[0] + hats)
        out.append((base + "".join(m for m in d[1:] if m not in hats)).encode("cp1258"))
    return b"".join(out)


def test_windows_1258_meta_charset_decodes_to_nfc():
    para = "<p>Đại hội đại biểu Đảng bộ tỉnh lần thứ XVII, nhiệm kỳ 2020 - 2025 đã khai mạc trọng thể.</p>"
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1258">'
            "<title>Khai mạc Đại hội Đảng bộ tỉnh</title></head><body><h1>Khai mạc Đại hội Đảng bộ tỉnh</h1>"
            '<div class="date">16/05/2023</div><div class="content">' + para * 5 + "</div></body></html>")
    art = clean_html(_cp1258(html))
    assert art.title == "Khai mạc Đại hội Đảng bộ tỉnh"
    assert art.paragraphs[0].startswith("Đại hội đại biểu Đảng bộ tỉnh lần thứ XVII")
    assert unicodedata.is_normalized("NFC", art.text)


def test_header_charset_and_entities():
    html = ("<html><head><title>Truyền thông</title></head><body><p>"
            + "truy&#7873;n th&ocirc;ng, b&aacute;o ch&iacute; v&agrave; xu&#7845;t b&#7843;n. " * 5 + "</p></body></html>")
    text, enc = decode(html.encode("utf-8"), "text/html; charset=UTF-8")
    assert enc == "utf-8"
    art = clean_html(html.encode("utf-8"), content_type="text/html; charset=utf-8")
    assert "truyền thông" in art.text


def test_bom_wins():
    text, enc = decode("\ufeff<p>Hà Nội</p>".encode("utf-8"), "text/html; charset=iso-8859-1")
    assert text == "<p>Hà Nội</p>"


# ------------------------------------------------------------------ generic mode, structural signals
_SENT = ("The council approved the new budget on Tuesday after a long debate, and the mayor said "
         "the money would go to schools, roads and the city's two hospitals. ")


def _page(body: str, title: str = "Council approves the new city budget") -> str:
    return (f"<html><head><title>{title}</title>"
            '<meta property="article:published_time" content="2023-05-16T08:00:00+07:00"></head>'
            f"<body>{body}</body></html>")


def test_generic_keeps_a_data_table_made_of_short_cells():
    rows = "".join(f"<tr><td>{i}</td><td>Driver {i}</td><td>{5000 - 10 * i}</td></tr>" for i in range(1, 31))
    html = _page('<div class="articlebody"><h1>Standings after the final race</h1>'
                 "<p>Here are the standings after the final race of the season.</p>"
                 f"<table>{rows}</table></div>"
                 '<div class="note"><p>' + "Comments are moderated before they appear on the site. " * 2 + "</p></div>",
                 title="Standings after the final race")
    art = clean_html(html, profiles=False)
    assert "Driver 30" in art.text and "Driver 1" in art.text


def test_generic_takes_the_headline_story_not_the_more_stories_list():
    teasers = "".join(f'<li><h3><a href="/s{i}">Another story number {i} from the site</a></h3>'
                      f"<div>{_SENT}</div></li>" for i in range(6))
    html = _page('<main><article><h1>Council approves the new city budget</h1>'
                 + f"<p>{_SENT}</p>" * 5 + "</article></main>"
                 + f'<section><h2>More stories</h2><ul>{teasers}</ul></section>')
    art = clean_html(html, profiles=False)
    assert len(art.paragraphs) == 5 and "Another story" not in art.text


def test_generic_ignores_teasers_before_the_headline():
    ticker = "".join(f'<li><a href="/b{i}">Breaking item {i}</a> {_SENT}</li>' for i in range(8))
    html = _page(f'<div class="ticker-box"><ul>{ticker}</ul></div>'
                 '<div><h1>Council approves the new city budget</h1>' + f"<p>{_SENT}</p>" * 4 + "</div>")
    art = clean_html(html, profiles=False)
    assert "Breaking item" not in art.text and len(art.paragraphs) == 4


def test_generic_keeps_an_embedded_post_inside_a_social_wrapper():
    html = _page("<div><h1>Council approves the new city budget</h1>" + f"<p>{_SENT}</p>" * 3
                 + '<div class="social-media-embed"><blockquote class="twitter-tweet"><p>'
                 "The budget is a win for every neighbourhood in this city, the mayor wrote on Tuesday.</p>"
                 "</blockquote></div>" + f"<p>{_SENT}</p>" * 2 + "</div>")
    art = clean_html(html, profiles=False)
    assert any("win for every neighbourhood" in p for p in art.paragraphs)


def test_page_wide_body_class_never_makes_the_article_a_caption():
    html = _page("<div><h1>Council approves the new city budget</h1>" + f"<p>{_SENT}</p>" * 4 + "</div>")
    html = html.replace("<body>", '<body class="site photo-credit-enabled">')
    art = clean_html(html, profiles=False)
    assert len(art.paragraphs) == 4 and not art.captions


def test_date_lines_and_syndication_boxes_are_not_body():
    body = "".join(f"<p>Đoạn văn số {i} của bài viết kể lại diễn biến hội nghị tổng kết công tác năm của tỉnh.</p>"
                   for i in range(6))
    html = (f"<html><body><article><h1>Hội nghị tổng kết năm 2025</h1><p>21/07/2026 07:17</p>"
            f"<p>Thứ ba, 16/05/2023 19:36 (GMT+7)</p>{body}"
            f"<p>Link bài gốc Lấy link! https://example.test/bai-goc.html</p>"
            f"<p>Thêm SOHA trên Google Chọn SOHA làm nguồn ưu tiên trên Google Search.</p></article></body></html>")
    for profiles in (True, False):
        art = clean_html(html, profiles=profiles)
        assert len(art.paragraphs) == 6 and all(p.startswith("Đoạn văn số") for p in art.paragraphs)
