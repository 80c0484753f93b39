"""Every AQI level badge keeps its standard colour (HJ 633) and a readable text colour (WCAG AA)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gongkai.air import aqi

CSS = (Path(__file__).resolve().parents[2] / "gongkai/air/static/air/air.css").read_text()


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def rule(selector: str) -> str:
    return re.search(rf"{re.escape(selector)} \{{([^}}]*)\}}", CSS).group(1)


@pytest.mark.parametrize("level", range(1, 7))
def test_badge_uses_the_standard_colour_with_readable_text(level):
    body = rule(f".aqi-{level}")
    background = re.search(r"background: (#[0-9a-f]{6})", body).group(1)
    assert background == aqi.COLOURS[level - 1].hex.lower()
    text = re.search(r"color: (#[0-9a-f]{3,6})", body) or re.search(r"color: (#[0-9a-f]{3,6})", rule(".aqi"))
    colour = text.group(1)
    if len(colour) == 4:
        colour = "#" + "".join(c * 2 for c in colour[1:])
    assert contrast(background, colour) >= 4.5
