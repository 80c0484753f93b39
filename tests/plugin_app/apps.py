from django.apps import AppConfig


class PluginConfig(AppConfig):
    name = "tests.plugin_app"
    label = "plugin_app"
    verbose_name = "插件示例"
    # Read by gongkai/cli.py without django.setup(): `gongkai plugin …`.
    cli_groups = {"plugin": "tests.plugin_app.cli:plugin"}
    # Included by gongkai/urls.py at the site root.
    urlconf = "tests.plugin_app.urls"

    def ready(self) -> None:
        from gongkai.audit import labels
        from gongkai.core import menu, sitemaps
        from gongkai.core.roles import Role, grant
        from gongkai.intake import registry
        from tests.plugin_app.intake import process_readings
        from tests.plugin_app.sitemaps import ReadingSitemap

        grant(Role.DATA_OFFICER, "plugin_app.view_reading", "plugin_app.add_reading", "intake.view_apitoken")
        menu.register(
            menu.MenuEntry("插件示例", "读数", "plugin_app:staff_readings", "plugin_app.view_reading", 990)
        )
        menu.register_public_section(menu.PublicSection("插件示例", "plugin_app:index", 990))
        sitemaps.register("plugin-readings", ReadingSitemap)
        labels.register("plugin_app.reading_create", "新增插件读数")
        registry.register(
            registry.Importer(
                key="plugin_app.readings",
                label="插件读数",
                permission="plugin_app.add_reading",
                process=process_readings,
                mode=registry.PER_ROW,
                api=True,
                upload_url="plugin_app:staff_upload",
            )
        )
