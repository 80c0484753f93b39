"""`policy.available_actions`: the one place that decides which staff actions a case offers whom, and
the `actions.ACTIONS` table it reads (state rule per row, endpoint per row)."""

import pytest
from django.urls import reverse

from gongkai.applications import actions, policy, services, views_staff
from gongkai.applications.models import OPEN_STATUSES, Application, ReplyLetter, Status

L = ReplyLetter.State

# (status, received, letter state) → the keys offered to a holder of every permission.
STATE_TABLE = [
    (Status.SUBMITTED, False, None, {"confirm", "void", "consultation_end", "extension_decide", "unlink"}),
    (Status.VOID, False, None, {"consultation_end", "extension_decide", "unlink"}),
    (
        Status.RUNNING,
        True,
        None,
        {
            "assign", "supplement_request", "supplement_received", "consultation_start", "consultation_end",
            "extension_request", "extension_decide", "later_deadline", "pieces", "fee_notice", "close",
            "reply_draft", "attachment", "link", "unlink", "appeal", "appeal_update",
        },
    ),
    (
        Status.AWAITING_FEE,
        True,
        L.DRAFT,
        {
            "assign", "supplement_request", "supplement_received", "consultation_start", "consultation_end",
            "extension_request", "extension_decide", "later_deadline", "pieces", "fee_notice", "fee_paid",
            "fee_waive", "close", "reply_draft", "reply_submit", "attachment", "link", "unlink", "appeal",
            "appeal_update",
        },
    ),
    (Status.RUNNING, True, L.IN_REVIEW, "legal_review"),
    (Status.RUNNING, True, L.APPROVED, "sign"),
    (Status.RUNNING, True, L.SIGNED, "delivery"),
    (
        Status.REPLIED,
        True,
        L.SIGNED,
        {"consultation_end", "extension_decide", "attachment", "unlink", "appeal", "appeal_update"},
    ),
]  # fmt: skip


@pytest.mark.parametrize(("status", "received", "letter_state", "expected"), STATE_TABLE)
def test_each_row_is_offered_in_the_states_of_its_rule(status, received, letter_state, expected):
    offered = {
        key
        for key, action in actions.ACTIONS.items()
        if action.offered(status=status, received=received, letter_state=letter_state)
    }
    if isinstance(expected, str):  # only that the letter-bound action is offered
        assert expected in offered
        others = {"legal_review", "sign", "delivery", "reply_submit"} - {expected}
        assert not offered & others
    else:
        assert offered == expected


def test_every_row_has_its_endpoint_and_form_and_every_open_status_is_covered():
    assert set(views_staff.ACTION_VIEWS) == set(actions.ACTIONS)
    for key, action in actions.ACTIONS.items():
        assert reverse(action.url_name, args=[1]).endswith(f"/{key.replace('_', '-')}/")
        assert views_staff.ACTION_VIEWS[key].staff_permission == action.permission
    assert set(actions.OPEN) == set(OPEN_STATUSES)


def test_the_user_gets_only_the_actions_of_their_permissions(register, handler, legal, leader):
    application = register()

    def keys(user):
        return {action.key for action in policy.available_actions(application, user)}

    assert {"supplement_request", "close", "reply_draft"} <= keys(handler)
    assert not {"extension_decide", "later_deadline"} & keys(handler)
    assert keys(legal) == {"appeal", "appeal_update"}
    assert keys(leader) == {"extension_decide", "later_deadline"}


def test_the_case_page_shows_the_forms_the_policy_offers_and_no_other(client_for, register, handler, legal):
    application = register()
    handler_page = client_for(handler).get(reverse("applications:case", args=[application.pk])).text
    legal_page = client_for(legal).get(reverse("applications:case", args=[application.pk])).text
    for key in ("supplement_request", "fee_notice", "reply_draft", "attachment", "link"):
        assert f'id="{key}"' in handler_page and f'id="{key}"' not in legal_page
    assert 'id="steps-title"' in handler_page and 'id="steps-title"' not in legal_page
    for key in ("confirm", "fee_paid", "reply_submit", "sign", "legal_review", "delivery"):
        assert f'id="{key}"' not in handler_page
    assert 'id="appeal"' in legal_page


def test_a_link_is_undone_through_its_table_row(client_for, register, handler):
    earlier, later = register(), register()
    link = services.link_repeat(actor=handler, application=later, related=earlier)
    client = client_for(handler)
    page = client.get(reverse("applications:case", args=[later.pk])).text
    assert f'name="link" value="{link.pk}"' in page
    response = client.post(reverse("applications:action_unlink", args=[later.pk]), {"link": link.pk})
    assert response.status_code == 302 and response["Location"].endswith("#unlink")
    assert not Application.objects.get(pk=later.pk).links.exists()
    assert (
        client.post(reverse("applications:action_unlink", args=[later.pk]), {"link": link.pk}).status_code
        == 404
    )
