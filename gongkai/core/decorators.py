from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from gongkai.core.roles import CONSOLE


def staff_view(permission: str = CONSOLE):
    """Every staff view: signed in, allowed into the console, and holding `permission`."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not (request.user.has_perm(CONSOLE) and request.user.has_perm(permission)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.staff_permission = permission
        return wrapped

    return decorator
