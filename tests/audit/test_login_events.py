"""Sign-in events are audited with the client's address (等保: 登录成功、失败和退出均应记录)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.audit.models import AuditRecord
from gongkai.audit.services import verify

pytestmark = pytest.mark.django_db

CLIENT_IP = "203.0.113.45"


@pytest.fixture
def browser() -> Client:
    return Client(REMOTE_ADDR=CLIENT_IP)


@pytest.fixture
def editor(make_staff):
    return make_staff("editor", username="wangbianji", full_name="王编辑")


def latest(action: str) -> AuditRecord:
    return AuditRecord.objects.filter(action=action).order_by("-seq").first()


def test_a_successful_login_is_recorded_with_user_and_ip(browser, editor, staff_password):
    response = browser.post(reverse("core:login"), {"username": "wangbianji", "password": staff_password})
    assert response.status_code == 302
    entry = latest("auth.login")
    assert (entry.actor_id, entry.actor_name, entry.ip) == (editor.pk, "王编辑（wangbianji）", CLIENT_IP)
    assert (entry.target_type, entry.target_id) == ("core.user", str(editor.pk))
    assert verify().ok


def test_a_failed_login_is_recorded_with_the_username_tried_and_ip(browser, editor):
    response = browser.post(reverse("core:login"), {"username": "wangbianji", "password": "Wrong#password1"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.text
    entry = latest("auth.login_failed")
    assert entry.actor_id is None
    assert (entry.target_repr, entry.ip) == ("wangbianji", CLIENT_IP)
    assert latest("auth.login") is None


def test_logout_is_recorded_with_ip(browser, editor, staff_password):
    browser.post(reverse("core:login"), {"username": "wangbianji", "password": staff_password})
    response = browser.post(reverse("core:logout"))
    assert response.status_code == 302
    entry = latest("auth.logout")
    assert (entry.actor_id, entry.ip) == (editor.pk, CLIENT_IP)


def test_the_address_behind_a_trusted_proxy_is_the_forwarded_one(settings, editor, staff_password):
    settings.PROXY_COUNT = 1  # GONGKAI_PROXY_COUNT=1: nginx in front
    client = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.99")
    client.post(reverse("core:login"), {"username": "wangbianji", "password": staff_password})
    assert latest("auth.login").ip == "198.51.100.99"


def test_a_forwarded_header_is_ignored_without_a_trusted_proxy(editor, staff_password):
    client = Client(REMOTE_ADDR=CLIENT_IP, HTTP_X_FORWARDED_FOR="198.51.100.99")
    client.post(reverse("core:login"), {"username": "wangbianji", "password": staff_password})
    assert latest("auth.login").ip == CLIENT_IP
