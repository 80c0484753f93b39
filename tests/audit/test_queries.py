"""`audit.queries`: one object's history and one user's own actions, read the same way everywhere."""

import pytest

from gongkai.audit import services as audit_services
from gongkai.audit.queries import actions_by, trail_for
from gongkai.core.models import Page

pytestmark = pytest.mark.django_db


def test_trail_for_returns_the_objects_records_in_chain_order_and_no_other(make_staff):
    editor = make_staff("editor", username="wang")
    about = Page.objects.get_or_create(slug=Page.Slug.GUIDE, defaults={"title": "指南"})[0]
    other = Page.objects.get_or_create(slug=Page.Slug.RULES, defaults={"title": "制度"})[0]
    first = audit_services.record(actor=editor, action="page.edit", target=about, after={"n": 1})
    audit_services.record(actor=editor, action="page.edit", target=other, after={"n": 2})
    audit_services.record(actor=None, action="page.edit", target=("core.page", str(about.pk), "指南"))
    last = audit_services.record(actor=editor, action="page.edit", target=about, after={"n": 3})
    records = list(trail_for(about))
    assert [r.seq for r in records] == sorted(r.seq for r in records)
    assert (records[0], records[-1]) == (first, last) and len(records) == 3
    assert list(trail_for(other)) == [r for r in actions_by(editor) if r.target_id == str(other.pk)]


def test_actions_by_lists_only_the_users_records_newest_first(make_staff):
    wang, li = make_staff("editor", username="wang"), make_staff("reviewer", username="li")
    mine = [
        audit_services.record(actor=wang, action="page.edit", target=("x", str(n), "x")) for n in range(3)
    ]
    audit_services.record(actor=li, action="page.edit", target=("x", "9", "x"))
    assert list(actions_by(wang)) == mine[::-1]
