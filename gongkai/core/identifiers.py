"""Check characters of Chinese identifiers.

Pure: no Django. Used by organisation settings, the application form and the privacy scanner.

- Resident identity number (公民身份号码), GB 11643-1999: 17 digits + check character,
  ISO 7064 MOD 11-2; the check character is 0-9 or X.
- Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters over a
  31-character alphabet (digits and upper-case letters without I, O, Z, S, V), the 18th
  a MOD 31 check character.
- Bank card number: Luhn (ISO/IEC 7812-1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# GB 11643-1999 §7: weights W_i = 2^(i-1) mod 11 for positions 18..2, and the check table.
RESIDENT_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
RESIDENT_ID_CHECK = "10X98765432"  # index = sum mod 11

# GB 32100-2015 §4 and Appendix: code alphabet (value = index) and weights of positions 1..17.
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

_RESIDENT_ID_SHAPE = re.compile(r"^\d{17}[\dX]$")
_CREDIT_CODE_SHAPE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def resident_id_check_char(first17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first17, RESIDENT_ID_WEIGHTS, strict=True))
    return RESIDENT_ID_CHECK[total % 11]


def is_valid_resident_id(value: str) -> bool:
    """18-digit resident ID: shape, a real birth date (positions 7-14) and the check character."""
    value = value.strip().upper()
    if not _RESIDENT_ID_SHAPE.match(value):
        return False
    try:
        birth = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    if birth.year < 1800:
        return False
    return resident_id_check_char(value[:17]) == value[17]


def credit_code_check_char(first17: str) -> str:
    total = sum(
        CREDIT_CODE_ALPHABET.index(char) * weight
        for char, weight in zip(first17, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def is_valid_credit_code(value: str) -> bool:
    """18-character unified social credit code with a correct GB 32100-2015 check character."""
    value = value.strip().upper()
    if not _CREDIT_CODE_SHAPE.match(value):
        return False
    return credit_code_check_char(value[:17]) == value[17]


@dataclass(frozen=True)
class CreditCodeProblem:
    """Why a unified social credit code is refused, for a message that names the place.

    kind: "empty" | "length" (``length`` characters were given) | "character" (``position``, 1-based,
    holds ``char``, which is outside the code alphabet — I, O, Z, S, V and other signs never occur) |
    "division" (``position`` 3-8, the 登记管理机关行政区划码, holds a non-digit ``char``) | "check" (the
    18th character is ``char`` but the GB 32100-2015 check character of positions 1-17 is ``expected``).
    """

    kind: str
    position: int = 0
    char: str = ""
    expected: str = ""
    length: int = 0


def credit_code_problem(value: str) -> CreditCodeProblem | None:
    """None for a valid code (after trimming and upper-casing); otherwise the first problem found,
    reading left to right, so the message can name the position of the wrong character."""
    value = value.strip().upper()
    if not value:
        return CreditCodeProblem("empty")
    if len(value) != 18:
        return CreditCodeProblem("length", length=len(value))
    for position, char in enumerate(value, start=1):
        if 3 <= position <= 8:
            if not char.isascii() or not char.isdigit():
                return CreditCodeProblem("division", position=position, char=char)
        elif char not in CREDIT_CODE_ALPHABET:
            return CreditCodeProblem("character", position=position, char=char)
    expected = credit_code_check_char(value[:17])
    if value[17] != expected:
        return CreditCodeProblem("check", position=18, char=value[17], expected=expected)
    return None


def luhn_is_valid(digits: str) -> bool:
    if not digits.isdigit() or len(digits) < 2:
        return False
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0
