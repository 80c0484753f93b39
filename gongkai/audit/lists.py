"""The audit trail as a declared list: the page, its CSV/XLSX export and /api/v1/lists/audit-records
share these columns and the filters of `filter_records`."""

from __future__ import annotations

import ipaddress
from datetime import date

from django.apps import apps
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.audit import display, labels, personal
from gongkai.audit.labels import ACTION_LABELS
from gongkai.audit.masking import mask_json_text
from gongkai.audit.models import AuditRecord, actor_display
from gongkai.audit.queries import actions_by
from gongkai.core.lists import EXPORT, HTML, Column, DeclaredList, Filter, register
from gongkai.privacy.scanner import scan_text


def _parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def filter_records(params, records=None, *, masked: bool = False):
    """Filters shared by the page and its export: actor, action, object type, dates, text. A reader
    who sees snapshots masked cannot search them for personal data (an ID number typed into the
    search box would otherwise tell whose records exist)."""
    records = AuditRecord.objects.all() if records is None else records
    errors = []
    if actor := params.get("actor", "").strip():
        records = records.filter(actor_name__icontains=actor)
    if action := params.get("action", "").strip():
        records = records.filter(action__startswith=action)
    if target_type := params.get("target_type", "").strip():
        records = records.filter(target_type=target_type)
    kind = params.get("kind", "").strip()
    if kind == "auth":
        records = records.filter(action__startswith=labels.AUTH_PREFIX)
    elif kind == "work":
        records = records.exclude(action__startswith=labels.AUTH_PREFIX)
    elif kind == "export":
        records = records.filter(Q(action__contains="export") | Q(target_type="list"))
    if target := params.get("target", "").strip():
        records = records.filter(Q(target_repr__icontains=target) | Q(target_id=target))
    for name, lookup in (("since", "created_at__date__gte"), ("until", "created_at__date__lte")):
        if raw := params.get(name, "").strip():
            parsed = _parse_date(raw)
            if parsed is None:
                errors.append(gettext("日期“%(d)s”格式不正确，应为YYYY-MM-DD。") % {"d": raw})
            else:
                records = records.filter(**{lookup: parsed})
    if text := params.get("q", "").strip():
        matches = Q(target_repr__icontains=text)
        if not (masked and scan_text(text)):
            matches |= Q(before__icontains=text) | Q(after__icontains=text)
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


def _masked(text: str) -> str:
    return mask_json_text(text, personal.PERSONAL_KEYS)


def _changes(record: AuditRecord, *, masked: bool = False):
    """The expandable cell: the field-by-field table, the stored JSON only behind "原始数据"."""
    if not (record.before or record.after):
        return ""
    before, after = display.raw_json(record, masked=masked)
    return render_to_string(
        "audit/changes.html",
        {"rows": display.field_changes(record, masked=masked), "before": before, "after": after},
    )


def _target(record: AuditRecord) -> str:
    kind = record.target_label
    if kind and record.target_repr:
        return gettext("%(kind)s：%(name)s") % {"kind": kind, "name": record.target_display}
    return kind or record.target_display


def _seconds(at) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M:%S")


def _action_choices():
    """The actions recorded so far and those apps registered, by Chinese name, grouped by app."""
    stored = AuditRecord.objects.order_by().values_list("action", flat=True).distinct()
    named: dict[str, str] = {code: str(label) for code, label in ACTION_LABELS.items()}
    for code in stored:
        named.setdefault(code, labels.label_for(code))
    groups: dict[str, list[tuple[str, str]]] = {}
    for code, label in named.items():
        groups.setdefault(_group(code), []).append((code, label))
    return [
        (group, sorted(options, key=lambda option: option[1]))
        for group, options in sorted(groups.items(), key=lambda item: item[0])
    ]


def _group(action: str) -> str:
    prefix = action.split(".", 1)[0]
    if action.startswith(labels.AUTH_PREFIX) or prefix in {"user", "keys"}:
        return gettext("账号与安全")
    try:
        return str(apps.get_app_config(prefix).verbose_name)
    except LookupError:
        return gettext("平台基础")


def _target_types():
    types = AuditRecord.objects.order_by().values_list("target_type", flat=True).distinct()
    return sorted(((t, labels.target_label(t)) for t in types if t), key=lambda option: option[1])


KIND_CHOICES = (
    ("auth", _("登录、退出与登录失败")),
    ("work", _("业务操作（不含登录与退出）")),
    ("export", _("导出与数据读取")),
)


def _records_masked(request, params):
    return filter_records(params, masked=True)[0]


def _columns(*, masked: bool) -> tuple[Column, ...]:
    shown = _masked if masked else (lambda text: text)
    return (
        Column("seq", _("序号")),
        Column("created_at", _("时间"), html=_seconds),
        Column("actor_name", _("操作人"), html=actor_display),
        Column("action", _("操作"), "action_label"),
        Column("target_type", _("对象类型"), export=labels.target_label, only=DATA_ONLY),
        Column("target_id", _("对象编号"), only=DATA_ONLY),
        Column("target_repr", _("对象"), only=DATA_ONLY),
        Column("target", _("对象"), _target, only=HTML_ONLY),
        Column(
            "changes", _("修改内容"), lambda r: r, html=lambda r: _changes(r, masked=masked), only=HTML_ONLY
        ),
        Column(
            "change_list",
            _("修改内容"),
            lambda r: display.changes_text(r, masked=masked),
            only=frozenset({EXPORT}),
        ),
        Column("before", _("修改前"), lambda r: shown(r.before), only=DATA_ONLY),
        Column("after", _("修改后"), lambda r: shown(r.after), only=DATA_ONLY),
        Column("ip", _("IP地址")),
        Column("hash", _("哈希"), only=DATA_ONLY),
        Column("action_code", _("操作代码"), "action", only=frozenset({EXPORT})),
        Column("target_type_code", _("对象类型代码"), "target_type", only=frozenset({EXPORT})),
    )


def _audience(user) -> DeclaredList:
    """Snapshots in full only for readers who see personal data elsewhere in the console."""
    return RECORDS_FULL if personal.sees_personal_data(user) else RECORDS


RECORDS = register(
    DeclaredList(
        name="audit-records",
        source=_records_masked,
        columns=_columns(masked=True),
        # Applied by filter_records (the source); declared here for the form.
        filters=(
            Filter("actor", _("操作人"), kind="search"),
            Filter("kind", _("类别"), choices=KIND_CHOICES),
            Filter("action", _("操作"), choices=_action_choices),
            Filter("target_type", _("对象类型"), choices=_target_types),
            Filter("target", _("对象名称或编号"), kind="search"),
            Filter("since", _("起始日期"), kind="date"),
            Filter("until", _("截止日期"), kind="date"),
            Filter("q", _("内容或IP"), kind="search"),
        ),
        permission="audit.view_auditrecord",
        per_page=50,
        filename="audit",
        caption=_("审计日志"),
        audience=_audience,
        # Taking the trail out of the console is itself recorded (GB/T 22239-2019 8.1.4.3).
        audit_reads="audit.export",
    )
)
RECORDS_FULL = RECORDS.variant(source=_records, columns=_columns(masked=False))


def mine(user) -> DeclaredList:
    """The records of one's own actions (我的操作记录): every staff member may read them."""
    full = personal.sees_personal_data(user)
    return RECORDS.for_user(user).variant(
        source=lambda request, params: filter_records(params, actions_by(user), masked=not full)[0],
        permission=None,
        audience=None,
    )
