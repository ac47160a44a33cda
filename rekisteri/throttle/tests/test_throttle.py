import datetime as dt

import pytest

from rekisteri.throttle.models import RateCounter
from rekisteri.throttle.services import Limit, counter_key, hit, seconds_left, window_start

NOON = dt.datetime(2026, 11, 26, 12, 0, 30, tzinfo=dt.UTC)
LIMIT = Limit("test", hits=3, seconds=60)


def test_the_window_starts_on_a_whole_multiple_of_its_length():
    assert window_start(NOON, 60) == dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)
    assert window_start(NOON, 3600) == dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)


def test_seconds_left_counts_to_the_end_of_the_window():
    assert seconds_left(NOON, 60) == 30
    assert seconds_left(dt.datetime(2026, 11, 26, 12, 0, 59, 500000, tzinfo=dt.UTC), 60) == 1


def test_the_counter_key_hides_what_is_counted():
    key = counter_key("form", "198.51.100.7")
    assert "198.51.100.7" not in key
    assert len(key) == 64
    assert key != counter_key("api", "198.51.100.7")


@pytest.mark.django_db
def test_calls_over_the_limit_are_refused_until_the_window_ends():
    decisions = [hit(LIMIT, "a", now=NOON) for _ in range(4)]
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert decisions[2].remaining == 0
    assert decisions[3].retry_after == 30
    assert hit(LIMIT, "b", now=NOON).allowed, "another caller has its own allowance"
    assert hit(LIMIT, "a", now=NOON + dt.timedelta(seconds=30)).allowed


@pytest.mark.django_db
def test_expired_counters_are_deleted():
    hit(LIMIT, "a", now=NOON)
    hit(LIMIT, "b", now=NOON + dt.timedelta(minutes=5))
    assert RateCounter.objects.count() == 1
    assert not RateCounter.objects.filter(key=counter_key("test", "a")).exists()
