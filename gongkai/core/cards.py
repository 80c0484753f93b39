"""To-do cards of the platform itself (core.dashboard): the security administrator's locked sign-ins
(三员分立: lockouts are the security administrator's duty, core.roles)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.core import login
from gongkai.core.dashboard import Card, CardItem


def _locked():
    return login._recent(failures_since_start__gte=settings.AXES_FAILURE_LIMIT).order_by("-attempt_time")


def _when(moment) -> str:
    return f"{timezone.localtime(moment):%m-%d %H:%M}"


CARDS = (
    Card(
        key="core.lockouts",
        section=_("系统管理"),
        title=_("被锁定的登录"),
        permission="axes.view_accessattempt",
        count=lambda user: _locked().count(),
        items=lambda user: [
            CardItem(
                f"{attempt.username} {attempt.ip_address} {_when(attempt.attempt_time)}",
                reverse("core:staff_lockouts"),
            )
            for attempt in _locked()[:5]
        ],
        url="core:staff_lockouts",
        order=10,
        alert=True,
    ),
)
