"""The intake importer ``licensing.disclosure_reports``: enterprises' disclosure reports from a staff
upload (CSV/XLSX, row by row: clean rows are stored, the others named by their Excel line) and the
scope of the enterprises' API tokens (api.py)."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from gongkai.core.errors import DomainError
from gongkai.licensing import services
from gongkai.licensing.models import DisclosureReport

IMPORTER = services.DISCLOSURE_IMPORTER
COLUMNS = ("year", "credit_code", "kind", "disclosed_on", "event", "event_date", "summary", "link")
REQUIRED = ("year", "credit_code", "kind", "disclosed_on")


def _date(value, field: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise DomainError(
            _("日期“%(value)s”无效，应为 YYYY-MM-DD。") % {"value": str(value)[:20]}, field=field
        ) from None


def report_fields(row) -> dict:
    """One row or JSON object → the keyword arguments of services.record_report."""
    for name in REQUIRED:
        if row.get(name) in (None, ""):
            raise DomainError(_("缺少“%(name)s”。") % {"name": name}, field=name)
    try:
        year = int(str(row.get("year")).strip())
    except ValueError:
        raise DomainError(_("年度应为数字。"), field="year") from None
    disclosed_on = _date(row.get("disclosed_on"), "disclosed_on")
    return {
        "year": year,
        "credit_code": str(row.get("credit_code") or "").strip(),
        "kind": str(row.get("kind") or "").strip(),
        "disclosed_on": disclosed_on,
        "event": str(row.get("event") or "").strip(),
        "event_date": _date(row.get("event_date"), "event_date"),
        "summary": str(row.get("summary") or "").strip()[:500],
        "link": str(row.get("link") or "").strip()[:200],
    }


def process_reports(ctx) -> str:
    table = ctx.table()
    missing = [name for name in REQUIRED if name not in table.headers]
    if missing:
        ctx.error(1, "", _("缺少列：%(columns)s。") % {"columns": ", ".join(missing)})
        return _("未导入：表头不完整。")
    stored = 0
    for done, row in enumerate(table.rows, start=1):

        def store(row=row):
            return services.record_report(
                actor=ctx.actor, channel=DisclosureReport.Channel.UPLOAD, **report_fields(row)
            )

        if ctx.apply_row(row.line, store):
            stored += 1
        ctx.progress(done)
    return _("已导入%(stored)d份报告。") % {"stored": stored}


OBLIGATIONS_IMPORTER = "licensing.obligations"
OBLIGATION_REQUIRED = ("year", "credit_code", "basis")


def obligation_fields(row) -> dict:
    """One row of the year's list → the keyword arguments of services.add_obligation. `basis` is the
    code (key_polluter …) or its Chinese label (重点排污单位 …)."""
    from gongkai.licensing.models import Obligation

    for name in OBLIGATION_REQUIRED:
        if row.get(name) in (None, ""):
            raise DomainError(_("缺少“%(name)s”。") % {"name": name}, field=name)
    try:
        year = int(str(row.get("year")).strip())
    except ValueError:
        raise DomainError(_("年度应为数字。"), field="year") from None
    basis = str(row.get("basis")).strip()
    labels = {str(label): value for value, label in Obligation.Basis.choices}
    basis = labels.get(basis, basis)
    if basis not in Obligation.Basis.values:
        raise DomainError(_("纳入依据“%(basis)s”无效。") % {"basis": basis[:30]}, field="basis")
    return {
        "year": year,
        "credit_code": str(row.get("credit_code") or "").strip(),
        "name": services.normalised(str(row.get("name") or "")[:200], "name"),
        "district": services.normalised(str(row.get("district") or "")[:50], "district"),
        "basis": basis,
    }


def process_obligations(ctx) -> str:
    table = ctx.table()
    missing = [name for name in OBLIGATION_REQUIRED if name not in table.headers]
    if missing:
        ctx.error(1, "", _("缺少列：%(columns)s。") % {"columns": ", ".join(missing)})
        return _("未导入：表头不完整。")
    stored = 0
    for done, row in enumerate(table.rows, start=1):

        def store(row=row):
            return services.add_obligation(actor=ctx.actor, **obligation_fields(row))

        if ctx.apply_row(row.line, store):
            stored += 1
        ctx.progress(done)
    return _("已纳入名单%(stored)d家企业。") % {"stored": stored}
