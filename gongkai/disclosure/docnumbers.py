"""文号 (document numbers) such as 示环发〔2026〕12号: the year between the brackets should be the year
the document was formed (成文日期). A contradiction is usually a typo in one of the two, so the
editor is warned; it is not refused (a document formed on 31 December may be numbered in the new
year's series by local practice).

Pure: no Django."""

from __future__ import annotations

import re
from datetime import date

# 〔〕 is the form GB/T 9704-2012 prescribes; [] （） 【】 ［］ are common mistypings of it.
_YEAR = re.compile(r"[〔［\[（(【]\s*((?:19|20)\d{2})\s*[〕］\]）)】]")


def number_year(document_number: str) -> int | None:
    """The year in a 文号's brackets, or None when it has none."""
    match = _YEAR.search(document_number or "")
    return int(match.group(1)) if match else None


def conflicting_year(document_number: str, formed: date | None) -> int | None:
    """The 文号's year when it contradicts the date formed, else None."""
    year = number_year(document_number)
    if year is None or formed is None or year == formed.year:
        return None
    return year
