"""Every URL of the staff console, read from the URLconfs (not from a hand-kept list), so that a
new staff page is covered by the permission tests the moment it is added."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, reverse


def staff_url_patterns(
    resolver=None, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, URLPattern, Any]]:
    """(namespaced name, pattern, view) of every named URL under /staff/."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            if namespace and inner:
                inner = f"{namespace}:{inner}"
            yield from staff_url_patterns(pattern, route, inner or namespace)
        elif isinstance(pattern, URLPattern) and route.startswith("staff/") and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, pattern, pattern.callback


def sample_kwargs(pattern: URLPattern, *, user_pk: int) -> dict[str, Any]:
    """Arguments that exist in a test database: a user, the 指南 page, the year 2026."""
    samples = {"pk": user_pk, "slug": "guide", "year": 2026}
    converters = getattr(pattern.pattern, "converters", {})
    return {
        name: samples.get(name, 1 if converter.regex == "[0-9]+" else "x")
        for name, converter in converters.items()
    }


def staff_urls(*, user_pk: int) -> list[tuple[str, str, str]]:
    """(name, URL, the permission its view requires — "" when it declares none)."""
    return [
        (
            name,
            reverse(name, kwargs=sample_kwargs(pattern, user_pk=user_pk)),
            getattr(view, "staff_permission", ""),
        )
        for name, pattern, view in staff_url_patterns()
    ]
