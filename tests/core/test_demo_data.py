"""Demo data (示例市生态环境局): loading it twice changes nothing, and every demo account signs in
with the password `gongkai demo` prints."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.audit.models import AuditRecord
from gongkai.audit.services import verify
from gongkai.core import services
from gongkai.core.demo import DEMO_ACCOUNTS, DEMO_ORGANISATION, DEMO_PASSWORD, load_demo_data
from gongkai.core.models import Organisation, Page, User
from gongkai.core.roles import Role

from .test_roles_and_menus import ALL_ROLES, menu_problems

pytestmark = pytest.mark.django_db

LOGIN = reverse("core:login")
STAFF_HOME = reverse("core:staff_home")


def test_there_is_a_demo_account_for_every_role():
    assert sorted(account.role for account in DEMO_ACCOUNTS) == sorted(Role.values)


def test_demo_data_sets_up_the_bureau_pages_and_accounts(demo_site):
    organisation = Organisation.current()
    assert organisation.credit_code == DEMO_ORGANISATION["credit_code"]
    assert organisation.name == "示例市生态环境局"
    assert all(page.body for page in Page.objects.all())
    for account in DEMO_ACCOUNTS:
        user = User.objects.get(username=account.username)
        assert user.role_codes == [account.role]
        assert not user.must_change_password
    assert AuditRecord.objects.filter(action="demo.load").count() == 1
    assert verify().ok


def test_loading_the_demo_data_again_changes_nothing(demo_site):
    users, records = User.objects.count(), AuditRecord.objects.count()
    organisation = Organisation.current()
    pages = list(Page.objects.values_list("slug", "body"))

    load_demo_data()

    assert User.objects.count() == users
    assert AuditRecord.objects.count() == records
    assert AuditRecord.objects.filter(action="demo.load").count() == 1
    assert Organisation.objects.count() == 1
    assert Organisation.current().updated_at == organisation.updated_at
    assert list(Page.objects.values_list("slug", "body")) == pages


def test_loading_the_demo_data_again_keeps_what_the_bureau_changed(demo_site, administrator):
    guide = Page.objects.get(slug="guide")
    services.update_page(actor=administrator, page=guide, title="指南", body="<p>本局</p>")
    services.update_organisation(actor=administrator, phone="0999-7654321")
    load_demo_data()
    assert Page.objects.get(slug="guide").body == "<p>本局</p>"
    assert Organisation.current().phone == "0999-7654321"


def test_every_demo_account_signs_in_with_the_printed_password(demo_site):
    outcomes = {}
    for account in DEMO_ACCOUNTS:
        client = Client()
        login = client.post(LOGIN, {"username": account.username, "password": DEMO_PASSWORD})
        outcomes[account.username] = (login.status_code, client.get(STAFF_HOME).status_code)
    assert outcomes == {account.username: (302, 200) for account in DEMO_ACCOUNTS}


def test_each_demo_role_signs_in_and_its_menu_shows_exactly_its_entries(demo_site):
    problems = {account.role: menu_problems(account) for account in DEMO_ACCOUNTS}
    assert {role: wrong for role, wrong in problems.items() if wrong} == {}
    assert set(problems) == set(ALL_ROLES)
