"""The one home of a case's input types: event, case id, dates, stored record (a
scenario's, :class:`~protocolkit.semantics.inputs.ScenarioSpec`, is the semantics', so
that a :class:`~protocolkit.semantics.Scenario` reads its fields as strictly when made).

``CaseEngine.open``/``record``, ``CaseEngine.restore``, the ``CASE.yaml`` files of
``protocolkit simulate``, the scenario-test files of ``protocolkit test`` and the case
store all read scenarios, events, case ids and dates through the definitions here, so a
value one of them accepts the others accept too (a case that can be stored can be
restored) and a value one refuses the others refuse.

Strict at the edge: ``own`` is a boolean (``"false"`` is refused, never read as true),
roles, steps and outcomes are strings, a case id is 1 to 200 printable characters.

Dates: a date is a :class:`datetime.date` or ``"YYYY-MM-DD"``, between
:data:`MIN_DATE` and :data:`MAX_DATE` (a date near year 9999 would overflow the
deadline arithmetic). A time-zone-aware :class:`datetime.datetime` is converted to its
date in Europe/Amsterdam, where the protocols apply; a naive datetime is refused (its
date depends on the server's zone).

>>> import datetime as dt
>>> to_date(dt.datetime(2025, 12, 31, 23, 30, tzinfo=dt.timezone.utc))   # 00:30 in Amsterdam
datetime.date(2026, 1, 1)
>>> to_date("9999-12-31")
Traceback (most recent call last):
protocolkit.format.diagnostics.TextError: the date 9999-12-31 lies outside 1900-01-01..2200-12-31
>>> check_case_id("")
Traceback (most recent call last):
protocolkit.format.diagnostics.TextError: a case id is a text of 1 to 200 printable characters, not empty
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StrictStr,
    Tag,
)

from protocolkit.format.diagnostics import Msg, TextError, said_given
from protocolkit.semantics.inputs import ScenarioSpec

#: The ``format`` of a stored case.
CASE_FORMAT = "protocolkit.case/1"
#: More events than any real case has; keeps fact ids and memory bounded.
MAX_EVENTS_PER_CASE = 10_000
#: The dates a case accepts: a sane range, far from the overflow at year 9999.
MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2200, 12, 31)
#: Where the protocols apply: aware datetimes are read as dates there.
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MAX_CASE_ID = 200

DateLike = dt.date | str

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def to_date(value: object, what: str | Msg | None = None) -> dt.date:
    """A date from a ``date``, an aware ``datetime`` (its Amsterdam date) or
    ``"YYYY-MM-DD"``, within :data:`MIN_DATE`..:data:`MAX_DATE`; ``ValueError`` otherwise."""
    day: dt.date | None = None
    if type(value) is str:            # the usual inputs, checked without a message
        day = _iso_day(value)
    elif type(value) is dt.date:
        day = value
    if day is not None and MIN_DATE <= day <= MAX_DATE:
        return day
    return _any_date(value, Msg.of("engine.the-date") if what is None else what)


def _any_date(value: object, what: str | Msg) -> dt.date:
    """:func:`to_date` for every other input, and its refusals (``what`` names the value)."""
    day: dt.date | None = None
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise TextError(Msg.of("engine.naive-date", what=what, value=value.isoformat()))
        day = value.astimezone(AMSTERDAM).date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, str):
        day = _iso_day(value)
    if day is None:
        raise TextError(Msg.of("engine.not-a-date", what=what, value=said_given(value)))
    if not MIN_DATE <= day <= MAX_DATE:
        raise TextError(Msg.of("engine.date-outside", what=what, value=day.isoformat(),
                               first=MIN_DATE.isoformat(), last=MAX_DATE.isoformat()))
    return day


@functools.lru_cache(maxsize=4096)
def _iso_day(text: str) -> dt.date | None:
    """The day ``"YYYY-MM-DD"`` names, or ``None`` (cached: a case's events and the
    cases of a day repeat the same few dates)."""
    if not _ISO_DATE.match(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def to_utc(value: object, what: str = "recorded_at") -> dt.datetime:
    """An aware datetime (or ISO text with an offset) as UTC; naive ones are refused."""
    written = value
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError as error:
            raise TextError(Msg.of("engine.not-a-time", what=what,
                                   value=said_given(value))) from error
    if not isinstance(value, dt.datetime):
        raise TextError(Msg.of("engine.not-a-time", what=what, value=said_given(value)))
    if value.tzinfo is None or value.utcoffset() is None:
        raise TextError(Msg.of("engine.naive-time", what=what, value=said_given(written)))
    if not MIN_DATE <= value.date() <= MAX_DATE:
        raise TextError(Msg.of("engine.time-outside", what=what, value=value.isoformat()))
    return value.astimezone(dt.UTC)


def check_case_id(value: object) -> str:
    """A case id: a text of 1 to 200 printable characters (what ``restore`` accepts)."""
    if (not isinstance(value, str) or not 1 <= len(value) <= MAX_CASE_ID
            or _CONTROL.search(value) or value.strip() != value):
        raise TextError(Msg.of("engine.case-id", most=MAX_CASE_ID, value=said_given(value)))
    return value


def check_text(value: object, what: str | Msg, limit: int = 2000) -> str:
    """A short one-line-or-more text (who recorded an event, a note): a string."""
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise TextError(Msg.of("engine.not-a-text", what=what, limit=limit,
                               value=said_given(value)))
    return value


def _date_input(value: Any) -> Any:
    return to_date(value)


#: A date field: ``YYYY-MM-DD`` (or a YAML date), in range.
IsoDate = Annotated[dt.date, BeforeValidator(_date_input)]
#: A case id field.
CaseId = Annotated[str, BeforeValidator(check_case_id)]
#: A UTC timestamp field.
UtcTime = Annotated[dt.datetime, BeforeValidator(to_utc)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Entry(_Strict):
    """What every entry of a case's log carries besides what it records: the date, the
    event it withdraws when it is a correction, who recorded it, when (UTC), a note."""

    date: IsoDate
    withdraws: int | None = Field(default=None, ge=1, strict=True)
    recorded_by: StrictStr | None = None
    recorded_at: UtcTime | None = None
    note: StrictStr | None = None


class _Outcome(_Strict):
    step: StrictStr
    outcome: StrictStr


class _Fact(_Strict):
    fact: StrictStr
    value: IsoDate


# pydantic orders the fields of the base listed last first: what an entry records, then
# the fields of _Entry (the order in which the keys are named to a user).


class EventSpec(_Entry, _Outcome):
    """One event: the outcome of a step on a date, or (``withdraws``) a correction that
    withdraws an earlier event, with who recorded it, when (UTC) and an optional note."""

    @property
    def fact(self) -> None:
        """An outcome event records no fact."""
        return None

    @property
    def value(self) -> None:
        return None


class FactEventSpec(_Entry, _Fact):
    """A fact of the case learnt on ``date`` (``Case.record_fact``): ``fact`` names a
    fact the protocol declares, ``value`` is its value; or (``withdraws``) the
    correction of such an event, repeating its fact and value."""

    @property
    def step(self) -> None:
        """A fact event belongs to no step."""
        return None

    @property
    def outcome(self) -> None:
        return None


def _event_kind(value: Any) -> str:
    """Which kind of event an entry of a log is: a fact event names ``fact``."""
    if isinstance(value, FactEventSpec) or (isinstance(value, dict) and "fact" in value):
        return "[fact]"
    return "[outcome]"


#: An entry of a case's log as stored or written in a case file. (The tags are in
#: brackets so that the loader's error locations skip them, like pydantic's own.)
AnyEventSpec = Annotated[
    Annotated[EventSpec, Tag("[outcome]")] | Annotated[FactEventSpec, Tag("[fact]")],
    Discriminator(_event_kind)]


class StoredProtocol(_Strict):
    """Which protocol a stored case ran under: its name, version, compiled ruleset and
    (since 0.2) the identity of its meaning (:func:`protocolkit.engine.compiler.identity`)."""

    municipality: StrictStr
    version: StrictStr
    ruleset: StrictStr
    identity: StrictStr | None = None


class MigrationSpec(_Strict):
    """A migration in a stored case: after event ``after`` the case moved from one
    version of its protocol to another (:meth:`protocolkit.engine.CaseEngine.migrate`),
    on ``date``, by whom, when and why, and what changed between the two."""

    after: int = Field(ge=0, strict=True)
    date: IsoDate
    from_: StoredProtocol = Field(alias="from")
    to: StoredProtocol
    note: StrictStr
    recorded_by: StrictStr | None = None
    recorded_at: UtcTime | None = None
    changes: list[StrictStr] = Field(default_factory=list)


class StoredCase(_Strict):
    """A case record as :meth:`~protocolkit.engine.Case.to_dict` writes it."""

    format: Literal["protocolkit.case/1"]
    id: CaseId
    protocol: StoredProtocol
    scenario: ScenarioSpec
    opened: IsoDate
    received: IsoDate | None = None
    facts: dict[StrictStr, IsoDate] = Field(default_factory=dict)
    events: list[AnyEventSpec] = Field(default_factory=list, max_length=MAX_EVENTS_PER_CASE)
    #: The migrations between versions of the protocol, oldest first (the record's
    #: ``protocol`` is the version of the latest).
    migrations: list[MigrationSpec] = Field(default_factory=list,
                                            max_length=MAX_EVENTS_PER_CASE)
