"""`gongkai check` refuses the SECRET_KEY placeholder of deploy/gongkai.env.example (issue #11)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.core.checks import production_problems

EXAMPLE = Path(__file__).resolve().parents[2] / "deploy" / "gongkai.env.example"


def _example_secret_key() -> str:
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        if line.startswith("SECRET_KEY="):
            return line.split("=", 1)[1]
    raise AssertionError("deploy/gongkai.env.example shows no SECRET_KEY")


def _secret_key_problems() -> list[str]:
    return [problem for problem in production_problems() if "SECRET_KEY" in problem]


@pytest.mark.parametrize(
    "key",
    [_example_secret_key(), "django-insecure-" + "x1y2z3" * 10],
    ids=["env-example placeholder", "django development key"],
)
def test_a_placeholder_secret_key_fails_the_check(key, settings):
    settings.SECRET_KEY = key
    settings.SECRET_KEY_FROM_ENVIRONMENT = True
    assert any("占位值" in problem for problem in _secret_key_problems())


def test_a_random_secret_key_passes(settings):
    settings.SECRET_KEY = "q8Jz2-Vn0rT5w!bK7cLm3sXe9hYu4dFa6gPi1oRk0tNj8vWq2zQ"
    settings.SECRET_KEY_FROM_ENVIRONMENT = True
    assert _secret_key_problems() == []


def test_a_missing_secret_key_fails(settings):
    settings.SECRET_KEY_FROM_ENVIRONMENT = False
    assert any("未设置 SECRET_KEY" in problem for problem in _secret_key_problems())
