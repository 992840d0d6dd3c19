"""Cases: open one from a scenario and a date, record outcomes, ask what is open.

A :class:`Case` is its event log. The rules engine (through the compiled ruleset)
derives which step is open after each event; the case keeps the log as the record, so
that :meth:`CaseEngine.restore` rebuilds the same state from plain JSON.

>>> import datetime as dt
>>> from protocolkit.loader import load_protocol
>>> protocol = load_protocol("tests/data/minimal.yaml").protocol
>>> engine = CaseEngine()
>>> case = engine.open(protocol, {"reporter": "raadslid", "subject": "burgemeester",
...                               "act": "uitgevoerd"}, opened="2025-12-19")
>>> [(s.step, s.actor, str(s.due)) for s in case.open_steps(as_of="2025-12-19")]
[('melding', 'raadslid', '2026-01-08')]
>>> case.record("melding", "gemeld", "2025-12-22")
('beoordeling',)
>>> case.open_steps()[0].actor          # the CvdK acts for the burgemeester (art. 1)
'cvdk'
>>> try:
...     case.record("beoordeling", "toegestaan", "2025-12-23")
... except EventRefused as refused:
...     print(refused.allowed)
{'beoordeling': ('niet_ontvankelijk', 'onderzoekswaardig')}
>>> stored = case.to_json()                     # plain JSON: the tool keeps it
>>> restored = CaseEngine().restore(protocol, stored)   # e.g. after a restart
>>> restored.to_dict() == case.to_dict() and restored.trace() == case.trace()
True
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal, NoReturn

from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError

from protocolkit.diagnostics import did_you_mean
from protocolkit.engine.adapter import RulesEngine, RulesError, Session
from protocolkit.engine.compiler import (
    OPEN_KIND,
    SUBSTITUTION_KIND,
    CompiledProtocol,
    ScenarioPlan,
    case_fact,
    compile_protocol,
    outcome_fact,
)
from protocolkit.model import Protocol, citations
from protocolkit.semantics import (
    OutcomeView,
    Scenario,
    StepView,
    attribute_problems,
    complete,
    fact_condition_holds,
    fact_conditions,
    fact_margin,
    refusal,
    scenario_from_shared,
    silences,
)

#: The ``format`` of a stored case.
CASE_FORMAT = "protocolkit.case/1"
#: More events than any real case has; keeps fact ids and memory bounded.
MAX_EVENTS_PER_CASE = 10_000

DateLike = dt.date | str


# --------------------------------------------------------------------------- errors


class CaseError(Exception):
    """Something a caller asked of a case that cannot be done."""


class ScenarioNotCovered(CaseError, ValueError):
    """The protocol does not cover this scenario (no such role, excluded, no route)."""


class CaseInputError(CaseError, ValueError):
    """The scenario attributes, facts or dates given to open a case are not what the
    protocol declares (strict input: nothing is dropped or defaulted silently).
    ``field`` names the part of the input: ``scenario``, ``attributes``, ``facts`` or
    ``received``."""

    def __init__(self, message: str, field: str = "scenario") -> None:
        super().__init__(message)
        self.field = field


class CaseRecordError(CaseError, ValueError):
    """A stored case cannot be restored (malformed, another protocol, refused event)."""


class EngineError(CaseError):
    """The rules engine failed or disagreed with the semantics. The case was rebuilt from
    its event log and is as it was before the call."""


class EventRefused(CaseError):
    """The protocol does not allow this event now. The case is unchanged.

    ``reason`` is one of ``step-not-open``, ``outcome-not-offered``,
    ``date-before-step``, ``case-closed``, ``too-many-events``, ``fact-condition`` (a
    fact of the case does not meet the outcome's ``requires``; ``source`` cites the
    article), ``fact-missing`` (the outcome needs a fact or a reference date the case
    does not have); ``allowed`` maps each open step to the outcomes it accepts (empty
    when the case has ended).
    """

    def __init__(self, detail: str, *, reason: str, step: str, outcome: str,
                 date: dt.date | None, allowed: Mapping[str, tuple[str, ...]],
                 source: tuple[str, ...] = ()) -> None:
        message = f"{detail}; allowed now: {_allowed_text(allowed)}"
        super().__init__(message)
        self.message = message
        self.detail = detail
        self.reason = reason
        self.step = step
        self.outcome = outcome
        self.date = date
        self.allowed = dict(allowed)
        self.source = source

    def allowed_text(self) -> str:
        """``"beoordeling: niet_ontvankelijk, onderzoekswaardig"`` or ``"nothing"``."""
        return _allowed_text(self.allowed)


def _allowed_text(allowed: Mapping[str, tuple[str, ...]]) -> str:
    if not allowed:
        return "nothing (the case has ended)"
    return "; ".join(f"{step}: {', '.join(outcomes)}" for step, outcomes in allowed.items())


# --------------------------------------------------------------------------- answers


@dataclass(frozen=True)
class Event:
    """One recorded outcome of a step, on a date."""

    step: str
    outcome: str
    date: dt.date

    def to_dict(self) -> dict[str, str]:
        return {"step": self.step, "outcome": self.outcome, "date": self.date.isoformat()}


@dataclass(frozen=True)
class OpenStep:
    """A step that waits for its outcome: who acts, who is heard and told, and by when.

    Roles are the protocol's role ids as :mod:`protocolkit.semantics` resolves them for
    the case's scenario (substitutions applied; ``stands_in_for`` names the role the
    actor replaces).
    """

    step: str
    title: str
    kind: str
    phase: str
    actor: str
    stands_in_for: str | None
    counterpart: str | None
    consulted: tuple[str, ...]
    informed: tuple[str, ...]
    since: dt.date
    due: dt.date | None
    overdue: bool
    deadline: str | None
    deadline_source: tuple[str, ...]
    #: The rule the deadline runs from (``step``, ``ontvangst``, ``case`` or a step id)
    #: and the date that rule gave; ``None`` without a deadline.
    runs_from: str | None
    runs_from_date: dt.date | None
    outcomes: tuple[OutcomeView, ...]
    confidential: bool
    source: tuple[str, ...]
    #: Everyone who acts (a joint step names several; ``actor`` is the first).
    actors: tuple[str, ...] = ()
    heard: tuple[str, ...] = ()
    heard_named: tuple[str, ...] = ()
    #: Open points this step's answer waits on ("nog open"), and their questions.
    open_points: tuple[str, ...] = ()
    open_questions: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "step": self.step, "title": self.title, "kind": self.kind, "phase": self.phase,
            "actor": self.actor, "actors": list(self.actors), "heard": list(self.heard),
            "heard_named": list(self.heard_named),
            "open_points": list(self.open_points), "open_questions": list(self.open_questions),
            "stands_in_for": self.stands_in_for,
            "counterpart": self.counterpart, "consulted": list(self.consulted),
            "informed": list(self.informed), "since": self.since.isoformat(),
            "due": self.due.isoformat() if self.due else None, "overdue": self.overdue,
            "deadline": self.deadline, "deadline_source": list(self.deadline_source),
            "runs_from": (None if self.runs_from is None else
                          {"rule": self.runs_from,
                           "date": (self.runs_from_date.isoformat()
                                    if self.runs_from_date else None)}),
            "outcomes": [{"id": o.id, "label": o.label, "next": o.next,
                          "tracks": list(o.tracks), "admission": o.admission}
                         for o in self.outcomes],
            "confidential": self.confidential, "source": list(self.source),
        }


@dataclass(frozen=True)
class TraceEntry:
    """One step the case went through: when it opened, who acted, what came out."""

    step: str
    title: str
    kind: str
    actor: str
    opened: dt.date
    outcome: str | None
    date: dt.date | None
    next: str | None
    source: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"step": self.step, "title": self.title, "kind": self.kind,
                "actor": self.actor, "opened": self.opened.isoformat(),
                "outcome": self.outcome, "date": self.date.isoformat() if self.date else None,
                "next": self.next, "source": list(self.source)}


@dataclass(frozen=True)
class Closing:
    """How a case ended: the end step it reached, and when."""

    step: str
    title: str
    date: dt.date
    out_of_scope: str | None
    source: tuple[str, ...]
    #: Where the case goes instead and who acts there (``HandoffView.to_dict``, protocol
    #: role ids), or ``None`` when it ends inside the protocol.
    handoff: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"ended": True, "step": self.step, "title": self.title,
                "date": self.date.isoformat(), "out_of_scope": self.out_of_scope,
                "handoff": self.handoff, "source": list(self.source)}


NOT_CLOSED: dict[str, Any] = {"ended": False, "step": None, "title": None, "date": None,
                              "out_of_scope": None, "handoff": None, "source": []}


class _Visit:
    """A step the case entered (mutable until its outcome is recorded)."""

    __slots__ = ("date", "due", "n", "next", "outcome", "since", "start", "view")

    def __init__(self, n: int, view: StepView, since: dt.date, due: dt.date | None,
                 start: dt.date | None) -> None:
        self.n = n
        self.view = view
        self.since = since
        self.due = due
        self.start = start
        self.outcome: str | None = None
        self.date: dt.date | None = None
        self.next: str | None = None


# --------------------------------------------------------------------------- stored form


class _StoredScenario(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    reporter: str
    subject: str
    act: str
    own: StrictBool = False
    attributes: dict[str, str] = Field(default_factory=dict)


class _StoredEvent(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    step: str
    outcome: str
    date: dt.date


class _StoredProtocol(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    municipality: str
    version: str
    ruleset: str


class _StoredCase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    format: Literal["protocolkit.case/1"]
    id: str = Field(min_length=1, max_length=200)
    protocol: _StoredProtocol
    scenario: _StoredScenario
    opened: dt.date
    received: dt.date | None = None
    facts: dict[str, dt.date] = Field(default_factory=dict)
    events: list[_StoredEvent] = Field(default_factory=list, max_length=MAX_EVENTS_PER_CASE)


def _to_date(value: DateLike, what: str = "date") -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"{what} must be a date or 'YYYY-MM-DD', not {value!r}")


# --------------------------------------------------------------------------- case


class Case:
    """One running case. Created by :meth:`CaseEngine.open` or :meth:`CaseEngine.restore`."""

    def __init__(self, engine: CaseEngine, compiled: CompiledProtocol, plan: ScenarioPlan,
                 case_id: str, opened: dt.date, session: Session,
                 received: dt.date | None = None,
                 facts: Mapping[str, dt.date] | None = None) -> None:
        self._engine = engine
        self._compiled = compiled
        self._plan = plan
        self._id = case_id
        self._opened = opened
        self._received = opened if received is None else received
        self._calendar = compiled.calendar
        self._facts: dict[str, dt.date] = dict(facts or {})
        self._margins: list[dict[int, int]] = []
        self._session = session
        self._events: list[Event] = []
        self._closes: list[int] = []
        self._visits: list[_Visit] = []
        self._open: dict[str, _Visit] = {}
        self._last_outcome: dict[str, dt.date] = {}
        self._closing: Closing | None = None
        #: The end steps reached so far, one per ended track.
        self._ended: list[Closing] = []
        self._substitutions: tuple[str, ...] = ()
        self._dropped = False
        try:
            self._start(self._assert(case_fact(plan, self._received.isoformat()),
                                     rebuild=False))
        except CaseError:
            session.drop()
            raise

    # ----------------------------------------------------------------- identity

    @property
    def id(self) -> str:
        return self._id

    @property
    def protocol(self) -> Protocol:
        return self._compiled.protocol

    @property
    def ruleset(self) -> str:
        """The name of the compiled ruleset the case runs in."""
        return self._compiled.name

    @property
    def scenario(self) -> Scenario:
        return self._plan.scenario

    @property
    def opened(self) -> dt.date:
        """The day the case was registered."""
        return self._opened

    @property
    def received(self) -> dt.date:
        """The day the melding (or doubt) came in (*ontvangst*): the entry step opens on
        it and deadlines ``from: ontvangst`` run from it. Equal to :attr:`opened` unless
        the case was registered later than it came in."""
        return self._received

    @property
    def ontvangst(self) -> dt.date | None:
        """The day the melding came in: the case's :attr:`received` date when the case
        opened at a step of kind ``melding``; otherwise the day the latest ``melding``
        step on its way was completed (a doubt that became a melding); ``None`` before
        any melding. Deadlines ``from: ontvangst`` run from it."""
        if self._plan.views[self._plan.entry_step].kind.value == "melding":
            return self._received
        dates = [v.date for v in self._visits
                 if v.view.kind.value == "melding" and v.date is not None]
        return max(dates) if dates else None

    @property
    def facts_given(self) -> dict[str, dt.date]:
        """The case's facts beyond the scenario (``Protocol.facts``), as given."""
        return dict(self._facts)

    @property
    def entry_route(self) -> str:
        """The id of the entry route the scenario takes."""
        return self._plan.entry.id

    @property
    def events(self) -> tuple[Event, ...]:
        return tuple(self._events)

    @property
    def substitutions(self) -> tuple[str, ...]:
        """Ids of the substitutions in force for this case, as the rules derived them."""
        return self._substitutions

    @property
    def closed(self) -> Closing | None:
        """How the case ended, or ``None`` while it runs."""
        return self._closing

    # ----------------------------------------------------------------- questions

    def open_steps(self, as_of: DateLike | None = None) -> tuple[OpenStep, ...]:
        """The steps waiting for an outcome; ``overdue`` relative to ``as_of`` (today)."""
        day = dt.date.today() if as_of is None else _to_date(as_of, "as_of")
        return tuple(self._open_step(visit, day) for visit in self._open.values())

    def overdue(self, as_of: DateLike | None = None) -> tuple[OpenStep, ...]:
        """The open steps whose due date lies before ``as_of`` (today)."""
        return tuple(s for s in self.open_steps(as_of) if s.overdue)

    def accepts(self) -> dict[str, tuple[str, ...]]:
        """The outcomes each open step accepts now."""
        return {step: tuple(self._plan.accepts[step]) for step in self._open}

    def trace(self) -> tuple[TraceEntry, ...]:
        """The steps so far, in order, each with its outcome (the last is still open,
        or the end step)."""
        return tuple(TraceEntry(v.view.id, v.view.title, v.view.kind.value, v.view.actor.role,
                                v.since, v.outcome, v.date, v.next, v.view.source)
                     for v in self._visits)

    def silent(self, as_of: DateLike | None = None) -> list[dict[str, Any]]:
        """Who must still be silent on ``as_of`` (today): every silence of the scenario
        whose start step the case has entered by then (or that holds from the start)
        and whose ending step or outcome it has not yet passed; each as
        ``{id, roles, audience, from, until, source}``."""
        day = dt.date.today() if as_of is None else _to_date(as_of, "as_of")
        if day < self._opened:
            return []
        held: list[dict[str, Any]] = []
        for silence in silences(self.protocol, self._plan.scenario):
            if silence.from_step is not None and not any(
                    v.view.id == silence.from_step and v.since <= day for v in self._visits):
                continue
            until, outcome = silence.until_step, None
            if silence.until is not None and "." in silence.until:
                outcome = silence.until.split(".", 1)[1]
            ended = until is not None and any(
                v.view.id == until and v.date is not None and v.date <= day
                and (outcome is None or v.outcome == outcome) for v in self._visits)
            if not ended:
                held.append(silence.to_dict(self.protocol))
        return held

    def facts(self) -> list[dict[str, Any]]:
        """The case's facts in the rules engine, sorted (for inspection and audits)."""
        return self._session.facts()

    # ----------------------------------------------------------------- events

    def record(self, step: str, outcome: str, date: DateLike) -> tuple[str, ...]:
        """Record ``outcome`` of the open step ``step`` on ``date``; the steps open now.

        Raises :class:`EventRefused` (the case unchanged) when the protocol does not
        allow it: the step is not open, the outcome is not one it offers in this
        scenario, the date lies before the step opened, or the case has ended.
        """
        with self._engine._lock:
            return self._record(step, outcome, _to_date(date))

    def _record(self, step: str, outcome: str, day: dt.date) -> tuple[str, ...]:
        self._usable()
        visit = self._open.get(step)
        if self._closing is not None:
            self._refuse("case-closed", step, outcome, day,
                         f"the case has ended in step '{self._closing.step}' on "
                         f"{self._closing.date.isoformat()}; no event can follow")
        if visit is None:
            self._refuse("step-not-open", step, outcome, day,
                         f"step '{step}' is not open in this case")
        target = self._plan.accepts[step].get(outcome)
        if target is None:
            self._refuse("outcome-not-offered", step, outcome, day,
                         f"'{outcome}' is not an outcome step '{step}' offers here")
        if day < visit.since:
            self._refuse("date-before-step", step, outcome, day,
                         f"the event is dated {day.isoformat()}, before step '{step}' opened "
                         f"on {visit.since.isoformat()}")
        n = len(self._events) + 1
        if n > MAX_EVENTS_PER_CASE:
            self._refuse("too-many-events", step, outcome, day,
                         f"a case holds at most {MAX_EVENTS_PER_CASE} events")
        margins = self._fact_margins(step, outcome, day)
        derived = self._assert(outcome_fact(self._plan, n, step, outcome, day.isoformat(),
                                            visit.n, margins))
        opened = sorted((f for f in derived if f["kind"] == OPEN_KIND),
                        key=lambda f: str(f["id"]))
        expected = self._plan.opens(step, outcome)
        if (len(derived) != len(expected) or len(opened) != len(expected)
                or {f["step"] for f in opened} != set(expected)
                or any(f["actor"] != self._plan.views[f["step"]].actor.role for f in opened)):
            self._rebuild()
            raise EngineError(f"the rules derived {opened} after '{outcome}' of '{step}'; "
                              f"the protocol says {list(expected)} with actors "
                              f"{[self._plan.views[t].actor.role for t in expected]}; "
                              "the case is unchanged")
        self._events.append(Event(step, outcome, day))
        self._closes.append(visit.n)
        self._margins.append(margins)
        visit.outcome, visit.date, visit.next = outcome, day, target
        del self._open[step]
        self._last_outcome[step] = day
        by_step = {f["step"]: f for f in opened}
        for target_step in expected:      # next first, then the tracks, as the text orders
            self._enter(by_step[target_step])
        self._settle()
        return tuple(self._open)

    def _refuse(self, reason: str, step: str, outcome: str, day: dt.date | None,
                message: str, source: tuple[str, ...] = ()) -> NoReturn:
        raise EventRefused(message, reason=reason, step=step, outcome=outcome, date=day,
                           allowed=self.accepts(), source=source)

    def _fact_margins(self, step: str, outcome: str, day: dt.date) -> dict[int, int]:
        """The margins of the outcome's fact conditions (``Outcome.requires``); refuses
        the event when a condition fails or cannot be decided."""
        margins: dict[int, int] = {}
        for index, condition in fact_conditions(self.protocol).get((step, outcome), ()):
            cites = tuple(citations(condition.source))
            where = "; ".join(cites)
            fact = self._facts.get(condition.fact)
            if fact is None:
                self._refuse("fact-missing", step, outcome, day,
                             f"'{outcome}' of step '{step}' needs the fact "
                             f"'{condition.fact}' of the case ({where}); give it when the "
                             "case is opened", cites)
            if condition.at == "step":
                reference: dt.date | None = day
            elif condition.at == "ontvangst":
                reference = self.ontvangst
            else:
                dates = [self._last_outcome[s] for s in condition.at_steps()
                         if s in self._last_outcome]
                reference = max(dates) if dates else None
            if reference is None:
                self._refuse("fact-missing", step, outcome, day,
                             f"'{outcome}' of step '{step}' compares '{condition.fact}' with "
                             f"a date this case does not have yet ({condition.at}) ({where})",
                             cites)
            margin = fact_margin(condition, fact, reference)
            if not fact_condition_holds(condition, margin):
                older = margin > 0
                self._refuse(
                    "fact-condition", step, outcome, day,
                    f"'{outcome}' of step '{step}' requires that {condition.describe()} "
                    f"({where}); {condition.fact} is {fact.isoformat()}, "
                    + ("more than" if older else "not more than")
                    + f" {condition.period.describe()} before {reference.isoformat()}",
                    cites)
            margins[index] = margin
        return margins

    # ----------------------------------------------------------------- storage

    def to_dict(self) -> dict[str, Any]:
        """The case as plain data: its identity, scenario, opening date and event log."""
        meta = self._compiled.protocol.protocol
        return {"format": CASE_FORMAT, "id": self._id,
                "protocol": {"municipality": meta.municipality, "version": meta.version,
                             "ruleset": self._compiled.name},
                "scenario": self._plan.scenario.to_dict(), "opened": self._opened.isoformat(),
                "received": self._received.isoformat(),
                "facts": {k: v.isoformat() for k, v in self._facts.items()},
                "events": [e.to_dict() for e in self._events]}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def drop(self) -> None:
        """Forget the case's state in the engine (the record stays the caller's)."""
        self._engine.drop(self)

    # ----------------------------------------------------------------- internals

    def _usable(self) -> None:
        if self._dropped:
            raise CaseError(f"case '{self._id}' was dropped; restore it from its record")

    def _assert(self, fact: dict[str, Any], rebuild: bool = True) -> list[dict[str, Any]]:
        try:
            return self._session.assert_fact(fact)
        except RulesError as error:
            if rebuild:
                self._rebuild()
            raise EngineError(f"{error}; the case is unchanged") from error

    def _rebuild(self) -> None:
        """Replay the event log into an empty session (after an engine failure)."""
        session = self._session
        session.reset()
        try:
            session.assert_fact(case_fact(self._plan, self._received.isoformat()))
            for n, (event, closes, margins) in enumerate(
                    zip(self._events, self._closes, self._margins, strict=True), start=1):
                session.assert_fact(outcome_fact(self._plan, n, event.step, event.outcome,
                                                 event.date.isoformat(), closes, margins))
        except RulesError as error:
            self._dropped = True
            raise EngineError(f"case '{self._id}' could not be rebuilt from its log ({error}); "
                              "restore it from its record") from error

    def _start(self, derived: list[dict[str, Any]]) -> None:
        opened = [f for f in derived if f["kind"] == OPEN_KIND]
        subs = tuple(f["substitution"] for f in derived if f["kind"] == SUBSTITUTION_KIND)
        view = self._plan.views[self._plan.entry_step]
        if (len(opened) != 1 or opened[0]["step"] != view.id
                or opened[0]["actor"] != view.actor.role
                or set(subs) != set(self._plan.substitutions)):
            raise EngineError(f"the rules opened {[f.get('step') for f in opened]} with "
                              f"substitutions {list(subs)}; the protocol says "
                              f"'{self._plan.entry_step}' with {list(self._plan.substitutions)}")
        self._substitutions = subs
        self._enter(opened[0])
        self._settle()

    def _settle(self) -> None:
        # The case ends when every track has ended: no step open, an end reached.
        if not self._open and self._ended and self._closing is None:
            self._closing = self._ended[-1]

    def _enter(self, fact: Mapping[str, Any]) -> None:
        """Enter the step of an ``open`` fact. An end step ends its track; the case ends
        when every track has ended (no step is open any more). A track that reaches a
        step that is open already joins it (the step stays open once)."""
        view = self._plan.views[fact["step"]]
        since = dt.date.fromisoformat(fact["since"])
        if view.id in self._open:
            return
        start = self._start_of(view, since)
        deadline = view.deadline
        due = (None if start is None or deadline is None or deadline.amount is None
               or deadline.unit is None else
               self._calendar.due(start, deadline.amount, deadline.unit))
        visit = _Visit(fact["n"], view, since, due, start)
        self._visits.append(visit)
        if view.end:
            self._ended.append(Closing(view.id, view.title, since, view.out_of_scope,
                                       view.source,
                                       view.handoff.to_dict() if view.handoff else None))
        else:
            self._open[view.id] = visit

    def _start_of(self, view: StepView, since: dt.date) -> dt.date | None:
        """The date the step's deadline runs from (``Deadline.from``), or ``None``."""
        deadline = view.deadline
        if deadline is None:
            return None
        if deadline.from_ == "step":
            return since
        if deadline.from_ == "ontvangst":
            return self.ontvangst
        if deadline.from_ == "case":
            return self._opened
        return self._last_outcome.get(deadline.from_)

    def _open_step(self, visit: _Visit, as_of: dt.date) -> OpenStep:
        view = visit.view
        deadline = view.deadline
        return OpenStep(
            step=view.id, title=view.title, kind=view.kind.value, phase=view.phase,
            actor=view.actor.role,
            stands_in_for=view.actor.named if view.actor.substituted else None,
            counterpart=view.counterpart.role if view.counterpart else None,
            consulted=tuple(r.role for r in view.consulted),
            informed=tuple(r.role for r in view.informed),
            since=visit.since, due=visit.due,
            overdue=visit.due is not None and as_of > visit.due,
            deadline=deadline.describe() if deadline else None,
            deadline_source=tuple(citations(deadline.source)) if deadline else (),
            runs_from=deadline.from_ if deadline else None, runs_from_date=visit.start,
            outcomes=view.outcomes, confidential=view.confidential, source=view.source,
            actors=tuple(a.role for a in view.actors), heard=tuple(r.role for r in view.heard),
            heard_named=tuple(r.named for r in view.heard),
            open_points=view.open_points,
            open_questions=tuple(next((p.question for p in self.protocol.open_points
                                       if p.id == point), point)
                                 for point in view.open_points))


