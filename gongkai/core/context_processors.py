from __future__ import annotations

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject

from gongkai.core import menu
from gongkai.core.models import Organisation


def _staff_menu(user):
    """Entries grouped by section; sections in the order of their first entry, so apps whose
    order numbers interleave still show each section once."""
    grouped: dict[str, list] = {}
    for entry in menu.entries_for(user):
        grouped.setdefault(str(entry.section), []).append(entry)
    return list(grouped.items())


def _site_search_url() -> str:
    try:
        return reverse(settings.SITE_SEARCH_URL_NAME)
    except NoReverseMatch:
        return ""


def site(request):
    user = getattr(request, "user", None)
    return {
        "organisation": SimpleLazyObject(Organisation.current),
        "public_sections": menu.public_sections(),
        "staff_menu": SimpleLazyObject(lambda: _staff_menu(user)) if user is not None else [],
        "demo_mode": settings.DEMO,
        "site_search_url": SimpleLazyObject(_site_search_url),
        "elder_mode": request.COOKIES.get("gk_elder") == "1",
    }
