"""The air tokens and import jobs move into intake: existing tokens stay valid (same digest, scoped
to air.observations), old jobs keep their outcome with Excel line numbers."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("air", "0001_initial"), ("intake", "0001_initial")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_existing_air_tokens_stay_valid_after_the_move():
    from gongkai.intake import services

    old = migrate(BEFORE)
    User = old.get_model("core", "User")
    user = User.objects.create(username="shuju")
    OldToken, OldJob = old.get_model("air", "ApiToken"), old.get_model("air", "ImportJob")
    plain = "plain-token-of-the-provincial-platform"
    OldToken.objects.create(
        name="省站平台", prefix=plain[:8], digest=services.token_digest(plain), created_by=user
    )
    OldToken.objects.create(name="旧系统", prefix="x" * 8, digest="0" * 64, revoked_at=timezone.now())
    OldJob.objects.create(
        uploaded_by=user,
        filename="bad.csv",
        content=b"",
        status="rejected",
        total=3,
        processed=3,
        errors=[{"row": 2, "field": "pm10", "message": "浓度不是数字。"}],
        finished_at=timezone.now(),
    )
    OldJob.objects.create(uploaded_by=user, filename="stuck.csv", content=b"x", status="running")
    try:
        migrate(_leaves())
        from gongkai.intake.models import ApiToken, ImportJob

        token = services.use_token(plain, importer="air.observations")
        assert token is not None and token.name == "省站平台"
        assert ApiToken.objects.get(name="旧系统").revoked_at is not None
        bad = ImportJob.objects.get(filename="bad.csv")
        assert (bad.status, bad.errors) == (
            "failed",
            [{"line": 3, "field": "pm10", "message": "浓度不是数字。"}],
        )
        stuck = ImportJob.objects.get(filename="stuck.csv")
        assert stuck.status == "failed" and stuck.reason
    finally:
        migrate(_leaves())


def _leaves():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
