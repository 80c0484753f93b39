"""The request being served, kept at hand for the audit trail so that services need no request
argument: `RequestContextMiddleware` (core) sets it, `audit.services.record` reads the client IP.

A leaf module: it imports nothing from gongkai, so core can import the audit trail without the
audit trail importing core back (the boundary contracts in pyproject.toml check this)."""

from __future__ import annotations

from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest

current_request: ContextVar[HttpRequest | None] = ContextVar("current_request", default=None)


def client_ip(request: HttpRequest | None) -> str | None:
    """The client address; behind GONGKAI_PROXY_COUNT trusted proxies, taken from X-Forwarded-For."""
    if request is None:
        return None
    proxies = getattr(settings, "PROXY_COUNT", 0)  # GONGKAI_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR")


def current_ip() -> str | None:
    """The client address of the request being served; None outside a request (CLI, worker)."""
    return client_ip(current_request.get())
