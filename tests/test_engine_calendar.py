"""Due dates in dagen, weken and werkdagen on the Dutch calendar (protocolkit.engine.calendar)."""

from __future__ import annotations

import datetime as dt

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from protocolkit.engine.calendar import (
    DEFAULT_CALENDAR,
    WorkingCalendar,
    add_working_days,
    atw_holidays,
    due_date,
    holiday_name,
    is_working_day,
    kings_day,
)
from protocolkit.format.model import Deadline

D = dt.date


def test_ten_werkdagen_from_friday_before_christmas_skip_weekends_and_holidays() -> None:
    # Oostzaan art. 2.1 lid 4: acknowledgement within ten werkdagen. Counted by hand from
    # Friday 19 December 2025: Mon 22 (1), Tue 23 (2), Wed 24 (3), Thu 25 and Fri 26 are
    # Christmas, Mon 29 (4), Tue 30 (5), Wed 31 (6), Thu 1 January is New Year's Day,
    # Fri 2 (7: no decree that equates it could be cited), Mon 5 (8), Tue 6 (9), Wed 7
    # January 2026 (10).
    nl = holidays.country_holidays("NL", years=[2025, 2026])
    assert {D(2025, 12, 25), D(2025, 12, 26), D(2026, 1, 1)} <= set(nl)
    assert due_date(D(2025, 12, 19), 10, "werkdagen") == D(2026, 1, 7)


def test_the_atw_days_with_easter_computed_and_kings_day_moved() -> None:
    # Atw art. 3 lid 1 names the days; Easter moves every year (2026: 5 April).
    assert holiday_name(D(2026, 4, 6)) == "Tweede Paasdag"
    assert holiday_name(D(2026, 5, 14)) == "Hemelvaartsdag"
    assert holiday_name(D(2026, 5, 25)) == "Tweede Pinksterdag"
    # Art. 3 lid 2: Goede Vrijdag is equated (3 April 2026).
    assert not is_working_day(D(2026, 4, 3))
    # Koningsdag: 27 April, the 26th when the 27th is a Sunday (27 April 2025 was one).
    assert holiday_name(D(2025, 4, 26)) == "Koningsdag"
    assert is_working_day(D(2025, 4, 28))
    assert not is_working_day(D(2026, 4, 27))      # Koningsdag 2026, a Monday
    assert due_date(D(2026, 4, 24), 1, "werkdagen") == D(2026, 4, 28)


def test_the_fifth_of_may_counts_every_year_unlike_the_holidays_library() -> None:
    # Atw art. 3 lid 1 "en de vijfde mei": every year. The holidays library's NL calendar
    # lists it only every fifth year (2025, 2030, ...), as a day off.
    nl = holidays.country_holidays("NL", years=[2026, 2027])
    assert D(2026, 5, 5) not in nl and D(2027, 5, 5) not in nl
    assert not is_working_day(D(2026, 5, 5)) and not is_working_day(D(2027, 5, 5))


def test_days_equated_by_a_cited_decree_are_closing_days() -> None:
    # Atw art. 3 lid 3; Besluit van 24 oktober 2016, nr. 2016001827, art. 1: "28 april en
    # 26 mei 2017, 11 mei en 24 en 31 december 2018 en 31 mei en 27 december 2019".
    for day in (D(2017, 4, 28), D(2017, 5, 26), D(2018, 5, 11), D(2018, 12, 24),
                D(2018, 12, 31), D(2019, 5, 31), D(2019, 12, 27)):
        assert not is_working_day(day), day
        assert "art. 3 lid 3" in (DEFAULT_CALENDAR.holiday(day) or ("", ""))[1]
    # Ten werkdagen from Tuesday 8 May 2018, counted by hand: Wed 9 (1), Thu 10
    # Hemelvaartsdag, Fri 11 equated, Mon 14 (2), ..., Fri 18 (6), Mon 21 Tweede
    # Pinksterdag, Tue 22 (7), Wed 23 (8), Thu 24 (9), Fri 25 May 2018 (10).
    assert due_date(D(2018, 5, 8), 10, "werkdagen") == D(2018, 5, 25)


