"""Privacy gate, text scanner: one section per kind, valid and invalid cases, masks, redaction."""

import pytest

from gongkai.core.identifiers import luhn_is_valid
from gongkai.privacy import KIND_LABELS, Kind, redact_text, scan_text
from gongkai.privacy.scanner import is_valid_old_resident_id

from .privacy_samples import (
    CARD_13,
    CARD_16,
    CARD_19,
    CREDIT_CODE_AND_LUHN,
    MOBILE,
    NOT_LUHN_16,
    OLD_RESIDENT_ID,
    RESIDENT_ID,
    RESIDENT_ID_AND_LUHN,
    RESIDENT_ID_FEB_30,
    resident_id,
    with_luhn_digit,
    with_wrong_check,
)


def found(text: str) -> list[tuple[str, str]]:
    return [(hit.kind.value, hit.value) for hit in scan_text(text)]


def masked(text: str) -> list[str]:
    return [hit.masked for hit in scan_text(text)]


# --- resident ID (居民身份证号码) ---
@pytest.mark.parametrize(
    "text",
    [
        f"申请人身份证号{RESIDENT_ID}，",
        f"身份证号：{RESIDENT_ID.lower()}。",  # lower-case check character
        f"ID {RESIDENT_ID}",
    ],
)
def test_resident_id_with_valid_check_character_and_birth_date_is_found(text):
    assert [kind for kind, _ in found(text)] == ["resident_id"]
    assert found(text)[0][1].upper() == RESIDENT_ID


@pytest.mark.parametrize(
    "text",
    [
        with_wrong_check(RESIDENT_ID),  # GB 11643 check character wrong
        RESIDENT_ID_FEB_30,  # check character right, 1990-02-30 impossible
        resident_id("11010517990101123"),  # born before 1800
        "1" + RESIDENT_ID,  # inside a longer digit run
        RESIDENT_ID + "7",
        "号码" + RESIDENT_ID[:17] + "。",  # 17 digits
    ],
)
def test_resident_id_invalid_or_embedded_is_not_found(text):
    assert found(text) == []


def test_resident_id_grouped_six_eight_four_or_one_digit_per_box_is_found():
    grouped = f"{RESIDENT_ID[:6]} {RESIDENT_ID[6:14]} {RESIDENT_ID[14:]}"
    boxed = " ".join(RESIDENT_ID)
    assert found(f"证件号码 {grouped} 。") == [("resident_id", grouped)]
    assert found(f"证件号码 {boxed} 。") == [("resident_id", boxed)]


def test_resident_id_in_full_width_digits_is_found():
    full_width = "".join(chr(ord(char) + 0xFEE0) for char in RESIDENT_ID)
    assert found(f"身份证{full_width}") == [("resident_id", full_width)]


def test_resident_id_that_also_passes_luhn_is_reported_once_as_resident_id():
    assert luhn_is_valid(RESIDENT_ID_AND_LUHN)
    assert found(f"号码{RESIDENT_ID_AND_LUHN}") == [("resident_id", RESIDENT_ID_AND_LUHN)]


def test_resident_id_mask_keeps_first_four_and_last_four():
    assert masked(RESIDENT_ID) == ["1101**********002X"]


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        (OLD_RESIDENT_ID, True),
        ("440304900229123", False),  # 1990-02-29 does not exist
        ("440304880229123", True),  # 1988-02-29
        ("110105491331002", False),  # month 13
        ("990105491231002", False),  # no province 99
        ("810105491231002", False),  # Hong Kong never had 15-digit numbers
        ("11010549123100", False),  # 14 digits
    ],
)
def test_old_fifteen_digit_resident_id_needs_mainland_province_and_real_date(number, valid):
    assert is_valid_old_resident_id(number) is valid
    assert (found(f"编号{number}。") == [("resident_id", number)]) is valid
    if len(number) == 15:  # after its label a 15-digit number is an ID whatever its date or region
        assert found(f"身份证{number}。") == [("resident_id", number)]


def test_old_resident_id_mask_keeps_first_four_and_last_three():
    assert masked(f"老证{OLD_RESIDENT_ID}") == ["1101********002"]


