"""Scoring the PITI self-assessment from the measures apps contribute (`core.piti`).

Pure: no Django. Rules chosen here (piti.md gives the categories, not a formula to copy): a measure scores
done/total of its share; a measure with nothing to count (total 0) is full marks and says so; a category
scores the mean of its measures × 100; the overall score is the mean of the categories that have measures.
A category no app measures is listed as 未接入 and not scored. Every measure below full marks lists its fixes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class CategoryScore:
    category: str
    score: Decimal | None  # None: no app measures it
    measures: tuple  # the core.piti.Measure objects
    fixes: tuple[str, ...]


def _share(done: int, total: int) -> Decimal:
    return Decimal(1) if total == 0 else Decimal(done) / Decimal(total)


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def score(measures: Iterable, categories: Iterable[str]) -> tuple[Decimal | None, list[CategoryScore]]:
    measures = list(measures)
    out = []
    for category in categories:
        own = [m for m in measures if m.category == category]
        if not own:
            out.append(CategoryScore(category, None, (), ()))
            continue
        value = sum((_share(m.done, m.total) for m in own), Decimal(0)) / len(own) * 100
        fixes = tuple(fix for m in own if m.done < m.total for fix in m.fixes)
        out.append(CategoryScore(category, _round(value), tuple(own), fixes))
    scored = [c.score for c in out if c.score is not None]
    overall = _round(sum(scored, Decimal(0)) / len(scored)) if scored else None
    return overall, out


def deduction(measure) -> Decimal:
    """Points of its category lost by one measure (for the list of what to fix)."""
    return _round((1 - _share(measure.done, measure.total)) * 100)
