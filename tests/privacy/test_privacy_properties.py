"""Privacy gate, properties: generated valid numbers are found anywhere in Chinese text, masks show no more
than allowed, and redacted text scans clean."""

import re
from datetime import date

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gongkai.core.identifiers import is_valid_credit_code, is_valid_resident_id, luhn_is_valid
from gongkai.privacy import Kind, redact_text, scan_text
from gongkai.privacy.scanner import PLATE_PROVINCES, is_valid_old_resident_id

from .privacy_samples import resident_id

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
PUNCTUATION = st.sampled_from("，。、：；（）“”《》 ")
chinese_text = st.text(alphabet=CJK | PUNCTUATION, max_size=12)
filler = st.text(alphabet=CJK | PUNCTUATION, min_size=1, max_size=8)
digits = st.text(alphabet="0123456789", min_size=1, max_size=1)


@st.composite
def resident_ids(draw):
    province = draw(st.sampled_from(["11", "12", "31", "32", "41", "44", "50", "51", "65"]))
    region = draw(st.text(alphabet="0123456789", min_size=4, max_size=4))
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31)))
    sequence = draw(st.integers(min_value=0, max_value=999))
    return resident_id(f"{province}{region}{born:%Y%m%d}{sequence:03d}")


@st.composite
def luhn_numbers(draw, min_size=13, max_size=19):
    size = draw(st.integers(min_value=min_size, max_value=max_size))
    body = draw(st.sampled_from(["62", "4", "5", "9"]))
    body += draw(st.text(alphabet="0123456789", min_size=size - 1 - len(body), max_size=size - 1 - len(body)))
    return next(body + check for check in "0123456789" if luhn_is_valid(body + check))


mobiles = st.builds(
    lambda second, rest: f"1{second}{rest}",
    st.sampled_from("3456789"),
    st.text(alphabet="0123456789", min_size=9, max_size=9),
)
emails = st.builds(
    lambda local, domain, tld: f"{local}@{domain}.{tld}",
    st.from_regex(r"[a-z][a-z0-9._]{0,10}[a-z0-9]", fullmatch=True),
    st.from_regex(r"[a-z0-9]{1,10}", fullmatch=True),
    st.sampled_from(["com", "cn", "org", "net", "com.cn", "gov.cn"]),
)
plates = st.builds(
    lambda province, office, serial: f"{province}{office}·{serial}",
    st.sampled_from(PLATE_PROVINCES),
    st.sampled_from("ABCDEFGHJKLMNPQRSTUVWXYZ"),
    st.from_regex(r"[0-9]{5}|[A-HJ-NP-Z][0-9]{4}|[DF][0-9]{5}", fullmatch=True),
)
addresses = st.builds(
    lambda city, road, house, building, unit, room: f"{city}{road}{house}号{building}栋{unit}单元{room}室",
    st.sampled_from(["示例市", "许昌市魏都区", "河南省郑州市金水区"]),
    st.sampled_from(["人民路", "文化街", "建设大道", "光明巷"]),
    st.integers(min_value=1, max_value=999),
    st.integers(min_value=1, max_value=30),
    st.integers(min_value=1, max_value=6),
    st.integers(min_value=101, max_value=3204),
)


def expected_kind(number: str) -> Kind:
    if is_valid_resident_id(number) or is_valid_old_resident_id(number):
        return Kind.RESIDENT_ID
    if re.fullmatch(r"(?:86|0086)1[3-9][0-9]{9}", number):
        return Kind.MOBILE
    return Kind.BANK_CARD


@settings(deadline=None)  # timing varies on a shared machine; the property is what matters
@given(before=chinese_text, number=resident_ids(), after=chinese_text)
def test_any_valid_resident_id_in_chinese_text_is_found(before, number, after):
    text = before + number + after
    assert [(hit.kind, hit.start, hit.value) for hit in scan_text(text)] == [
        (Kind.RESIDENT_ID, len(before), number)
    ]


@settings(deadline=None)
@given(before=chinese_text, number=luhn_numbers(), after=chinese_text, grouped=st.booleans())
def test_any_luhn_valid_number_in_chinese_text_is_found(before, number, after, grouped):
    assume(not is_valid_credit_code(number))  # an organisation's code, deliberately not a card
    kind = expected_kind(number)
    if grouped:  # written in fours it can only be a card
        number, kind = " ".join(number[i : i + 4] for i in range(0, len(number), 4)), Kind.BANK_CARD
    hits = scan_text(before + number + after)
    assert [(hit.kind, hit.value) for hit in hits] == [(kind, number)]


@settings(deadline=None)
@given(before=chinese_text, number=luhn_numbers(), digit=digits, after=chinese_text, at_start=st.booleans())
def test_luhn_number_inside_a_longer_digit_run_is_not_a_hit(before, number, digit, after, at_start):
    longer = digit + number if at_start else number + digit
    assume(len(longer) > 19 or not luhn_is_valid(longer))
    assume(not is_valid_resident_id(longer) and not is_valid_old_resident_id(longer))
    assert scan_text(before + longer + after) == []


@settings(deadline=None)
@given(number=resident_ids(), before=chinese_text)
def test_resident_id_mask_shows_at_most_the_first_four_and_last_four(number, before):
    (hit,) = scan_text(before + number)
    assert len(hit.masked) == len(number)
    assert hit.masked[4:14] == "*" * 10
    assert hit.masked[:4] + hit.masked[14:] == number[:4] + number[14:]


@settings(deadline=None)
@given(number=luhn_numbers(min_size=16), before=chinese_text)
def test_bank_card_mask_shows_at_most_eight_digits(number, before):
    assume(expected_kind(number) == Kind.BANK_CARD and not is_valid_credit_code(number))
    (hit,) = scan_text(before + number)
    shown = [char for char in hit.masked if char.isdigit()]
    assert len(shown) == 8
    assert hit.masked == number[:4] + "*" * (len(number) - 8) + number[-4:]


@settings(deadline=None)
@given(number=mobiles, before=chinese_text)
def test_mobile_mask_shows_at_most_the_first_three_and_last_four(number, before):
    (hit,) = scan_text(before + number)
    assert hit.masked == number[:3] + "****" + number[-4:]


@settings(deadline=None)
@given(address=emails, before=chinese_text)
def test_email_mask_shows_one_character_of_the_local_part(address, before):
    (hit,) = scan_text(before + address)
    local, domain = address.rsplit("@", 1)
    assert hit.masked == f"{local[0]}***@{domain}"


@settings(deadline=None)
@given(
    items=st.lists(
        st.one_of(resident_ids(), luhn_numbers(), mobiles, emails, plates, addresses), min_size=1, max_size=6
    ),
    fillers=st.lists(filler, min_size=7, max_size=7),
)
def test_redacted_text_scans_clean_and_shows_no_item(items, fillers):
    assume(not any(is_valid_credit_code(item) for item in items))
    text = fillers[0] + "".join(item + fill for item, fill in zip(items, fillers[1:], strict=False))
    redacted = redact_text(text, scan_text(text))
    assert scan_text(redacted) == []
    for item in items:
        # The dwelling part of an address, the whole of anything else, is gone.
        secret = item.split("号", 1)[1] if "单元" in item else item
        assert secret not in redacted
