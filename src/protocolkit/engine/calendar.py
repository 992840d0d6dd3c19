"""Deadlines in ``dagen``, ``weken`` and ``werkdagen``, on the Dutch calendar.

A protocol gives a deadline as an amount and a unit (``Step.deadline``). ``dagen`` and
``weken`` count calendar days; ``werkdagen`` count working days: Monday to Friday,
skipping the Dutch public holidays of the maintained ``holidays`` library (country
``NL``), never a hand-made list. The due date of *n* werkdagen is the *n*-th working day
after the start date, so the start day itself never counts.

Oostzaan art. 2.1 lid 4: a melding received on Friday 19 December 2025 is acknowledged
within ten werkdagen. Counting skips the weekends, both days of Christmas and New
Year's Day:

>>> import datetime as dt
>>> due_date(dt.date(2025, 12, 19), 10, "werkdagen")
datetime.date(2026, 1, 7)
>>> due_date(dt.date(2025, 12, 19), 4, "weken")
datetime.date(2026, 1, 16)
>>> holiday_name(dt.date(2025, 12, 26))
'Tweede kerstdag'

How a deadline reads is :meth:`protocolkit.model.Deadline.describe`.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays

#: The units a deadline may use (``protocolkit.model.Deadline.unit``).
UNITS: tuple[str, ...] = ("dagen", "weken", "werkdagen")

_ONE_DAY = dt.timedelta(days=1)

# Populates each year on first use (``expand=True``); Dutch names for reports.
_NL_HOLIDAYS = holidays.country_holidays("NL", language="nl")


def holiday_name(day: dt.date) -> str | None:
    """The name of the Dutch public holiday on ``day``, or ``None``."""
    name = _NL_HOLIDAYS.get(day)
    return str(name) if name is not None else None


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday and not a Dutch public holiday.

    >>> is_working_day(dt.date(2025, 12, 24)), is_working_day(dt.date(2025, 12, 25))
    (True, False)
    """
    return day.weekday() < 5 and day not in _NL_HOLIDAYS


@lru_cache(maxsize=8192)
def add_working_days(start: dt.date, count: int) -> dt.date:
    """The ``count``-th working day after ``start`` (``start`` itself never counts)."""
    if count < 0:
        raise ValueError("a number of working days cannot be negative")
    day = start
    remaining = count
    while remaining:
        day += _ONE_DAY
        if is_working_day(day):
            remaining -= 1
    return day


def due_date(start: dt.date, amount: int, unit: str) -> dt.date:
    """The last day of a deadline of ``amount`` ``unit`` that starts on ``start``."""
    if unit == "dagen":
        return start + dt.timedelta(days=amount)
    if unit == "weken":
        return start + dt.timedelta(weeks=amount)
    if unit == "werkdagen":
        return add_working_days(start, amount)
    raise ValueError(f"unknown deadline unit {unit!r}; known: {', '.join(UNITS)}")


