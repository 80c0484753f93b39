"""Tables 三 and 四 of the annual report (国办公开办函〔2021〕30号) computed from the cases, their
cross-checks, the XLSX export with the format's labels verbatim, and the public summary.

Counting rules (one year Y):
- 一 本年新收: applications received (收到申请之日) in Y. Online submissions count once registered; voided
  submissions never count.
- 二 上年结转: received before Y and not concluded before Y.
- 三 办理结果: concluded in Y (the reply's delivery date, or the closing date), by outcome.
- 四 结转下年度: received in or before Y and not concluded in or before Y.
  So 一 + 二 = 三（七） + 四 holds by construction; the cross-checks of `outcomes.py` verify it anyway.
- Table 四: appeals received (filed_on) in Y, with their result as it stood on 31 December of Y
  (decided later → 尚未审结), so a past year's table does not change afterwards.
- On-time rate (public page): replied cases concluded in Y whose reply date is on or before the due date."""

from __future__ import annotations

import io
from collections import Counter as Tally
from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from gongkai.applications import outcomes
from gongkai.applications.models import Appeal, Application, Status, applicant_column
from gongkai.applications.outcomes import (
    APPLICANT_CATEGORIES,
    TABLE_FOUR_COLUMNS,
    TABLE_FOUR_TITLE,
    TABLE_THREE_NOTE,
    TABLE_THREE_RESULTS_HEADER,
    TABLE_THREE_ROWS,
    TABLE_THREE_TITLE,
    AppealResult,
    AppealRoute,
    ApplicantColumn,
    CountRow,
    OutcomeGroup,
    ReplyOutcome,
    TableThree,
)

APPLICANT_GROUP_LABEL = "申请人情况"
ORGANISATION_LABEL = "法人或其他组织"


def _bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _by_column(applications) -> dict[ApplicantColumn, int]:
    tally: Tally = Tally()
    for applicant_type, kind in applications.values_list("applicant_type", "organisation_kind"):
        tally[applicant_column(applicant_type, kind)] += 1
    return dict(tally)


def table_three(year: int) -> TableThree:
    first, last = _bounds(year)
    cases = Application.objects.received()
    not_concluded_before = Q(concluded_on=None) | Q(concluded_on__gte=first)
    not_concluded_by_end = Q(concluded_on=None) | Q(concluded_on__gt=last)
    concluded = cases.filter(
        concluded_on__gte=first, concluded_on__lte=last, status__in=[Status.REPLIED, Status.CLOSED]
    )
    per_outcome: dict[ReplyOutcome, Tally] = {outcome: Tally() for outcome in ReplyOutcome}
    for outcome, applicant_type, kind in concluded.values_list(
        "outcome", "applicant_type", "organisation_kind"
    ):
        per_outcome[ReplyOutcome(outcome)][applicant_column(applicant_type, kind)] += 1
    return outcomes.build_table_three(
        received=_by_column(cases.filter(received_on__gte=first, received_on__lte=last)),
        carried_over=_by_column(cases.filter(received_on__lt=first).filter(not_concluded_before)),
        outcomes={outcome: dict(counts) for outcome, counts in per_outcome.items()},
        carried_forward=_by_column(cases.filter(received_on__lte=last).filter(not_concluded_by_end)),
    )


def table_four(year: int) -> dict[tuple[AppealRoute, AppealResult], int]:
    first, last = _bounds(year)
    tally: Tally = Tally()
    for route, result, decided_on in Appeal.objects.filter(
        filed_on__gte=first, filed_on__lte=last
    ).values_list("route", "result", "decided_on"):
        as_of_end = result if decided_on is not None and decided_on <= last else AppealResult.PENDING.value
        tally[(AppealRoute(route), AppealResult(as_of_end))] += 1
    return outcomes.build_table_four(dict(tally))


