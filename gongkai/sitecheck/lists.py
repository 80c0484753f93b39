"""The findings of a scan as a declared list: table, CSV/XLSX export and API twin (core.lists)."""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.core.lists import Column, DeclaredList, Filter, Ordering, register
from gongkai.sitecheck import queries
from gongkai.sitecheck.models import Finding, Scan


def _source(request, params):
    scan_id = params.get("scan") or ""
    scan = Scan.objects.filter(pk=scan_id).first() if str(scan_id).isdigit() else queries.latest_scan()
    if scan is None:
        return Finding.objects.none()
    return Finding.objects.filter(scan=scan)


FINDINGS = register(
    DeclaredList(
        name="sitecheck-findings",
        source=_source,
        columns=(
            Column("severity", _("性质"), value=lambda f: f.get_severity_display()),
            Column("kind", _("问题类型"), value=lambda f: gettext(queries.kind_label(f.kind))),
            Column("title", _("问题")),
            Column("url", _("页面"), absolute=True),
            Column("department", _("责任科室")),
            Column("fix", _("整改要求")),
            Column("detail", _("详情"), only=frozenset({"export", "api"})),
        ),
        filters=(
            Filter("severity", _("性质"), choices=Finding.Severity.choices, lookup="severity"),
            Filter("q", _("关键词"), kind="search", search=("title", "url", "department")),
        ),
        orderings=(Ordering("severity", _("否决项在前"), ("-severity", "id")),),
        permission="sitecheck.view_scan",
        filename="sitecheck-findings",
    )
)
