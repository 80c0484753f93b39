"""Every change to water results: one function per business action, in a transaction, with its audit record.

Files are read by intake's one reader (CSV in UTF-8/GBK or XLSX, lines as Excel shows them); uploads run as
the intake importer ``water.monthly`` (water/intake.py). The rules stay in gb3838.py and the
published-state rule stays here."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from gongkai.audit import services as audit
from gongkai.core import publishing
from gongkai.core.errors import DomainError, require
from gongkai.core.listing import export_response
from gongkai.core.models import Organisation
from gongkai.intake import spreadsheet
from gongkai.intake.services import sheet_message
from gongkai.water import gb3838
from gongkai.water.models import Bulletin, MonthlyResult, ResultCorrection, Section, SourceMonth

SECTION_COLUMNS = ("section", "断面编码")
# Lakes and reservoirs: the trophic-state parameters besides TP, TN and CODMn (gb3838.trophic_level_index):
# chlorophyll a in mg/m³, transparency (Secchi depth) in m. Stored with the results, not in the class.
TLI_COLUMNS = {"chla": "chla", "叶绿素a": "chla", "叶绿素": "chla", "sd": "sd", "透明度": "sd"}
IGNORED_COLUMNS = ("section_name", "断面名称", "name")
# Optional: the month's withdrawal (取水量) of the drinking-water source the section represents, in 万m³ (as
# SourceMonth), for 取水量达标率. Column names compared after NFKC, lower case, without spaces.
WITHDRAWAL_COLUMNS = (
    "withdrawal",
    "取水量",
    "月取水量",
    "取水量(万立方米)",
    "取水量(万m3)",
    "月取水量(万立方米)",
)
WITHDRAWAL_KEY = "withdrawal"  # its key in a row's values until store_monthly takes it out
WITHDRAWAL_MAX = Decimal("9999999999.99")  # SourceMonth.withdrawal: 12 digits, 2 places
MAX_PROBLEMS = 50
SUMMARY = gettext_noop(
    "已导入：新增%(created)d条，修改%(updated)d条，更正%(corrected)d条，未变%(unchanged)d条。"
)


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


Problem = tuple[int, str, str]  # (line as Excel shows it, column, message)


def problem_text(problem: Problem) -> str:
    line, column, message = problem
    where = _("第%(line)d行：") % {"line": line}
    return f"{where}{column}：{message}" if column and column not in SECTION_COLUMNS else f"{where}{message}"


def monthly_rows(table: spreadsheet.Table) -> tuple[list[tuple[int, str, dict[str, str]]], list[Problem]]:
    """(line, section code, {item code: normalised value text}) per row, and the problems found."""
    header = list(table.headers)
    section_column = next((name for name in header if name in SECTION_COLUMNS), None)
    problems: list[Problem] = []
    if section_column is None:
        problems.append((1, "", _("缺少断面编码列（section 或 断面编码）。")))
    items: dict[str, str] = {}
    withdrawal_column = None
    for name in header:
        if name == section_column or name in IGNORED_COLUMNS:
            continue
        if _column_key(name) in WITHDRAWAL_COLUMNS:
            if withdrawal_column is not None:
                problems.append((1, "", _("项目“%(name)s”重复。") % {"name": name}))
            withdrawal_column = name
            continue
        if (tli := TLI_COLUMNS.get(unicodedata.normalize("NFKC", name).strip().lower())) is not None:
            if tli in items.values():
                problems.append((1, "", _("项目“%(name)s”重复。") % {"name": name}))
            else:
                items[name] = tli
            continue
        item = gb3838.item_by_name(name)
        if item is None:
            problems.append((1, "", _("无法识别的列“%(name)s”。") % {"name": name}))
        elif item.code in items.values():
            problems.append((1, "", _("项目“%(name)s”重复。") % {"name": name}))
        else:
            items[name] = item.code
    if problems:
        return [], problems
    rows: list[tuple[int, str, dict[str, str]]] = []
    seen: dict[str, int] = {}
    for row in table.rows:
        code = str(row.get(section_column) or "").strip()
        if not code:
            problems.append((row.line, section_column, _("断面编码为空。")))
            continue
        if code in seen:
            problems.append(
                (
                    row.line,
                    section_column,
                    _("断面“%(code)s”与第%(first)d行重复。") % {"code": code, "first": seen[code]},
                )
            )
            continue
        seen[code] = row.line
        values: dict[str, str] = {}
        for name, item_code in items.items():
            cell = row.get(name)
            try:
                measurement = gb3838.parse_measurement("" if cell is None else str(cell))
            except gb3838.BadValue as error:
                problems.append((row.line, name, error.reason + "。"))
                continue
            if measurement is not None:
                values[item_code] = str(measurement)
        if withdrawal_column is not None:
            cell = row.get(withdrawal_column)
            text = unicodedata.normalize("NFKC", "" if cell is None else str(cell)).strip().replace(",", "")
            if text:
                try:
                    volume = Decimal(text)
                    valid = (
                        volume.is_finite()
                        and 0 <= volume <= WITHDRAWAL_MAX
                        and -volume.as_tuple().exponent <= 2
                    )
                except InvalidOperation:
                    valid = False
                if valid:
                    values[WITHDRAWAL_KEY] = str(volume)
                else:
                    message = _("取水量“%(text)s”无效，应为不小于0、至多两位小数的数值（万立方米）。")
                    problems.append((row.line, withdrawal_column, message % {"text": text[:20]}))
        rows.append((row.line, code, values))
    if not rows and not problems:
        problems.append((1, "", _("文件中没有数据行。")))
    return rows, problems


def _column_key(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).lower().split())


def unknown_sections(rows) -> tuple[dict[str, Section], list[Problem]]:
    """The sections of the rows by code, and the problems: unknown codes, a withdrawal on a section that
    represents no drinking-water source, two sections of one source with different withdrawals."""
    sections = {s.code: s for s in Section.objects.filter(code__in=[code for _line, code, _values in rows])}
    problems = [
        (line, "", _("断面编码“%(code)s”不存在。") % {"code": code})
        for line, code, _values in rows
        if code not in sections
    ]
    volumes: dict[int, tuple[int, str]] = {}
    for line, code, values in rows:
        volume = values.get(WITHDRAWAL_KEY)
        if volume is None or code not in sections:
            continue
        source = sections[code].source_id
        if source is None:
            problems.append(
                (line, "", _("断面“%(code)s”不代表集中式饮用水水源地，不能填写取水量。") % {"code": code})
            )
        elif source in volumes and Decimal(volumes[source][1]) != Decimal(volume):
            problems.append(
                (line, "", _("同一水源地的取水量与第%(first)d行不一致。") % {"first": volumes[source][0]})
            )
        else:
            volumes.setdefault(source, (line, volume))
    return sections, problems


def read_monthly(filename: str, content: bytes) -> list[tuple[int, str, dict[str, str]]]:
    """The rows of a CSV (UTF-8/GBK) or XLSX file through intake's reader; ImportRejected on any problem."""
    try:
        table = spreadsheet.read_table(filename, content)
    except spreadsheet.SheetError as error:
        raise ImportRejected([sheet_message(error)]) from None
    rows, problems = monthly_rows(table)
    if problems:
        raise ImportRejected([problem_text(problem) for problem in problems])
    return rows


