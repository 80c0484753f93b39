from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SitecheckConfig(AppConfig):
    name = "gongkai.sitecheck"
    label = "sitecheck"
    verbose_name = _("网站自查")
    urlconf = "gongkai.sitecheck.urls"
    # Read by gongkai/cli.py: the click groups this app adds to the `gongkai` command.
    cli_groups = {"sitecheck": "gongkai.sitecheck.cli:sitecheck"}

    def ready(self) -> None:
        from gongkai.audit import labels
        from gongkai.core import dashboard, demo, menu, refdata
        from gongkai.core.roles import Role, grant
        from gongkai.sitecheck.cards import CARDS
        from gongkai.sitecheck.refdata import EXPRESSIONS

        viewing = "sitecheck.view_scan"
        grant(Role.ADMINISTRATOR, viewing, "sitecheck.run_scan")
        grant(
            Role.ADMINISTRATOR,
            "sitecheck.view_expression",
            "sitecheck.add_expression",
            "sitecheck.change_expression",
        )
        grant(Role.EDITOR, viewing, "sitecheck.run_scan")
        grant(Role.LEADER, viewing)
        section = _("网站自查")
        for label, url_name, permission, order in (
            (_("自查结果"), "sitecheck:overview", viewing, 370),
            (_("问题清单"), "sitecheck:findings", viewing, 371),
            (_("周通报"), "sitecheck:weekly", viewing, 372),
            (_("月考核"), "sitecheck:monthly", viewing, 373),
            (_("PITI自评"), "sitecheck:piti", viewing, 374),
        ):
            menu.register(menu.MenuEntry(section, label, url_name, permission, order))
        refdata.register(EXPRESSIONS)
        for card in CARDS:
            dashboard.register(card)
        labels.register("sitecheck.scan", _("网站自查扫描"))
        labels.register("sitecheck.expression", _("敏感和易错表述"))
        demo.register(load_demo, late=True)


def load_demo() -> None:
    from gongkai.sitecheck.demo import load

    load()
