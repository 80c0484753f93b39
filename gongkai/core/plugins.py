"""The installed apps that may plug into the platform's registries: gongkai's own and any app
added to INSTALLED_APPS from outside site-packages (tests/plugin_app), never a third-party package
(django.contrib.messages has an `api` module of its own)."""

from __future__ import annotations

import importlib
from pathlib import PurePath
from types import ModuleType

from django.apps import AppConfig, apps

_THIRD_PARTY = {"site-packages", "dist-packages"}


def project_apps() -> list[AppConfig]:
    return [
        config for config in apps.get_app_configs() if not _THIRD_PARTY & set(PurePath(config.path).parts)
    ]


def import_submodule(config: AppConfig, name: str) -> ModuleType | None:
    """`<app>.<name>` when the app has it, else None; an import error inside the module propagates."""
    try:
        return importlib.import_module(f"{config.name}.{name}")
    except ModuleNotFoundError as error:
        if error.name != f"{config.name}.{name}":
            raise
        return None