def years_with_cases() -> list[int]:
    years = {day.year for day in Application.objects.received().dates("received_on", "year")}
    years |= {
        day.year
        for day in Application.objects.received().exclude(concluded_on=None).dates("concluded_on", "year")
    }
    return sorted(years, reverse=True)


# --- rendering -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True)
class Line:
    """One printed row of Table 三: its label cells (spans as printed) and its seven figures."""

    labels: tuple[Cell, ...]
    row: outcomes.TableThreeRow
    values: tuple[int, ...]


def table_three_layout(table: TableThree) -> list[Line]:
    """The rows of Table 三 with their label cells laid out over three label columns, as the format
    prints them: 三、本年度办理结果 spans its rows vertically, each group with sub-rows spans its own."""
    numeric = list(TABLE_THREE_ROWS)
    results = [row for row in numeric if isinstance(row, ReplyOutcome) or row is CountRow.OUTCOME_TOTAL]
    lines: list[Line] = []
    started_groups: set[OutcomeGroup] = set()
    for row in numeric:
        labels: list[Cell] = []
        if isinstance(row, CountRow) and row is not CountRow.OUTCOME_TOTAL:
            labels.append(Cell(row.row_label, colspan=3))
        else:
            if row is results[0]:
                labels.append(Cell(TABLE_THREE_RESULTS_HEADER, rowspan=len(results)))
            if isinstance(row, ReplyOutcome) and row.group.has_sub_rows:
                if row.group not in started_groups:
                    started_groups.add(row.group)
                    size = sum(1 for outcome in ReplyOutcome if outcome.group is row.group)
                    labels.append(Cell(row.group.row_label, rowspan=size))
                labels.append(Cell(row.row_label))
            else:
                labels.append(Cell(row.row_label, colspan=2))
        values = tuple(table.cell(row, column) for column in ApplicantColumn)
        lines.append(Line(tuple(labels), row, values))
    return lines


def table_three_json(year: int) -> dict:
    table = table_three(year)
    return {
        "year": year,
        "title": TABLE_THREE_TITLE,
        "columns": [
            {"code": column.value, "label": column.label, "group": column.parent_label}
            for column in ApplicantColumn
        ],
        "rows": [
            {
                "code": row.value,
                "label": row.row_label,
                "group": row.group.row_label if isinstance(row, ReplyOutcome) else None,
                "values": {column.value: table.cell(row, column) for column in ApplicantColumn},
            }
            for row in TABLE_THREE_ROWS
        ],
        "cross_checks": {
            "ok": not table.violations,
            "violations": [violation.message for violation in table.violations],
        },
    }


_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)


def _put(
    sheet, row: int, column: int, value, *, rowspan: int = 1, colspan: int = 1, align=_CENTER, bold=False
):
    cell = sheet.cell(row=row, column=column, value=value)
    cell.alignment, cell.border = align, _BORDER
    if bold:
        cell.font = Font(bold=True)
    if rowspan > 1 or colspan > 1:
        sheet.merge_cells(
            start_row=row, start_column=column, end_row=row + rowspan - 1, end_column=column + colspan - 1
        )
        for r in range(row, row + rowspan):
            for c in range(column, column + colspan):
                sheet.cell(row=r, column=c).border = _BORDER
    return cell


