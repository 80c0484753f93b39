"""Errors of business rules and the small guards every app shares: the permission check of a service,
a refusal shown on a form, and the year of a report page or API call."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

# The years reports, statistics and the working-day calendar accept.
MIN_YEAR, MAX_YEAR = 2000, 2100


class DomainError(Exception):
    """A business rule said no. `message` is fit to show the user (Chinese via gettext)."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def require(actor, permission: str) -> None:
    """A service's permission check: `actor` (None: the system or nobody) must hold `permission`;
    otherwise PermissionDenied, which views turn into 403 and API endpoints into their refusal."""
    if actor is None or not actor.has_perm(permission):
        raise PermissionDenied


def form_error(form, error: DomainError) -> None:
    """Show a service's refusal on the form: on the field it names when the form has that field,
    otherwise above the form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


def check_year(year: int, *, field: str | None = "year") -> int:
    """`year` if the platform accepts it, else a DomainError with the range in Chinese."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DomainError(_("年份应在2000至2100之间。"), field=field)
    return year


def report_year(query, *, default: int | None = None, param: str = "year") -> int:
    """The year a report page shows, from its query parameters (`request.GET` or any mapping). Missing,
    not a number or out of range: `default` (this year when None), so a hand-edited address never fails."""
    try:
        return check_year(int(query.get(param, "")))
    except (ValueError, DomainError):
        return default if default is not None else timezone.localdate().year
