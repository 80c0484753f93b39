"""Every change to water results: one function per business action, in a transaction, with its audit record.

Thin on purpose: the shared intake block (issue 6) will replace the CSV reading here; the rules stay in
gb3838.py and the published-state rule stays here."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.audit import services as audit
from gongkai.core.errors import DomainError
from gongkai.water import gb3838
from gongkai.water.models import MonthlyResult, ResultCorrection, Section

SECTION_COLUMNS = ("section", "断面编码")
IGNORED_COLUMNS = ("section_name", "断面名称", "name")
MAX_PROBLEMS = 50


class ImportRejected(DomainError):
    """The file was refused as a whole; ``problems`` name each bad line (the header is line 1)."""

    def __init__(self, problems: list[str]):
        super().__init__(_("文件有错误，未导入任何数据。"))
        self.problems = problems[:MAX_PROBLEMS]
        self.total = len(problems)


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    corrected: int = 0
    unchanged: int = 0
    sections: list[str] = field(default_factory=list)


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportRejected([_("文件编码无法识别，请保存为 UTF-8 编码的 CSV 文件。")])


def read_monthly_csv(content: bytes) -> list[tuple[int, str, dict[str, str]]]:
    """(line, section code, {item code: normalised value text}) per row; ImportRejected on any problem."""
    reader = csv.reader(io.StringIO(_decode(content), newline=""))
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise ImportRejected([_("文件为空：第1行应为表头。")]) from None
    except csv.Error as error:
        raise ImportRejected([_("第1行：CSV 格式错误（%(error)s）。") % {"error": error}]) from error
    section_column = next((i for i, name in enumerate(header) if name in SECTION_COLUMNS), None)
    problems: list[str] = []
    if section_column is None:
        problems.append(_("第1行：缺少断面编码列（section 或 断面编码）。"))
    items: dict[int, str] = {}
    for index, name in enumerate(header):
        if index == section_column or name in IGNORED_COLUMNS:
            continue
        item = gb3838.item_by_name(name)
        if item is None:
            problems.append(_("第1行：无法识别的列“%(name)s”。") % {"name": name})
        elif item.code in items.values():
            problems.append(_("第1行：项目“%(name)s”重复。") % {"name": name})
        else:
            items[index] = item.code
    if problems:
        raise ImportRejected(problems)
    rows: list[tuple[int, str, dict[str, str]]] = []
    seen: dict[str, int] = {}
    previous = reader.line_num
    try:
        for row in reader:
            line, previous = previous + 1, reader.line_num
            if not row or all(not cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                problems.append(
                    _("第%(line)d行：有%(got)d列，表头有%(want)d列。")
                    % {"line": line, "got": len(row), "want": len(header)}
                )
                continue
            code = row[section_column].strip()
            if not code:
                problems.append(_("第%(line)d行：断面编码为空。") % {"line": line})
                continue
            if code in seen:
                problems.append(
                    _("第%(line)d行：断面“%(code)s”与第%(first)d行重复。")
                    % {"line": line, "code": code, "first": seen[code]}
                )
                continue
            seen[code] = line
            values: dict[str, str] = {}
            for index, item_code in items.items():
                try:
                    measurement = gb3838.parse_measurement(row[index])
                except gb3838.BadValue as error:
                    problems.append(
                        _("第%(line)d行：%(column)s：%(reason)s。")
                        % {"line": line, "column": header[index], "reason": error.reason}
                    )
                    continue
                if measurement is not None:
                    values[item_code] = str(measurement)
            rows.append((line, code, values))
    except csv.Error as error:
        problems.append(
            _("第%(line)d行：CSV 格式错误（%(error)s）。") % {"line": reader.line_num, "error": error}
        )
    if problems:
        raise ImportRejected(problems)
    if not rows:
        raise ImportRejected([_("文件中没有数据行。")])
    return rows


def evaluation_of(section: Section, values: dict[str, str]) -> gb3838.Evaluation:
    sample = {code: gb3838.parse_measurement(text) for code, text in values.items() if code in gb3838.ITEMS}
    return gb3838.evaluate(sample, section.body, target_class=gb3838.WaterClass(section.target_class))


@transaction.atomic
def import_monthly(*, actor, month: date, content: bytes, reason: str = "") -> ImportSummary:
    """Store a month's results from a CSV file (断面编码 + item columns), all rows or none. A result not yet
    published is replaced; a published one changes only with a reason, as a correction record."""
    month = month.replace(day=1)
    rows = read_monthly_csv(content)
    sections = {s.code: s for s in Section.objects.filter(code__in=[code for _line, code, _values in rows])}
    problems = [
        _("第%(line)d行：断面编码“%(code)s”不存在。") % {"line": line, "code": code}
        for line, code, _values in rows
        if code not in sections
    ]
    if problems:
        raise ImportRejected(problems)
    existing = {
        r.section_id: r
        for r in MonthlyResult.objects.select_for_update().filter(month=month, section__in=sections.values())
    }
    reason = reason.strip()
    needs_reason = [
        code for _line, code, values in rows
        if (old := existing.get(sections[code].pk)) and old.published_at and old.values != values
    ]  # fmt: skip
    if needs_reason and not reason:
        raise DomainError(
            _("已发布的结果不能直接修改（%(codes)s）：请填写更正原因，修改将作为更正记录公开。")
            % {"codes": "、".join(needs_reason)},
            field="reason",
        )
    summary = ImportSummary()
    for _line, code, values in rows:
        section = sections[code]
        evaluation = evaluation_of(section, values)
        fields = {
            "values": values,
            "water_class": int(evaluation.water_class or 0),
            "main_pollutants": evaluation.main_pollutants_text("、"),
            "meets_target": evaluation.meets_target,
        }
        result = existing.get(section.pk)
        summary.sections.append(code)
        if result is None:
            result = MonthlyResult.objects.create(section=section, month=month, **fields)
            summary.created += 1
            audit.record(actor=actor, action="water.result_import", target=result, after=fields)
            continue
        if result.values == values:
            summary.unchanged += 1
            continue
        before = {name: getattr(result, name) for name in fields}
        for name, value in fields.items():
            setattr(result, name, value)
        result.save()
        if result.published_at:
            ResultCorrection.objects.create(
                result=result, actor=actor, reason=reason, before=before, after=fields
            )
            summary.corrected += 1
            audit.record(
                actor=actor,
                action="water.result_correct",
                target=result,
                before=before,
                after={**fields, "reason": reason},
            )
        else:
            summary.updated += 1
            audit.record(
                actor=actor, action="water.result_import", target=result, before=before, after=fields
            )
    return summary


@transaction.atomic
def publish_month(*, actor, month: date) -> int:
    """Publish every unpublished result of the month; from then on a change is a correction."""
    month = month.replace(day=1)
    pending = list(MonthlyResult.objects.select_for_update().filter(month=month, published_at__isnull=True))
    if not pending:
        raise DomainError(_("%(month)s没有待发布的结果。") % {"month": f"{month:%Y年%m月}"})
    now = timezone.now()
    MonthlyResult.objects.filter(pk__in=[r.pk for r in pending]).update(published_at=now)
    audit.record(
        actor=actor,
        action="water.month_publish",
        target=("water.MonthlyResult", month.isoformat(), f"{month:%Y-%m}"),
        after={"month": month.isoformat(), "results": len(pending)},
    )
    return len(pending)