def test_old_resident_id_embedded_in_longer_run_is_not_found():
    assert found(f"编号{OLD_RESIDENT_ID}1") == []


# --- mobile (手机号码) ---
@pytest.mark.parametrize(
    ("text", "value", "mask"),
    [
        (f"电话{MOBILE}。", MOBILE, "138****5678"),
        ("电话138-1234-5678。", "138-1234-5678", "138-****-5678"),
        ("电话 138 1234 5678 。", "138 1234 5678", "138 **** 5678"),
        ("电话+86 138 1234 5678", "86 138 1234 5678", "86 138 **** 5678"),  # "+" stays as it is
        ("电话+8613812345678", "8613812345678", "86138****5678"),
        ("电话86-13812345678", "86-13812345678", "86-138****5678"),
        ("电话0086 13812345678", "0086 13812345678", "0086 138****5678"),
        ("电话１３８１２３４５６７８", "１３８１２３４５６７８", "１３８****５６７８"),
        ("联系人：王，19912345678", "19912345678", "199****5678"),
    ],
)
def test_mobile_number_with_prefix_and_separators_is_found(text, value, mask):
    hits = scan_text(text)
    assert [(hit.kind, hit.value, hit.masked) for hit in hits] == [(Kind.MOBILE, value, mask)]


@pytest.mark.parametrize(
    "text",
    [
        "编号113812345678",  # inside a longer digit run
        "编号138123456789",
        "12812345678",  # second digit 2
        "1381234567",  # 10 digits
        "电话0371-12345678",  # landline
        "电话010-12345678",
        "金额13812345678.50元",  # a decimal amount
        "环评〔2026〕12号，2026年3月15日",  # a document number and a date
    ],
)
def test_not_a_mobile_number(text):
    assert found(text) == []


# --- bank card (银行卡号) ---
@pytest.mark.parametrize(
    ("text", "value"),
    [
        (f"卡号{CARD_16}。", CARD_16),
        (f"卡号{CARD_19}", CARD_19),
        (f"卡号{CARD_13}", CARD_13),
        (f"卡号 {CARD_16[:4]} {CARD_16[4:8]} {CARD_16[8:12]} {CARD_16[12:]} 。", None),
        (f"卡号{CARD_16[:4]}-{CARD_16[4:8]}-{CARD_16[8:12]}-{CARD_16[12:]}", None),
        (f"账号 {CARD_19[:4]} {CARD_19[4:8]} {CARD_19[8:12]} {CARD_19[12:16]} {CARD_19[16:]}", None),
    ],
)
def test_bank_card_passing_luhn_is_found(text, value):
    hits = scan_text(text)
    assert [hit.kind for hit in hits] == [Kind.BANK_CARD]
    if value:
        assert hits[0].value == value


@pytest.mark.parametrize(
    "text",
    [
        f"卡号{NOT_LUHN_16}",  # Luhn fails
        f"卡号{with_luhn_digit('62220212345')}",  # 12 digits passing Luhn: too short
        f"卡号{with_luhn_digit('6222021234567890123')}",  # 20 digits
        f"卡号9{CARD_16}",  # inside a longer digit run
        f"卡号{CARD_16}0",
        f"卡号{CARD_16[:8]} {CARD_16[8:]}",  # groups of 8 are not a card layout
        f"圆周率3.{CARD_16}",  # the fraction of a decimal
        f"统一社会信用代码{CREDIT_CODE_AND_LUHN}",  # an organisation, though it passes Luhn
    ],
)
def test_not_a_bank_card(text):
    assert found(text) == []


def test_bank_card_mask_keeps_first_four_and_last_four_and_the_grouping():
    grouped = f"{CARD_16[:4]} {CARD_16[4:8]} {CARD_16[8:12]} {CARD_16[12:]}"
    assert masked(grouped) == [f"{CARD_16[:4]} **** **** {CARD_16[12:]}"]
    assert masked(CARD_16) == [f"{CARD_16[:4]}********{CARD_16[12:]}"]


def test_bank_card_followed_by_a_short_group_is_still_found():
    card = with_luhn_digit("622848001234567")
    text = f"卡号 {card[:4]} {card[4:8]} {card[8:12]} {card[12:]} 5 张"
    assert ("bank_card", f"{card[:4]} {card[4:8]} {card[8:12]} {card[12:]}") in found(text)


