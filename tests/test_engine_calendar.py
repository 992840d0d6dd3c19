"""Due dates in dagen, weken and werkdagen on the Dutch calendar (protocolkit.engine.calendar)."""

from __future__ import annotations

import datetime as dt

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from protocolkit.engine.calendar import (
    add_working_days,
    due_date,
    holiday_name,
    is_working_day,
)
from protocolkit.model import Deadline

D = dt.date


def test_ten_werkdagen_from_friday_before_christmas_skip_weekends_and_holidays() -> None:
    # Oostzaan art. 2.1 lid 4: acknowledgement within ten werkdagen. Counted by hand from
    # Friday 19 December 2025: Mon 22 (1), Tue 23 (2), Wed 24 (3), Thu 25 and Fri 26 are
    # Christmas, Mon 29 (4), Tue 30 (5), Wed 31 (6), Thu 1 January is New Year's Day,
    # Fri 2 (7), Mon 5 (8), Tue 6 (9), Wed 7 January 2026 (10).
    nl = holidays.country_holidays("NL", years=[2025, 2026])
    assert {D(2025, 12, 25), D(2025, 12, 26), D(2026, 1, 1)} <= set(nl)
    assert due_date(D(2025, 12, 19), 10, "werkdagen") == D(2026, 1, 7)


def test_holidays_come_from_the_library_not_a_list() -> None:
    # Easter moves every year; King's Day moves to the 26th when the 27th is a Sunday.
    assert holiday_name(D(2026, 4, 6)) == "Tweede paasdag"
    assert not is_working_day(D(2025, 4, 26))      # Koningsdag on a Saturday in 2025
    assert not is_working_day(D(2026, 4, 27))      # Koningsdag 2026, a Monday
    assert due_date(D(2026, 4, 24), 1, "werkdagen") == D(2026, 4, 28)
    assert due_date(D(2026, 5, 13), 1, "werkdagen") == D(2026, 5, 15)  # Hemelvaart 14 May


def test_calendar_days_and_weeks() -> None:
    assert due_date(D(2026, 1, 9), 8, "weken") == D(2026, 3, 6)        # minimal.yaml art. 3
    assert due_date(D(2025, 12, 30), 4, "weken") == D(2026, 1, 27)     # Arnhem vooronderzoek
    assert due_date(D(2024, 2, 28), 2, "dagen") == D(2024, 3, 1)       # leap year
    with pytest.raises(ValueError):
        due_date(D(2026, 1, 1), 1, "maanden")


def test_a_start_on_a_weekend_counts_from_the_next_working_day() -> None:
    assert add_working_days(D(2026, 1, 10), 1) == D(2026, 1, 12)       # Saturday -> Monday
    assert add_working_days(D(2026, 1, 10), 0) == D(2026, 1, 10)


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2060, 12, 31)), st.integers(1, 60))
def test_werkdagen_lands_on_the_nth_working_day(start: dt.date, amount: int) -> None:
    due = due_date(start, amount, "werkdagen")
    assert is_working_day(due)
    days = [start + dt.timedelta(days=i) for i in range(1, (due - start).days + 1)]
    assert sum(is_working_day(d) for d in days) == amount


def test_deadlines_read_as_the_protocol_says() -> None:
    def describe(amount: int, unit: str, start: str = "step") -> str:
        return Deadline.model_validate({"amount": amount, "unit": unit, "from": start}).describe()

    assert describe(10, "werkdagen") == "10 werkdagen"
    assert describe(1, "weken", "case") == "1 week na opening van de zaak"
    assert describe(3, "dagen", "melding") == "3 dagen na afronding van stap 'melding'"