@pytest.mark.parametrize("day", [
    D(2023, 4, 28), D(2023, 5, 19), D(2024, 5, 10), D(2024, 12, 27), D(2025, 5, 30),
    D(2026, 1, 2), D(2026, 5, 15), D(2027, 5, 7), D(2028, 4, 28), D(2028, 5, 26)])
def test_days_whose_decree_could_not_be_cited_are_working_days(day: dt.date) -> None:
    # The 2023-2025 and 2026-2028 decrees were found only by title on a secondary page,
    # not in their own text: their days are not in the default calendar.
    assert is_working_day(day) and DEFAULT_CALENDAR.holiday(day) is None
    # A municipality that counts them names them as its own closing days.
    assert not WorkingCalendar(closed=[day]).is_working_day(day)


def test_oostzaan_acknowledgement_for_a_melding_on_20_april_2026() -> None:
    # Art. 2.1 lid 4, ten werkdagen, counted by hand from Monday 20 April 2026: Tue 21 (1),
    # Wed 22 (2), Thu 23 (3), Fri 24 (4), Mon 27 is Koningsdag, Tue 28 (5), Wed 29 (6),
    # Thu 30 (7), Fri 1 May (8), Mon 4 (9), Tue 5 May counts as a feestdag (Atw art. 3
    # lid 1), Wed 6 May (10).
    assert due_date(D(2026, 4, 20), 10, "werkdagen") == D(2026, 5, 6)


def test_a_protocol_adds_its_own_closing_days() -> None:
    calendar = WorkingCalendar(closed=[D(2026, 5, 4)])
    assert not calendar.is_working_day(D(2026, 5, 4))
    assert calendar.holiday(D(2026, 5, 4)) == ("Sluitingsdag van de gemeente", "calendar.closed")
    assert calendar.due(D(2026, 4, 20), 10, "werkdagen") == D(2026, 5, 7)
    with pytest.raises(ValueError):
        WorkingCalendar(base="gregoriaans")


@given(st.integers(2014, 2100))
def test_the_atw_days_agree_with_the_holidays_library_where_both_list_them(year: int) -> None:
    # The library is an independent reading of the lid 1 days; it lists 5 May only in
    # lustrum years (a day off), so that day is left out of the comparison.
    ours = {d for d, (_, basis) in atw_holidays(year).items()
            if basis.endswith("lid 1") and d != D(year, 5, 5)}
    assert ours <= set(holidays.country_holidays("NL", years=[year]))
    assert kings_day(year) in ours


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


def test_every_decreed_day_cites_the_decree_read_in_its_own_text() -> None:
    """Issue 13 item 12: the days equated by decree (Atw art. 3 lid 3). The 2017-2019
    decree's article 1 was read on wetten.overheid.nl (BWBR0038666): "Met een algemeen
    erkende feestdag ... worden gelijkgesteld 28 april en 26 mei 2017, 11 mei en 24 en 31
    december 2018 en 31 mei en 27 december 2019." No other decree's text was found, so
    no other decree is listed."""
    from protocolkit.engine.calendar import DECREED_DAYS, DECREES

    [checked] = DECREES
    assert checked.days == (D(2017, 4, 28), D(2017, 5, 26), D(2018, 5, 11), D(2018, 12, 24),
                            D(2018, 12, 31), D(2019, 5, 31), D(2019, 12, 27))
    assert (checked.signed, checked.number) == (D(2016, 10, 24), "2016001827")
    assert "BWBR0038666" in DECREED_DAYS[D(2017, 4, 28)]
    assert "Besluit van 24 oktober 2016, nr. 2016001827" in DECREED_DAYS[D(2019, 12, 27)]
    assert set(DECREED_DAYS) == set(checked.days)
    # Every decreed day is a weekday that is no feestdag of lid 1 or 2 itself.
    for day in DECREED_DAYS:
        assert day.weekday() < 5
        assert atw_holidays(day.year)[day][0] == "Met een algemeen erkende feestdag gelijkgestelde dag"