def evaluation_of(section: Section, values: dict[str, str]) -> gb3838.Evaluation:
    sample = {code: gb3838.parse_measurement(text) for code, text in values.items() if code in gb3838.ITEMS}
    return gb3838.evaluate(sample, section.body, target_class=gb3838.WaterClass(section.target_class))


def import_monthly(
    *, actor, month: date, content: bytes, reason: str = "", filename: str = "monthly.csv"
) -> ImportSummary:
    """Store a month's results from a file (断面编码 + item columns), all rows or none. A result not yet
    published is replaced; a published one changes only with a reason, as a correction record."""
    return store_monthly(actor=actor, month=month, rows=read_monthly(filename, content), reason=reason)


@transaction.atomic
def store_monthly(*, actor, month: date, rows, reason: str = "") -> ImportSummary:
    """Store checked rows (see `monthly_rows`); ImportRejected when a section code is unknown."""
    month = month.replace(day=1)
    sections, problems = unknown_sections(rows)
    if problems:
        raise ImportRejected([problem_text(problem) for problem in problems])
    withdrawals = {
        sections[code].source_id: Decimal(values[WITHDRAWAL_KEY])
        for _line, code, values in rows
        if WITHDRAWAL_KEY in values
    }
    rows = [
        (line, code, {key: value for key, value in values.items() if key != WITHDRAWAL_KEY})
        for line, code, values in rows
    ]
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
    _store_withdrawals(actor, month, withdrawals)
    return summary


def _store_withdrawals(actor, month: date, withdrawals: dict[int, Decimal]) -> None:
    """The withdrawal column of a results file: each source's SourceMonth row for the month, created or
    changed (audited as water.source_month.import); the same value again changes nothing."""
    existing = {
        row.source_id: row
        for row in SourceMonth.objects.select_for_update().filter(month=month, source_id__in=withdrawals)
    }
    for source, volume in withdrawals.items():
        row = existing.get(source)
        if row is not None and row.withdrawal == volume:
            continue
        before = None if row is None else {"withdrawal": str(row.withdrawal)}
        if row is None:
            row = SourceMonth.objects.create(source_id=source, month=month, withdrawal=volume)
        else:
            row.withdrawal = volume
            row.save(update_fields=["withdrawal"])
        audit.record(
            actor=actor,
            action="water.source_month.import",
            target=row,
            before=before,
            after={"source": source, "month": month.isoformat(), "withdrawal": str(volume)},
        )


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
    publishing.announce(month_announcement(month, now))  # the unified feed and its new-media texts
    return len(pending)


# ------------------------------------------------------------------------------------------------------
# The monthly bulletin: drafted when the month is complete, reviewed, handed to 主动公开 (core.publishing).

# The 基本目录 row of the bulletin. No confirmed row for 环境质量信息 exists (shared/domain/regulations.md
# marks it [U]); the default is the standard catalogue's 03.05 统计信息 (“环境质量状况公报”).
DEFAULT_BULLETIN_CATALOGUE_CODE = "03.05"


