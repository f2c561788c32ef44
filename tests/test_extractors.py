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


def _officials(text, resources):
    return {o.name: o.titles for o in facts(text, resources).officials}


def test_names_outside_the_family_name_lexicon(resources):
    got = _officials("Cùng đi có bà H'Xuân Êban, Chủ tịch Ủy ban MTTQ Việt Nam tỉnh. "
                     "Bộ trưởng Bộ Công an Rah Lan Chung phát biểu. Thiếu tướng Đỗ Văn Tường, "
                     "Phó Chính ủy Quân khu 2 dự.", resources)
    assert got["H'Xuân Êban"] == ("Chủ tịch Ủy ban MTTQ Việt Nam tỉnh",)
    assert got["Rah Lan Chung"] == ("Bộ trưởng Bộ Công an",)
    assert got["Đỗ Văn Tường"] == ("Phó Chính ủy Quân khu 2",)


def test_appointments_lists_and_short_mentions(resources):
    got = _officials(
        "Các đồng chí Giàng A Chu, Chủ tịch UBND huyện và Lý Thị Mai được bầu làm Phó Bí thư Huyện ủy. "
        "Các Phó Bí thư Tỉnh ủy gồm các đồng chí: Trần Văn An, Chủ tịch HĐND tỉnh; Lê Thị Bình, Chủ tịch UBND tỉnh. "
        "Đồng chí Tô Minh Khải, Tỉnh ủy viên, Giám đốc Sở Kế hoạch và Đầu tư dự. "
        "Ban Thường vụ phân công đồng chí Khải giữ chức Trưởng Ban Nội chính Tỉnh ủy.", resources)
    assert set(got["Giàng A Chu"]) == {"Chủ tịch UBND huyện", "Phó Bí thư Huyện ủy"}
    assert got["Lý Thị Mai"] == ("Phó Bí thư Huyện ủy",)
    assert set(got["Lê Thị Bình"]) == {"Phó Bí thư Tỉnh ủy", "Chủ tịch UBND tỉnh"}
    assert set(got["Tô Minh Khải"]) == {"Tỉnh ủy viên", "Giám đốc Sở Kế hoạch và Đầu tư",
                                        "Trưởng Ban Nội chính Tỉnh ủy"}


def test_congress_forms(resources):
    f = facts("Huyện Thanh Sơn tổng kết năm 2022\n\nĐảng bộ Quân sự tỉnh Sơn La tổ chức Đại hội đại biểu "
              "lần thứ XVII, nhiệm kỳ 2025 - 2030. Đảng bộ xã Mường Bú tổ chức Đại hội đại biểu lần thứ I. "
              "Huyện cần bám sát Nghị quyết Đại hội Đảng bộ huyện lần thứ XXV, kết nối huyện Tân Sơn. "
              "Ban Thường vụ Thành ủy Cần Thơ khóa XIV họp. Đại hội XIV của Đảng.", resources)
    got = {(c.locality, c.ordinal, c.term_start) for c in f.congresses}
    assert got == {("Sơn La", 17, 2025), ("Mường Bú", 1, None), ("Thanh Sơn", 25, None),
                   ("Cần Thơ", 14, None), (None, 14, None)}


def test_award_segments_and_named_recipients(resources):
    f = facts("Chủ tịch UBND tỉnh tặng Bằng khen cho 45 tập thể, 60 cá nhân và danh hiệu Chiến sĩ thi đua "
              "cấp tỉnh cho 5 cá nhân. Hội Cựu chiến binh thành phố và Hội Liên hiệp Phụ nữ phường Chiềng Lề "
              "vinh dự đón nhận Cờ thi đua của UBND tỉnh. Chủ tịch UBND tỉnh tặng Bằng khen cho Trung tá "
              "Cao Xuân Lập. Đồng chí Hà Trung Chiến trao giấy khen cho các cá nhân.", resources)
    got = {(a.kind, a.issuer, a.collectives, a.individuals) for a in f.awards}
    assert got == {("bằng khen", "Chủ tịch UBND tỉnh", 45, 60), ("danh hiệu", "Chủ tịch UBND tỉnh", None, 5),
                   ("cờ thi đua", "UBND tỉnh", 2, None), ("bằng khen", "Chủ tịch UBND tỉnh", None, 1)}


def test_target_ranges_units_and_static_areas(resources):
    f = facts("Phấn đấu tăng trưởng 7,5-8%/năm; giảm 1,05 điểm phần trăm; 1,25 triệu ha; thu giữ 12,5 kg. "
              "Tỉnh có diện tích tự nhiên 13.256 km². Đường rộng 60 m. Có 33 đồng chí dự.", resources)
    got = {(t.value, t.unit) for t in f.targets}
    assert got == {(7.5, "%"), (8.0, "%"), (1.05, "điểm phần trăm"), (1.25, "triệu ha"), (12.5, "kg"),
                   (60.0, "m")}


def test_gazetteer_names_shared_by_two_units(resources):
    f = facts("Bí thư Thành ủy Cao Lãnh về làm Bí thư Huyện ủy Cao Lãnh; thị xã Kỳ Anh và huyện Kỳ Anh; "
              "tại Tp Vinh và các huyện Ea H'leo, Krông Pắc.", resources)
    got = {(l.name, l.kind) for l in f.localities}
    assert {("Cao Lãnh", "thành phố"), ("Cao Lãnh", "huyện"), ("Kỳ Anh", "thị xã"), ("Kỳ Anh", "huyện"),
            ("Vinh", "thành phố"), ("Ea H'leo", "huyện"), ("Krông Pắc", "huyện")} <= got


