"""Scoring the PITI self-assessment from the measures apps contribute (`core.piti`).

Pure: no Django. Rules chosen here (piti.md gives the categories, not a formula to copy): a measure scores
done/total of its share; a measure with nothing to count (total 0) is full marks and says so; a category
scores the mean of its measures × 100; the overall score is the mean of the categories that have measures.
A category no app measures is listed as 未接入 and not scored. Every measure below full marks lists its fixes.
A measure's deduction is its share of the category's lost points: (1 − done/total) × 100 ÷ the number of
measures in the category, rounded so that a category's deductions add up to exactly 100 − its score.
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
    deductions: tuple[Decimal, ...] = ()  # points lost by each measure, in the order of `measures`


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
        out.append(CategoryScore(category, _round(value), tuple(own), fixes, _deductions(own, _round(value))))
    scored = [c.score for c in out if c.score is not None]
    overall = _round(sum(scored, Decimal(0)) / len(scored)) if scored else None
    return overall, out


def _deductions(own: list, category_score: Decimal) -> tuple[Decimal, ...]:
    """Each measure's lost points, (1 − share) × 100 / len(own), rounded on the running total so the
    rounded deductions add up to 100 − the rounded category score (the last one takes the remainder)."""
    out = []
    lost = shown = Decimal(0)
    for index, measure in enumerate(own):
        lost += (1 - _share(measure.done, measure.total)) * 100 / len(own)
        running = 100 - category_score if index == len(own) - 1 else 100 - _round(100 - lost)
        out.append(running - shown)
        shown = running
    return tuple(out)
