from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AirConfig(AppConfig):
    name = "gongkai.air"
    label = "air"
    verbose_name = _("空气质量")
    # Read by gongkai/cli.py: the click groups this app adds to the `gongkai` command.
    cli_groups = {"air": "gongkai.air.cli:air"}

    def ready(self) -> None:
        from gongkai.audit import labels
        from gongkai.core import demo, menu
        from gongkai.core.roles import Role, grant
        from gongkai.intake import registry

        # The data officer owns the air data: uploads it and manages the tokens of its sources.
        # 数据审核 and 日报更正 are theirs too: an edit after publishing becomes a pending correction,
        # which reaches the public only when published with a reason.
        grant(
            Role.DATA_OFFICER,
            "air.add_hourlyobservation",
            "air.view_hourlyobservation",
            "air.change_hourlyobservation",
            "air.view_dailyreportcorrection",
            "air.publish_dailyreportcorrection",
            "intake.view_apitoken",
        )
        grant(Role.LEADER, "air.view_hourlyobservation")
        grant(Role.ADMINISTRATOR, "air.view_hourlyobservation")
        from gongkai.air.intake import process_upload

        registry.register(
            registry.Importer(
                key="air.observations",
                label=_("空气质量小时数据"),
                permission="air.add_hourlyobservation",
                process=process_upload,
                mode=registry.ALL_OR_NOTHING,
                api=True,
                max_rows=1_000_000,  # a year of 100 stations is 876,000 hours; 100 MB bounds it too
                upload_url="air:staff_upload",
            )
        )
        # Reference data: administrators set up regions and stations; data officers read them.
        stations_and_regions = [
            f"air.{what}_{model}" for model in ("region", "station") for what in ("view", "add", "change")
        ]
        grant(Role.ADMINISTRATOR, *stations_and_regions)
        grant(Role.DATA_OFFICER, "air.view_region", "air.view_station")
        menu.register(
            menu.MenuEntry(_("空气质量"), _("数据导入"), "air:staff_upload", "air.add_hourlyobservation", 300)
        )
        menu.register(
            menu.MenuEntry(
                _("空气质量"), _("监测数据"), "air:staff_observations", "air.view_hourlyobservation", 310
            )
        )
        menu.register(
            menu.MenuEntry(
                _("空气质量"), _("日报更正"), "air:staff_corrections", "air.view_dailyreportcorrection", 320
            )
        )
        menu.register_public_section(
            menu.PublicSection(
                _("空气质量"),
                "air:realtime",
                300,
                keywords=("空气", "AQI", "PM2.5", "PM10", "臭氧", _("空气质量指数")),
            )
        )
        labels.register("air.ingest", _("导入空气质量小时数据"))
        labels.register("air.token_create", _("创建数据接口令牌"))  # records made before intake moved to core
        labels.register("air.token_revoke", _("停用数据接口令牌"))
        labels.register("air.daily_publish", _("发布空气质量日报"))
        labels.register("air.daily_correct", _("发布空气质量日报更正"))
        labels.register("air.observation_correct", _("审核修改空气质量小时数据"))

        from gongkai.air.refdata import REGIONS, STATIONS
        from gongkai.core import refdata

        refdata.register(REGIONS)
        refdata.register(STATIONS)

        from gongkai.air.demo import load_demo

        demo.register(load_demo)
        from gongkai.air.cards import CARDS
        from gongkai.core import dashboard

        for card in CARDS:
            dashboard.register(card)
        from gongkai.air.home import CARD as HOME_CARD
        from gongkai.core import home

        home.register(HOME_CARD)
        from gongkai.air.sitemaps import SITEMAPS
        from gongkai.core import sitemaps

        for key, sitemap in SITEMAPS.items():
            sitemaps.register(key, sitemap)
        from gongkai.air.yearly import CONTRIBUTOR
        from gongkai.core import yearly

        yearly.register(CONTRIBUTOR)
