from bot.throttle import Throttle


def test_limit_per_user_within_the_window() -> None:
    throttle = Throttle(limit=3, window=10)
    assert [throttle.allow(1, now=t) for t in (0, 1, 2, 3)] == [True, True, True, False]
    assert throttle.allow(2, now=3)  # another user is not affected
    assert throttle.allow(1, now=10.5)  # the first question has left the window


def test_warns_once_per_window() -> None:
    throttle = Throttle(limit=1, window=10)
    assert [throttle.should_warn(1, now=t) for t in (0, 5, 11)] == [True, False, True]