# --- e-mail (电子邮箱) ---
@pytest.mark.parametrize(
    ("text", "value", "mask"),
    [
        ("邮箱zhang.san@example.com。", "zhang.san@example.com", "z***@example.com"),
        (
            "邮箱：Li+gk@mail.hb.example.gov.cn，",
            "Li+gk@mail.hb.example.gov.cn",
            "L***@mail.hb.example.gov.cn",
        ),
        (f"QQ邮箱{MOBILE}@qq.com", f"{MOBILE}@qq.com", "1***@qq.com"),  # one hit, not also a mobile
        ("邮箱x@example.org", "x@example.org", "***@example.org"),
        (
            "邮箱ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ",
            "ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ",
            "ｚ***@ｅｘａｍｐｌｅ．ｃｏｍ",
        ),
    ],
)
def test_email_is_found_and_keeps_first_character_and_domain(text, value, mask):
    assert [(hit.kind, hit.value, hit.masked) for hit in scan_text(text)] == [(Kind.EMAIL, value, mask)]


@pytest.mark.parametrize(
    "text", ["user@localhost", "@example.com", "user@", "邮箱为 user@example", "user@-example.com", "a@b.c"]
)
def test_not_an_email(text):
    assert found(text) == []


# --- vehicle plate (机动车号牌) ---
@pytest.mark.parametrize(
    ("text", "value", "mask"),
    [
        ("车牌京A·F0236。", "京A·F0236", "京A·***36"),
        ("车牌沪B12345", "沪B12345", "沪B·***45"),
        ("车牌粤B 1234X，", "粤B 1234X", "粤B·***4X"),
        ("车牌浙A.AB123", "浙A.AB123", "浙A·***23"),
        ("新能源车牌沪AD12345", "沪AD12345", "沪A·****45"),  # small new-energy: D/F first
        ("新能源货车粤B12345F", "粤B12345F", "粤B·****5F"),  # large new-energy: D/F last
        ("挂车冀A1234挂", "冀A1234挂", "冀A·***4挂"),
    ],
)
def test_plate_is_found_and_keeps_province_office_and_last_two(text, value, mask):
    assert [(hit.kind, hit.value, hit.masked) for hit in scan_text(text)] == [(Kind.PLATE, value, mask)]


@pytest.mark.parametrize(
    "text",
    [
        "京I12345",  # I is not used
        "京AO1234",  # nor O
        "港A12345",  # not a province abbreviation
        "京a12345",  # lower case
        "京A123456",  # six digits without D/F
        "京ABC12",  # three letters in a five-character serial
        "新ABCDE",
        "粤ICP备12345678号",  # a website licence number
        "京A1234",  # too short
    ],
)
def test_not_a_plate(text):
    assert found(text) == []


# --- detailed home address (详细住址) ---
@pytest.mark.parametrize(
    ("text", "value", "kept"),
    [
        ("家住示例市人民路12号3栋2单元501室，", "示例市人民路12号3栋2单元501室", "示例市人民路"),
        (
            "住址：河南省许昌市魏都区阳光小区5-2-301",
            "河南省许昌市魏都区阳光小区5-2-301",
            "河南省许昌市魏都区阳光小区",
        ),
        ("现住示例市幸福家园3号楼1102，", "示例市幸福家园3号楼1102", "示例市幸福家园"),
        ("地址示例市人民路88号502室", "示例市人民路88号502室", "示例市人民路"),
        ("示例县张庄村3组12号", "示例县张庄村3组12号", "示例县张庄村"),
        ("现住人民路8号5-2-301", "人民路8号5-2-301", "人民路"),
        ("住址：示例市第二宿舍12-3-402", "示例市第二宿舍12-3-402", "示例市第二宿舍"),
        ("住所：示例市东城街道光明街7号院2单元", "示例市东城街道光明街7号院2单元", "示例市东城街道光明街"),
        ("示例市3栋2单元501室", "示例市3栋2单元501室", "示例市"),
    ],
)
def test_address_down_to_unit_or_room_is_found_and_masked_after_the_road(text, value, kept):
    mask = kept + "*" * (len(value) - len(kept))
    assert [(hit.kind, hit.value, hit.masked) for hit in scan_text(text)] == [(Kind.ADDRESS, value, mask)]


