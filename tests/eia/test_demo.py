"""The demo loader: five projects at different stages with comments, through the services; idempotent."""

from __future__ import annotations

import pytest

from gongkai.core import demo as core_demo
from gongkai.eia import demo, queries
from gongkai.eia.models import Comment, Notice, Project

pytestmark = pytest.mark.django_db


def test_the_demo_has_five_projects_at_different_stages_and_loads_once():
    core_demo._load_platform_demo()
    assert demo.load_demo() == 5
    assert demo.load_demo() == 0
    assert Project.objects.count() == 5
    stages = {p.name: queries.current_notice(p).stage for p in Project.objects.prefetch_related("notices")}
    assert set(stages.values()) == {"acceptance", "pre_approval", "decision", "completion"}
    assert queries.open_notices().count() == 2  # the first two projects take comments today
    assert list(queries.drafts_due())  # a decision awaiting publication
    statuses = set(Comment.objects.values_list("status", flat=True))
    assert statuses == {"pending", "approved", "rejected"}
    assert Comment.objects.exclude(answer="").count() >= 5
    assert Notice.objects.filter(status="published", document="").filter(stage="acceptance").count() == 0
    for comment in Comment.objects.filter(status="approved"):
        assert comment.name not in comment.published_content