def test_batch4_forms_officials(resources):
    f = facts("Dự buổi lễ có đồng chí Nguyễn Thanh Nghị, Ủy viên dự khuyết BCH Trung ương Đảng, Phó Bí thư "
              "Tỉnh ủy, Chủ tịch UBND tỉnh Kiên Giang. Đại diện các đảng viên, đồng chí Trương Công Hoán (92 tuổi), "
              "nguyên Phó Chủ tịch UBND tỉnh Quảng Bình, phát biểu. Nông dân Bùi Văn Thành ở xã Đông Xá chia sẻ "
              "kinh nghiệm; thầy Danh Sơn, Hiệu trưởng Trường Phổ thông Dân tộc nội trú, trình bày tham luận. "
              "Tỉnh gặp mặt nhân dịp Xuân Giáp Thìn 2024.\n\n"
              "Đồng chí A Pớt sinh năm 1976, dân tộc Xơ Đăng. Trước khi giữ chức Bí thư Huyện ủy Đắk Glei, "
              "đồng chí từng đảm nhiệm các chức vụ Chủ tịch UBND huyện Đắk Glei, Phó Giám đốc Sở Nội vụ.", resources)
    got = {o.name: o.titles for o in f.officials}
    assert got["Nguyễn Thanh Nghị"] == ("Ủy viên dự khuyết BCH Trung ương Đảng", "Phó Bí thư Tỉnh ủy",
                                         "Chủ tịch UBND tỉnh Kiên Giang")
    assert got["Trương Công Hoán"] == ("nguyên Phó Chủ tịch UBND tỉnh Quảng Bình",)
    assert "Bùi Văn Thành" in got and "Danh Sơn" in got
    assert "Giáp Thìn" not in got
    assert got["A Pớt"] == ("Chủ tịch UBND huyện Đắk Glei", "Phó Giám đốc Sở Nội vụ")


def test_batch4_forms_places_congresses_targets_awards(resources):
    f = facts("Các dự án điện gió ở huyện Hướng Hoá, huyện Đakrông được triển khai. Huyện đảo Cồn Cỏ phát triển "
              "du lịch. Xã được lập từ xã Tân Uyên và một phần xã Thân Thuộc; xã Tân Uyên có 1.020 đảng viên. "
              "Theo kế hoạch, Đảng bộ xã Sìn Hồ sẽ tổ chức Đại hội lần thứ I. Tỷ lệ giải ngân xếp thứ 9/34 tỉnh, "
              "thành phố. Huyện cách thành phố Sóc Trăng khoảng 30 km; cải cách hành chính đạt 95%. "
              "Thừa ủy quyền của Chủ tịch nước, đồng chí Vương Đình Khải trao Huân chương Lao động hạng Nhì cho "
              "Sở Giáo dục và Đào tạo. Hội tặng Kỷ niệm chương cho 3 đồng chí lãnh đạo tỉnh.\n\n"
              "Đồng chí Vương Đình Khải, Bí thư Tỉnh ủy trao Huân chương Lao động hạng Nhì cho Sở Giáo dục và Đào tạo. "
              "Bà Nguyễn Thị Thu Vân trao Kỷ niệm chương cho các đồng chí lãnh đạo tỉnh.", resources)
    assert {(x.name, x.kind) for x in f.localities} >= {("Đakrông", "huyện"), ("Cồn Cỏ", "huyện"),
                                                         ("Hướng Hoá", "huyện")}
    assert [(c.locality, c.ordinal) for c in f.congresses] == [("Sìn Hồ", 1)]
    assert {(t.value, t.unit) for t in f.targets} == {(95.0, "%")}
    assert sorted((a.kind, a.issuer, a.collectives, a.individuals) for a in f.awards) == [
        ("huân chương lao động hạng nhì", "Chủ tịch nước", 1, None), ("kỷ niệm chương", "Hội", None, 3)]


def test_short_mention_with_la_and_rates(resources):
    f = facts("HĐND tỉnh bầu ông Nguyễn Đình Lâm, Phó Bí thư Tỉnh ủy, giữ chức Chủ tịch UBND tỉnh. Trước đó, "
              "ông Lâm là Bí thư Huyện ủy Hương Khê. Huyện có 10/15 xã đạt chuẩn nông thôn mới, bình quân đạt "
              "17,6 tiêu chí/xã; cán bộ làm việc 8 giờ/ngày.", resources)
    got = {o.name: o.titles for o in f.officials}
    assert got["Nguyễn Đình Lâm"] == ("Phó Bí thư Tỉnh ủy", "Chủ tịch UBND tỉnh", "Bí thư Huyện ủy Hương Khê")
    assert {(t.value, t.unit, t.target_value) for t in f.targets} == {(10.0, "xã", 15.0), (17.6, "tiêu chí/xã", None)}


