"""The audit trail as a declared list: the page, its CSV/XLSX export and /api/v1/lists/audit-records
share these columns and the filters of `filter_records`."""

from __future__ import annotations

import ipaddress
from datetime import date

from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from gongkai.audit.labels import ACTION_LABELS
from gongkai.audit.models import AuditRecord
from gongkai.audit.queries import actions_by
from gongkai.core.lists import EXPORT, HTML, Column, DeclaredList, Filter, register


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
                errors.append(gettext_now("日期“%(d)s”格式不正确，应为YYYY-MM-DD。") % {"d": raw})
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


HTML_ONLY = frozenset({HTML})
DATA_ONLY = frozenset({EXPORT, "api"})


def _records(request, params):
    return filter_records(params)[0]


def _changes(record: AuditRecord):
    if not (record.before or record.after):
        return ""
    before = (
        format_html("<p><strong>{}</strong></p><pre>{}</pre>", _("修改前"), record.before)
        if record.before
        else ""
    )
    after = (
        format_html("<p><strong>{}</strong></p><pre>{}</pre>", _("修改后"), record.after)
        if record.after
        else ""
    )
    return format_html("<details><summary>{}</summary>{}{}</details>", _("查看"), before, after)


def _seconds(at) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M:%S")


def _action_choices():
    return sorted((code, str(label)) for code, label in ACTION_LABELS.items())


def _target_types():
    types = AuditRecord.objects.order_by().values_list("target_type", flat=True).distinct()
    return [(t, t) for t in types if t]


RECORDS = register(
    DeclaredList(
        name="audit-records",
        source=_records,
        columns=(
            Column("seq", _("序号")),
            Column("created_at", _("时间"), html=_seconds),
            Column("actor_name", _("操作人")),
            Column("action", _("操作"), "action_label"),
            Column("target_type", _("对象类型"), only=DATA_ONLY),
            Column("target_id", _("对象编号"), only=DATA_ONLY),
            Column("target_repr", _("对象"), only=DATA_ONLY),
            Column("target", _("对象"), lambda r: f"{r.target_type} {r.target_repr}", only=HTML_ONLY),
            Column("changes", _("修改内容"), lambda r: r, html=_changes, only=HTML_ONLY),
            Column("before", _("修改前"), only=DATA_ONLY),
            Column("after", _("修改后"), only=DATA_ONLY),
            Column("ip", _("IP地址")),
            Column("hash", _("哈希"), only=DATA_ONLY),
        ),
        # Applied by filter_records (the source); declared here for the form.
        filters=(
            Filter("actor", _("操作人"), kind="search"),
            Filter("action", _("操作"), choices=_action_choices),
            Filter("target_type", _("对象类型"), choices=_target_types),
            Filter("since", _("起始日期"), kind="date"),
            Filter("until", _("截止日期"), kind="date"),
            Filter("q", _("内容或IP"), kind="search"),
        ),
        permission="audit.view_auditrecord",
        per_page=50,
        filename="audit",
        caption=_("审计日志"),
    )
)


def mine(user) -> DeclaredList:
    """The records of one's own actions (我的操作记录): every staff member may read them."""
    return RECORDS.variant(
        source=lambda request, params: filter_records(params, actions_by(user))[0],
        permission=None,
    )
