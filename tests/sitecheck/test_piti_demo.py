"""The demo's PITI 排放数据 and 重点排污单位名录 categories score 100 at any time of the month, also when the
demo is loaded in the first hour of a month (the six HJ 212 demo loggers' 12 hours then lie in the
previous month). Time is frozen by patching django.utils.timezone.now (no time-freezing package is a
test dependency) and by giving the loaders the same moment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from unittest import mock

import pytest

from gongkai.core import demo as core_demo
from gongkai.sitecheck import piti as scoring
from gongkai.sources import piti
from gongkai.sources.demo import load_demo
from gongkai.sources.demo_registry import load_registry_demo

CHINA = timezone(timedelta(hours=8))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 12, 1, 0, 30, tzinfo=CHINA),  # first hour of the month
        datetime(2026, 12, 1, 0, 0, 30, tzinfo=CHINA),  # its first minute
        datetime(2026, 12, 15, 14, 0, tzinfo=CHINA),
    ],
)
def test_the_demo_scores_100_in_the_first_hour_of_a_month(moment):
    from gongkai.core.models import User
    from gongkai.disclosure import services as disclosure
    from gongkai.disclosure.standard_catalogue import STANDARD_CATALOGUE

    with mock.patch("django.utils.timezone.now", return_value=moment.astimezone(UTC)):
        core_demo._load_platform_demo()
        admin = User.objects.get(username="admin")
        for row in STANDARD_CATALOGUE:  # the 主动公开 catalogue the 名录 is filed under
            disclosure.save_catalogue_item(actor=admin, **row)
        today = moment.date()
        load_registry_demo(today=today)
        load_demo(now=moment.astimezone(UTC))
        emission = piti.emission_measures(today)
        made, handed, _complete, _friendly = piti.key_unit_measures(today)
        _overall, categories = scoring.score(emission, ["排放数据"])
    assert categories[0].score == Decimal("100.0"), categories[0].fixes
    assert made.done == handed.done == 1
