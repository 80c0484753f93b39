"""Which staff actions a user may take on a case: the one place the console decides it.

`available_actions(application, user)` combines the user's permissions with the state rule of each
row of `actions.ACTIONS` (case status, reply-letter state, received or not). Views build the forms
of exactly these actions and templates show a form only when the view gave it; neither re-derives
the rule. The services still refuse a step the case's state does not allow (a page can be stale)."""

from __future__ import annotations

from gongkai.applications.actions import ACTIONS, StaffAction
from gongkai.applications.models import Application, ReplyLetter

_UNSET = object()


def available_actions(application: Application, user, *, letter=_UNSET) -> tuple[StaffAction, ...]:
    """The actions `user` may take on `application` now, in the table's order. Pass `letter` (the
    case's ReplyLetter or None) when the caller has already read it."""
    if letter is _UNSET:
        letter = ReplyLetter.objects.filter(application=application).first()
    facts = {
        "status": application.status,
        "received": application.received_on is not None,
        "letter_state": letter.state if letter is not None else None,
    }
    return tuple(
        action for action in ACTIONS.values() if action.offered(**facts) and user.has_perm(action.permission)
    )
