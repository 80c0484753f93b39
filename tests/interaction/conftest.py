"""Fixtures of the 互动交流 tests: staff of each role, and a helper that fills in the public form as a
person would (a form token shown a minute ago, the CAPTCHA's answer)."""

from __future__ import annotations

import time

import pytest
from captcha.models import CaptchaStore
from django.core.cache import cache

from gongkai.interaction import guard


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def editor(make_staff):
    return make_staff("editor", username="bianji", email="bianji@example.gov.cn", full_name="王编辑")


@pytest.fixture
def handler(make_staff):
    return make_staff(
        "request_handler", username="chengban", email="chengban@example.gov.cn", department="大气环境处"
    )


@pytest.fixture
def leader(make_staff):
    return make_staff("leader", username="lingdao", email="lingdao@example.gov.cn")


@pytest.fixture
def officer(make_staff):
    return make_staff("enforcement_officer", username="zhifa", email="zhifa@example.gov.cn")


def captcha() -> dict:
    key = CaptchaStore.generate_key()
    return {"captcha_0": key, "captcha_1": CaptchaStore.objects.get(hashkey=key).response}


MESSAGE = {
    "kind": "consultation",
    "title": "关于噪声监测的咨询",
    "body": "请问我家附近工地夜间施工的噪声应当如何监测和投诉？谢谢。",
    "name": "李四",
    "phone": "13912345678",
    "email": "lisi@example.com",
    "consent_publish": "on",
}


@pytest.fixture
def form_data(db):
    def make(**overrides) -> dict:
        data = {
            **MESSAGE,
            **captcha(),
            "form_token": guard.form_token(shown_at=time.time() - 60),
            "website": "",
        }
        data.update(overrides)
        return {key: value for key, value in data.items() if value is not None}

    return make
