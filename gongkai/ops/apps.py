from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Operating the platform: backup and restore, health, worker heartbeat, database roles."""

    name = "gongkai.ops"
    label = "ops"
    verbose_name = _("运行维护")
    # Read by gongkai/cli.py: `gongkai ops backup|restore|…`.
    cli_groups = {"ops": "gongkai.ops.cli:ops"}
