"""Shared by the whole suite: an isolated data directory, fast password hashing and staff accounts.

No test may write the secret key, mail or job queue into the repository's ./data. pytest-django
imports the settings before any conftest, so gongkai/settings.py itself gives a pytest run a fresh
temporary GONGKAI_DATA_DIR; the lines below cover imports of this module outside pytest-django."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

if not os.environ.get("GONGKAI_DATA_DIR"):
    os.environ["GONGKAI_DATA_DIR"] = tempfile.mkdtemp(prefix="gongkai-tests-")

import pytest
from django.test import Client, override_settings

# Meets the password policy: 10+ characters, four character classes, unlike any test username.
STRONG_PASSWORD = "Huanbao#2026ok"


@pytest.fixture(autouse=True, scope="session")
def _test_environment():
    """PBKDF2 with a million rounds costs ~0.3 s per login; no test depends on the hasher."""
    from django.conf import settings

    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)  # whitenoise warns without it
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session")
def demo_snapshot_dropped_at_end(django_db_setup, django_db_blocker):
    """Requested by the demo fixtures: the PostgreSQL copy of the demo database
    (tests/demo_snapshot.py) goes with the run."""
    yield
    from tests import demo_snapshot

    with django_db_blocker.unblock():
        demo_snapshot.drop()


@pytest.fixture
def demo_data(transactional_db, demo_snapshot_dropped_at_end):
    """The demo site for one test, committed (restored from the run's copy, tests/demo_snapshot.py)
    and flushed afterwards (pytest-django's transactional_db)."""
    from tests import demo_snapshot

    demo_snapshot.load_demo()


@pytest.fixture
def staff_password() -> str:
    """The password of every account made by `make_staff`."""
    return STRONG_PASSWORD


@pytest.fixture
def make_staff(db):
    """`make_staff(role, username=…, **fields)`: a staff account created through the service, as an
    administrator would, but without the first-login password change unless asked for."""
    from gongkai.core import services

    counter = iter(range(1, 10_000))

    def make(*roles: str, username: str | None = None, must_change_password: bool = False, **fields):
        return services.create_user(
            actor=None,
            username=username or f"{(roles or ('nobody',))[0]}{next(counter)}",
            password=STRONG_PASSWORD,
            roles=list(roles),
            must_change_password=must_change_password,
            **fields,
        )

    return make


@pytest.fixture
def client_for():
    """`client_for(user)`: a test client signed in as `user` (through the session, not the form)."""

    def signed_in(user, **defaults) -> Client:
        client = Client(**defaults)
        client.force_login(user)
        return client

    return signed_in


@pytest.fixture
def administrator(make_staff):
    return make_staff("administrator", username="sysadmin", full_name="系统管理员")


@pytest.fixture
def admin_client(client_for, administrator) -> Client:
    return client_for(administrator)


@pytest.fixture
def security_administrator(make_staff):
    """安全管理员: grants roles and lifts lockouts (三员分立)."""
    return make_staff("security_administrator", username="secadmin", full_name="安全管理员")


@pytest.fixture
def auditor_client(client_for, make_staff) -> Client:
    """Signed in as the 审计管理员, who reads the audit log (三员分立)."""
    return client_for(make_staff("audit_administrator", username="auditor", full_name="审计管理员"))


def pytest_collection_modifyitems(config, items):
    """Browser tests run last: Playwright's sync API keeps an event loop running in the main thread
    until the session ends, and tests collected after it that call asyncio.run() (the HJ 212
    receiver) would fail with "cannot be called from a running event loop"."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture
def page_cache(settings):
    """The public page cache switched on (it is off in tests, core.pagecache), empty, with a fresh
    generation; yields the module."""
    from django.core.cache import caches

    from gongkai.core import pagecache

    settings.PAGE_CACHE_SECONDS = 300
    caches[pagecache.CACHE_ALIAS].clear()
    pagecache.invalidate()
    yield pagecache
    caches[pagecache.CACHE_ALIAS].clear()
