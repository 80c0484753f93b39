"""The enterprise facility page (企业/设施信息页) as a meeting point of domain apps.

Domain apps never import each other (import-linter "domain-independence"). The app that keeps the
enterprise registry (issue 15) registers itself as the *directory*; every app holding records about an
enterprise (permits, monitoring, penalties, inspections, online data…) registers a *section* keyed by
the enterprise's 统一社会信用代码, and the facility page renders the sections in `order`.

    facility.register_directory(facility.Directory(lookup=..., search=...))
    facility.register(facility.FacilitySection(
        key="enforcement.penalties", label=_("行政处罚"), template="enforcement/facility_penalties.html",
        context=lambda credit_code, public: {...} or None, order=400))

`context(credit_code, public)` returns the section's template context, or None to leave it out; `public`
is False on the staff view of the page, where unpublished records may be shown. Keep it to a couple of
queries: the page is public and searchable.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class EnterpriseRef:
    """What another app may know of an enterprise: its code, its current name and its public page."""

    credit_code: str
    name: str
    url: str = ""  # the public facility page, "" when it has none
    district: str = ""


@dataclass(frozen=True)
class Directory:
    """lookup(credit_code) -> EnterpriseRef | None; search(text, limit) -> [EnterpriseRef] by name or code."""

    lookup: Callable[[str], EnterpriseRef | None]
    search: Callable[[str, int], list[EnterpriseRef]]


@dataclass(frozen=True)
class FacilitySection:
    key: str
    label: Any
    template: str
    context: Callable[[str, bool], dict | None]
    order: int = 100


@dataclass(frozen=True)
class RenderedSection:
    section: FacilitySection
    context: dict


_sections: dict[str, FacilitySection] = {}
_directory: list[Directory] = []


def register(section: FacilitySection) -> None:
    """Add a section; the same section again changes nothing, another one under a used key raises."""
    if _sections.get(section.key, section) != section:
        raise ValueError(f"facility section {section.key!r} is already registered")
    _sections[section.key] = section


def sections() -> list[FacilitySection]:
    return sorted(_sections.values(), key=lambda section: (section.order, section.key))


def sections_for(credit_code: str, *, public: bool = True) -> list[RenderedSection]:
    """The sections of one enterprise's page with their context, leaving out those with nothing."""
    rendered = []
    for section in sections():
        context = section.context(credit_code, public)
        if context is not None:
            rendered.append(RenderedSection(section, context))
    return rendered


def register_directory(directory: Directory) -> None:
    """The enterprise registry registers itself; a second, different directory raises."""
    if _directory and _directory[0] != directory:
        raise ValueError("an enterprise directory is already registered")
    _directory[:] = [directory]


def has_directory() -> bool:
    return bool(_directory)


def lookup(credit_code: str) -> EnterpriseRef | None:
    """The enterprise with this code, or None (also when no registry app is installed)."""
    return _directory[0].lookup(credit_code) if _directory and credit_code else None


def search(text: str, limit: int = 20) -> list[EnterpriseRef]:
    return _directory[0].search(text, limit) if _directory and text else []
