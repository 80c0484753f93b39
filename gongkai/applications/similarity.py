"""Likeness of two descriptions of the information sought, for spotting repeated applications (重复申请,
条例 Art. 36(6): 已答复后重复申请相同信息 → 不予重复处理).

Pure: no Django. Chinese text has no spaces, so words are approximated by character bigrams: two
descriptions are alike when the Jaccard index of their bigram sets reaches `REPEAT_THRESHOLD`. Only a
suggestion for the handler, who decides whether to link the applications; nothing is decided here."""

from __future__ import annotations

import re
import unicodedata

REPEAT_THRESHOLD = 0.5

# Words that every application repeats and that say nothing about the information sought.
_BOILERPLATE = (
    "申请公开",
    "请求公开",
    "申请获取",
    "政府信息",
    "相关信息",
    "有关信息",
    "请予公开",
    "的",
    "关于",
)
_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    for word in _BOILERPLATE:
        text = text.replace(word, "")
    return _NOISE.sub("", text)


def bigrams(text: str) -> frozenset[str]:
    norm = normalise(text)
    if len(norm) < 2:
        return frozenset({norm}) if norm else frozenset()
    return frozenset(norm[i : i + 2] for i in range(len(norm) - 1))


def likeness(first: str, second: str) -> float:
    """Jaccard index of the bigram sets, 0.0–1.0 (1.0 for identical descriptions)."""
    a, b = bigrams(first), bigrams(second)
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def is_repeat(first: str, second: str, *, threshold: float = REPEAT_THRESHOLD) -> bool:
    return likeness(first, second) >= threshold
