"""The plugin app's tests need it in INSTALLED_APPS, which Django reads once per process. Under the
suite's settings, pytest collects only test_as_plugin.py, which runs this folder's other tests in a
second pytest process under tests.plugin_app.settings; under those settings, only the others."""

import os

PLUGIN_SETTINGS = "tests.plugin_app.settings"

if os.environ.get("DJANGO_SETTINGS_MODULE") == PLUGIN_SETTINGS:
    collect_ignore = ["test_as_plugin.py"]
else:
    collect_ignore_glob = ["test_plugin_*.py"]
