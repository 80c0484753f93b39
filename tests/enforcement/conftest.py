"""The draw core and its CLI are pure Python: test_draw.py and test_cli.py need no Django settings and no
database, and run with `pytest -p no:django tests/enforcement/test_draw.py tests/enforcement/test_cli.py`.
The other modules here are ordinary Django tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest


@pytest.fixture(autouse=True, scope="session")
def _test_environment(request):
    """Without the django plugin (-p no:django) nothing is set up; with it, the suite's fixture."""
    if not request.config.pluginmanager.hasplugin("django"):
        yield
        return
    from pathlib import Path

    from django.conf import settings
    from django.test import override_settings

    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


# Valid GB 32100-2015 codes (check characters computed by gongkai.core.identifiers).
def credit_code(body: str) -> str:
    from gongkai.core.identifiers import credit_code_check_char

    return body + credit_code_check_char(body)


@pytest.fixture
def code():
    return credit_code


@pytest.fixture
def officer(make_staff):
    return make_staff("enforcement_officer", username="officer", full_name="执法员甲")


@pytest.fixture
def leader(make_staff):
    return make_staff("leader", username="leader", full_name="分管领导")


@pytest.fixture
def penalty_data():
    def make(**changes):
        data = {
            "category": "penalty",
            "party_type": "organisation",
            "party_name": "示例市宏达化工有限公司",
            "credit_code": credit_code("91330100MA2AB1C2D"),
            "legal_representative": "王建国",
            "violation_type": "超标排放大气污染物",
            "facts": "2026年5月在线监测数据显示，该公司锅炉烟气二氧化硫排放浓度超过排放标准。",
            "legal_basis": "《中华人民共和国大气污染防治法》第九十九条第（二）项",
            "kind": "罚款",
            "content": "罚款人民币二十万元",
            "amount": Decimal("20"),
            "decided_on": date(2026, 9, 28),
            "authority": "示例市生态环境局",
        }
        data.update(changes)
        return data

    return make
