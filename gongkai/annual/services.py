"""Every change to a year's report: generating it from the records, staff editing its narrative, and
handing it to 主动公开 review. Each in a transaction with an audit record."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.annual import collect as collecting
from gongkai.annual import format as fmt
from gongkai.annual import narrative, render
from gongkai.annual.models import FeeFigure, Report
from gongkai.audit import services as audit
from gongkai.core import publishing
from gongkai.core.errors import DomainError, require
from gongkai.core.models import Organisation
from gongkai.core.texts import translated

# The 基本目录 row of the 年报 (the standard catalogue's "04 政府信息公开年报"); configurable.
DEFAULT_CATALOGUE_CODE = "04"
# Statuses of the 主动公开 document after which a new submission is no longer allowed.
OPEN_STATUSES = {"draft", "review", "approval", "scheduled", "published"}


def catalogue_code() -> str:
    return getattr(settings, "ANNUAL_REPORT_CATALOGUE_CODE", DEFAULT_CATALOGUE_CODE)


def _collect(year: int) -> collecting.Collected:
    try:
        collecting.check_year(year)
        return collecting.collect(year)
    except collecting.CollectError as error:
        raise DomainError(error.message, field="year") from None


@transaction.atomic
def generate(*, actor, year: int, redraft: bool = False) -> Report:
    """Compute the year's figures from the records and draft the narrative. Sections staff edited are
    kept unless `redraft`; a report already handed to review is not recomputed."""
    require(actor, "annual.change_report")
    collected = _collect(year)
    report = Report.objects.select_for_update().filter(year=year).first()
    if report is not None and submitted(report):
        raise DomainError(_("该年度报告已提交主动公开审核，不能重新计算；如需更正，请先撤回公开文件。"))
    drafted = narrative.draft(
        year=year,
        organisation=Organisation.current().name,
        facts=collected.facts,
        missing=collected.missing,
    )
    before = None
    if report is None:
        report = Report(year=year, sections=drafted, edited=[])
    else:
        before = {"figures": report.figures, "sections": report.sections}
        kept = [] if redraft else list(report.edited)
        report.sections = {
            key: report.sections.get(key, "") if key in kept else drafted[key] for key in drafted
        }
        report.edited = kept
    report.figures = fmt.to_json(collected.report)
    report.missing = collected.missing
    report.sources = collected.sources
    report.computed_at = timezone.now()
    report.updated_by = actor
    report.save()
    audit.record(
        actor=actor,
        action="annual.report.generate",
        target=report,
        before=before,
        after={"figures": report.figures, "missing": report.missing, "redraft": redraft},
    )
    return report


@transaction.atomic
def edit_sections(*, actor, report: Report, sections: dict[str, str]) -> Report:
    require(actor, "annual.change_report")
    report = Report.objects.select_for_update().get(pk=report.pk)
    if submitted(report):
        raise DomainError(_("该年度报告已提交主动公开审核，不能再修改；请在主动公开文件中修改。"))
    before = dict(report.sections)
    edited = set(report.edited)
    for key in narrative.SECTION_KEYS:
        if key in sections:
            text = "\n".join(narrative.paragraphs(sections[key]))
            if text != report.sections.get(key, ""):
                report.sections[key] = text
                edited.add(key)
    report.edited = sorted(edited, key=narrative.SECTION_KEYS.index)
    report.updated_by = actor
    report.save()
    audit.record(
        actor=actor, action="annual.report.edit", target=report, before=before, after=report.sections
    )
    return report


def failures(report: Report) -> list[str]:
    """Everything that stops publishing, each naming what to fix: every broken cross-check of the
    format (table, row, column, both figures) and every narrative section still holding a gap."""
    messages = [translated(failure.message) for failure in fmt.cross_checks(fmt.from_json(report.figures))]
    index = dict(zip(narrative.SECTION_KEYS, fmt.SECTION_TITLES, strict=True))
    messages += [
        _("“%(title)s”中还有待补充的内容（%(mark)s…】）。")
        % {"title": index[key], "mark": narrative.GAP_MARK}
        for key in narrative.gaps(report.sections)
    ]
    return messages


def document_status(report: Report) -> publishing.DraftRef | None:
    return publishing.status(report.document_id) if report.document_id else None


def submitted(report: Report) -> bool:
    ref = document_status(report)
    return ref is not None and ref.status in OPEN_STATUSES


def published(report: Report) -> bool:
    ref = document_status(report)
    return ref is not None and ref.status == "published"


@transaction.atomic
def submit(*, actor, report: Report, today: date | None = None) -> publishing.DraftRef:
    """Hand the report to 主动公开 as a draft under the 年报 catalogue row, with the DOCX and PDF
    attached; it is published only through that review. Refused while any cross-check fails."""
    require(actor, "annual.publish_report")
    report = Report.objects.select_for_update().get(pk=report.pk)
    if submitted(report):
        raise DomainError(_("该年度报告已提交主动公开审核。"))
    problems = failures(report)
    if problems:
        raise DomainError(_("年度报告未通过校验，不能提交：") + "；".join(problems))
    title = render.document_title(report.year, Organisation.current().name)
    ref = publishing.draft(
        actor=actor,
        request=publishing.DraftRequest(
            catalogue_code=catalogue_code(),
            title=title,
            body_html=render.body_html(report),
            date_formed=today or timezone.localdate(),
            attachments=[(f"{title}.docx", render.docx(report)), (f"{title}.pdf", render.pdf(report))],
            source=f"annual.report:{report.year}",
        ),
    )
    report.document_id = ref.id
    report.submitted_at = timezone.now()
    report.updated_by = actor
    report.save(update_fields=["document_id", "submitted_at", "updated_by", "updated_at"])
    audit.record(actor=actor, action="annual.report.submit", target=report, after={"document": ref.id})
    return ref


@transaction.atomic
def enter_fees(*, actor, year: int, amount: Decimal, items: str = "") -> FeeFigure:
    """Staff enter the year's 行政事业性收费 (万元) for Table 二 第（八）项; the year's report, if drafted and
    not yet handed to review, is recomputed so the table shows the figure as entered."""
    require(actor, "annual.change_report")
    if amount < 0:
        raise DomainError(_("收费金额不能为负数。"), field="amount")
    report = Report.objects.select_for_update().filter(year=year).first()
    if report is not None and submitted(report):
        raise DomainError(_("该年度报告已提交主动公开审核，不能再修改收费金额。"))
    figure = FeeFigure.objects.select_for_update().filter(year=year).first()
    before = None if figure is None else {"amount": str(figure.amount), "items": figure.items}
    if figure is None:
        figure = FeeFigure(year=year)
    figure.amount, figure.items, figure.entered_by = amount, items.strip(), actor
    figure.save()
    audit.record(
        actor=actor,
        action="annual.fees.enter",
        target=figure,
        before=before,
        after={"amount": str(figure.amount), "items": figure.items},
    )
    if report is not None:
        generate(actor=actor, year=year)
    return figure
