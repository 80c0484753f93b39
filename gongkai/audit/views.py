"""Browsing the audit trail (gongkai/audit/lists.py declares the list, its filters and export)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from gongkai.audit import lists
from gongkai.core.decorators import staff_view


def _context(request, title: str) -> dict:
    return {"title": title, "errors": lists.filter_records(request.GET)[1]}


@staff_view("audit.view_auditrecord")
def record_list(request):
    return lists.RECORDS.respond(request, "audit/list.html", _context(request, _("审计日志")))


@staff_view()
def my_records(request):
    return lists.mine(request.user).respond(request, "audit/list.html", _context(request, _("我的操作记录")))
