"""Deadlines in ``dagen``, ``weken`` and ``werkdagen``, on a protocol's working-day calendar.

A protocol gives a deadline as an amount and a unit (``Step.deadline``). ``dagen`` and
``weken`` count calendar days; ``werkdagen`` count working days: Monday to Friday,
skipping the closing days of the protocol's calendar (``Protocol.calendar``). The due
date of *n* werkdagen is the *n*-th working day after the start date, so the start day
itself never counts.

The default calendar (``base: algemene_termijnenwet``) skips the *algemeen erkende
feestdagen* of the Algemene termijnenwet (Atw), as the law lists them:

* art. 3 lid 1: "de Nieuwjaarsdag, de Christelijke tweede Paas- en Pinksterdag, de
  beide Kerstdagen, de Hemelvaartsdag, de dag waarop de verjaardag van de Koning wordt
  gevierd en de vijfde mei" — 5 May **every** year (the ``holidays`` library's NL
  calendar counts it only every fifth year, as a day off under collective agreements);
* art. 3 lid 2: "Voor de toepassing van deze wet wordt de Goede Vrijdag met de in het
  vorige lid genoemde dagen gelijkgesteld";
* art. 3 lid 3: days equated by decree, published in the Staatscourant. Included are
  only the days of the decrees in :data:`DECREES`, each read in its own text and cited
  (each day with its citation in :data:`DECREED_DAYS`): the 2017-2019 decree (Besluit van
  24 oktober 2016, nr. 2016001827, wetten.overheid.nl BWBR0038666). The decrees for
  2023-2025 and 2026-2028 could not be cited (their text, Staatscourant number and BWBR
  id were not found; only their titles, on a secondary page), so their days are **not**
  in the default calendar: a municipality that counts them adds them as its own closing
  days (``calendar: {closed: [...]}``), see docs/format.md. Years without a listed decree
  get no equated days.

Easter is computed (``dateutil.easter``, the Western rule). The day on which the King's
birthday is celebrated is 27 April, 26 April when the 27th is a Sunday (from 2014;
before that Koninginnedag, 30 April, 29 April when the 30th was a Sunday).

Saturday and Sunday are never working days. Note the difference with the Atw itself:
Atw art. 1 lid 1 does not count werkdagen, it *extends* a statutory term that ends on a
Saturday, Sunday or algemeen erkende feestdag "tot en met de eerstvolgende dag die niet
een zaterdag, zondag of algemeen erkende feestdag is". protocolkit counts werkdagen on
the same days and does not extend ``dagen`` or ``weken`` (a protocol is no *wet*).

A protocol adds its own closing days (``calendar: {closed: [2026-12-24]}``).

Oostzaan art. 2.1 lid 4: a melding received on Monday 20 April 2026 is acknowledged
within ten werkdagen. Koningsdag (Monday 27 April) and 5 May do not count:

>>> import datetime as dt
>>> due_date(dt.date(2026, 4, 20), 10, "werkdagen")
datetime.date(2026, 5, 6)
>>> due_date(dt.date(2025, 12, 19), 4, "weken")
datetime.date(2026, 1, 16)
>>> holiday_name(dt.date(2026, 5, 5))
'Bevrijdingsdag (5 mei)'
>>> WorkingCalendar(closed=[dt.date(2026, 5, 4)]).due(dt.date(2026, 4, 20), 10, "werkdagen")
datetime.date(2026, 5, 7)

How a deadline reads is :meth:`protocolkit.format.model.Deadline.describe`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from dateutil.easter import easter

#: The units a deadline may use (``protocolkit.format.model.Deadline.unit``).
UNITS: tuple[str, ...] = ("dagen", "weken", "werkdagen")

#: The calendars a protocol can name as its ``base``.
BASES: tuple[str, ...] = ("algemene_termijnenwet",)

_ONE_DAY = dt.timedelta(days=1)

ATW_LID_1 = "Algemene termijnenwet art. 3 lid 1"
ATW_LID_2 = "Algemene termijnenwet art. 3 lid 2"

@dataclass(frozen=True)
class Decree:
    """A decree under Atw art. 3 lid 3 that equates days with an algemeen erkende
    feestdag, as read in its own text: ``found_at`` is where (wetten.overheid.nl or the
    Staatscourant) and ``days`` what its article 1 lists there. Only decrees that can be
    cited so are listed (:data:`DECREES`); none is cited from a secondary source.
    """

    title: str
    days: tuple[dt.date, ...]
    signed: dt.date
    number: str
    found_at: str

    @property
    def basis(self) -> str:
        """The citation a closing day carries (its legal basis)."""
        return (f"Algemene termijnenwet art. 3 lid 3; Besluit van {self.signed.day} "
                f"{_MONTHS[self.signed.month]} {self.signed.year}, nr. {self.number}, "
                f"{self.title} ({self.found_at})")


_MONTHS = ("", "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december")

#: The decrees whose days the default calendar counts, oldest first: only those whose
#: own text was read and can be cited (issue 13 item 12). The 2016 decree's article 1 was
#: read on wetten.overheid.nl (BWBR0038666, in force from 1 November 2016, "de dag na
#: dagtekening van verschijning van de Staatscourant waarin het wordt geplaatst"); its
#: Staatscourant number was not found in that text and is not cited. The decrees said to
#: equate days in 2023-2025 and 2026-2028 were searched for in the stored public pages,
#: documentation and code (2 December 2026) and not found in their own text, only their
#: titles on a secondary page; they are left out, and so is any decree for 2020-2022.
DECREES: tuple[Decree, ...] = (
    Decree("houdende gelijkstelling van 28 april en 26 mei 2017, 11 mei en 24 en 31 "
           "december 2018 en 31 mei en 27 december 2019 met een algemeen erkende feestdag",
           (dt.date(2017, 4, 28), dt.date(2017, 5, 26), dt.date(2018, 5, 11),
            dt.date(2018, 12, 24), dt.date(2018, 12, 31), dt.date(2019, 5, 31),
            dt.date(2019, 12, 27)),
           signed=dt.date(2016, 10, 24), number="2016001827",
           found_at="wetten.overheid.nl/BWBR0038666/2016-11-01"),
)

#: Days equated with an algemeen erkende feestdag by decree (Atw art. 3 lid 3), with the
#: decree's citation (:attr:`Decree.basis`); a year without a listed decree has none.
DECREED_DAYS: dict[dt.date, str] = {day: d.basis for d in DECREES for day in d.days}


def kings_day(year: int) -> dt.date:
    """The day the King's (before 2014 the Queen's) birthday is celebrated.

    >>> kings_day(2025), kings_day(2014)
    (datetime.date(2025, 4, 26), datetime.date(2014, 4, 26))
    """
    day = dt.date(year, 4, 27) if year >= 2014 else dt.date(year, 4, 30)
    return day - _ONE_DAY if day.weekday() == 6 else day


@lru_cache(maxsize=256)
def atw_holidays(year: int) -> dict[dt.date, tuple[str, str]]:
    """The algemeen erkende feestdagen of ``year`` and the days equated with them:
    day -> (name, legal basis)."""
    paas = easter(year)
    days: dict[dt.date, tuple[str, str]] = {
        dt.date(year, 1, 1): ("Nieuwjaarsdag", ATW_LID_1),
        paas - dt.timedelta(days=2): ("Goede Vrijdag", ATW_LID_2),
        paas + dt.timedelta(days=1): ("Tweede Paasdag", ATW_LID_1),
        kings_day(year): ("Koningsdag" if year >= 2014 else "Koninginnedag", ATW_LID_1),
        dt.date(year, 5, 5): ("Bevrijdingsdag (5 mei)", ATW_LID_1),
        paas + dt.timedelta(days=39): ("Hemelvaartsdag", ATW_LID_1),
        paas + dt.timedelta(days=50): ("Tweede Pinksterdag", ATW_LID_1),
        dt.date(year, 12, 25): ("Eerste Kerstdag", ATW_LID_1),
        dt.date(year, 12, 26): ("Tweede Kerstdag", ATW_LID_1),
    }
    for day, decree in DECREED_DAYS.items():
        if day.year == year:
            days.setdefault(day, ("Met een algemeen erkende feestdag gelijkgestelde dag",
                                  decree))
    return days


class WorkingCalendar:
    """A working-day calendar: Monday to Friday, minus the Atw days and ``closed`` days.

    ``closed`` are the protocol's own closing days (``Protocol.calendar.closed``).
    """

    def __init__(self, base: str = "algemene_termijnenwet",
                 closed: Iterable[dt.date] = ()) -> None:
        if base not in BASES:
            raise ValueError(f"unknown calendar {base!r}; known: {', '.join(BASES)}")
        self.base = base
        self.closed = frozenset(closed)
        self._memo: dict[tuple[dt.date, int], dt.date] = {}

    def holiday(self, day: dt.date) -> tuple[str, str] | None:
        """(name, basis) of the closing day ``day``, or ``None`` (weekends are not named)."""
        found = atw_holidays(day.year).get(day)
        if found is not None:
            return found
        if day in self.closed:
            return ("Sluitingsdag van de gemeente", "calendar.closed")
        return None

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and day not in self.closed \
            and day not in atw_holidays(day.year)

    def add_working_days(self, start: dt.date, count: int) -> dt.date:
        """The ``count``-th working day after ``start`` (``start`` itself never counts)."""
        if count < 0:
            raise ValueError("a number of working days cannot be negative")
        key = (start, count)
        found = self._memo.get(key)
        if found is not None:
            return found
        day = start
        remaining = count
        while remaining:
            day += _ONE_DAY
            if self.is_working_day(day):
                remaining -= 1
        if len(self._memo) < 8192:
            self._memo[key] = day
        return day

    def due(self, start: dt.date, amount: int, unit: str) -> dt.date:
        """The last day of a deadline of ``amount`` ``unit`` that starts on ``start``."""
        if unit == "dagen":
            return start + dt.timedelta(days=amount)
        if unit == "weken":
            return start + dt.timedelta(weeks=amount)
        if unit == "werkdagen":
            return self.add_working_days(start, amount)
        raise ValueError(f"unknown deadline unit {unit!r}; known: {', '.join(UNITS)}")


#: The default calendar: the Atw days, no closing days of a municipality.
DEFAULT_CALENDAR = WorkingCalendar()


def holiday_name(day: dt.date) -> str | None:
    """The name of the algemeen erkende feestdag (or equated day) on ``day``, or ``None``."""
    found = DEFAULT_CALENDAR.holiday(day)
    return found[0] if found is not None else None


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday and not an algemeen erkende feestdag (or equated day).

    >>> is_working_day(dt.date(2025, 12, 24)), is_working_day(dt.date(2025, 12, 25))
    (True, False)
    """
    return DEFAULT_CALENDAR.is_working_day(day)


def add_working_days(start: dt.date, count: int) -> dt.date:
    """The ``count``-th working day after ``start`` on the default calendar."""
    return DEFAULT_CALENDAR.add_working_days(start, count)


def due_date(start: dt.date, amount: int, unit: str) -> dt.date:
    """The last day of a deadline of ``amount`` ``unit`` on the default calendar."""
    return DEFAULT_CALENDAR.due(start, amount, unit)
