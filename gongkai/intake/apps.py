from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "gongkai.intake"
    label = "intake"
    verbose_name = _("数据接入")

    def ready(self) -> None:
        from gongkai.audit import labels
        from gongkai.core import menu
        from gongkai.core.roles import Role, grant

        # Administrators manage every importer's tokens; a domain app grants its own data role
        # intake.view_apitoken so that it manages the tokens of its importers.
        grant(Role.ADMINISTRATOR, "intake.view_apitoken", "intake.change_apitoken")
        menu.register(
            menu.MenuEntry(_("数据接入"), _("接口令牌"), "intake:tokens", "intake.view_apitoken", 900)
        )
        labels.register("intake.token_create", _("创建数据接口令牌"))
        labels.register("intake.token_revoke", _("停用数据接口令牌"))
        labels.register("intake.job_start", _("上传数据导入文件"))