def test_batch5_forms(resources):
    f = facts("Ông Lò Văn Phương, dân tộc Thái, sinh năm 1964, quê xã Mường So, huyện Phong Thổ; có hơn 38 năm "
              "công tác, từng giữ các chức vụ Bí thư Huyện ủy Phong Thổ, Trưởng Ban Dân vận Tỉnh ủy. Đại hội bầu "
              "đồng chí Sùng Thị Chứ giữ chức Bí thư Huyện ủy; các đồng chí: Nông Văn Hùng, Chủ tịch UBND huyện; "
              "Lù Văn Khiêm, Trưởng Ban Tổ chức Huyện ủy được bầu giữ chức Phó Bí thư Huyện ủy. Các huyện Ea Súp, "
              "M'Drắk còn khó khăn; đồng bào Ê Đê chiếm 78%. Tăng dung tích thêm 4,6 triệu m³; 100% dân số được "
              "sử dụng nước sạch. Xe tải có tổng trọng tải từ 10 tấn trở lên đi với tốc độ không quá 30 km/h.",
              resources)
    got = {o.name: o.titles for o in f.officials}
    assert got["Lò Văn Phương"] == ("Bí thư Huyện ủy Phong Thổ", "Trưởng Ban Dân vận Tỉnh ủy")
    assert "Phó Bí thư Huyện ủy" in got["Nông Văn Hùng"] and "Phó Bí thư Huyện ủy" in got["Lù Văn Khiêm"]
    assert ("M'Drắk", "huyện") in {(x.name, x.kind) for x in f.localities}
    assert {(t.value, t.unit) for t in f.targets} == {(4.6, "triệu m³"), (100.0, "%")}


def test_batch5_open_cases(resources):
    f = facts("Cùng dự có đồng chí Lê Quang Tùng, Ủy viên Trung ương Đảng, Tổng Thư ký Quốc hội, Chủ nhiệm Văn "
              "phòng Quốc hội. Ông Y Sinh Êban, Trưởng buôn Kô Siêr cho biết buôn có 246 hộ. Đồng chí Đỗ Văn Chiến "
              "trao Bằng khen của Ủy ban Trung ương MTTQ Việt Nam cho buôn Kô Siêr và 2 cá nhân. Trong năm, ông Bùi "
              "Văn Thắng, nguyên Bí thư Huyện ủy Yên Lập được Chủ tịch nước tặng thưởng Huân chương Lao động hạng Ba "
              "vì có thành tích xuất sắc. Ban Bí thư chuẩn y đồng chí Giàng A Tông giữ chức Bí thư Tỉnh ủy Hà Giang "
              "khóa XVII, nhiệm kỳ 2020 - 2025. Đại hội bầu đoàn đại biểu dự Đại hội đại biểu Đảng bộ Công an Trung "
              "ương lần thứ VIII.\n\nĐồng chí Vi Đức Thọ sinh năm 1980, dân tộc Thái, quê huyện Quan Hoá; nguyên "
              "Phó Chủ tịch UBND huyện Quan Hoá.\n\nĐồng chí Đỗ Văn Chiến trao Bằng khen cho buôn Kô Siêr.", resources)
    got = {o.name: o.titles for o in f.officials}
    assert got["Lê Quang Tùng"] == ("Ủy viên Trung ương Đảng", "Tổng Thư ký Quốc hội", "Chủ nhiệm Văn phòng Quốc hội")
    assert got["Y Sinh Êban"] == ("Trưởng buôn Kô Siêr",)
    assert got["Vi Đức Thọ"] == ("nguyên Phó Chủ tịch UBND huyện Quan Hoá",)
    assert sorted((a.kind, a.collectives, a.individuals) for a in f.awards) == [
        ("bằng khen", 1, 2), ("huân chương lao động hạng ba", None, 1)]
    assert sorted((c.organization, c.locality, c.ordinal, c.term_start) for c in f.congresses) == [
        ("Đảng bộ Công an Trung ương", None, 8, None), ("Đảng bộ tỉnh Hà Giang", "Hà Giang", 17, 2020)]


def test_bare_province_after_tai(resources):
    f = facts("Lễ hội Hoa Ban khai mạc tại Điện Biên\n\nTối 10/3, tại thành phố Điện Biên Phủ, lễ hội khai mạc. "
              "Đoàn công tác làm việc tại Sơn La Hotel.", resources)
    assert {(x.name, x.kind) for x in f.localities} == {("Điện Biên", "tỉnh"), ("Điện Biên Phủ", "thành phố")}


