import datetime as dt

import pytest

from knowledge.text.dates import parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("stamp 10.10.2022", dt.date(2022, 10, 10)),
        ("on 4.5.2021", dt.date(2021, 5, 4)),
        ("2019-11-20T10:00", dt.date(2019, 11, 20)),
        ("Wednesday, May 4, 2022", dt.date(2022, 5, 4)),
        ("Oct. 9, 2020", dt.date(2020, 10, 9)),
        ("19 November 2019", dt.date(2019, 11, 19)),
        ("31.02.2022 is no date", None),
        ("no date here", None),
    ],
)
def test_parse_date(text: str, expected: dt.date | None) -> None:
    assert parse_date(text) == expected
