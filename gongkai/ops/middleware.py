"""/healthz answered before every other middleware: a load balancer probes it by IP address over
plain HTTP, without cookies, so host validation, the HTTPS redirect, sessions and the language
switch must not stand in the way. It reveals no personal data (see health.py)."""

from __future__ import annotations

import json

from django.http import HttpResponse

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
