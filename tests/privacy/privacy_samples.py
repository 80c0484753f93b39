"""Sample personal data for the privacy-gate tests, built with the same check-digit rules the scanner uses."""

from __future__ import annotations

from gongkai.core.identifiers import credit_code_check_char, luhn_is_valid, resident_id_check_char


def resident_id(first17: str) -> str:
    return first17 + resident_id_check_char(first17)


def with_wrong_check(number: str) -> str:
    """The same number with a different (so invalid) last character."""
    last = number[-1]
    return number[:-1] + ("0" if last in "X9" else str(int(last) + 1))


def with_luhn_digit(body: str) -> str:
    return next(body + digit for digit in "0123456789" if luhn_is_valid(body + digit))


def credit_code(first17: str) -> str:
    return first17 + credit_code_check_char(first17)


RESIDENT_ID = resident_id("11010519491231002")  # 11010519491231002X
RESIDENT_ID_FEB_30 = resident_id("11010519900230123")  # right check character, impossible date
OLD_RESIDENT_ID = "110105491231002"  # 15 digits, born 1949-12-31
CARD_16 = with_luhn_digit("622202123456789")
CARD_19 = with_luhn_digit("621700123456789012")
CARD_13 = with_luhn_digit("401288888888")
NOT_LUHN_16 = with_wrong_check(CARD_16)
MOBILE = "13812345678"
# Resident IDs that also pass Luhn: reported once, as resident IDs.
RESIDENT_ID_AND_LUHN = next(
    number
    for sequence in range(100, 1000)
    if luhn_is_valid(number := resident_id(f"32010219850612{sequence}"))
)
# An all-digit unified social credit code that passes Luhn: an organisation, not a bank card.
CREDIT_CODE_AND_LUHN = next(
    code
    for serial in range(1000, 100000)
    if (code := credit_code(f"91410100{serial:09d}")).isdigit() and luhn_is_valid(code)
)
