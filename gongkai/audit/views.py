from __future__ import annotations

import ipaddress
from datetime import date

from django.db.models import Q
from django.shortcuts import render
from django.utils.translation import gettext as _

from gongkai.audit.labels import ACTION_LABELS, label_for
from gongkai.audit.models import AuditRecord
from gongkai.audit.queries import actions_by
from gongkai.core.decorators import staff_view
from gongkai.core.listing import EXPORT_FORMATS, export_response, paginate


def _parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def filter_records(params, records=None):
    """Filters shared by the page and its export: actor, action, object type, dates, text."""
    records = AuditRecord.objects.all() if records is None else records
    errors = []
    if actor := params.get("actor", "").strip():
        records = records.filter(actor_name__icontains=actor)
    if action := params.get("action", "").strip():
        records = records.filter(action__startswith=action)
    if target_type := params.get("target_type", "").strip():
        records = records.filter(target_type=target_type)
    for name, lookup in (("since", "created_at__date__gte"), ("until", "created_at__date__lte")):
        if raw := params.get(name, "").strip():
            parsed = _parse_date(raw)
            if parsed is None:
                errors.append(_("日期“%(d)s”格式不正确，应为YYYY-MM-DD。") % {"d": raw})
            else:
                records = records.filter(**{lookup: parsed})
    if text := params.get("q", "").strip():
        matches = Q(target_repr__icontains=text) | Q(before__icontains=text) | Q(after__icontains=text)
        if _looks_like_ip(text):
            matches |= Q(ip=text)
        records = records.filter(matches)
    return records.order_by("-seq"), errors


def _looks_like_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


HEADERS = [
    "序号",
    "时间",
    "操作人",
    "操作",
    "对象类型",
    "对象编号",
    "对象",
    "修改前",
    "修改后",
    "IP地址",
    "哈希",
]


def _render(request, records, template: str, title: str):
    records, errors = filter_records(request.GET, records)
    fmt = request.GET.get("export")
    if fmt in EXPORT_FORMATS:
        return export_response(
            fmt=fmt,
            filename="audit",
            headers=[_(header) for header in HEADERS],
            rows=(
                [
                    r.seq,
                    r.created_at,
                    r.actor_name,
                    label_for(r.action),
                    r.target_type,
                    r.target_id,
                    r.target_repr,
                    r.before,
                    r.after,
                    r.ip,
                    r.hash,
                ]
                for r in records.iterator()
            ),
        )
    page = paginate(request, records, per_page=50)
    return render(
        request,
        template,
        {
            "page": page,
            "errors": errors,
            "title": title,
            "actions": sorted((code, str(label)) for code, label in ACTION_LABELS.items()),
            "target_types": AuditRecord.objects.order_by().values_list("target_type", flat=True).distinct(),
        },
    )


@staff_view("audit.view_auditrecord")
def record_list(request):
    return _render(request, None, "audit/list.html", _("审计日志"))


@staff_view()
def my_records(request):
    return _render(request, actions_by(request.user), "audit/list.html", _("我的操作记录"))
