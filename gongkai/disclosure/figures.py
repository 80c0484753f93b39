"""Annual-report table 二, block 第二十条第（一）项 (国办公开办函〔2021〕30号): for 规章 and
行政规范性文件, 本年制发件数 · 本年废止件数 · 现行有效件数.

Pure: no Django. Rules chosen here (see also gongkai/disclosure/README.md):
- issued in a year: the date formed (成文日期) falls in it;
- repealed in a year: the document is 废止 or 失效 and its 失效/废止日期 falls in it (失效 is counted
  with 废止, so that the table adds up from year to year); a 有效 document whose 有效期至 ran out has
  失效 the day after it;
- in force at the end of a year: formed on or before 31 December and not repealed or expired by then.
Hence in_force(Y) = in_force(Y−1) + issued(Y) − repealed(Y) for every year."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from gongkai.core.labelled import gettext_noop

# The rows of the block, in the format's order and wording.
ROWS = (("regulation", gettext_noop("规章")), ("normative", gettext_noop("行政规范性文件")))
CEASED = ("expired", "repealed")


@dataclass(frozen=True)
class NormativeRecord:
    doc_type: str
    date_formed: date
    validity: str
    ceased_on: date | None
    valid_until: date | None = None

    @property
    def ceases(self) -> date | None:
        """The first day the document is no longer in force."""
        if self.validity in CEASED:
            return self.ceased_on
        if self.valid_until is not None:
            return self.valid_until + timedelta(days=1)
        return None


@dataclass(frozen=True)
class Table2Row:
    label: str
    issued: int
    repealed: int
    in_force: int


def _ceased_by(record: NormativeRecord, day: date) -> bool:
    return record.ceases is not None and record.ceases <= day


def table2_rows(records: Iterable[NormativeRecord], year: int) -> list[Table2Row]:
    records = list(records)
    year_end = date(year, 12, 31)
    rows = []
    for doc_type, label in ROWS:
        own = [record for record in records if record.doc_type == doc_type]
        rows.append(
            Table2Row(
                label=label,
                issued=sum(1 for r in own if r.date_formed.year == year),
                repealed=sum(1 for r in own if r.ceases is not None and r.ceases.year == year),
                in_force=sum(1 for r in own if r.date_formed <= year_end and not _ceased_by(r, year_end)),
            )
        )
    return rows
