from __future__ import annotations

from itertools import groupby

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from gongkai.core import menu
from gongkai.core.models import Organisation


def _staff_menu(user):
    grouped = []
    for section, entries in groupby(menu.entries_for(user), key=lambda entry: str(entry.section)):
        grouped.append((section, list(entries)))
    return grouped


def site(request):
    user = getattr(request, "user", None)
    return {
        "organisation": SimpleLazyObject(Organisation.current),
        "public_sections": menu.public_sections(),
        "staff_menu": SimpleLazyObject(lambda: _staff_menu(user)) if user is not None else [],
        "demo_mode": settings.DEMO,
        "elder_mode": request.COOKIES.get("gk_elder") == "1",
    }
