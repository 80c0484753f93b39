"""A minimal domain app that plugs into every registry of the platform while touching only this
folder and INSTALLED_APPS (tests/plugin_app/settings.py). Its tests run in their own pytest process
under that settings module; see tests/plugin_app/conftest.py."""