def bulletin_catalogue_code() -> str:
    return getattr(settings, "WATER_BULLETIN_CATALOGUE_CODE", DEFAULT_BULLETIN_CATALOGUE_CODE)


def month_complete(month: date) -> bool:
    """Every section in use has a published result for the month (and there is at least one)."""
    active = set(Section.objects.filter(is_active=True).values_list("pk", flat=True))
    done = set(
        MonthlyResult.objects.published()
        .filter(month=month, section__in=active)
        .values_list("section", flat=True)
    )
    return bool(active) and active <= done


def bulletin_title(month: date) -> str:
    return _("%(organisation)s%(year)d年%(month)d月地表水环境质量月报") % {
        "organisation": Organisation.current().name,
        "year": month.year,
        "month": month.month,
    }


@transaction.atomic
def draft_bulletin(*, actor, month: date) -> Bulletin:
    """Draft (or redraft, while not yet submitted) the month's bulletin from its published results."""
    from gongkai.water import bulletin as reading

    month = month.replace(day=1)
    if not month_complete(month):
        raise DomainError(
            _("%(month)s的断面结果尚未全部发布，不能生成月报。") % {"month": f"{month:%Y年%m月}"}
        )
    existing = Bulletin.objects.select_for_update().filter(month=month).first()
    if existing and existing.document_id:
        raise DomainError(_("该月报已提交主动公开审核，不能重新生成。"))
    context = {"month": month, **reading.bulletin(month)}
    fields = {
        "title": bulletin_title(month),
        "body_html": render_to_string("water/bulletin_document.html", context),
    }
    if existing:
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.save()
        bulletin = existing
    else:
        bulletin = Bulletin.objects.create(month=month, **fields)
    audit.record(
        actor=actor, action="water.bulletin_draft", target=bulletin, after={"month": month.isoformat()}
    )
    return bulletin


def draft_due_bulletins() -> list[Bulletin]:
    """The worker's periodic task: a draft for every complete published month that has none yet."""
    drafted = []
    months = MonthlyResult.objects.published().values_list("month", flat=True).distinct()
    have = set(Bulletin.objects.values_list("month", flat=True))
    for month in sorted(set(months) - have):
        if month_complete(month):
            drafted.append(draft_bulletin(actor=None, month=month))
    return drafted


@transaction.atomic
def submit_bulletin(*, actor, bulletin: Bulletin) -> publishing.DraftRef:
    """After the staff review: hand the bulletin to 主动公开 as a draft document (with the section table as
    XLSX); it is published only through that review."""
    from gongkai.water import queries

    require(actor, "water.submit_bulletin")
    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    if bulletin.document_id:
        raise DomainError(_("该月报已提交主动公开审核。"))
    table = export_response(
        fmt="xlsx",
        filename="water",
        headers=queries.MONTHLY_HEADERS,
        rows=queries.monthly_rows(queries.monthly_results(bulletin.month)),
    ).content
    ref = publishing.draft(
        actor=actor,
        request=publishing.DraftRequest(
            catalogue_code=bulletin_catalogue_code(),
            title=bulletin.title,
            body_html=bulletin.body_html,
            date_formed=timezone.localdate(),
            attachments=[(f"{bulletin.title}.xlsx", table)],
            source=f"water.bulletin:{bulletin.month:%Y-%m}",
        ),
    )
    bulletin.document_id = ref.id
    bulletin.submitted_at = timezone.now()
    bulletin.submitted_by = actor
    bulletin.save(update_fields=["document_id", "submitted_at", "submitted_by"])
    audit.record(actor=actor, action="water.bulletin_submit", target=bulletin, after={"document": ref.id})
    return ref


def month_announcement(month: date, published_at) -> publishing.Announcement:
    """The month's published results as a feed entry: one row per section (class, target, pollutants)."""
    from html import escape

    from django.urls import reverse

    rows = []
    results = MonthlyResult.objects.published().filter(month=month).select_related("section")
    for result in results.order_by("section__code"):
        label = gb3838.WaterClass(result.water_class).label if result.water_class else "—"
        target = {True: "达标", False: "未达标", None: "—"}[result.meets_target]
        rows.append(
            f"<tr><td>{escape(result.section.water_name)}</td><td>{escape(result.section.name)}</td>"
            f"<td>{label}</td><td>{target}</td><td>{escape(result.main_pollutants or '—')}</td></tr>"
        )
    title = f"{month:%Y年%m月}地表水环境质量状况"
    table = (
        "<table><tr><th>河流或湖库</th><th>断面</th><th>水质类别</th><th>目标</th><th>主要污染指标</th></tr>"
        + "".join(rows)
        + "</table>"
    )
    return publishing.Announcement(
        source="water",
        key=f"water.month:{month:%Y-%m}",
        title=title,
        body_html=f"<p>{title}如下（{len(rows)}个断面）。</p>{table}",
        link=f"{reverse('water:monthly')}?month={month:%Y-%m}",
        published_at=published_at,
    )
