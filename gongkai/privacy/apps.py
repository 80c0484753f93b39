from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "gongkai.privacy"
    label = "privacy"
    verbose_name = _("隐私审查")
    # Read by gongkai/cli.py: the click groups this app adds to the `gongkai` command.
    cli_groups = {"privacy": "gongkai.privacy.cli:privacy"}