def _sheet_three(sheet, year: int, table: TableThree) -> None:
    sheet.title = "表三"
    _put(sheet, 1, 1, f"{TABLE_THREE_TITLE}（{year}年）", colspan=10, bold=True, align=_LEFT)
    _put(sheet, 2, 1, TABLE_THREE_NOTE, rowspan=3, colspan=3)
    _put(sheet, 2, 4, APPLICANT_GROUP_LABEL, colspan=7, bold=True)
    _put(sheet, 3, 4, ApplicantColumn.NATURAL_PERSON.label, rowspan=2)
    _put(sheet, 3, 5, ORGANISATION_LABEL, colspan=5)
    _put(sheet, 3, 10, ApplicantColumn.TOTAL.label, rowspan=2)
    for offset, column in enumerate(APPLICANT_CATEGORIES[1:]):
        _put(sheet, 4, 5 + offset, column.label)
    first = 5
    for index, line in enumerate(table_three_layout(table)):
        row = first + index
        # Label columns already covered by a vertical merge from an earlier row are skipped.
        column = 4 - sum(cell.colspan for cell in line.labels)
        for cell in line.labels:
            _put(sheet, row, column, cell.text, rowspan=cell.rowspan, colspan=cell.colspan, align=_LEFT)
            column += cell.colspan
        for offset, value in enumerate(line.values):
            _put(sheet, row, 4 + offset, value)
    for letter, width in zip("ABCDEFGHIJ", (14, 12, 46, 9, 9, 9, 11, 11, 9, 9), strict=True):
        sheet.column_dimensions[letter].width = width


def _sheet_four(sheet, year: int, cells: dict) -> None:
    sheet.title = "表四"
    _put(sheet, 1, 1, f"{TABLE_FOUR_TITLE}（{year}年）", colspan=15, bold=True, align=_LEFT)
    _put(sheet, 2, 1, AppealRoute.RECONSIDERATION.group, colspan=5, bold=True)
    _put(sheet, 2, 6, AppealRoute.LITIGATION_DIRECT.group, colspan=10, bold=True)
    for offset, result in enumerate(AppealResult):
        _put(sheet, 3, 1 + offset, result.label, rowspan=2)
    _put(sheet, 3, 6, AppealRoute.LITIGATION_DIRECT.label, colspan=5)
    _put(sheet, 3, 11, AppealRoute.LITIGATION_AFTER_RECONSIDERATION.label, colspan=5)
    for block in (6, 11):
        for offset, result in enumerate(AppealResult):
            _put(sheet, 4, block + offset, result.label)
    for offset, column in enumerate(TABLE_FOUR_COLUMNS):
        _put(sheet, 5, 1 + offset, cells[column])
    for index in range(1, 16):
        sheet.column_dimensions[get_column_letter(index)].width = 10


def statistics_xlsx(year: int) -> bytes:
    table = table_three(year)
    workbook = Workbook()
    _sheet_three(workbook.active, year, table)
    _sheet_four(workbook.create_sheet(), year, table_four(year))
    checks = workbook.create_sheet("勾稽关系校验")
    checks.append(["校验项", "结果"])
    violated = {violation.check for violation in table.violations}
    for check in outcomes.CrossCheck:
        checks.append([check.label, "不通过" if check in violated else "通过"])
    for violation in table.violations:
        checks.append([violation.check.label, violation.message])
    checks.column_dimensions["A"].width = 44
    checks.column_dimensions["B"].width = 60
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- the public summary ---------------------------------------------------------------------------


@dataclass(frozen=True)
class YearSummary:
    year: int
    received: int
    concluded: int
    by_group: tuple[tuple[str, int], ...]
    replied: int
    on_time: int

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.replied if self.replied else None


def year_summary(year: int) -> YearSummary:
    table = table_three(year)
    total = ApplicantColumn.TOTAL
    by_group = []
    for group in OutcomeGroup:
        count = sum(table.cell(outcome, total) for outcome in ReplyOutcome if outcome.group is group)
        by_group.append((group.label, count))
    first, last = _bounds(year)
    replied = Application.objects.received().filter(
        status=Status.REPLIED, concluded_on__gte=first, concluded_on__lte=last
    )
    with_due = replied.exclude(due_on=None)
    on_time = sum(
        1 for concluded_on, due_on in with_due.values_list("concluded_on", "due_on") if concluded_on <= due_on
    )
    return YearSummary(
        year=year,
        received=table.cell(CountRow.RECEIVED, total),
        concluded=table.cell(CountRow.OUTCOME_TOTAL, total),
        by_group=tuple(by_group),
        replied=replied.count(),  # every replied case counts, with or without a (final) due date
        on_time=on_time,
    )
