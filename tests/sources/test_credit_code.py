"""统一社会信用代码 (GB 32100-2015): the pure problem finder and the Chinese message naming the position."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.core.identifiers import (
    CREDIT_CODE_ALPHABET,
    credit_code_check_char,
    credit_code_problem,
    is_valid_credit_code,
)

VALID = "91350100M000100Y43"


@pytest.mark.parametrize(
    ("code", "kind", "position", "char", "expected"),
    [
        ("91350100M000100Y43", None, 0, "", ""),
        (" 9144030071526726xg ", None, 0, "", ""),  # trimmed, upper-cased
        ("", "empty", 0, "", ""),
        ("91350100M000100Y4", "length", 0, "", ""),
        ("91350100M000100Y433", "length", 0, "", ""),
        ("91350100M000100Y44", "check", 18, "4", "3"),
        ("9135A100M000100Y43", "division", 5, "A", ""),
        ("91350100MI00100Y43", "character", 10, "I", ""),
        ("O1350100M000100Y43", "character", 1, "O", ""),
        ("91350100M000100YS3", "character", 17, "S", ""),
        ("91350100M000100Y4Z", "character", 18, "Z", ""),
        ("9135010０M000100Y43", "division", 8, "０", ""),  # a full-width digit is not a digit here
    ],
)
def test_credit_code_problem_names_the_first_wrong_position(code, kind, position, char, expected):
    problem = credit_code_problem(code)
    if kind is None:
        assert problem is None
        return
    assert problem.kind == kind
    assert problem.position == position
    assert problem.char == char
    assert problem.expected == expected


def test_length_problem_counts_the_characters():
    assert credit_code_problem("913").length == 3


@given(st.text(alphabet=CREDIT_CODE_ALPHABET + "IOZSV-", min_size=0, max_size=20))
def test_problem_is_none_exactly_for_valid_codes(text):
    assert (credit_code_problem(text) is None) == is_valid_credit_code(text)


@given(
    st.text(alphabet=CREDIT_CODE_ALPHABET, min_size=2, max_size=2),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.text(alphabet=CREDIT_CODE_ALPHABET, min_size=9, max_size=9),
    st.sampled_from(CREDIT_CODE_ALPHABET),
)
def test_a_wrong_check_character_is_reported_with_the_right_one(head, division, body, wrong):
    first17 = head + division + body
    right = credit_code_check_char(first17)
    problem = credit_code_problem(first17 + wrong)
    if wrong == right:
        assert problem is None
    else:
        assert (problem.kind, problem.position, problem.expected) == ("check", 18, right)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "请填写统一社会信用代码。"),
        ("913", "统一社会信用代码应为18位，现为3位。"),
        (
            "9135A100M000100Y43",
            "统一社会信用代码第5位“A”有误：第3至8位是登记管理机关行政区划码，只能是数字。",
        ),
        ("91350100MI00100Y43", "统一社会信用代码第10位“I”不是有效字符（不使用I、O、Z、S、V等字母）。"),
        (
            "91350100M000100Y44",
            "统一社会信用代码第18位校验码有误：按GB 32100-2015计算应为“3”，现为“4”。请核对前17位是否抄错。",
        ),
    ],
)
def test_chinese_messages_name_the_position(code, message):
    from gongkai.sources.services import credit_code_message

    assert credit_code_message(code) == message
    assert credit_code_message(VALID) is None