# --------------------------------------------------------------------------- engine


class CaseEngine:
    """Runs cases of any number of protocols side by side in one process.

    Each protocol is compiled once into its own ruleset; each case gets its own working
    memory (an internal session, never the caller's case id). ``max_live`` bounds the
    cases held live in the rules engine per protocol (by default as many as fit in
    256 MiB, between 16 and 1000); idle ones are evicted and restored transparently,
    so a tool can hold thousands of open cases.
    """

    def __init__(self, max_live: int | None = None) -> None:
        self._rules = RulesEngine(max_live=max_live)
        self._cases: dict[str, Case] = {}
        self._lock = threading.RLock()

    def compile(self, protocol: Protocol) -> CompiledProtocol:
        """The compiled protocol, its ruleset registered in this engine."""
        compiled = compile_protocol(protocol)
        self._rules.register(compiled.ruleset)
        return compiled

    def open(self, protocol: Protocol, scenario: Scenario | Mapping[str, Any],
             opened: DateLike, case_id: str | None = None, *,
             received: DateLike | None = None,
             facts: Mapping[str, DateLike] | None = None) -> Case:
        """Open a case: a melding (or doubt) of ``scenario``, registered on ``opened``.

        ``scenario`` is a :class:`~protocolkit.semantics.Scenario` or a mapping with
        ``reporter``, ``subject``, ``act``, ``own`` and ``attributes`` (shared or
        protocol role ids). ``received`` is the day the melding came in (*ontvangst*,
        default: ``opened``; never after it): the entry step opens on it and deadlines
        ``from: ontvangst`` run from it. ``facts`` are the case's facts the protocol
        declares (``Protocol.facts``), e.g. ``{"datum_vermeende_feiten": "2020-03-01"}``.

        Raises :class:`ScenarioNotCovered` when the protocol has no route for the
        scenario, :class:`CaseInputError` for an undeclared attribute or fact, a value
        outside its domain, a ``required`` attribute left out or ``received`` after
        ``opened``.
        """
        day = _to_date(opened, "opened")
        came_in = day if received is None else _to_date(received, "received")
        if came_in > day:
            raise CaseInputError(f"received ({came_in.isoformat()}) lies after opened "
                                 f"({day.isoformat()}): a melding is registered on or after "
                                 "the day it came in", "received")
        given = self._facts(protocol, facts or {})
        with self._lock:
            return self._open_case(protocol, scenario, day, case_id, came_in, given)

    @staticmethod
    def _facts(protocol: Protocol, facts: Mapping[str, DateLike]) -> dict[str, dt.date]:
        declared = {f.id: f for f in protocol.facts}
        found: dict[str, dt.date] = {}
        for name, value in facts.items():
            if name not in declared:
                hint = did_you_mean(str(name), declared)
                raise CaseInputError(
                    f"'{name}' is not a fact of this protocol" + (f" ({hint})" if hint else "")
                    + "; declared: " + (", ".join(declared) or "none"), "facts")
            try:
                found[name] = _to_date(value, f"fact '{name}'")
            except ValueError as error:
                raise CaseInputError(str(error), "facts") from None
        return found

    def _open_case(self, protocol: Protocol, scenario: Scenario | Mapping[str, Any],
                   day: dt.date, case_id: str | None, received: dt.date | None = None,
                   facts: Mapping[str, dt.date] | None = None) -> Case:
        compiled = self.compile(protocol)
        resolved = self._scenario(protocol, scenario)
        why = refusal(protocol, resolved)
        if why is not None:
            raise ScenarioNotCovered(why.message(protocol, complete(protocol, resolved)))
        plan = compiled.plan(resolved)
        if plan is None:
            raise ScenarioNotCovered(
                f"{protocol.protocol.municipality} has no route for '{resolved.label()}': "
                "the protocol's scenario space leaves it out")
        if case_id is None:
            case_id = f"case-{uuid.uuid4().hex[:16]}"
        if case_id in self._cases:
            raise CaseError(f"a case with id '{case_id}' is already open in this engine")
        session = self._rules.start(compiled.name)
        case = Case(self, compiled, plan, case_id, day, session, received, facts)
        self._cases[case_id] = case
        return case

    def restore(self, protocol: Protocol, record: str | Mapping[str, Any], *,
                migrate: bool = False) -> Case:
        """Rebuild a case from its record (:meth:`Case.to_dict` or :meth:`Case.to_json`)
        by replaying its events.

        A record made under another version of the protocol is refused unless
        ``migrate``; then its events are replayed under this version.
        """
        try:
            data = json.loads(record) if isinstance(record, str) else dict(record)
            stored = _StoredCase.model_validate(data)
        except (ValueError, TypeError, ValidationError) as error:
            raise CaseRecordError(f"not a stored case: {str(error).splitlines()[0]}") from error
        compiled = self.compile(protocol)
        if stored.protocol.ruleset != compiled.name and not migrate:
            raise CaseRecordError(
                f"case '{stored.id}' was recorded under {stored.protocol.ruleset}; this "
                f"protocol compiles to {compiled.name}. Restore with migrate=True to "
                "replay its events under this version.")
        sc = stored.scenario
        scenario = Scenario(sc.reporter, sc.subject, sc.act, sc.own, sc.attributes)
        try:
            case = self.open(protocol, scenario, stored.opened, case_id=stored.id,
                             received=stored.received, facts=dict(stored.facts))
        except (ScenarioNotCovered, CaseInputError) as error:
            raise CaseRecordError(str(error)) from error
        for index, event in enumerate(stored.events, start=1):
            try:
                case.record(event.step, event.outcome, event.date)
            except EventRefused as refused:
                self.drop(case)
                raise CaseRecordError(f"event {index} of case '{stored.id}' "
                                      f"({event.step}: {event.outcome}) is refused: "
                                      f"{refused.message}") from refused
        return case

    def get(self, case_id: str) -> Case:
        try:
            return self._cases[case_id]
        except KeyError as error:
            raise KeyError(f"no open case '{case_id}' in this engine") from error

    def drop(self, case: Case | str) -> None:
        """Forget a case's state (its record is the caller's to keep or delete)."""
        with self._lock:
            target = self._cases.get(case) if isinstance(case, str) else case
            if target is None:
                return
            if self._cases.get(target.id) is target:
                del self._cases[target.id]
            target._session.drop()
            target._dropped = True

    def __len__(self) -> int:
        return len(self._cases)

    def __iter__(self) -> Iterator[Case]:
        return iter(list(self._cases.values()))

    def stats(self) -> dict[str, dict[str, int]]:
        """Per ruleset: cases live in the rules engine, evicted ones, and the limit."""
        return self._rules.stats()

    def close(self) -> None:
        """Drop every case."""
        for case in list(self._cases.values()):
            self.drop(case)

    @staticmethod
    def _scenario(protocol: Protocol, scenario: Scenario | Mapping[str, Any]) -> Scenario:
        if isinstance(scenario, Scenario):
            problems = attribute_problems(protocol, dict(scenario.attributes))
            if problems:
                raise CaseInputError("; ".join(problems), "attributes")
            return scenario
        keys = ("reporter", "subject", "act", "own", "attributes")
        for key in scenario:
            if key not in keys:
                hint = did_you_mean(str(key), keys)
                if str(key) in protocol.scenarios.attributes:
                    hint = f"'{key}' is an attribute: put it under 'attributes'"
                raise CaseInputError(f"'{key}' is not a key of a scenario"
                                     + (f" ({hint})" if hint else "")
                                     + "; keys: " + ", ".join(keys))
        try:
            return scenario_from_shared(
                protocol, str(scenario["reporter"]), str(scenario["subject"]),
                str(scenario["act"]), bool(scenario.get("own", False)),
                {str(k): str(v) for k, v in dict(scenario.get("attributes") or {}).items()})
        except KeyError as missing:
            raise ScenarioNotCovered(f"the scenario needs {missing}") from missing
        except ValueError as error:
            if attribute_problems(protocol, {str(k): str(v) for k, v in dict(
                    scenario.get("attributes") or {}).items()}):
                raise CaseInputError(str(error), "attributes") from error
            raise ScenarioNotCovered(str(error)) from error
