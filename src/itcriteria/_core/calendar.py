"""Working days in Vietnam: weekends, public holidays (Tết included) and swapped working Saturdays.

The holidays come from the maintained ``holidays`` library, not a list kept here, so a deadline in
a year the library knows is counted as the government's calendar has it.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import holidays


@functools.lru_cache(maxsize=64)
def _calendar(year: int) -> holidays.HolidayBase:
    # a span of years, so counting across New Year and Tết sees both years' days off
    return vietnam_holidays()(years=range(year - 1, year + 2))


@functools.cache
def vietnam_holidays() -> Callable[..., holidays.HolidayBase]:
    """The holidays library's calendar of Vietnam (called with ``years=``), loaded on the first
    deadline counted so that importing itcriteria stays cheap.

    Its class is loaded from its own module file: importing ``holidays.countries.vietnam`` would run the
    ``holidays.countries`` package first, which imports all of the library's ~250 countries and was
    most of a round's start-up. Loaded privately, it is the library's own class and data; where the
    library is laid out otherwise, its own lookup is used (tests check the two agree day by day).
    """
    import holidays  # the package itself loads its countries lazily

    folders: Iterable[str] = getattr(holidays, "__path__", ())
    for folder in folders:
        spec = importlib.util.spec_from_file_location(
            f"{__name__}._vietnam", Path(folder) / "countries" / "vietnam.py"
        )
        if spec is None or spec.loader is None or not Path(spec.origin or "").is_file():
            continue
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
        except (ImportError, OSError):  # a version of the library laid out otherwise
            break
        found = getattr(module, "Vietnam", None)
        if isinstance(found, type) and issubclass(found, holidays.HolidayBase):
            return found
    return functools.partial(holidays.country_holidays, "VN")


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
