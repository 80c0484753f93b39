"""A string enumeration whose members carry a Chinese label: ``CODE = "code", "标签"``. Pure (no
Django), for the standard modules (outcomes, clock, fees, receipt, annual-report format)."""

from __future__ import annotations

from enum import StrEnum


class LabelledStrEnum(StrEnum):
    """``member == "code"`` (what is stored and exported) and ``member.label`` (what is shown)."""

    label: str

    def __new__(cls, code: str, label: str):
        member = str.__new__(cls, code)
        member._value_ = code
        member.label = label
        return member
