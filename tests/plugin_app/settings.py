"""The platform's settings with the plugin app installed — the only change a new app needs."""

from gongkai.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.plugin_app"]  # noqa: F405
