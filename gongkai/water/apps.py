from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WaterConfig(AppConfig):
    name = "gongkai.water"
    label = "water"
    verbose_name = _("地表水环境质量")
    # Read by gongkai/cli.py: the click groups this app adds to the `gongkai` command.
    cli_groups = {"water": "gongkai.water.cli:water"}
