"""Chinese names of audit actions for display. Apps add theirs with `register`."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "auth.login": _("登录"),
    "auth.logout": _("退出登录"),
    "auth.login_failed": _("登录失败"),
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
}


def register(action: str, label) -> None:
    ACTION_LABELS[action] = label


def label_for(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))
