"""API tokens: hashed, scoped to one importer, expiry, revoke, last use; managed by the role that
owns the data (the data officer for air) and by administrators; audited."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.audit.models import AuditRecord
from gongkai.intake import registry, services
from gongkai.intake.models import ApiToken
from tests.air.conftest import day_rows

pytestmark = pytest.mark.django_db

AIR = "air.observations"


def post(token: str, rows) -> object:
    return Client(REMOTE_ADDR="10.0.0.7").post(
        "/api/v1/air/observations",
        data=json.dumps({"observations": rows}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


@pytest.fixture
def officer(make_staff):
    return make_staff("data_officer")


def test_the_token_is_stored_as_a_digest_and_its_use_noted(city, officer):
    token, plain = services.create_token(actor=officer, name="省站平台", importer=AIR)
    assert plain not in (token.digest, token.prefix) and token.digest == services.token_digest(plain)
    response = post(plain, day_rows("A1", date(2026, 2, 10)))
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None and token.last_used_ip == "10.0.0.7"


def test_a_token_serves_only_its_importer(city, officer, monkeypatch):
    other = registry.Importer("test.other", "其他", "air.add_hourlyobservation", lambda ctx: "", api=True)
    monkeypatch.setitem(registry._importers, other.key, other)
    _token, plain = services.create_token(actor=officer, name="别的系统", importer="test.other")
    response = post(plain, day_rows("A1", date(2026, 2, 10)))
    assert response.status_code == 403 and "不能用于此接口" in response.json()["detail"]


def test_expired_and_revoked_tokens_are_refused_unknown_ones_unauthorised(city, officer):
    rows = day_rows("A1", date(2026, 2, 10))
    token, plain = services.create_token(
        actor=officer, name="临时", importer=AIR, expires_at=timezone.now() + timedelta(days=1)
    )
    assert post(plain, rows).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    expired = post(plain, rows)
    assert expired.status_code == 403 and "已过期" in expired.json()["detail"]
    token2, plain2 = services.create_token(actor=officer, name="长期", importer=AIR)
    services.revoke_token(actor=officer, token=token2)
    revoked = post(plain2, rows)
    assert revoked.status_code == 403 and "已停用" in revoked.json()["detail"]
    assert post("not-a-token", rows).status_code == 401
    with pytest.raises(Exception, match="有效期须晚于现在"):
        services.create_token(actor=officer, name="x", importer=AIR, expires_at=timezone.now())


def test_create_and_revoke_are_audited(officer):
    token, _plain = services.create_token(actor=officer, name="省站平台", importer=AIR)
    services.revoke_token(actor=officer, token=token)
    services.revoke_token(actor=officer, token=token)  # a second revoke changes nothing
    actions = list(
        AuditRecord.objects.filter(target_id=str(token.pk), action__startswith="intake.").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["intake.token_create", "intake.token_revoke"]


# The enforcement officer owns the enterprise-disclosure tokens (licensing.disclosure_reports) and so
# opens the token page, but still cannot create an air token (below).
@pytest.mark.parametrize("role", ["editor", "reviewer", "leader", "request_handler"])
def test_roles_not_owning_the_data_cannot_manage_tokens(make_staff, client_for, officer, role):
    user = make_staff(role)
    with pytest.raises(PermissionDenied):
        services.create_token(actor=user, name="x", importer=AIR)
    token, _plain = services.create_token(actor=officer, name="省站平台", importer=AIR)
    client = client_for(user)
    assert client.get(reverse("intake:tokens")).status_code == 403
    assert client.post(reverse("intake:token_revoke", args=[token.pk])).status_code == 403
    assert ApiToken.objects.get().revoked_at is None


@pytest.mark.parametrize("role", ["data_officer", "administrator"])
def test_the_data_officer_and_the_administrator_manage_air_tokens(make_staff, client_for, role):
    client = client_for(make_staff(role))
    page = client.post(
        reverse("intake:tokens"), {"name": "省站平台", "importer": AIR, "expires_on": "2099-12-31"}
    ).text
    token = ApiToken.objects.get()
    assert (token.importer, timezone.localtime(token.expires_at).date()) == (AIR, date(2100, 1, 1))
    assert 'id="intake-new-token"' in page and "空气质量小时数据" in page
    assert client.post(reverse("intake:token_revoke", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_a_data_officer_sees_only_the_scopes_of_the_data_it_owns(make_staff, monkeypatch):
    foreign = registry.Importer("test.water", "水", "core.change_page", lambda ctx: "", api=True)
    monkeypatch.setitem(registry._importers, foreign.key, foreign)
    assert [s.key for s in services.token_scopes_for(make_staff("data_officer"))] == [AIR]
    assert {s.key for s in services.token_scopes_for(make_staff("administrator"))} >= {AIR, "test.water"}
    with pytest.raises(PermissionDenied):
        services.create_token(actor=make_staff("data_officer"), name="x", importer="test.water")


def test_the_enforcement_officer_cannot_manage_air_tokens(make_staff, client_for, officer):
    """执法人员 hand enterprises the tokens of the 依法披露 importer (licensing), never the air data's."""
    user = make_staff("enforcement_officer")
    with pytest.raises(PermissionDenied):
        services.create_token(actor=user, name="x", importer=AIR)
    token, _plain = services.create_token(actor=officer, name="省站平台", importer=AIR)
    client = client_for(user)
    assert "省站平台" not in client.get(reverse("intake:tokens")).content.decode()
    assert client.post(reverse("intake:token_revoke", args=[token.pk])).status_code in (403, 404)
    assert ApiToken.objects.get().revoked_at is None


def test_the_enforcement_officer_manages_disclosure_tokens_but_not_air_tokens(make_staff, client_for):
    officer = make_staff("enforcement_officer")
    with pytest.raises(PermissionDenied):
        services.create_token(actor=officer, name="x", importer=AIR)
    services.create_token(actor=officer, name="企业", importer="licensing.disclosure_reports")
    assert client_for(officer).get(reverse("intake:tokens")).status_code == 200
