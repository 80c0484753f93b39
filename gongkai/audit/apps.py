from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "gongkai.audit"
    label = "audit"
    verbose_name = _("审计日志")
    # Read by gongkai/cli.py: the click groups this app adds to the `gongkai` command.
    cli_groups = {"audit": "gongkai.audit.cli:audit"}

    def ready(self) -> None:
        from gongkai.audit import signals  # noqa: F401  (login/logout records)
        from gongkai.audit.cards import CARDS
        from gongkai.core import dashboard, menu

        menu.register(
            menu.MenuEntry(_("系统管理"), _("审计日志"), "audit:list", "audit.view_auditrecord", 920)
        )
        menu.register(
            menu.MenuEntry(_("个人"), _("我的操作记录"), "audit:mine", "core.access_staff_console", 1010)
        )
        for card in CARDS:
            dashboard.register(card)