def test_very_long_text_is_extracted(resources):
    """Over spaCy's default 1,000,000-character limit (a whole gazette page): still extracted."""
    filler = "Các cấp, các ngành tiếp tục đẩy mạnh cải cách hành chính, nâng cao chất lượng phục vụ. " * 8 + "\n\n"
    fact = "Đồng chí Lò Văn Phúc, Bí thư Huyện ủy Mường La, trao Bằng khen cho 3 tập thể.\n\n"
    text = fact + filler * (1_050_000 // len(filler) + 1) + fact.replace("3 tập thể", "5 cá nhân")
    f = facts(text, resources)
    assert len(text) > 1_000_000
    assert [o.name for o in f.officials] == ["Lò Văn Phúc"]
    assert [(a.collectives, a.individuals) for a in f.awards] == [(3, None), (None, 5)]   # the end is read too


def test_batch6_forms(resources):
    f = facts("Tin buồn: Đồng chí Huỳnh Văn Sáu, nguyên Bí thư Tỉnh ủy Hậu Giang từ trần\n\n"
              "Đồng chí Huỳnh Văn Sáu sinh năm 1944; nguyên Ủy viên Ban Chấp hành Trung ương Đảng khóa X, nguyên "
              "Bí thư Tỉnh ủy Hậu Giang.\n\n"
              "Đồng chí tham gia cách mạng năm 1961. Trong quá trình công tác, đồng chí đã kinh qua nhiều cương vị: "
              "Bí thư Huyện ủy Long Mỹ; Phó Chủ tịch UBND tỉnh Cần Thơ; Chủ tịch UBND tỉnh Hậu Giang. Đồng chí được "
              "Đảng, Nhà nước tặng thưởng Huân chương Độc lập hạng Nhì, Huân chương Kháng chiến hạng Nhất và nhiều "
              "phần thưởng cao quý khác.\n\n"
              "Cử tri Lâm Thị Diễm (xã An Trường) kiến nghị sửa đường; người vi phạm bị phạt tiền từ 30 triệu đồng "
              "đến 40 triệu đồng. Sản lượng điện đạt 9,2 tỷ kWh. Đoàn công tác trở về Hà Nội. Tại các huyện vùng sâu "
              "Kon Plông, Tu Mơ Rông, đội hình tình nguyện hoạt động; tỉnh Minh Hải (cũ) và huyện Nông Sơn.", resources)
    got = {o.name: o.titles for o in f.officials}
    assert set(got["Huỳnh Văn Sáu"]) == {"nguyên Bí thư Tỉnh ủy Hậu Giang", "nguyên Ủy viên Ban Chấp hành Trung ương Đảng",
                                         "Bí thư Huyện ủy Long Mỹ", "Phó Chủ tịch UBND tỉnh Cần Thơ",
                                         "Chủ tịch UBND tỉnh Hậu Giang"}
    assert got["Lâm Thị Diễm"] == ()
    assert sorted((a.kind, a.individuals) for a in f.awards) == [
        ("huân chương kháng chiến hạng nhất", 1), ("huân chương độc lập hạng nhì", 1)]
    assert {(t.value, t.unit) for t in f.targets} == {(9.2, "tỷ kWh")}
    assert {(x.name, x.kind) for x in f.localities} >= {
        ("Hà Nội", "thành phố"), ("Kon Plông", "huyện"), ("Tu Mơ Rông", "huyện"), ("Minh Hải", "tỉnh"),
        ("Nông Sơn", "huyện"), ("Cần Thơ", "tỉnh")}


def test_batch7_forms(resources):
    f = facts("Cùng dự có các đồng chí Phó Chủ tịch UBND tỉnh: Trần Văn Đệ, Bùi Thanh Long; đồng chí Hoàng Minh Hiền, "
              "Phó Chủ tịch HĐND tỉnh. Đồng chí Vũ Quốc Toản sinh năm 1976, quê quán TX. Quảng Yên; từng giữ các chức "
              "vụ Phó Chủ tịch UBND TP. Hạ Long, Chủ tịch UBND huyện Vân Đồn. Huyện giáp huyện Giang Thành (Trung "
              "Quốc). Cử tri phản ánh tuyến đường dài khoảng 4 km đã xuống cấp; tỉnh nâng cấp đường dài 8,4 km.",
              resources)
    got = {o.name: o.titles for o in f.officials}
    assert got["Trần Văn Đệ"] == got["Bùi Thanh Long"] == ("Phó Chủ tịch UBND tỉnh",)
    assert got["Hoàng Minh Hiền"] == ("Phó Chủ tịch HĐND tỉnh",)
    assert got["Vũ Quốc Toản"] == ("Phó Chủ tịch UBND TP. Hạ Long", "Chủ tịch UBND huyện Vân Đồn")
    assert ("Giang Thành", "huyện") not in {(x.name, x.kind) for x in f.localities}
    assert {(t.value, t.unit) for t in f.targets} == {(8.4, "km")}


def test_batch7b_forms(resources):
    f = facts("Thực hiện Nghị quyết Đại hội lần thứ XXIV, nhiệm kỳ 2015 - 2020, Đảng bộ huyện Lục Ngạn đã hoàn thành "
              "17/19 chỉ tiêu. Cẩm Xuyên có bờ biển dài hơn 20 km. Đại hội ra mắt. Ảnh: Hoàng Anh\n\n"
              "Hoàng Anh - Thu Hà\n", resources)
    assert [(c.locality, c.ordinal, c.term_start) for c in f.congresses] == [("Lục Ngạn", 24, 2015)]
    assert {(t.value, t.unit, t.target_value) for t in f.targets} == {(17.0, "chỉ tiêu", 19.0)}
    assert f.officials == ()


def test_former_post_in_a_later_sentence_about_the_same_person(resources):
    got = _officials(
        "Kỳ họp bầu nhân sự\n\nHĐND tỉnh bầu bà Trần Thị Mai Hương, Giám đốc Sở Y tế, giữ chức Phó Chủ tịch "
        "UBND tỉnh. Bà Mai Hương 49 tuổi, quê xã Tân Phú, nguyên Bí thư Huyện ủy Châu Thành. "
        "Ông Lâm phát biểu, Chủ tịch UBND các xã cần tập trung chỉ đạo.", resources)
    assert got["Trần Thị Mai Hương"] == ("Giám đốc Sở Y tế", "Phó Chủ tịch UBND tỉnh",
                                         "nguyên Bí thư Huyện ủy Châu Thành")
    assert "Lâm" not in got          # a comma clause that opens with a title is not a title of the subject


def test_a_former_post_mentioned_again_is_one_title_but_a_post_handed_again_stays(resources):
    got = _officials(
        "Tin buồn\n\nĐồng chí Lê Văn Tám, nguyên Bí thư Tỉnh ủy Long An, từ trần. Đồng chí từng giữ các chức vụ: "
        "Bí thư Huyện ủy Đức Hòa; Bí thư Tỉnh ủy Long An. Trong thời gian đồng chí Lê Văn Tám làm Bí thư, "
        "tỉnh phát triển mạnh. Bà Phạm Thị Lan, nguyên Giám đốc Sở Tài chính tỉnh Bình Thuận (cũ), được bổ nhiệm "
        "giữ chức Giám đốc Sở Tài chính.", resources)
    assert got["Lê Văn Tám"] == ("nguyên Bí thư Tỉnh ủy Long An", "Bí thư Huyện ủy Đức Hòa")
    assert got["Phạm Thị Lan"] == ("nguyên Giám đốc Sở Tài chính tỉnh Bình Thuận", "Giám đốc Sở Tài chính")


def test_a_place_at_the_end_of_a_route_name_is_not_a_locality(resources):
    f = facts("Long An đẩy nhanh các dự án giao thông\n\nTỉnh Long An tập trung hoàn thành cao tốc Thành phố Hồ Chí "
              "Minh - Mộc Bài và tuyến TP Cần Thơ – Cà Mau; lãnh đạo thành phố Tân An dự.", resources)
    assert {(x.name, x.kind) for x in f.localities} == {("Long An", "tỉnh"), ("Tân An", "thành phố")}


def test_an_existing_road_is_described_not_targeted(resources):
    f = facts("Cử tri kiến nghị nâng cấp đường\n\nTuyến đường hiện hữu dài khoảng 2,8 km, mặt đường chỉ rộng 3 m. "
              "Quốc lộ 18 đoạn qua tỉnh dài khoảng 300 km vẫn đang quá tải. Tỉnh sẽ đầu tư tuyến mới dài 6,5 km, "
              "rộng 12 m; năng suất đạt 112 triệu đồng trên 1 ha đất canh tác.", resources)
    assert sorted((t.value, t.unit) for t in f.targets) == [(6.5, "km"), (12.0, "m"), (112.0, "triệu đồng")]


def test_foreign_hyphenated_names_companies_presidium_ages_and_dismissals(resources):
    got = _officials(
        "Hội nghị xúc tiến đầu tư\n\nTại hội nghị, ông Park Jae-hyun, Tổng Giám đốc Công ty TNHH Hana Micron Vina, "
        "phát biểu. Đồng chí Khăm-xổn Phôm-ma-chắc, Tỉnh trưởng tỉnh Phông-xa-lỳ, dự. Đại hội bầu Đoàn Chủ tịch, "
        "Đoàn Thư ký. Trách nhiệm thuộc về ông Chau Sóc Khăng, 58 tuổi, nguyên Bí thư Huyện ủy Tri Tôn. "
        "HĐND tỉnh miễn nhiệm chức vụ Phó Chủ tịch UBND tỉnh nhiệm kỳ 2021 - 2026 đối với ông Cao Đình Thái.",
        resources)
    assert got["Park Jae-hyun"] == ("Tổng Giám đốc Công ty TNHH Hana Micron Vina",)
    assert "Khăm-xổn Phôm-ma-chắc" in got
    assert got["Chau Sóc Khăng"] == ("nguyên Bí thư Huyện ủy Tri Tôn",)
    assert got["Cao Đình Thái"] == ("Phó Chủ tịch UBND tỉnh",)
    assert not any(n.startswith(("Đoàn", "TNHH", "Park Jae ")) for n in got)


def test_award_counts_in_words_teachers_party_committees_and_ratios(resources):
    f = facts("Hà Tĩnh tôn vinh nhà giáo\n\nBa tập thể và 5 cá nhân được nhận Bằng khen của Thủ tướng Chính phủ. "
              "Chủ tịch nước trao Huân chương Lao động hạng Ba cho Trường THPT chuyên Hà Tĩnh và 2 nhà giáo. "
              "Tỉnh ủy tặng Cờ thi đua cho Đảng ủy xã Mỹ Quý và Đảng ủy phường Kiến Tường. "
              "Có 168/173 khu dân cư được công nhận danh hiệu \"Khu dân cư văn hóa\".", resources)
    got = sorted((a.kind.lower(), a.collectives, a.individuals) for a in f.awards)
    assert got == [("bằng khen", 3, 5), ("cờ thi đua", 2, None), ("huân chương lao động hạng ba", 1, 2)]


def test_congress_forms_of_commune_committees_members_and_word_ordinals(resources):
    f = facts("Đại hội Đảng bộ phường Hạc Thành\n\nĐảng bộ phường Hạc Thành khai mạc phiên chính thức Đại hội đại biểu "
              "lần thứ I, nhiệm kỳ 2025 – 2030. Đại hội bầu Ban Chấp hành Đảng bộ phường khoá I gồm 45 đồng chí. "
              "Đồng chí Vàng Thị Mai, Bí thư Đảng ủy xã Mèo Vạc khóa I, nhiệm kỳ 2025 - 2030, được điều động. "
              "Ban Chấp hành Đảng bộ huyện Yên Thành (Nghệ An) khóa XXIX họp. Đại hội đại biểu Đảng bộ huyện Lạng "
              "Giang lần thứ hai mươi hai (2020-2025) bế mạc. Năm 1991 ông được bầu làm Tỉnh ủy viên khóa V, "
              "nhiệm kỳ 1991 - 1996 của tỉnh Bến Tre.", resources)
    got = sorted((c.locality, c.ordinal) for c in f.congresses)
    assert got == [("Bến Tre", 5), ("Hạc Thành", 1), ("Lạng Giang", 22), ("Mèo Vạc", 1), ("Yên Thành", 29)]


def test_titles_with_listed_fields_transport_and_companies(resources):
    got = _officials(
        "Nhân sự mới\n\nBà Giàng Thị Dung, nguyên Phó Giám đốc Sở Văn hóa, Thể thao và Du lịch tỉnh Hà Giang, nhận "
        "quyết định. Giám đốc Sở Giao thông vận tải Lê Tiến Dũng trả lời chất vấn. Ông Trịnh Quốc Bảo, Chủ tịch "
        "Hội đồng quản trị, Tổng Giám đốc công ty cho biết. Bà Danh Thị Sương, Kế toán trưởng, bị kiểm điểm. "
        "Chị Hà Thu Trang và anh Lưu Quang Tùng được bầu làm Phó Bí thư Tỉnh đoàn. Ông Lê Văn An, Chủ tịch UBND "
        "tỉnh, Nguyễn Thị Hoa và Trần Văn Bình dự.", resources)
    assert got["Giàng Thị Dung"] == ("nguyên Phó Giám đốc Sở Văn hóa, Thể thao và Du lịch tỉnh Hà Giang",)
    assert got["Lê Tiến Dũng"] == ("Giám đốc Sở Giao thông vận tải",)
    assert got["Trịnh Quốc Bảo"] == ("Chủ tịch Hội đồng quản trị", "Tổng Giám đốc công ty")
    assert got["Danh Thị Sương"] == ("Kế toán trưởng",)
    assert got["Hà Thu Trang"] == got["Lưu Quang Tùng"] == ("Phó Bí thư Tỉnh đoàn",)
    assert got["Lê Văn An"] == ("Chủ tịch UBND tỉnh",)


def test_career_sentences_old_district_names_and_assigning_verbs(resources):
    got = _officials(
        "Tin buồn\n\nĐồng chí Nguyễn Văn Sáu, nguyên Tỉnh ủy viên, nguyên Phó Chủ tịch UBND tỉnh Bến Tre, từ trần. "
        "Đồng chí từng giữ các chức vụ: Bí thư Huyện ủy Mỏ Cày; năm 1991 được bầu làm Tỉnh ủy viên khóa V, nhiệm "
        "kỳ 1991 - 1996 và giữ chức Phó Chủ tịch UBND tỉnh. Phó Thủ tướng giao Bộ trưởng Lê Đình Khang chỉ đạo. "
        "Đại diện Bộ Ngoại giao, ông Phạm Minh Tâm, Vụ trưởng Vụ Lễ tân Bộ Ngoại giao, dự.", resources)
    assert got["Nguyễn Văn Sáu"] == ("nguyên Tỉnh ủy viên", "nguyên Phó Chủ tịch UBND tỉnh Bến Tre",
                                     "Bí thư Huyện ủy Mỏ Cày")
    assert got["Lê Đình Khang"] == ("Bộ trưởng",)
    assert got["Phạm Minh Tâm"] == ("Vụ trưởng Vụ Lễ tân Bộ Ngoại giao",)
    assert "Mỏ Cày" not in got


def test_award_counts_compound_words_reasons_proposals_and_clause_issuers(resources):
    f = facts("Khen thưởng\n\nGiám đốc Công an tỉnh tặng Giấy khen cho 6 tập thể, mười một cá nhân. Cờ thi đua của "
              "Chính phủ được trao cho 02 (hai) tập thể. Ban Thường vụ Thị ủy tặng Giấy khen cho 7 tổ chức cơ sở đảng, "
              "15 đảng viên đạt danh hiệu \"Hoàn thành xuất sắc nhiệm vụ\". Thừa ủy quyền của Chủ tịch nước, ông Lê "
              "Đình Thịnh trao Huân chương Độc lập hạng Ba cho Sở Giao thông vận tải tỉnh Thanh Hoá; trao Huân chương "
              "Lao động hạng Ba cho ông Hoàng Văn Nam. Trung tá Lâm Văn Sơn được đề nghị tặng Bằng khen của Bộ trưởng "
              "Bộ Quốc phòng. Chủ tịch UBND tỉnh trao Bằng khen cho Phòng Cảnh sát điều tra tội phạm về ma túy và Đồn "
              "Biên phòng Cầu Treo.", resources)
    got = sorted((a.kind.lower(), a.issuer, a.collectives, a.individuals) for a in f.awards)
    assert got == [("bằng khen", "Chủ tịch UBND tỉnh", 2, None), ("cờ thi đua", "Chính phủ", 2, None),
                   ("giấy khen", "Ban Thường vụ Thị ủy", 7, 15), ("giấy khen", "Giám đốc Công an tỉnh", 6, 11),
                   ("huân chương lao động hạng ba", "Chủ tịch nước", None, 1),
                   ("huân chương độc lập hạng ba", "Chủ tịch nước", 1, None)]


def test_flood_levels_ranges_with_den_and_litres(resources):
    f = facts("Lũ lớn\n\nMực nước sông Kiến Giang tại trạm Lệ Thủy lúc 7 giờ ngày 30/10 lên 3,2 m, trên báo động 3 là "
              "0,5 m. Có 600 ngôi nhà bị ngập từ 0,5 - 1,5 m; tỉnh hỗ trợ 2 triệu đồng/hộ bị ngập sâu trên 1 m. Mỗi căn "
              "được hỗ trợ từ 60 đến 80 triệu đồng. Lực lượng chức năng thu giữ 12.500 lít xăng dầu. Tuyến đường liên "
              "thôn dài khoảng 6 km được đầu tư từ những năm 2000 đã xuống cấp.", resources)
    got = sorted((t.value, t.unit) for t in f.targets)
    assert got == [(2.0, "triệu đồng/hộ"), (60.0, "triệu đồng"), (80.0, "triệu đồng"),
                   (12500.0, "lít")]


def test_officials_streets_posts_lists_with_counts_and_fixed_org_phrases(resources):
    got = _officials(
        "Tin tổng hợp\n\nXã hoàn thành mở rộng đường Ông Ích Đường. Tại xã Lũng Cú, bà Giàng Thị Dế báo cáo tuyến "
        "đường lên Cột cờ Lũng Cú. Trung tá Lâm Văn Sơn, Đồn trưởng Đồn Biên phòng Vĩnh Xương, dự. Ông Nông Văn "
        "Khởi, Chủ tịch UBND tỉnh, Trưởng Ban Chỉ huy phòng, chống thiên tai và tìm kiếm cứu nạn tỉnh chỉ đạo. "
        "Đồng chí Trưởng Đoàn ĐBQH tỉnh ghi nhận. Hội nghị hiệp thương cử bổ sung 2 đồng chí giữ chức Phó Chủ tịch "
        "Ủy ban MTTQ Việt Nam tỉnh khóa XVII, gồm: đồng chí Ma Thị Thu Hằng, Chủ tịch Hội Liên hiệp Phụ nữ tỉnh; "
        "đồng chí Sùng Mí Páo, Chủ tịch Hội Nông dân tỉnh. Đồng chí Hùng khi còn là Ủy viên Ban Thường vụ Tỉnh ủy "
        "Hà Giang khóa XVII, Bí thư Huyện ủy Đồng Văn.", resources)
    assert not {"Ích Đường", "Lũng Cú", "Vĩnh Xương", "Trưởng Đoàn"} & set(got)
    assert got["Lâm Văn Sơn"] == ("Đồn trưởng Đồn Biên phòng Vĩnh Xương",)
    assert got["Nông Văn Khởi"] == ("Chủ tịch UBND tỉnh",
                                    "Trưởng Ban Chỉ huy phòng, chống thiên tai và tìm kiếm cứu nạn tỉnh")
    assert set(got["Ma Thị Thu Hằng"]) == {"Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh", "Chủ tịch Hội Liên hiệp Phụ nữ tỉnh"}
    assert set(got["Sùng Mí Páo"]) == {"Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh", "Chủ tịch Hội Nông dân tỉnh"}


def test_congresses_of_agency_committees_plenums_and_former_deputy_secretaries(resources):
    f = facts("Đại hội\n\nĐảng bộ Ủy ban nhân dân tỉnh Hưng Yên long trọng tổ chức Đại hội đại biểu lần thứ I, nhiệm kỳ "
              "2025 - 2030. Ban Chấp hành Đảng bộ tỉnh Bắc Ninh tổ chức Hội nghị lần thứ 5, khóa XXI. Bà Nguyễn Thị "
              "Bích Hạnh, nguyên Phó Bí thư Thường trực Huyện ủy Hòa Vang khóa XXII, nay là Phó Bí thư Đảng ủy xã.",
              resources)
    got = sorted((c.organization, c.locality, c.ordinal) for c in f.congresses)
    assert got == [("Đảng bộ huyện Hòa Vang", "Hòa Vang", 22), ("Đảng bộ tỉnh Bắc Ninh", "Bắc Ninh", 21),
                   ("Đảng bộ Ủy ban nhân dân tỉnh Hưng Yên", "Hưng Yên", 1)]


def test_shares_of_members_and_coverage_rates_are_results(resources):
    f = facts("Kết quả\n\nTỷ lệ tham gia bảo hiểm y tế đạt 95,1% dân số. Toàn huyện có 1.250 đảng viên, trong đó đảng "
              "viên là người đồng bào dân tộc thiểu số chiếm 24,4%. Đồng bào dân tộc thiểu số chiếm 53% dân số.",
              resources)
    assert sorted((t.value, t.unit) for t in f.targets) == [(24.4, "%"), (95.1, "%")]


def test_company_names_are_not_people(resources):
    got = _officials(
        "Làm việc với nhà đầu tư\n\nÔng Lim Wei Ming, Phó Chủ tịch Tập đoàn Pacific Harbour (Singapore), cho biết dự "
        "án đúng tiến độ. Ông Trịnh Quang Bảo, Chủ tịch HĐQT Công ty Cổ phần Đầu tư Cam Ranh Xanh, báo cáo.",
        resources)
    assert set(got) == {"Lim Wei Ming", "Trịnh Quang Bảo"}


def test_resolutions_plenums_named_secretaries_dashed_places_and_dated_careers(resources):
    f = facts("Đại hội Đảng bộ huyện Yên Lập\n\nĐại hội đại biểu Đảng bộ huyện Yên Lập lần thứ XXIV, nhiệm kỳ 2020 - "
              "2025 khai mạc. Thực hiện Nghị quyết Đại hội lần thứ XXIII, huyện đạt nhiều kết quả. Ban Chấp hành Đảng "
              "bộ huyện Tam Nông, tỉnh Đồng Tháp tổ chức Hội nghị lần thứ 27 (khóa XI). Đồng chí Đinh Văn Tường, nguyên "
              "Bí thư Tỉnh ủy Quảng Ngãi, đại biểu Quốc hội khóa X, từ trần. Từ năm 1996 đến 2001, đồng chí là Bí thư "
              "Tỉnh ủy Quảng Ngãi khóa XV. Ông Châu Minh Tâm, nguyên Chủ tịch UBND thành phố Phan Rang - Tháp Chàm "
              "(cũ), giữ chức Giám đốc Sở Xây dựng.", resources)
    assert sorted((c.locality, c.ordinal) for c in f.congresses) == [
        ("Quảng Ngãi", 15), ("Tam Nông", 11), ("Yên Lập", 23), ("Yên Lập", 24)]
    got = {o.name: o.titles for o in f.officials}
    assert got["Đinh Văn Tường"] == ("nguyên Bí thư Tỉnh ủy Quảng Ngãi", "đại biểu Quốc hội")
    assert "Phan Rang" not in got and got["Châu Minh Tâm"][-1] == "Giám đốc Sở Xây dựng"


def test_passive_awards_to_named_people_and_units(resources):
    f = facts("Khen thưởng\n\nTại buổi lễ, ông Phạm Văn Lực, Trưởng trạm bơm Vân Trường, vinh dự nhận Bằng khen của "
              "Chủ tịch UBND tỉnh. Riêng Hợp tác xã Nông nghiệp Tân Thành và bà Võ Thị Kim Loan, Chi hội trưởng Chi hội "
              "Phụ nữ ấp Mái Dầm, được Ban Thường vụ Thị ủy tặng Giấy khen. Công đoàn Viên chức tỉnh được Tổng Liên đoàn "
              "Lao động Việt Nam tặng Cờ thi đua.", resources)
    got = sorted((a.kind.lower(), a.issuer, a.collectives, a.individuals) for a in f.awards)
    assert got == [("bằng khen", "Chủ tịch UBND tỉnh", None, 1), ("cờ thi đua", "Tổng Liên đoàn Lao động Việt Nam", 1, None),
                   ("giấy khen", "Ban Thường vụ Thị ủy", 1, 1)]


def test_provinces_and_districts_of_earlier_times(resources):
    f = facts("Tin buồn\n\nĐồng chí từng là Giám đốc Sở Thủy lợi tỉnh Nghĩa Bình, Bí thư Huyện ủy Mỏ Cày; sinh tại "
              "huyện Tĩnh Gia, từng công tác ở tỉnh Bình Trị Thiên.", resources)
    assert {(x.name, x.kind) for x in f.localities} == {("Nghĩa Bình", "tỉnh"), ("Mỏ Cày", "huyện"),
                                                        ("Tĩnh Gia", "huyện"), ("Bình Trị Thiên", "tỉnh")}


def test_list_header_whose_items_each_open_with_dong_chi(resources):
    got = _officials("Bầu Ban Thường vụ\n\nCác Phó Bí thư Tỉnh ủy gồm: đồng chí Lò Văn Cương, Chủ tịch UBND tỉnh; "
                     "đồng chí Vì Thị Hương, Chủ tịch HĐND tỉnh.", resources)
    assert set(got["Vì Thị Hương"]) == {"Phó Bí thư Tỉnh ủy", "Chủ tịch HĐND tỉnh"}
    assert set(got["Lò Văn Cương"]) == {"Phó Bí thư Tỉnh ủy", "Chủ tịch UBND tỉnh"}


def test_commune_congress_with_province_apposition_and_named_tap_the(resources):
    f = facts("Xã Khổng Lào tổ chức thành công Đại hội đại biểu Đảng bộ lần thứ I\n\nĐảng bộ xã Khổng Lào, tỉnh Lai "
              "Châu tổ chức Đại hội đại biểu lần thứ I, nhiệm kỳ 2025 - 2030. Thừa ủy quyền của Chủ tịch nước, đồng chí "
              "Nghiêm Xuân Toản trao Huân chương Lao động hạng Nhì cho tập thể Bệnh viện. Quận trao Huân chương Lao động "
              "cho tập thể, cá nhân tiêu biểu.", resources)
    assert sorted((c.locality, c.ordinal) for c in f.congresses) == [("Khổng Lào", 1)]
    assert [(a.kind.lower(), a.collectives, a.individuals) for a in f.awards] == [
        ("huân chương lao động hạng nhì", 1, None)]


def test_obituary_careers_dashed_provinces_and_agency_committees(resources):
    f = facts("Tin buồn: Đồng chí Nguyễn Khắc Huyên từ trần\n\nĐồng chí Nguyễn Khắc Huyên, nguyên Bí thư Tỉnh ủy Kon "
              "Tum, nguyên Phó Chủ tịch UBND tỉnh Gia Lai - Kon Tum, từ trần. Tại Đại hội đại biểu Đảng bộ tỉnh Kon Tum "
              "lần thứ XI, nhiệm kỳ 1996 - 2000, đồng chí được bầu làm Bí thư Tỉnh ủy. Đảng bộ Khối các cơ quan tỉnh "
              "Kon Tum tổ chức Đại hội đại biểu lần thứ mười lăm, nhiệm kỳ 2020 – 2025. Báo cáo của Ban Chấp hành Đảng "
              "bộ Khối khóa XIV nêu rõ kết quả.", resources)
    got = {o.name: o.titles for o in f.officials}
    assert got["Nguyễn Khắc Huyên"] == ("nguyên Bí thư Tỉnh ủy Kon Tum", "nguyên Phó Chủ tịch UBND tỉnh Gia Lai - Kon Tum")
    assert sorted((c.organization, c.ordinal) for c in f.congresses) == [
        ("Đảng bộ Khối các cơ quan tỉnh Kon Tum", 14), ("Đảng bộ Khối các cơ quan tỉnh Kon Tum", 15),
        ("Đảng bộ tỉnh Kon Tum", 11)]


def test_resistance_orders_with_a_comma_in_their_name(resources):
    f = facts("Tin buồn\n\nVới những đóng góp to lớn, đồng chí được Đảng, Nhà nước tặng thưởng Huân chương Độc lập hạng "
              "Nhì, Huân chương Kháng chiến chống Mỹ, cứu nước hạng Nhất và Huy hiệu 65 năm tuổi Đảng.", resources)
    assert sorted(a.kind.lower() for a in f.awards) == [
        "huân chương kháng chiến chống mỹ, cứu nước hạng nhất", "huân chương độc lập hạng nhì"]
