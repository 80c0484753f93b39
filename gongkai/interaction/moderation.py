"""Pre-moderation of public text (留言、举报、征集意见), pure: no Django.

- `screen(text, words)`: the active sensitive words (敏感词, an editable list) found in the text, compared
  after NFKC, lower case and with whitespace and common separators removed, so "敏 感" or full-width
  letters do not slip past. A hit never rejects by itself: the moderator decides, seeing the words.
- `redact(text, literals)`: the copy for the public Q&A: every personal datum the privacy gate finds
  (gongkai.privacy.scanner: identity numbers, phones, e-mails, plates, addresses, names after 姓名/联系人 …)
  masked, and the writer's own name, phone and e-mail masked wherever they appear.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from gongkai.privacy import scanner

SEPARATORS = re.compile(r"[\s\-_.,，。·・*/\\|]+")


def _fold(text: str) -> str:
    return SEPARATORS.sub("", unicodedata.normalize("NFKC", text).lower())


def screen(text: str, words: Iterable[str]) -> list[str]:
    folded = _fold(text)
    return sorted({word for word in words if word and _fold(word) and _fold(word) in folded})


def privacy_hits(text: str) -> list[scanner.Hit]:
    return scanner.scan_text(text)


def redact(text: str, literals: Iterable[str] = ()) -> str:
    masked = scanner.redact_text(text, scanner.scan_text(text))
    for literal in sorted(
        {value.strip() for value in literals if value and len(value.strip()) >= 2}, key=len, reverse=True
    ):
        masked = masked.replace(literal, "*" * len(literal))
    return masked
