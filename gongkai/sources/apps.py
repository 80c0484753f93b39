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

        demo.register(load_demo)
