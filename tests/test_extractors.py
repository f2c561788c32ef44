"""Extractor behaviour on the phrasing the issue lists (real rules, real lexicons)."""
from __future__ import annotations

import extractors
from extractors.text import key, modern_tones


def facts(text, resources):
    return extractors.extract_facts(text, "t", resources)


def test_tone_and_abbreviation_keys():
    assert modern_tones("Tỉnh uỷ Hoà Bình") == "Tỉnh ủy Hòa Bình"
    assert key("Chủ tịch UBND TP Hoà Bình") == key("Chủ tịch Ủy ban nhân dân thành phố Hòa Bình")
    assert modern_tones("quý") == "quý"


def test_officials_forms(resources):
    f = facts("Dự hội nghị có đồng chí Lò Văn Phúc, Tỉnh uỷ viên, Bí thư Huyện ủy Mường La. "
              "Phó Chủ tịch UBND tỉnh Tòng Thị Hạnh phát biểu. Ông Cầm Văn Lả, Trưởng bản Hua Ngần, cho biết. "
              "Tuyến đường Chu Văn An được mở rộng.\n\nMinh Thu - Phan Trang", resources)
    got = {o.name: o.titles for o in f.officials}
    assert got["Lò Văn Phúc"] == ("Tỉnh uỷ viên", "Bí thư Huyện ủy Mường La")
    assert got["Tòng Thị Hạnh"] == ("Phó Chủ tịch UBND tỉnh",)
    assert "Cầm Văn Lả" in got
    assert "Chu Văn An" not in got and "Phan Trang" not in got


def test_congresses_and_negatives(resources):
    f = facts("Đại hội đại biểu Đảng bộ huyện Mường La lần thứ XXI, nhiệm kỳ 2020–2025 thành công. "
              "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 15. Đại biểu Quốc hội khóa XV. "
              "Đại hội Công đoàn tỉnh lần thứ XVII.", resources)
    assert [(c.locality, c.ordinal, c.term_start, c.term_end) for c in f.congresses] == [("Mường La", 21, 2020, 2025)]


def test_targets_and_negatives(resources):
    f = facts("Thu ngân sách đạt 5.840/4.500 tỷ; kết nạp 355/500 đảng viên, đạt 71%. Ngày 19/4 theo "
              "Nghị quyết số 02-NQ/TU, gọi 0915.331.585, trụ sở số 47 đường 3/2. Tổng vốn 7.579 tỷ 802 triệu đồng. "
              "Tỷ lệ hộ nghèo giảm từ 1,36% xuống còn 0,78%.", resources)
    got = {(t.value, t.unit, t.target_value) for t in f.targets}
    assert got == {(5840.0, "tỷ đồng", 4500.0), (355.0, "đảng viên", 500.0), (71.0, "%", None),
                   (7579.802, "tỷ đồng", None), (1.36, "%", None), (0.78, "%", None)}


def test_awards_active_and_passive(resources):
    f = facts("Nhân dịp này, Ban Thường vụ Thành ủy tặng giấy khen 16 tập thể, 18 cá nhân. "
              "1 tập thể, 16 cá nhân được nhận Bằng khen của Tỉnh ủy Lào Cai.", resources)
    got = {(a.kind, a.issuer, a.collectives, a.individuals) for a in f.awards}
    assert got == {("giấy khen", "Ban Thường vụ Thành ủy", 16, 18), ("bằng khen", "Tỉnh ủy Lào Cai", 1, 16)}


def test_localities_from_gazetteer(resources):
    f = facts("Tại TP Hạ Long (tỉnh Quảng Ninh) và huyện Hà Khẩu, tỉnh Vân Nam (Trung Quốc).", resources)
    got = {(l.name, l.kind, l.province) for l in f.localities}
    assert got == {("Hạ Long", "thành phố", "Quảng Ninh"), ("Quảng Ninh", "tỉnh", "Quảng Ninh")}


def test_evidence_offsets_point_into_text(resources):
    text = "Đồng chí Nguyễn Hữu Đông, Bí thư Tỉnh ủy dự."
    for o in facts(text, resources).officials:
        assert text[o.evidence.start:o.evidence.end] == o.evidence.text
