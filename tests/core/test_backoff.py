"""Per-address sign-in backoff (GB/T 22239-2019 level 3, 8.1.4.1 b): free attempts, then doubling
waits up to a ceiling."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.core.backoff import captcha_required, wait_seconds


@pytest.mark.parametrize(
    ("failures", "expected"),
    [(0, 0), (9, 0), (10, 1), (11, 2), (12, 4), (19, 512), (20, 900), (60, 900)],
)
def test_an_address_waits_twice_as_long_after_each_failure_beyond_the_free_ones(failures, expected):
    assert wait_seconds(failures=failures, free=10, ceiling=900) == expected


@given(st.integers(0, 200), st.integers(0, 50), st.integers(1, 3600))
def test_the_wait_never_shrinks_with_more_failures_and_never_passes_the_ceiling(failures, free, ceiling):
    now, then = (
        wait_seconds(failures=failures, free=free, ceiling=ceiling),
        wait_seconds(failures=failures + 1, free=free, ceiling=ceiling),
    )
    assert 0 <= now <= then <= ceiling


def test_a_captcha_is_due_from_the_threshold_on():
    assert not captcha_required(failures=2, threshold=3)
    assert captcha_required(failures=3, threshold=3)
