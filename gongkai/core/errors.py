"""Business errors and the two guards every app repeats: a service checks the acting user's
permission itself (a view's guard is not enough: the CLI, the worker and the API call services
too), and a view shows a refused step on the form it came from."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


class DomainError(Exception):
    """A business rule said no. `message` is fit to show the user (Chinese via gettext)."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def require_permission(actor, permission: str) -> None:
    """PermissionDenied unless `actor` holds `permission` (None, the system, holds nothing)."""
    if actor is None or not actor.has_perm(permission):
        raise PermissionDenied


def add_to_form(form, error: DomainError) -> None:
    """Show `error` on its field when the form has that field, otherwise above the form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)