@pytest.mark.parametrize(
    "text",
    [
        "办公地址：示例市人民路1号",  # an office address line stops at the house number
        "示例市人民路1号3楼",  # a floor is not a dwelling
        "示例市生态环境局办公楼302室",  # a room without a road or house number
        "环评〔2026〕12号",
        "第三单元 学习要点",
        "两室一厅，3室2厅",
        "5号楼2019年建成",
        "监测时间2026-01-15",
        "示例村东500米",
    ],
)
def test_not_a_home_address(text):
    assert found(text) == []


def test_two_addresses_in_one_sentence_are_two_hits():
    hits = scan_text("人民路12号3栋2单元501室和光明路14号5栋1单元101室")
    assert [hit.kind for hit in hits] == [Kind.ADDRESS, Kind.ADDRESS]
    assert hits[0].value == "人民路12号3栋2单元501室"


# --- hits, locations, labels and redaction ---
def test_every_kind_has_its_chinese_name():
    assert (
        {kind: kind.label for kind in Kind}
        == KIND_LABELS
        == {
            Kind.RESIDENT_ID: "居民身份证号码",
            Kind.MOBILE: "手机号码",
            Kind.BANK_CARD: "银行卡号",
            Kind.EMAIL: "电子邮箱",
            Kind.PLATE: "机动车号牌",
            Kind.ADDRESS: "详细住址",
            Kind.CERTIFICATE: "证件号码",
            Kind.LANDLINE: "固定电话",
            Kind.PERSON_NAME: "自然人姓名",
        }
    )


def test_hit_carries_offsets_and_a_line_and_column_location():
    text = f"第一行\n联系电话：{MOBILE}"
    (hit,) = scan_text(text)
    assert text[hit.start : hit.end] == hit.value == MOBILE
    assert (hit.line, hit.column, hit.location) == (2, 6, "第2行第6字")
    assert hit.label == "手机号码"


def test_hit_repr_does_not_show_the_unmasked_value():
    (hit,) = scan_text(f"电话{MOBILE}")
    assert MOBILE not in repr(hit)


def test_redact_text_replaces_every_hit_with_its_mask():
    text = f"张三，身份证{RESIDENT_ID}，电话{MOBILE}，卡号{CARD_16}，邮箱zs@example.com，车牌京A·F0236。"
    redacted = redact_text(text, scan_text(text))
    assert redacted == (
        f"张三，身份证1101**********002X，电话138****5678，卡号6222********{CARD_16[-4:]}，"
        "邮箱z***@example.com，车牌京A·***36。"
    )
    assert scan_text(redacted) == []


def test_redact_text_refuses_hits_of_another_text():
    hits = scan_text(f"电话{MOBILE}")
    with pytest.raises(ValueError, match="does not match"):
        redact_text("电话 1381234567 8", hits)


def test_redact_text_refuses_overlapping_hits():
    (hit,) = scan_text(f"电话{MOBILE}")
    with pytest.raises(ValueError, match="overlap"):
        redact_text(f"电话{MOBILE}", [hit, hit])


def test_ambiguous_adjacent_numbers_leave_no_digit_of_either_reading_in_clear():
    # "138 1234 5678" is a mobile number; "1234 5678 6222 0212" may also pass Luhn. Whatever is chosen,
    # no part of the mobile number beyond its own mask may show.
    card = with_luhn_digit("123456786222021")
    text = f"电话 138 {card[:4]} {card[4:8]} {card[8:12]} {card[12:]} 。"
    hits = scan_text(text)
    redacted = redact_text(text, hits)
    assert [hit.kind for hit in hits] == [Kind.MOBILE]
    assert redacted == "电话 *** **** **** **** **** 。"


def test_clean_text_has_no_hits():
    assert (
        scan_text("2026年示例市生态环境局政府信息公开工作年度报告，环办〔2026〕3号，电话0371-12345678。")
        == []
    )
