from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WaterConfig(AppConfig):
    name = "gongkai.water"
    label = "water"
    verbose_name = _("地表水环境质量")
    # Read by gongkai/cli.py: the click groups this app adds to the `gongkai` command.
    cli_groups = {"water": "gongkai.water.cli:water"}

    def ready(self) -> None:
        from gongkai.audit import labels
        from gongkai.core import demo, menu
        from gongkai.core.roles import Role, grant

        grant(
            Role.DATA_OFFICER,
            "water.add_monthlyresult",
            "water.change_monthlyresult",
            "water.publish_monthlyresult",
        )
        # Administrators get no data import (separation of duties, as for air data).
        menu.register(
            menu.MenuEntry(
                _("地表水环境质量"), _("月度数据导入"), "water:staff_upload", "water.add_monthlyresult", 330
            )
        )
        menu.register_public_section(menu.PublicSection(_("地表水环境质量"), "water:monthly", 310))
        labels.register("water.result_import", _("导入地表水月度结果"))
        labels.register("water.result_correct", _("更正已发布的地表水结果"))
        labels.register("water.month_publish", _("发布地表水月度结果"))

        from gongkai.water.demo import load_demo

        demo.register(load_demo)
