"""The public and machine API at /api/v1/ (OpenAPI document at /api/v1/docs).

Each installed app that has an `api` module with a `router` contributes its endpoints;
routers declare their full paths (e.g. "/air/observations") so the URLs read as documented."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from ninja import NinjaAPI
from ninja.errors import ValidationError

from gongkai.core import api_errors
from gongkai.core.plugins import import_submodule, project_apps

api = NinjaAPI(
    title="gongkai API",
    version="1",
    description="生态环境政务公开平台接口。错误信息为中文。",
    urls_namespace="api",
)


def _discover() -> None:
    for app_config in project_apps():
        module = import_submodule(app_config, "api")
        router = getattr(module, "router", None)
        if router is not None:
            api.add_router("", router)


api.add_exception_handler(ValidationError, api_errors.validation_error)
api.add_exception_handler(RequestDataTooBig, api_errors.body_too_large)
_discover()
