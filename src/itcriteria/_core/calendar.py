"""Working days in Vietnam: weekends, public holidays (Tết included) and swapped working Saturdays.

The holidays come from the maintained ``holidays`` library, not a list kept here, so a deadline in
a year the library knows is counted as the government's calendar has it.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import holidays


@functools.lru_cache(maxsize=64)
def _calendar(year: int) -> holidays.HolidayBase:
    import holidays  # loaded on the first deadline counted, so importing itcriteria stays cheap

    # a span of years, so counting across New Year and Tết sees both years' days off
    return holidays.country_holidays("VN", years=range(year - 1, year + 2))


def is_working_day(day: dt.date) -> bool:
    """Whether offices work on ``day`` (a swapped Saturday counts; a holiday or Sunday does not)."""
    return bool(_calendar(day.year).is_working_day(day))


def grace_end(due: dt.date, grace_working_days: int) -> dt.date:
    """The last day a form is still accepted: ``grace_working_days`` working days after ``due``.

    Forms due 15/9/2019 (a Sunday) with 5 working days of grace are accepted until 20/9/2019.
    """
    if grace_working_days <= 0:
        return due
    result: dt.date = _calendar(due.year).get_nth_working_day(due, grace_working_days)
    return result


def working_days_late(due: dt.date, sent: dt.date) -> int:
    """Working days after ``due`` up to and including ``sent`` (0 when sent on time)."""
    if sent <= due:
        return 0
    count = 0
    day = due
    while day < sent:
        day += dt.timedelta(days=1)
        count += is_working_day(day)
    return count
