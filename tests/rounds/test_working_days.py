"""Working days come from the holidays library, whichever way its Vietnam calendar is loaded."""

from __future__ import annotations

import datetime as dt

import holidays

from itcriteria._core import calendar


def test_the_vietnam_calendar_loaded_alone_is_the_librarys_own_day_by_day() -> None:
    """The calendar loaded from the library's Vietnam module alone (so that its ~250 other countries are
    not imported) gives the same days off, names and working days as ``holidays.country_holidays``
    for every day of 2000–2035."""
    years = range(2000, 2036)
    alone = calendar.vietnam_holidays()(years=years)
    library = holidays.country_holidays("VN", years=years)
    assert type(alone).__name__ == "Vietnam" and type(alone) is not type(library)  # not the fallback
    assert dict(alone) == dict(library) and len(alone) > 400
    day = dt.date(2000, 1, 1)
    while day.year < 2036:
        assert alone.is_working_day(day) == library.is_working_day(day), day
        day += dt.timedelta(days=1)
