"""/healthz answered before every other middleware: a load balancer probes it by IP address over
plain HTTP, without cookies, so host validation, the HTTPS redirect, sessions and the language
switch must not stand in the way. It reveals no personal data (see health.py)."""

from __future__ import annotations

import json
import logging
import time

from django.http import HttpResponse

from gongkai.audit.context import client_ip

logger = logging.getLogger("gongkai.request")

PATH = "/healthz"


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.rstrip("/") != PATH or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        from gongkai.ops.health import report

        healthy, body = report(strict=request.GET.get("strict") in ("1", "true"))
        response = HttpResponse(
            json.dumps(body, ensure_ascii=False),
            content_type="application/json",
            status=200 if healthy else 503,
        )
        response["Cache-Control"] = "no-store"
        return response


class RequestLogMiddleware:
    """The application's access log: one `gongkai.request` line per request with the real client
    address, method, path (never the query string: it may carry a search for a person), status,
    duration and the signed-in account's numeric id — no other personal data (gongkai/ops/logs.py).
    /healthz, answered before this middleware, is not logged: the load balancer probes it often."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        status = response.status_code
        fields = {
            "event": "request",
            "ip": client_ip(request),
            "method": request.method,
            "path": request.path,
            "status": status,
            "duration_ms": round((time.monotonic() - started) * 1000, 1),
            "user_id": user.pk if user is not None and user.is_authenticated else None,
        }
        level = logging.ERROR if status >= 500 else logging.WARNING if status in (403, 429) else logging.INFO
        logger.log(level, "%s %s %s", request.method, request.path, status, extra=fields)
        return response
