"""Staff sign-in: lockout per (username, real client address) through django-axes, per-address
backoff and a CAPTCHA after repeated failures (GB/T 22239-2019 level 3, 8.1.4.1 b).

The client address is always `gongkai.core.middleware.client_ip`, which trusts exactly
GONGKAI_PROXY_COUNT proxies in X-Forwarded-For; axes uses the same function
(AXES_CLIENT_IP_CALLABLE), so the lockout, the backoff and the audit trail agree on who tried."""

from __future__ import annotations

from datetime import timedelta

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone

from gongkai.core import backoff
from gongkai.core.forms import LoginForm
from gongkai.core.middleware import client_ip


def _recent(**lookup):
    cool_off = get_cool_off() or timedelta(minutes=15)
    return AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - cool_off, **lookup)


def failures_from(ip: str | None) -> tuple[int, object]:
    """Failures from one address within the cool-off, and the time of the last one."""
    if not ip:
        return 0, None
    totals = _recent(ip_address=ip).aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    return totals["failures"] or 0, totals["last"]


def failures_on(username: str) -> int:
    if not username:
        return 0
    return _recent(username=username).aggregate(failures=Sum("failures_since_start"))["failures"] or 0


def wait_for(ip: str | None) -> int:
    failures, last = failures_from(ip)
    wait = backoff.wait_seconds(
        failures=failures, free=settings.LOGIN_IP_BACKOFF_AFTER, ceiling=settings.LOGIN_IP_BACKOFF_MAX_SECONDS
    )
    if not wait or last is None:
        return 0
    remaining = wait - (timezone.now() - last).total_seconds()
    return max(0, int(remaining + 0.999))


def captcha_required(ip: str | None, username: str) -> bool:
    failures = max(failures_from(ip)[0], failures_on(username))
    return backoff.captcha_required(failures=failures, threshold=settings.LOGIN_CAPTCHA_AFTER)


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm

    def post(self, request, *args, **kwargs):
        wait = wait_for(client_ip(request))
        if wait:
            return render(request, "registration/backoff.html", {"wait": wait}, status=429)
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        username = self.request.POST.get("username", "") if self.request.method == "POST" else ""
        kwargs["with_captcha"] = captcha_required(client_ip(self.request), username)
        return kwargs

    def form_invalid(self, form):
        # The failure just recorded may have made a CAPTCHA due: show it on the page at once.
        if "captcha" not in form.fields and captcha_required(
            client_ip(self.request), self.request.POST.get("username", "")
        ):
            form.add_captcha()
        return super().form_invalid(form)


def current_failures() -> list[AccessAttempt]:
    """Failed sign-ins still counting (within the cool-off), locked ones first, for the console."""
    attempts = list(_recent().order_by("-failures_since_start", "-attempt_time")[:500])
    limit = settings.AXES_FAILURE_LIMIT
    cool_off = get_cool_off() or timedelta(minutes=15)
    for attempt in attempts:
        attempt.locked = attempt.failures_since_start >= limit
        attempt.locked_until = attempt.attempt_time + cool_off
    return attempts
