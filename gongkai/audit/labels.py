"""Chinese names of audit actions, object types and snapshot fields, for people reading the trail.

Apps add the names of their actions with `register` (from their AppConfig.ready). An action nobody
registered is still named readably: a known verb in its code (create, update, publish, …) plus the
Chinese name of the object it acted on, read from Django itself (the model's verbose_name for an
"app.model" target type). Only what can be named neither way shows its code.

No import from gongkai.core (pyproject: audit-trail-below-core): the names come from Django's app
registry and from what apps register here."""

from __future__ import annotations

import re

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "auth.login": _("登录"),
    "auth.logout": _("退出登录"),
    "auth.login_failed": _("登录失败"),
    "auth.lockout_lift": _("解除登录锁定"),
    "auth.password_change": _("修改密码"),
    "user.create": _("创建用户"),
    "user.update": _("修改用户"),
    "user.roles": _("调整角色"),
    "user.reset_password": _("重置密码"),
    "organisation.update": _("修改机构信息"),
    "page.update": _("修改栏目页面"),
    "calendar.year.save": _("录入工作日历"),
    "calendar.year.delete": _("删除工作日历年份"),
    "demo.load": _("载入演示数据"),
    "keys.rotate": _("轮换数据加密密钥"),
    "audit.export": _("导出审计日志"),
}

# Sign-in events (登录、退出、登录失败、解除锁定): the "登录与退出" filter selects these.
AUTH_PREFIX = "auth."

# Object types that are not models (a (type, id, repr) target of `services.record`).
TARGET_LABELS = {
    "list": _("数据列表"),
    "core.user": _("用户"),
}

# Snapshot keys that are not model fields (reasons, export filters, …).
FIELD_LABELS = {
    "reason": _("理由"),
    "note": _("备注"),
    "comment": _("意见"),
    "opinion": _("意见"),
    "status": _("状态"),
    "roles": _("角色"),
    "output": _("导出形式"),
    "filters": _("筛选条件"),
    "count": _("数量"),
    "rows": _("行数"),
    "file": _("文件"),
    "filename": _("文件名"),
    "title": _("标题"),
    "name": _("名称"),
    "phone": _("电话"),
    "email": _("电子邮箱"),
    "address": _("地址"),
    "id_number": _("证件号码"),
    "year": _("年份"),
    "is_active": _("启用"),
}

# Verbs recognised in an action code ("disclosure.document.publish", "sources.enterprise_create").
VERBS = {
    "create": _("新建"),
    "add": _("新增"),
    "register": _("登记"),
    "save": _("保存"),
    "update": _("修改"),
    "change": _("修改"),
    "edit": _("修改"),
    "rename": _("更名"),
    "merge": _("合并"),
    "replace": _("替换"),
    "delete": _("删除"),
    "remove": _("删除"),
    "submit": _("提交"),
    "review": _("审查"),
    "approve": _("审批"),
    "reject": _("退回"),
    "return": _("退回"),
    "sign": _("签发"),
    "publish": _("发布"),
    "unpublish": _("撤销发布"),
    "withdraw": _("撤回"),
    "revoke": _("撤销"),
    "revoked": _("撤销"),
    "close": _("办结"),
    "import": _("导入"),
    "export": _("导出"),
    "upload": _("上传"),
    "draft": _("起草"),
    "assign": _("分派"),
    "transfer": _("转办"),
    "reply": _("答复"),
    "moderate": _("审核"),
    "confirm": _("确认"),
    "dismiss": _("排除"),
    "correct": _("更正"),
    "record": _("记录"),
    "issue": _("核发"),
    "login": _("登录"),
    "logout": _("退出登录"),
    "redact": _("遮盖"),
    "open": _("开启"),
    "start": _("启动"),
    "load": _("载入"),
}


EDIT = _("编辑%(name)s")
# "发布" + "公开文件" → "发布公开文件" (English: "Publish Published document").
VERB_OBJECT = _("%(verb)s%(name)s")


def register(action: str, label) -> None:
    ACTION_LABELS[action] = label


def register_target(target_type: str, label) -> None:
    """The Chinese name of an object type that is not a model (or whose model name is not apt)."""
    TARGET_LABELS[target_type] = label


def register_field(key: str, label) -> None:
    FIELD_LABELS[key] = label


def model_for(target_type: str):
    """The model class of an "app_label.model_name" target type, or None."""
    if target_type.count(".") != 1:
        return None
    try:
        return apps.get_model(target_type)
    except (LookupError, ValueError):
        return None


def target_label(target_type: str) -> str:
    """ "disclosure.document" → "政府信息" (the model's verbose_name); unknown types keep their code."""
    if not target_type:
        return ""
    if target_type in TARGET_LABELS:
        return str(TARGET_LABELS[target_type])
    model = model_for(target_type)
    return str(model._meta.verbose_name) if model is not None else target_type


def _noun_model(app_label: str, words: list[str]):
    """A model of `app_label` named by the words of an action ("permit_application" → PermitApplication)."""
    for size in range(len(words), 0, -1):
        for start in range(len(words) - size + 1):
            name = "".join(words[start : start + size])
            try:
                return apps.get_model(app_label, name)
            except LookupError:
                continue
    return None


def derived_label(action: str, target_type: str = "") -> str:
    """A readable name for an action nobody registered: its verb plus the object's Chinese name."""
    parts = re.split(r"[._]", action)
    verb = next((VERBS[word] for word in reversed(parts[1:]) if word in VERBS), None)
    model = model_for(target_type) if target_type else None
    if model is None and len(parts) > 1:
        model = _noun_model(parts[0], [word for word in parts[1:] if word not in VERBS])
    if verb is None:
        # An action named after its object alone ("sources.outlet"): the save of a record.
        return str(EDIT % {"name": model._meta.verbose_name}) if model is not None else ""
    if model is not None:
        return str(VERB_OBJECT % {"verb": verb, "name": model._meta.verbose_name})
    if target_type in TARGET_LABELS:
        return str(VERB_OBJECT % {"verb": verb, "name": TARGET_LABELS[target_type]})
    return str(verb)


def label_for(action: str, target_type: str = "") -> str:
    """The Chinese name of an action: registered, else derived, else (and only then) its code."""
    if action in ACTION_LABELS:
        return str(ACTION_LABELS[action])
    # A registered action with a suffix ("sources.outlet.create" of the reference-data registry).
    prefix, _dot, last = action.rpartition(".")
    if prefix in ACTION_LABELS and last in VERBS:
        return gettext("%(action)s（%(verb)s）") % {
            "action": ACTION_LABELS[prefix],
            "verb": VERBS[last],
        }
    return derived_label(action, target_type) or action


def field_label(target_type: str, key: str) -> str:
    """The Chinese name of a snapshot key: the model field's verbose_name, else a registered name."""
    model = model_for(target_type) if target_type else None
    if model is not None:
        try:
            field = model._meta.get_field(key)
        except FieldDoesNotExist:
            field = None
        if field is not None and getattr(field, "verbose_name", None):
            return str(field.verbose_name)
    if key in FIELD_LABELS:
        return str(FIELD_LABELS[key])
    return key


def field_choices(target_type: str, key: str) -> dict:
    """{stored value: Chinese name} of a model field with choices, else {}."""
    model = model_for(target_type) if target_type else None
    if model is None:
        return {}
    try:
        field = model._meta.get_field(key)
    except FieldDoesNotExist:
        return {}
    return {str(code): str(label) for code, label in (getattr(field, "flatchoices", None) or ())}
