"""Badge colours of the water classes: configurable, with readable text chosen by contrast (WCAG 2.x).

Pure: no Django. The default follows the convention standards.md §4.2 reports (C): blue for 优 (Class I a
darker blue than II), green for Ⅲ, yellow for Ⅳ, orange for Ⅴ, red for 劣Ⅴ. A bureau sets its own with the
Django setting ``WATER_CLASS_COLOURS`` (six "#rrggbb" values, Class I … 劣V); the text colour of each badge is
black or white, whichever contrasts more, and the class is always written in the badge (never colour alone).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

DEFAULT_CLASS_COLOURS = ("#0d47a1", "#1e88e5", "#2e7d32", "#ffd600", "#ff8f00", "#d32f2f")
NO_CLASS_COLOUR = "#e0e0e0"
BLACK, WHITE = "#000000", "#ffffff"
_HEX = re.compile(r"#[0-9a-fA-F]{6}")


def luminance(colour: str) -> float:
    """Relative luminance (WCAG 2.x)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_colour(background: str) -> str:
    return BLACK if contrast(background, BLACK) >= contrast(background, WHITE) else WHITE


def checked_colours(colours: Sequence[str]) -> tuple[str, ...]:
    if len(colours) != 6 or not all(isinstance(c, str) and _HEX.fullmatch(c) for c in colours):
        raise ValueError("WATER_CLASS_COLOURS needs six #rrggbb colours, Class I … 劣V")
    return tuple(c.lower() for c in colours)


def stylesheet(colours: Sequence[str]) -> str:
    """`.wq-0` (no class) and `.wq-1` … `.wq-6` badge rules."""
    rules = [f".wq-0 {{ background: {NO_CLASS_COLOUR}; color: {BLACK}; }}"]
    for number, colour in enumerate(checked_colours(colours), start=1):
        rules.append(f".wq-{number} {{ background: {colour}; color: {text_colour(colour)}; }}")
    return "\n".join(rules) + "\n"
