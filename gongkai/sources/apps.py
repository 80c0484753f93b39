from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SourcesConfig(AppConfig):
    name = "gongkai.sources"
    label = "sources"
    verbose_name = _("污染源监控")
    # Read by gongkai/cli.py: the click groups this app adds to the `gongkai` command.
    cli_groups = {"hj212": "gongkai.sources.cli:hj212"}

    def ready(self) -> None:
        from gongkai.audit import labels
        from gongkai.core import menu
        from gongkai.core.roles import Role, grant

        viewers = ("sources.view_rawpacket", "sources.view_device")
        grant(Role.DATA_OFFICER, *viewers, "sources.change_device")
        grant(Role.ENFORCEMENT_OFFICER, *viewers)
        grant(Role.LEADER, *viewers)
        grant(Role.ADMINISTRATOR, *viewers, "sources.change_device")
        menu.register(
            menu.MenuEntry(
                _("污染源自动监控"), _("接收报文"), "sources:staff_packets", "sources.view_rawpacket", 400
            )
        )
        menu.register(
            menu.MenuEntry(
                _("污染源自动监控"), _("监测设备"), "sources:staff_devices", "sources.view_device", 410
            )
        )
        labels.register("sources.device_save", _("登记自动监控设备"))

        from gongkai.core import demo
        from gongkai.sources.demo import load_demo

        self._ready_registry()  # the registry's demo first: the demo loggers sit at its outlets
        from gongkai.sources import online

        online.register()  # issue 16: exceedances of online data (card, facility section, roles)
        from gongkai.core import monitoring as core_monitoring
        from gongkai.sources.monitoring import PROVIDER

        core_monitoring.register_provider(PROVIDER)  # issue 14: hourly data of other apps' stations by MN
        demo.register(load_demo)

        from gongkai.core import piti
        from gongkai.sources.piti import INDICATORS

        for indicator in INDICATORS:
            piti.register(indicator)

    def _ready_registry(self) -> None:
        """Issue 15: the pollution-source registry (enterprises, 名录, permits, monitoring results)."""
        from gongkai.audit import labels
        from gongkai.core import demo, menu, refdata
        from gongkai.core.roles import Role, grant
        from gongkai.intake import registry
        from gongkai.sources import facility, intake
        from gongkai.sources.demo_registry import load_registry_demo
        from gongkai.sources.refdata import ENTRIES

        readers = (
            "sources.view_enterprise",
            "sources.view_keyunit",
            "sources.view_permit",
            "sources.view_outlet",
            "sources.view_permitlimit",
            "sources.view_allowance",
            "sources.view_permitapplication",
            "sources.view_permitapplicationdocument",
            "sources.view_selfmonitoringplanitem",
        )
        writers = (
            "sources.add_enterprise",
            "sources.change_enterprise",
            "sources.change_keyunit",
            "sources.add_permit",
            "sources.change_permit",
            "sources.add_outlet",
            "sources.change_outlet",
            "sources.add_permitlimit",
            "sources.change_permitlimit",
            "sources.add_allowance",
            "sources.change_allowance",
            "sources.add_permitapplication",
            "sources.change_permitapplication",
            "sources.add_permitapplicationdocument",
            "sources.change_permitapplicationdocument",
            "sources.add_selfmonitoringplanitem",
            "sources.change_selfmonitoringplanitem",
            "sources.add_monitoringresult",
        )
        # Data officers keep the registry and the results; enforcement and leaders read it; the
        # administrator sets up reference data (as for stations and sections) but imports no results.
        grant(Role.DATA_OFFICER, *readers, *writers)
        grant(Role.ENFORCEMENT_OFFICER, *readers)
        grant(Role.LEADER, *readers)
        grant(Role.ADMINISTRATOR, *readers, *(w for w in writers if w != "sources.add_monitoringresult"))

        section = _("污染源档案")
        menu.register(
            menu.MenuEntry(
                section, _("排污单位"), "sources:staff_enterprises", "sources.view_enterprise", 380
            )
        )
        menu.register(
            menu.MenuEntry(section, _("重点单位名录"), "sources:staff_key_units", "sources.view_keyunit", 382)
        )
        menu.register(
            menu.MenuEntry(
                section,
                _("监测结果导入"),
                "sources:staff_upload_monitoring",
                "sources.add_monitoringresult",
                384,
            )
        )
        menu.register(
            menu.MenuEntry(
                section,
                _("有效性审核结果导入"),
                "sources:staff_upload_validity",
                "sources.add_monitoringresult",
                386,
            )
        )
        menu.register(
            menu.MenuEntry(
                section,
                _("录入有效性审核结果"),
                "sources:staff_validity_new",
                "sources.add_monitoringresult",
                387,
            )
        )
        menu.register_public_section(
            menu.PublicSection(
                _("污染源信息"),
                "sources:enterprises",
                330,
                keywords=(_("排污单位"), _("重点排污"), _("排污许可"), _("污染源"), _("监督性监测")),
            )
        )
        for action, label in (
            ("sources.enterprise_create", _("登记排污单位")),
            ("sources.enterprise_update", _("修改排污单位")),
            ("sources.enterprise_rename", _("排污单位更名")),
            ("sources.enterprise_merge", _("排污单位吸收合并")),
            ("sources.key_units_replace", _("导入重点单位名录")),
            ("sources.key_units_publish", _("名录生成主动公开文件")),
            ("sources.permit_status", _("变更排污许可证状态")),
            ("sources.result_record", _("登记监测结果")),
            ("sources.validity_audit", _("登记有效性审核结果")),
        ):
            labels.register(action, label)
        for key, label, permission, process, mode, url in (
            (
                intake.ENTERPRISES,
                _("排污单位"),
                "sources.add_enterprise",
                intake.process_enterprises,
                registry.PER_ROW,
                "sources:staff_upload_enterprises",
            ),
            (
                intake.KEY_UNITS,
                _("重点单位名录"),
                "sources.change_keyunit",
                intake.process_key_units,
                registry.ALL_OR_NOTHING,
                "sources:staff_upload_key_units",
            ),
            (
                intake.MONITORING,
                _("污染源监测结果"),
                "sources.add_monitoringresult",
                intake.process_results,
                registry.PER_ROW,
                "sources:staff_upload_monitoring",
            ),
            (
                intake.VALIDITY,
                _("自动监控设备有效性审核结果"),
                "sources.add_monitoringresult",
                intake.process_validity,
                registry.PER_ROW,
                "sources:staff_upload_validity",
            ),
        ):
            registry.register(
                registry.Importer(
                    key=key, label=label, permission=permission, process=process, mode=mode, upload_url=url
                )
            )
        for entry in ENTRIES:
            refdata.register(entry)
        facility.register()
        demo.register(load_registry_demo)
        from gongkai.core import dashboard
        from gongkai.sources.cards import CARDS

        for card in CARDS:
            dashboard.register(card)
        from gongkai.core import sitemaps
        from gongkai.sources.sitemaps import FacilitySitemap

        sitemaps.register("sources-facilities", FacilitySitemap)
