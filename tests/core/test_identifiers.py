"""Check characters of Chinese identifiers: GB 32100-2015 (统一社会信用代码), GB 11643-1999
(公民身份号码) and Luhn (ISO/IEC 7812-1, bank cards)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.core.identifiers import (
    CREDIT_CODE_ALPHABET,
    CREDIT_CODE_WEIGHTS,
    RESIDENT_ID_WEIGHTS,
    credit_code_check_char,
    is_valid_credit_code,
    is_valid_resident_id,
    luhn_is_valid,
    resident_id_check_char,
)

# --- GB 32100-2015 ----------------------------------------------------------------------------


def test_credit_code_alphabet_is_digits_and_letters_without_i_o_z_s_v():
    """GB 32100-2015 §4: 31 characters, I O Z S V left out (they look like 1 0 2 5 U)."""
    letters = "".join(chr(code) for code in range(ord("A"), ord("Z") + 1) if chr(code) not in "IOZSV")
    assert "0123456789" + letters == CREDIT_CODE_ALPHABET
    assert len(CREDIT_CODE_ALPHABET) == 31


def test_credit_code_weights_are_powers_of_three_mod_31():
    """GB 32100-2015 Appendix A: W_i = 3^(i-1) mod 31 for positions 1..17."""
    assert tuple(pow(3, position, 31) for position in range(17)) == CREDIT_CODE_WEIGHTS


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y43",  # the example used with the standard
        "914403001922038216",  # 华为技术有限公司
        "9144030071526726XG",  # 腾讯科技（深圳）有限公司
        "91330100716105852F",  # 阿里巴巴（中国）有限公司
        "11990100MB0000001T",  # the fictional demo bureau (机关, 1-1)
        "9144030071526726xg",  # typed in lower case
        " 91350100M000100Y43 ",  # pasted with spaces
    ],
)
def test_valid_credit_codes(code):
    assert is_valid_credit_code(code)


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y44",  # wrong check character
        "91350100M000100Y4",  # 17 characters
        "91350100M000100Y433",  # 19 characters
        "91350100MI00100Y43",  # I is not in the alphabet
        "9135A100M000100Y43",  # positions 3-8 are the administrative division code: digits
        "9135010OM000100Y43",
        "",
    ],
)
def test_invalid_credit_codes(code):
    assert not is_valid_credit_code(code)


# Timing deadlines off: a loaded CI machine must not turn slowness into a failure.
relaxed = settings(deadline=None)
SHAPED_CREDIT_CODE_BODY = st.tuples(
    st.text(CREDIT_CODE_ALPHABET, min_size=2, max_size=2),
    st.text("0123456789", min_size=6, max_size=6),
    st.text(CREDIT_CODE_ALPHABET, min_size=9, max_size=9),
).map("".join)
UPPER_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@relaxed
@given(body=SHAPED_CREDIT_CODE_BODY, position=st.integers(0, 17), replacement=st.sampled_from(UPPER_ALNUM))
def test_property_any_single_changed_character_of_a_credit_code_is_detected(body, position, replacement):
    """The modulus 31 is prime and no weight is a multiple of it, so a change to any one of the
    first 17 characters changes the check character; a changed check character no longer matches."""
    code = body + credit_code_check_char(body)
    assert is_valid_credit_code(code)
    if replacement == code[position]:
        return
    changed = code[:position] + replacement + code[position + 1 :]
    assert not is_valid_credit_code(changed)


# --- GB 11643-1999 ----------------------------------------------------------------------------


def test_resident_id_weights_are_powers_of_two_mod_11():
    """GB 11643-1999 §7.2: W_i = 2^(i-1) mod 11, i counted from the right (18 down to 2)."""
    assert tuple(pow(2, 17 - position, 11) for position in range(17)) == RESIDENT_ID_WEIGHTS


@pytest.mark.parametrize(
    "number",
    [
        "11010519491231002X",  # GB 11643-1999 example: 北京市朝阳区, born 1949-12-31
        "440524188001010014",  # GB 11643-1999 example: born 1880-01-01
        "11010519491231002x",  # lower-case x
    ],
)
def test_valid_resident_ids(number):
    assert is_valid_resident_id(number)


@pytest.mark.parametrize(
    "number",
    [
        "110105194912310021",  # wrong check character
        "11010519491231002",  # 17 characters
        "110105491231002",  # the old 15-digit form is not accepted here
        "11010519490230" + "002" + resident_id_check_char("11010519490230002"),  # 30 February
        "11010517991231" + "002" + resident_id_check_char("11010517991231002"),  # before 1800
        "1101051949123100X2",
    ],
)
def test_invalid_resident_ids(number):
    assert not is_valid_resident_id(number)


RESIDENT_ID_BODY = st.tuples(
    st.text("0123456789", min_size=6, max_size=6),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31)),
    st.text("0123456789", min_size=3, max_size=3),
).map(lambda parts: parts[0] + parts[1].strftime("%Y%m%d") + parts[2])


@relaxed
@given(body=RESIDENT_ID_BODY, position=st.integers(0, 16), digit=st.sampled_from("0123456789"))
def test_property_a_single_wrong_digit_of_a_resident_id_is_detected(body, position, digit):
    number = body + resident_id_check_char(body)
    assert is_valid_resident_id(number)
    if digit == number[position]:
        return
    assert not is_valid_resident_id(number[:position] + digit + number[position + 1 :])


@relaxed
@given(body=RESIDENT_ID_BODY, position=st.integers(0, 15))
def test_property_two_swapped_neighbouring_digits_of_a_resident_id_are_detected(body, position):
    number = body + resident_id_check_char(body)
    if number[position] == number[position + 1]:
        return
    swapped = number[:position] + number[position + 1] + number[position] + number[position + 2 :]
    assert not is_valid_resident_id(swapped)


# --- Luhn -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("digits", "valid"),
    [
        ("79927398713", True),  # the textbook example
        ("79927398710", False),
        ("4111111111111111", True),
        ("4111111111111112", False),
        ("6212260200000000006", True),  # 19 digits, worked by hand: 6+4+1+4+2+3+4 = 24 → check 6
        ("6212260200000000008", False),
        ("4111 1111 1111 1111", False),  # only digits
        ("0", False),  # too short to carry a check digit
        ("", False),
    ],
)
def test_luhn(digits, valid):
    assert luhn_is_valid(digits) is valid


@relaxed
@given(
    digits=st.text("0123456789", min_size=1, max_size=18),
    position=st.integers(0, 18),
    digit=st.integers(0, 9),
)
def test_property_luhn_detects_any_single_wrong_digit(digits, position, digit):
    check = next(str(candidate) for candidate in range(10) if luhn_is_valid(digits + str(candidate)))
    number = digits + check
    position %= len(number)
    if int(number[position]) == digit:
        return
    assert not luhn_is_valid(number[:position] + str(digit) + number[position + 1 :])
