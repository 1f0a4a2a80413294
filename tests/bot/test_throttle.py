from bot.throttle import Throttle


def test_a_throttled_user_is_told_once_per_window() -> None:
    throttle = Throttle(limit=1, window=10)
    assert [throttle.should_warn(1, now=t) for t in (0, 5, 11)] == [True, False, True]
    assert throttle.should_warn(2, now=5)  # another user is told too
