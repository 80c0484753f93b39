"""The annual-report format core is pure Python: these tests need no Django settings and no database, and
run with `pytest -p no:django tests/annual/pure`."""

import pytest


@pytest.fixture(autouse=True, scope="session")
def _test_environment():
    """Replaces the suite-wide fixture of tests/conftest.py, which reads Django settings."""
    yield
