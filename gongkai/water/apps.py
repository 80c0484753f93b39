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
            "water.view_bulletin",
            "water.submit_bulletin",
        )
        # Administrators set up the sections (基础数据) but get no data import (separation of duties,
        # as for air data).
        menu.register(
            menu.MenuEntry(
                _("地表水环境质量"), _("月度数据导入"), "water:staff_upload", "water.add_monthlyresult", 330
            )
        )
        menu.register(
            menu.MenuEntry(
                _("地表水环境质量"), _("地表水月报"), "water:staff_bulletins", "water.submit_bulletin", 331
            )
        )
        menu.register_public_section(
            menu.PublicSection(
                _("地表水环境质量"),
                "water:monthly",
                310,
                keywords=(_("水质"), _("地表水"), _("饮用水"), _("水源地"), _("断面")),
            )
        )
        labels.register("water.result_import", _("导入地表水月度结果"))
        labels.register("water.result_correct", _("更正已发布的地表水结果"))
        labels.register("water.month_publish", _("发布地表水月度结果"))
        labels.register("water.bulletin_draft", _("生成地表水环境质量月报"))
        labels.register("water.bulletin_submit", _("提交地表水环境质量月报主动公开"))
        labels.register("water.source_month.import", _("随月度结果导入水源地月取水量"))

        self._table_3()
        self._groundwater_limits()  # after Table 3: a supplied Table 3 row may be given a limit
        self._station_units()

        from gongkai.core import monitoring
        from gongkai.water.station import stations

        monitoring.register_stations("water.sections", stations)  # the sections' automatic stations (MN)

        from gongkai.core import dashboard, refdata, sitemaps
        from gongkai.intake import registry
        from gongkai.water.cards import CARDS
        from gongkai.water.demo import load_demo
        from gongkai.water.intake import IMPORTER, process_monthly
        from gongkai.water.refdata import SECTIONS, SOURCE_MONTHS, SOURCES
        from gongkai.water.sitemaps import SITEMAPS

        registry.register(
            registry.Importer(
                key=IMPORTER,
                label=_("地表水月度结果"),
                permission="water.add_monthlyresult",
                process=process_monthly,
                mode=registry.ALL_OR_NOTHING,
                upload_url="water:staff_upload",
            )
        )

        demo.register(load_demo)
        grant(Role.ADMINISTRATOR, "water.view_section", "water.add_section", "water.change_section")
        grant(Role.DATA_OFFICER, "water.view_section")
        refdata.register(SECTIONS)
        grant(
            Role.ADMINISTRATOR,
            "water.view_drinkingwatersource",
            "water.add_drinkingwatersource",
            "water.change_drinkingwatersource",
        )
        grant(
            Role.DATA_OFFICER,
            "water.view_drinkingwatersource",
            "water.view_sourcemonth",
            "water.add_sourcemonth",
            "water.change_sourcemonth",
        )
        refdata.register(SOURCES)
        refdata.register(SOURCE_MONTHS)
        for card in CARDS:
            dashboard.register(card)
        for key, sitemap in SITEMAPS.items():
            sitemaps.register(key, sitemap)

        from gongkai.core import home
        from gongkai.water.home import CARD as HOME_CARD

        home.register(HOME_CARD)

        from gongkai.core import yearly
        from gongkai.water.yearly import CONTRIBUTOR

        yearly.register(CONTRIBUTOR)

    @staticmethod
    def _table_3() -> None:
        """GB 3838-2002 Table 3 rows the bureau supplies (setting WATER_TABLE_3_FILE, CSV 序号,项目,标准限值):
        rows 20 and 40-80 are in no source this project holds (shared/domain/standards.md §4), so they
        are never shipped; a bad file stops the start with the line named."""
        from pathlib import Path

        from django.conf import settings
        from django.core.exceptions import ImproperlyConfigured

        from gongkai.water import gb3838

        path = getattr(settings, "WATER_TABLE_3_FILE", "")
        if not path:
            return
        try:
            items = gb3838.table_3_items(Path(path).read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeError, ValueError) as error:
            raise ImproperlyConfigured(f"WATER_TABLE_3_FILE {path}: {error}") from error
        gb3838.add_source_items(items)

    @staticmethod
    def _groundwater_limits() -> None:
        """GB/T 14848-2017 Class III limits of groundwater sources, supplied by the bureau (setting
        WATER_GROUNDWATER_LIMITS_FILE, CSV 代码,项目,Ⅲ类限值): none is in shared/domain, so none is shipped;
        unset, groundwater sources are not evaluated. A bad file stops the start with the line named."""
        from pathlib import Path

        from django.conf import settings
        from django.core.exceptions import ImproperlyConfigured

        from gongkai.water import gb3838, gb14848

        path = getattr(settings, "WATER_GROUNDWATER_LIMITS_FILE", "")
        if not path:
            gb14848.configure(())
            return
        try:
            limits = gb14848.limits_from_csv(
                Path(path).read_text(encoding="utf-8-sig"), codes={*gb3838.ITEMS, *gb3838.SOURCE_ITEMS}
            )
        except (OSError, UnicodeError, ValueError) as error:
            raise ImproperlyConfigured(f"WATER_GROUNDWATER_LIMITS_FILE {path}: {error}") from error
        gb14848.configure(limits)

    @staticmethod
    def _station_units() -> None:
        """Units of the HJ 212 codes of automatic stations (setting WATER_HJ212_UNITS, code → "mg/L" or
        "µg/L"): w20138–w20144 have none in HJ 212-2017 Table B.1, so they are shown only once configured;
        a bad entry stops the start with the code named."""
        from django.conf import settings
        from django.core.exceptions import ImproperlyConfigured

        from gongkai.water import hj212_codes

        try:
            hj212_codes.mappings(getattr(settings, "WATER_HJ212_UNITS", {}))
        except (ValueError, AttributeError) as error:
            raise ImproperlyConfigured(f"WATER_HJ212_UNITS: {error}") from error
