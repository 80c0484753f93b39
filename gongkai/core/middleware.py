from __future__ import annotations

import time

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


class LanguageMiddleware:
    """Chinese unless the visitor chose English with the language switch: the browser's
    Accept-Language is deliberately ignored, as a Chinese government site is Chinese first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, settings.LANGUAGE_CODE)
        if code not in dict(settings.LANGUAGES):
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = code
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", code)
        translation.deactivate()
        return response
