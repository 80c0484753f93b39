from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnualConfig(AppConfig):
    name = "gongkai.annual"
    label = "annual"
    verbose_name = _("政府信息公开工作年度报告")
    urlconf = "gongkai.annual.urls"
    # Read by gongkai/cli.py: the commands this app adds to `gongkai`.
    cli_groups = {"annual-report": "gongkai.annual.cli:annual_report"}

    def ready(self) -> None:
        from gongkai.audit import labels
        from gongkai.core import dashboard, demo, menu, roles
        from gongkai.core.roles import Role

        roles.grant(Role.EDITOR, "annual.view_report", "annual.change_report", "annual.publish_report")
        roles.grant(Role.LEADER, "annual.view_report")
        roles.grant(Role.ADMINISTRATOR, "annual.view_report")
        menu.register(
            menu.MenuEntry(_("主动公开"), _("政府信息公开年报"), "annual:reports", "annual.view_report", 345)
        )
        for action, label in {
            "annual.report.generate": _("生成年度报告"),
            "annual.report.edit": _("修改年度报告正文"),
            "annual.report.submit": _("年度报告提交主动公开审核"),
            "annual.fees.enter": _("录入行政事业性收费金额"),
        }.items():
            labels.register(action, label)
        from gongkai.annual.cards import CARDS

        for card in CARDS:
            dashboard.register(card)
        demo.register(load_demo, late=True)

        from gongkai.annual.fees import CONTRIBUTOR
        from gongkai.core import yearly

        yearly.register(CONTRIBUTOR)


def load_demo() -> None:
    from gongkai.annual.demo import load

    load()
