from __future__ import annotations

import time

from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

# The request context lives in a leaf module of the audit app (core imports audit, never the
# reverse); client_ip stays importable from here for views.
from gongkai.audit.context import client_ip as client_ip
from gongkai.audit.context import current_request


class RequestContextMiddleware:
    """Keeps the request at hand for the audit trail, so services need not pass the IP along."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response: HttpResponse = self.get_response(request)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
        )
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if request.path.startswith(("/staff/", "/accounts/", "/admin/")):
            response.headers["Cache-Control"] = "no-store"
        return response


class IdleTimeoutMiddleware:
    """Ends a staff session (GB/T 22239-2019 level 3, 8.1.4.1 b: 登录连接超时自动退出) after
    GONGKAI_IDLE_TIMEOUT_MINUTES without a request, and in any case GONGKAI_SESSION_MAX_HOURS
    after signing in, however active; the cookie itself ends with the browser."""

    SESSION_KEY = "gongkai_last_seen"
    SIGNED_IN_KEY = "gongkai_signed_in_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            last_seen = request.session.get(self.SESSION_KEY)
            signed_in_at = request.session.setdefault(self.SIGNED_IN_KEY, now)
            if now - signed_in_at > settings.SESSION_ABSOLUTE_LIMIT_SECONDS:
                logout(request)
                messages.info(request, _("登录已超过规定时长，为安全起见已自动退出，请重新登录。"))
                return redirect(f"{reverse('core:login')}?next={request.path}")
            if last_seen is not None and now - last_seen > settings.SESSION_IDLE_TIMEOUT_SECONDS:
                logout(request)
                messages.info(request, _("您已长时间未操作，为安全起见已自动退出，请重新登录。"))
                return redirect(f"{reverse('core:login')}?next={request.path}")
            request.session[self.SESSION_KEY] = now
        return self.get_response(request)


class ForcePasswordChangeMiddleware:
    """An account created by an administrator (or reset) must set its own password before it
    uses the console (工作台 and the Django admin); public pages and the public API stay open,
    as they are to everybody."""

    CONSOLE_PREFIXES = ("/staff/", "/admin/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and getattr(user, "must_change_password", False)
            and request.path.startswith(self.CONSOLE_PREFIXES)
        ):
            return redirect("core:password_change")
        return self.get_response(request)


def visitor_language(request) -> str:
    """The interface language of a request: the visitor's `gk_lang` choice, else Chinese."""
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, settings.LANGUAGE_CODE)
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class LanguageMiddleware:
    """Chinese unless the visitor chose English with the language switch: the browser's
    Accept-Language is deliberately ignored, as a Chinese government site is Chinese first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        code = visitor_language(request)
        translation.activate(code)
        request.LANGUAGE_CODE = code
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", code)
        translation.deactivate()
        return response


class StaticPolicyCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, building the policy once: without a nonce (none is used, so cached pages
    stay valid) and without a view's own change (`csp_replace` …) the header is the same for every
    response, and building it costs more than serving a cached page's other headers."""

    HEADERS = (
        (False, "Content-Security-Policy", "CONTENT_SECURITY_POLICY"),
        (True, "Content-Security-Policy-Report-Only", "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
    )
    _built: dict[bool, tuple[object, str]] = {}  # report_only -> (the settings it was built from, header)

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
            name.startswith("_csp") for name in vars(response)
        ):
            return super().process_response(request, response)
        for report_only, header, name in self.HEADERS:
            policy = getattr(settings, name, None)
            built = self._built.get(report_only)
            if built is None or built[0] is not policy:  # first use, or the settings were overridden
                built = self._built[report_only] = (policy, build_policy(report_only=report_only))
            prefixes = tuple((policy or {}).get("EXCLUDE_URL_PREFIXES") or ())
            if built[1] and header not in response and not request.path_info.startswith(prefixes):
                response[header] = built[1]
        # As django-csp: a nonce asked for after the header was written is an error, not a silent gap.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
