"""Groundwater drinking-water sources: 达标 against the Class III limits of GB/T 14848-2017 (地下水质量标准).

Pure: the standard library and gb3838 (for measurements and 超标倍数) only; no Django, no I/O.

No limit of GB/T 14848-2017 is in shared/domain, so none is shipped here: the bureau supplies the Class III
limits it evaluates from its copy of the standard (the site's WATER_GROUNDWATER_LIMITS_FILE, read by
`limits_from_csv` and installed with `configure` at start). Until then a groundwater source is not evaluated
(bulletin.source_report shows it as 未评价 and leaves it out of 达标率 and 取水量达标率).

A source's month 达标 when every measured item with a configured limit meets it; an item without a limit is
not evaluated (never guessed). A value on a limit meets it ("≤" upper limits; a range, written ``6.5~8.5``
for pH, includes both ends), the convention of GB 3838-2002; a value below the detection limit counts as
`gb3838.Rules.below_detection_factor` × that limit, as for surface water."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from gongkai.water import gb3838

STANDARD = "GB/T 14848-2017"
HEADER = "代码,项目,Ⅲ类限值"


@dataclass(frozen=True)
class Limit:
    """One Class III limit the bureau supplies: an upper limit, or a range (``lower`` set, for pH)."""

    code: str  # the item code of the monthly results (gb3838: nh3_n, sulfate, t3_01, …)
    name: str  # the standard's Chinese name, shown in 超标项目
    upper: Decimal
    lower: Decimal | None = None

    def meets(self, value: Decimal) -> bool:
        return value <= self.upper and (self.lower is None or value >= self.lower)

    def multiple(self, value: Decimal) -> Decimal | None:
        """超标倍数 against an upper limit; none for a range (as for pH under GB 3838-2002)."""
        return gb3838.exceedance_multiple(value, self.upper) if self.lower is None else None


def limits_from_csv(text: str, *, codes: Collection[str]) -> list[Limit]:
    """The Class III limits of a CSV the bureau supplies: header line ``代码,项目,Ⅲ类限值`` (any header is
    skipped), then one item a line: the item code as the monthly results use it (one of ``codes``), the
    standard's name, and the limit in the unit of the results (mg/L; pH dimensionless) — a number for an
    upper limit, or ``lower~upper`` (also ``lower-upper``) for a range. Blank lines are skipped.

    A ValueError names the first bad line (header = line 1) and why; a file with no item is refused."""
    limits: list[Limit] = []
    seen: set[str] = set()
    for line, row in enumerate(csv.reader(io.StringIO(text.lstrip("\ufeff"))), 1):
        if line == 1 or not any(cell.strip() for cell in row):
            continue
        if len(row) < 3:
            raise ValueError(f"line {line}: expected {HEADER}")
        code, name, limit_text = (unicodedata.normalize("NFKC", cell).strip() for cell in row[:3])
        if code not in codes:
            raise ValueError(f"line {line}: {code!r} is not an item code of the monthly results (e.g. nh3_n)")
        if code in seen:
            raise ValueError(f"line {line}: item {code} repeats")
        if not name:
            raise ValueError(f"line {line}: the item's name is missing")
        lower, upper = _limit(limit_text, line)
        seen.add(code)
        limits.append(Limit(code, name, upper, lower))
    if not limits:
        raise ValueError(f"no item: expected {HEADER} and one item a line")
    return limits


def _limit(text: str, line: int) -> tuple[Decimal | None, Decimal]:
    number = _number(text)
    if number is not None:
        if number <= 0:
            raise ValueError(f"line {line}: the limit must be above 0")
        return None, number
    separator = "~" if "~" in text else "-"
    lower_text, found, upper_text = text.partition(separator)
    lower, upper = _number(lower_text), _number(upper_text)
    if not found or lower is None or upper is None:
        raise ValueError(f"line {line}: the limit must be a number or a range such as 6.5~8.5")
    if not 0 <= lower < upper:
        raise ValueError(f"line {line}: a range needs 0 ≤ lower < upper")
    return lower, upper


def _number(text: str) -> Decimal | None:
    try:
        number = Decimal(text.strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def groundwater_compliance(
    sample: Mapping[str, gb3838.Number | gb3838.Measurement | None],
    limits: Iterable[Limit],
    rules: gb3838.Rules = gb3838.RULES,
) -> gb3838.SourceResult:
    """达标 of a groundwater source's sample: every measured item with a limit meets it. ``complies`` is None
    when no item with a limit was measured; ``failing`` lists the items missed in the order of ``limits``;
    there is no GB 3838 class (``basic_class`` None)."""
    failing: list[gb3838.Pollutant] = []
    measured = False
    for limit in limits:
        value = sample.get(limit.code)
        if value is None:
            continue
        measured = True
        number = gb3838.to_decimal(value, rules)
        if not limit.meets(number):
            failing.append(gb3838.Pollutant(limit.code, limit.name, None, limit.multiple(number)))
    return gb3838.SourceResult(not failing if measured else None, None, tuple(failing))


# The limits in force: empty until the site installs the bureau's file (WaterConfig, at start).
LIMITS: dict[str, Limit] = {}


def configure(limits: Iterable[Limit]) -> None:
    """Install the limits in force (replacing any before); an empty iterable means not configured."""
    LIMITS.clear()
    LIMITS.update((limit.code, limit) for limit in limits)


def configured() -> bool:
    return bool(LIMITS)
