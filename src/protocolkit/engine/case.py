"""Cases: open one from a scenario and a date, record outcomes, ask what is open.

A :class:`Case` is its event log. The rules engine (through the compiled ruleset)
derives which step is open after each event; the case keeps the log as the record, so
that :meth:`CaseEngine.restore` rebuilds the same state from plain JSON.

>>> import datetime as dt
>>> from protocolkit.format.loader import load_protocol
>>> protocol = load_protocol("tests/data/minimal.yaml").protocol
>>> engine = CaseEngine()
>>> case = engine.open(protocol, {"reporter": "raadslid", "subject": "burgemeester",
...                               "act": "uitgevoerd"}, opened="2025-12-19")
>>> [(s.step, s.actor, str(s.due)) for s in case.open_steps(as_of="2025-12-19")]
[('melding', 'raadslid', '2026-01-07')]
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
import logging
import secrets
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

from pydantic import ValidationError

from protocolkit.engine import records
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
from protocolkit.engine.records import (
    CASE_FORMAT,
    MAX_EVENTS_PER_CASE,
    DateLike,
    StoredCase,
)
from protocolkit.engine.registry import ProtocolRegistry
from protocolkit.format.diagnostics import (
    MEANT_HINTS,
    Msg,
    TextError,
    counted,
    did_you_mean,
    joined,
    listed,
    said_given,
)
from protocolkit.format.model import Protocol, citations
from protocolkit.format.texts import citation_text
from protocolkit.format.vocabulary import outcome_words
from protocolkit.semantics import (
    OutcomeView,
    Scenario,
    SilenceView,
    StepView,
    attribute_problems,
    complete,
    deadline_text,
    fact_condition_holds,
    fact_margin,
    proposal,
    refusal,
    scenario_from_shared,
    scenario_messages,
    silence_ambiguities,
    silence_from,
    silences,
)

# the errors of input that cannot be taken live with the Scenario that refuses it when
# made; the engine raises them too (and exports them, as protocolkit does)
from protocolkit.semantics.inputs import CaseError, CaseInputError, scenario_spec

if TYPE_CHECKING:
    from protocolkit.engine.migration import Migration

__all__ = ["CASE_FORMAT", "MAX_EVENTS_PER_CASE", "DateLike"]  # re-exported (records.py)

_log = logging.getLogger("protocolkit.engine")
#: The protocol's memo of a scenario (as given to :meth:`CaseEngine.open`, having passed
#: every check) -> its plan.
_PLAN_OF = "engine.plan-of"


# --------------------------------------------------------------------------- errors


def check_flag(value: object, name: str) -> bool:
    """``value`` when it is a boolean; else :class:`CaseInputError` (``field`` is
    ``name``): ``"no"`` or ``1`` is never read as true."""
    if type(value) is not bool:
        raise CaseInputError(Msg.of("engine.not-a-flag", name=name, value=said_given(value)), name)
    return value


_T = TypeVar("_T")


def outcome_label(protocol: Protocol | None, step_id: str, outcome_id: str) -> str:
    """An outcome as a reader sees it
    (:func:`~protocolkit.format.vocabulary.outcome_words`), its label looked up in
    ``protocol``; the id stays for ``cases record``. Without the protocol (a version not
    kept here), or a step it lacks, the id in words."""
    return (protocol.outcome_label(step_id, outcome_id) if protocol is not None
            else outcome_words(outcome_id, None))


def said_in_all(error: BaseException) -> Msg:
    """An error's message for every language: its messages when it carries them (a
    :class:`CaseError`, a :class:`~protocolkit.format.diagnostics.TextError`), else its
    text as it is."""
    if isinstance(error, CaseError):
        return error.text
    if isinstance(error, TextError) and error.messages:
        return joined(error.messages)
    return Msg.of("w.text", text=str(error))


def _edge(check: Callable[..., _T]) -> Callable[..., _T]:
    """``check`` (from :mod:`protocolkit.engine.records`) raising :class:`CaseInputError`."""
    def checked(*args: Any) -> _T:
        try:
            return check(*args)
        except (ValueError, TypeError) as error:
            raise CaseInputError(said_in_all(error)) from error
    return checked


to_date = _edge(records.to_date)
to_utc = _edge(records.to_utc)
check_case_id = _edge(records.check_case_id)
check_text = _edge(records.check_text)


class ScenarioNotCovered(CaseError, ValueError):
    """The protocol does not cover this scenario (no such role, excluded, no route)."""


class CaseRecordError(CaseError, ValueError):
    """A stored case cannot be restored (malformed, another protocol, refused event)."""


class EngineError(CaseError):
    """The rules engine failed or disagreed with the semantics. The case was rebuilt from
    its event log and is as it was before the call."""


class EventRefused(CaseError):
    """The protocol does not allow this event now. The case is unchanged.

    ``reason`` is one of ``unknown-step`` (no such step in the protocol; ``hint`` says
    which one was probably meant), ``step-not-open`` (a real step that is not open now),
    ``outcome-not-offered``, ``date-before-step``, ``date-after-as-of``, ``case-closed``,
    ``too-many-events``, ``fact-condition`` (a fact of the case does not meet the
    outcome's ``requires``; ``source`` cites the article), ``fact-missing`` (the outcome
    needs a fact or a reference date the case does not have), ``not-correctable`` and
    ``correction-breaks-log``; ``allowed``
    maps each open step to the outcomes it accepts (empty when the case has ended), and
    ``titles`` the open steps to their titles: what is allowed names each step by the id
    to type and its title (``melding - Melding bij de burgemeester: gemeld``), as the
    open steps of ``cases show`` and ``simulate`` do.

    As every :class:`CaseError`, ``text`` is the whole message for every language (the
    detail, the hint, what is allowed now): ``str(error)`` and :meth:`render` write it.
    Its parts are data too: ``detail_text`` (what is wrong) and ``hint_text`` (what was
    probably meant, or ``None``) as messages, ``detail`` and ``hint`` their English;
    ``code`` is the detail's key (``engine.unknown-step``, …).
    """

    def __init__(self, detail: str | Msg, *, reason: str, step: str, outcome: str,
                 date: dt.date | None, allowed: Mapping[str, tuple[str, ...]],
                 hint: str | Msg | None = None, source: tuple[str, ...] = (),
                 titles: Mapping[str, str] | None = None) -> None:
        self.detail_text = detail if isinstance(detail, Msg) else Msg.of("w.text", text=detail)
        hint_text = (hint if isinstance(hint, Msg) or hint is None
                     else Msg.of("w.text", text=hint))
        self.allowed = dict(allowed)
        self.titles = dict(titles or {})
        allowed_now: Msg | str = (Msg.of("engine.nothing-allowed") if not self.allowed
                                  else self.allowed_text())
        if hint_text is not None and hint_text.id in MEANT_HINTS:
            # "(bedoelt u `melding`? Nu toegestaan: …)": the question ends its sentence,
            # as simulate's finding says it, not "(…?); nu toegestaan: …"
            said = Msg.of("engine.meant-refusal", detail=self.detail_text, meant=hint_text,
                          allowed=allowed_now)
        else:
            said = Msg.of("engine.refusal", detail=self.detail_text,
                          hint=(Msg.of("w.empty") if hint_text is None
                                else Msg.of("arg.hint", hint=hint_text)),
                          allowed=Msg.of("engine.allowed-now", allowed=allowed_now))
        super().__init__(said)
        # set after CaseError's own (``None``): ``text`` already holds the hint
        self.hint_text = hint_text
        self.message = str(self)
        self.detail = self.detail_text.render("en")
        self.hint = None if self.hint_text is None else self.hint_text.render("en")
        self.reason = reason
        self.step = step
        self.outcome = outcome
        self.date = date
        self.source = source

    @property
    def code(self) -> str:
        """The stable key of what is wrong (the detail's, ``engine.step-not-open``, …)."""
        return self.detail_text.id

    def in_full(self) -> Msg:
        """``text``: the hint is already in it, where the refusal says it."""
        return self.text

    def allowed_text(self, lang: str = "en") -> str:
        """``"beoordeling - De burgemeester doet vooronderzoek: niet_ontvankelijk,
        onderzoekswaardig"`` (the id to type, the title where known) or ``"nothing"``."""
        if not self.allowed:
            return Msg.of("engine.nothing-allowed").render(lang)
        return "; ".join(
            f"{step}{f' - {self.titles[step]}' if self.titles.get(step) else ''}: "
            f"{', '.join(outcomes)}" for step, outcomes in self.allowed.items())


class _Refusal(Exception):
    """Internal: a refusal found before anything changed."""

    def __init__(self, reason: str, detail: str, hint: str | None = None) -> None:
        super().__init__(detail)
        self.reason, self.detail, self.hint = reason, detail, hint


def _rules_said(error: RulesError) -> Msg:
    """What the rules engine failed at, in both languages, with its own words marked
    as untranslated."""
    from protocolkit.format.loader import untranslated

    original = ("" if error.original is None
                else untranslated("durable-rules", error.original))
    return Msg.of(f"rules.{error.kind}", original=original,
                  **({"name": error.name} if error.name else {}))


# --------------------------------------------------------------------------- answers


@dataclass(frozen=True)
class Event:
    """One entry of a case's log: the outcome of a step on a date, a fact of the case
    learnt on a date, or a correction.

    A **fact** event (``fact`` and ``value`` set, ``step`` and ``outcome`` empty) records
    a case fact the protocol declares (``Protocol.facts``) that became known after the
    case was opened; outcomes recorded from then on are checked against it.
    A **correction** (``withdraws`` set) withdraws the earlier event with that number
    (1-based, in the log) and says why in ``note``; ``step`` and ``outcome`` (or ``fact``
    and ``value``) repeat the withdrawn event's. Nothing is deleted: the withdrawn event
    stays in the log, replay skips it. ``recorded_by``, ``recorded_at`` (UTC) and
    ``note`` are the audit trail: kept in the record and the store, never used by the
    rules.
    """

    step: str
    outcome: str
    date: dt.date
    recorded_by: str | None = None
    recorded_at: dt.datetime | None = None
    note: str | None = None
    withdraws: int | None = None
    fact: str | None = None
    value: dt.date | None = None

    @property
    def kind(self) -> str:
        """``"correction"``, ``"fact"`` or ``"outcome"``."""
        if self.withdraws is not None:
            return "correction"
        return "fact" if self.fact is not None else "outcome"

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.withdraws is not None:
            data["withdraws"] = self.withdraws
        if self.fact is not None:
            data.update({"fact": self.fact,
                         "value": self.value.isoformat() if self.value else None,
                         "date": self.date.isoformat()})
        else:
            data.update({"step": self.step, "outcome": self.outcome,
                         "date": self.date.isoformat()})
        if self.recorded_by is not None:
            data["recorded_by"] = self.recorded_by
        if self.recorded_at is not None:
            data["recorded_at"] = self.recorded_at.isoformat().replace("+00:00", "Z")
        if self.note is not None:
            data["note"] = self.note
        return data


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
    #: Whether ``actors`` is a choice, one or more of them ("en/of", ``any_of``): an
    #: outcome recorded by any of them is the step's outcome.
    any_of: bool = False
    heard: tuple[str, ...] = ()
    heard_named: tuple[str, ...] = ()
    #: The roles of ``consulted`` the actor may consult and need not (``optional``).
    consulted_optional: tuple[str, ...] = ()
    #: The roles of ``heard`` the actor may hear and need not (``optional``).
    heard_optional: tuple[str, ...] = ()
    #: The informed as the text names them (``melder``, ``betrokkene``, a role).
    informed_named: tuple[str, ...] = ()
    #: The actor and the counterpart as the text names them (as ``heard_named``).
    actor_named: str = ""
    counterpart_named: str | None = None
    #: Open points this step's answer waits on ("nog open"), and their questions.
    open_points: tuple[str, ...] = ()
    open_questions: tuple[str, ...] = ()
    #: Where who acts here is a concept's proposal taken from another text
    #: (:func:`protocolkit.semantics.proposal`), else ``None``.
    proposal: dict[str, Any] | None = None
    #: Which citation supports what (:meth:`protocolkit.semantics.StepView.source_dict`):
    #: ``step`` the step as a whole, then the chosen alternatives' (``actor``, …).
    source_for: dict[str, list[str]] = field(default_factory=dict)
    #: Outcome id -> why the case's facts rule it out on the day asked about, as
    #: ``(reason, message)``: ``fact-condition`` (a fact fails the outcome's condition,
    #: Oostzaan's 'ontvankelijk' for feiten older than four years) or ``fact-missing``
    #: (a fact or date it compares is not recorded yet). Recording it would be refused.
    ruled_out: dict[str, tuple[str, Msg]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "step": self.step, "title": self.title, "kind": self.kind, "phase": self.phase,
            "actor": self.actor, "actors": list(self.actors), "heard": list(self.heard),
            "heard_named": list(self.heard_named), "informed_named": list(self.informed_named),
            "actor_named": self.actor_named, "counterpart_named": self.counterpart_named,
            "open_points": list(self.open_points), "open_questions": list(self.open_questions),
            "proposal": self.proposal,
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
                          "tracks": list(o.tracks), "admission": o.admission,
                          "ruled_out": ({"reason": self.ruled_out[o.id][0],
                                         "text": self.ruled_out[o.id][1].to_dict()}
                                        if o.id in self.ruled_out else None)}
                         for o in self.outcomes],
            "confidential": self.confidential, "source": list(self.source),
            "source_for": {k: list(v) for k, v in self.source_for.items()},
            **({"any_of": True} if self.any_of else {}),
            **{key: list(maybe) for key, maybe in (
                ("consulted_optional", self.consulted_optional),
                ("heard_optional", self.heard_optional)) if maybe},
        }


#: The message of a refused fact check (:meth:`Case._fact_check`) -> the same said of an
#: open step's outcome that cannot be chosen now (``simulate``'s open steps).
RULED_OUT: dict[str, str] = {"engine.fact-condition": "engine.ruled-out",
                             "engine.fact-missing": "engine.ruled-out-fact",
                             "engine.date-missing": "engine.ruled-out-date"}


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
    #: The number (1-based, in the log) of the event that recorded ``outcome``.
    event: int | None = None
    #: The number of the correction that withdrew that event (the entry is then no
    #: longer part of the route; the trace keeps it so a reader sees what was corrected).
    withdrawn_by: int | None = None
    #: Everyone who acted, in the text's order (a joint step names several; ``actor``
    #: is the first).
    actors: tuple[str, ...] = ()
    #: Whether ``actors`` was a choice, one or more of them (``any_of``).
    any_of: bool = False
    #: The step's due date on the protocol's calendar, as it was while the step was open
    #: (:attr:`OpenStep.due`); ``None``: no deadline with a date.
    due: dt.date | None = None

    @property
    def overdue(self) -> bool:
        """Whether the outcome was recorded after the due date: a step that closed late
        (Arnhem's vooronderzoek closed a week after its four weeks)."""
        return self.due is not None and self.date is not None and self.date > self.due

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"step": self.step, "title": self.title, "kind": self.kind,
                "actor": self.actor, "actors": list(self.actors),
                "opened": self.opened.isoformat(),
                "outcome": self.outcome, "date": self.date.isoformat() if self.date else None,
                "next": self.next, "source": list(self.source),
                "due": self.due.isoformat() if self.due else None,
                "overdue": self.overdue}
        if self.event is not None:
            data["event"] = self.event
        if self.withdrawn_by is not None:
            data["withdrawn_by"] = self.withdrawn_by
        if self.any_of:
            data["any_of"] = True
        return data


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


def _actors(view: StepView) -> list[str]:
    """Every actor of a step, in the text's order (a joint step names several)."""
    return [a.role for a in view.actors]


class _Visit:
    """A step the case entered (mutable until its outcome is recorded)."""

    __slots__ = ("date", "due", "event", "n", "next", "outcome", "since", "start", "view")

    def __init__(self, n: int, view: StepView, since: dt.date, due: dt.date | None,
                 start: dt.date | None = None) -> None:
        self.n = n
        self.view = view
        self.since = since
        self.due = due
        self.start = start
        self.outcome: str | None = None
        self.date: dt.date | None = None
        self.next: str | None = None
        self.event: int | None = None

    def entry(self, withdrawn_by: int | None = None) -> TraceEntry:
        v = self.view
        return TraceEntry(v.id, v.title, v.kind.value, v.actor.role, self.since, self.outcome,
                          self.date, self.next, v.source, self.event, withdrawn_by,
                          tuple(a.role for a in v.actors), v.any_of, self.due)


@dataclass(frozen=True)
class Notice:
    """What a listener hears: ``kind`` is ``step-opened``, ``overdue`` or
    ``case-closed``; ``actor`` is the effective actor of the step (substitutions
    applied), ``actors`` every actor of a joint step in the text's order (``actor`` is
    the first), ``date`` the day it opened, fell overdue (its due date) or the case
    closed."""

    kind: str
    case_id: str
    step: str
    actor: str | None
    date: dt.date
    due: dt.date | None = None
    actors: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "case": self.case_id, "step": self.step,
                "actor": self.actor, "actors": list(self.actors),
                "date": self.date.isoformat(),
                "due": self.due.isoformat() if self.due else None}


Listener = Callable[[Notice], None]


# --------------------------------------------------------------------------- case


class _Change:
    """One outcome's effect, computed before anything changes: the visit it closes, and
    the visits it opens (its next step, then its parallel tracks; with due dates)."""

    __slots__ = ("arrived", "date", "entered", "joins", "margins", "number", "outcome",
                 "target", "visit")

    def __init__(self, number: int, visit: _Visit, outcome: str, date: dt.date, target: str,
                 entered: tuple[_Visit, ...], margins: dict[int, int],
                 joins: dict[str, int] | None = None,
                 arrived: dict[str, frozenset[str]] | None = None) -> None:
        self.number, self.visit, self.outcome = number, visit, outcome
        self.date, self.target, self.entered = date, target, entered
        self.margins = margins
        self.joins = joins or {}
        self.arrived = arrived


class _State:
    """What a case's log derives: the route so far, the open steps, how it ended.

    Built by committing the log's effective events one by one (:meth:`commit` cannot
    fail: everything that can was computed before); the latest can be undone in place
    (:meth:`undo_last`), so withdrawing the latest outcome costs nothing.
    """

    __slots__ = ("applied", "arrived", "closes", "closing", "ended", "fact_events", "facts",
                 "joins", "last_outcome", "margins", "open", "substitutions", "undo", "visits")

    def __init__(self, facts: Mapping[str, dt.date] | None = None) -> None:
        self.applied: list[int] = []        # log numbers of the outcomes in force, in order
        #: The case's facts as known now: those given at opening, updated by the fact
        #: events in force (log numbers in ``fact_events``), in log order.
        self.facts: dict[str, dt.date] = dict(facts or {})
        self.fact_events: list[int] = []
        self.closes: list[int] = []         # per applied event: the visit number it closed
        self.margins: list[dict[int, int]] = []   # per applied event: fact-condition margins
        self.joins: list[dict[str, int]] = []     # per applied event: join arrival counts
        #: Explicit joins waiting (not yet open): step -> the steps whose tracks arrived.
        self.arrived: dict[str, frozenset[str]] = {}
        self.visits: list[_Visit] = []
        self.open: dict[str, _Visit] = {}
        self.last_outcome: dict[str, dt.date] = {}
        self.closing: Closing | None = None
        #: The end steps reached so far, one per ended track.
        self.ended: list[Closing] = []
        self.substitutions: tuple[str, ...] = ()
        self.undo: list[tuple[_Visit, dict[str, _Visit], dict[str, dt.date],
                              Closing | None, int, int, dict[str, frozenset[str]]]] = []

    def enter(self, visit: _Visit) -> None:
        """Enter a step. An end step ends its track; a track that reaches a step that is
        open already joins it (the step stays open once)."""
        view = visit.view
        if view.id in self.open:
            return
        self.visits.append(visit)
        if view.end:
            self.ended.append(Closing(view.id, view.title, visit.since, view.out_of_scope,
                                      view.source,
                                      view.handoff.to_dict() if view.handoff else None))
        else:
            self.open[view.id] = visit

    def learn(self, number: int, event: Event) -> None:
        """Apply fact event ``number`` (cannot fail: it was checked before)."""
        assert event.fact is not None and event.value is not None
        self.facts[event.fact] = event.value
        self.fact_events.append(number)

    def in_force(self) -> list[int]:
        """The log numbers of every event in force (outcomes and facts), in log order."""
        return sorted([*self.applied, *self.fact_events])

    def settle(self) -> None:
        """The case ends when every track has ended: no step open, no track waiting at a
        join, an end reached."""
        if not self.open and not self.arrived and self.ended and self.closing is None:
            self.closing = self.ended[-1]

    def commit(self, change: _Change) -> None:
        visit, number, day, opened = change.visit, change.number, change.date, self.open
        self.undo.append((visit, dict(opened), dict(self.last_outcome), self.closing,
                          len(self.visits), len(self.ended), self.arrived))
        visit.outcome, visit.date, visit.next, visit.event = (change.outcome, day,
                                                              change.target, number)
        step = visit.view.id
        del opened[step]
        self.last_outcome[step] = day
        self.applied.append(number)
        self.closes.append(visit.n)
        self.margins.append(change.margins)
        self.joins.append(change.joins)
        if change.arrived is not None:
            self.arrived = change.arrived
        for entered in change.entered:     # next first, then the tracks, as the text orders
            self.enter(entered)
        self.settle()

    def undo_last(self) -> None:
        """Undo the latest :meth:`commit`."""
        (closed, self.open, self.last_outcome, self.closing, visits, ended,
         self.arrived) = self.undo.pop()
        del self.visits[visits:]
        del self.ended[ended:]
        self.applied.pop()
        self.closes.pop()
        self.margins.pop()
        self.joins.pop()
        closed.outcome = closed.date = closed.next = closed.event = None


class Case:
    """One running case. Created by :meth:`CaseEngine.open` or :meth:`CaseEngine.restore`.

    Every method takes the engine's lock: one case (and one engine) may be used from
    several threads.
    """

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
        self._session = session
        self._log: list[Event] = []
        self._withdrawn: dict[int, int] = {}
        self._withdrawn_entries: list[TraceEntry] = []
        self._migrations: list[Migration] = []
        self._dropped = False
        try:
            self._state = self._fresh_state()
        except BaseException:
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
    def identity(self) -> str:
        """The identity of the protocol's meaning (:mod:`protocolkit.engine.identity`)."""
        from protocolkit.engine.identity import identity

        return identity(self._compiled.protocol)

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
        return self._ontvangst(self._state.visits)

    def _ontvangst(self, visits: list[_Visit], completed: dt.date | None = None,
                   ) -> dt.date | None:
        if self._plan.views[self._plan.entry_step].kind == "melding":
            return self._received
        dates = [v.date for v in visits if v.view.kind == "melding" and v.date is not None]
        if completed is not None:
            dates.append(completed)
        return max(dates) if dates else None

    @property
    def facts_given(self) -> dict[str, dt.date]:
        """The case's facts beyond the scenario (``Protocol.facts``), as given when it
        was opened (the record keeps them so; later ones are fact events)."""
        return dict(self._facts)

    @property
    def current_facts(self) -> dict[str, dt.date]:
        """The case's facts as known now: those given at opening, updated by the fact
        events in force (:meth:`record_fact`), in log order."""
        with self._engine._lock:
            return dict(self._state.facts)

    @property
    def entry_route(self) -> str:
        """The id of the entry route the scenario takes."""
        return self._plan.entry.id

    @property
    def events(self) -> tuple[Event, ...]:
        """The whole log: every event and correction, in the order recorded."""
        with self._engine._lock:
            return tuple(self._log)

    @property
    def migrations(self) -> tuple[Migration, ...]:
        """The case's moves to other versions of its protocol, oldest first
        (:meth:`CaseEngine.migrate`)."""
        with self._engine._lock:
            return tuple(self._migrations)

    def protocol_at(self, entry: int) -> Protocol | None:
        """The protocol version in force when the log's entry ``entry`` (its index in
        :attr:`events`, from 0) was recorded: the version the case ran under before its
        first migration after that entry. ``None`` when this engine's registry does not
        hold that version (a record restored where the old version is not kept)."""
        with self._engine._lock:
            later = next((m for m in self._migrations if m.after > entry), None)
        if later is None:
            return self.protocol
        return self._engine.registry.find(later.source.identity, later.source.ruleset)

    def audit_trail(self) -> list[dict[str, Any]]:
        """The log as a reader reads it, oldest first: each event as ``{"number": N (from
        1), "event": its record, "title": ..., "label": ...}`` and each migration as
        ``{"migration": its record}`` where it fell. An outcome's ``title`` is its step's
        title and its ``label`` the outcome's label (else its id in words, as ``route``
        shows it) in the version in force when it was recorded (:meth:`protocol_at`): a
        later version may have renamed them. The title is the step id where that version
        is not known here or lacks the step; both are ``None`` for a fact or a
        correction."""
        with self._engine._lock:
            events, migrations = list(self._log), list(self._migrations)
        trail: list[dict[str, Any]] = []
        moves = iter(migrations)
        move = next(moves, None)
        for index, event in enumerate(events):
            while move is not None and move.after <= index:
                trail.append({"migration": move.to_dict()})
                move = next(moves, None)
            record = event.to_dict()
            title = label = None
            if "step" in record:
                protocol = self.protocol_at(index)
                step = protocol.step(record["step"]) if protocol is not None else None
                title = step.title if step is not None else record["step"]
                label = outcome_label(protocol, record["step"], record["outcome"])
            trail.append({"number": index + 1, "event": record, "title": title,
                          "label": label})
        trail.extend({"migration": m.to_dict()} for m in [*([move] if move else []), *moves])
        return trail

    @property
    def version(self) -> int:
        """How many entries the record holds (events and migrations): what a store
        compares to refuse stale writes."""
        with self._engine._lock:
            return len(self._log) + len(self._migrations)

    @property
    def substitutions(self) -> tuple[str, ...]:
        """Ids of the substitutions in force for this case, as the rules derived them."""
        return self._state.substitutions

    @property
    def closed(self) -> Closing | None:
        """How the case ended, or ``None`` while it runs."""
        return self._state.closing

    # ----------------------------------------------------------------- questions

    def latest_date(self) -> dt.date:
        """The latest date the case knows: its opening or its latest event."""
        with self._engine._lock:
            return max([self._opened, *(e.date for e in self._log)])

    def open_steps(self, as_of: DateLike | None = None) -> tuple[OpenStep, ...]:
        """The steps waiting for an outcome; ``overdue`` relative to ``as_of``.

        Without ``as_of`` the case is read as of :meth:`latest_date` (the library never
        reads the clock: a tool passes today)."""
        with self._engine._lock:
            day = self.latest_date() if as_of is None else to_date(as_of, "as_of")
            return tuple(self._open_step(visit, day) for visit in self._state.open.values())

    def overdue(self, as_of: DateLike | None = None) -> tuple[OpenStep, ...]:
        """The open steps whose due date lies before ``as_of`` (see :meth:`open_steps`)."""
        return tuple(s for s in self.open_steps(as_of) if s.overdue)

    def accepts(self) -> dict[str, tuple[str, ...]]:
        """The outcomes each open step accepts now."""
        with self._engine._lock:
            return {step: tuple(self._plan.accepts[step]) for step in self._state.open}

    def waiting(self) -> dict[str, dict[str, list[str]]]:
        """The explicit joins where tracks wait (``Step.join``): for each, the steps whose
        tracks have ``arrived`` and those still ``missing``. The case does not end while
        a track waits; the join opens when the last one arrives."""
        with self._engine._lock:
            joins = {s.id: s.join.waits_for for s in self.protocol.steps if s.join}
            return {step: {"arrived": sorted(got),
                           "missing": [w for w in joins[step] if w not in got]}
                    for step, got in self._state.arrived.items()}

    def trace(self) -> tuple[TraceEntry, ...]:
        """The steps so far, in order, each with its outcome (the last is still open,
        or the end step). An outcome withdrawn by a correction stays in the trace, marked
        ``withdrawn_by``, before the entry that replaced it."""
        with self._engine._lock:
            current = [(v.event if v.event is not None else 1 << 62, i, v.entry())
                       for i, v in enumerate(self._state.visits)]
            withdrawn = [(t.event or 0, -1, t) for t in self._withdrawn_entries]
            return tuple(t for _, _, t in sorted(current + withdrawn,
                                                 key=lambda x: (x[0], x[1])))

    def silent(self, as_of: DateLike | None = None) -> list[dict[str, Any]]:
        """Who must still be silent on ``as_of`` (see :meth:`open_steps` for its default):
        every silence of the scenario whose start step the case has entered by then (or
        that holds from the start) and whose ending step or outcome it has not yet
        passed; none once the case has ended (no text makes a silence outlast the case).
        Each as :meth:`~protocolkit.semantics.SilenceView.to_dict`, with the readings
        it rests on (``ambiguities``, :func:`~protocolkit.semantics.silence_ambiguities`)."""
        scenario = self._plan.scenario
        return [dict(s.to_dict(self.protocol), ambiguities=silence_ambiguities(
                    self.protocol, s.id, scenario)) for s in self._silences_held(as_of)]

    def _silences_held(self, as_of: DateLike | None = None) -> list[SilenceView]:
        """The silences :meth:`silent` lists, as :class:`~protocolkit.semantics.SilenceView`
        (with the roles as the text names them, for a participant's view)."""
        with self._engine._lock:
            day = self.latest_date() if as_of is None else to_date(as_of, "as_of")
            if day < self._opened:
                return []
            closing = self._state.closing
            if closing is not None and closing.date <= day:
                return []
            visits = list(self._state.visits)
        held: list[SilenceView] = []
        for silence in silences(self.protocol, self._plan.scenario):
            if silence.from_step is not None and not any(
                    v.view.id == silence.from_step and v.since <= day for v in visits):
                continue
            ended = any(v.date is not None and v.date <= day
                        and silence.ended_by(v.view.id, v.outcome) for v in visits)
            if not ended:
                held.append(silence)
        # The ends still ahead of the steps open on that day, not those the case has
        # passed by or branched away from.
        waiting = [v.view.id for v in visits
                   if v.since <= day and (v.date is None or v.date > day)]
        return [silence_from(silence, self._plan.graph, waiting) for silence in held]

    def facts(self) -> list[dict[str, Any]]:
        """The case's facts, sorted (for inspection and audits): the case, its
        substitutions, and the outcome and open facts of the events in force (a
        withdrawn event's facts are not shown, so a live case and its replay show the
        same facts). The shared session keeps only facts a rule can still match, so
        they are derived afresh by the same rules from the events in force
        (:meth:`~protocolkit.engine.adapter.RulesEngine.derive`)."""
        with self._engine._lock:
            return self._engine._rules.derive(self._compiled.name, self._inputs(self._state))

    def view(self, role: str, as_of: DateLike | None = None) -> dict[str, Any]:
        """What ``role`` may know of this case now (:mod:`protocolkit.engine.views`)."""
        from protocolkit.engine.views import case_view

        with self._engine._lock:
            return case_view(self, role, as_of)

    # ----------------------------------------------------------------- events

    def record(self, step: str, outcome: str, date: DateLike, *,
               recorded_by: str | None = None, recorded_at: dt.datetime | str | None = None,
               note: str | None = None, as_of: DateLike | None = None) -> tuple[str, ...]:
        """Record ``outcome`` of the open step ``step`` on ``date``; the steps open now.

        Raises :class:`EventRefused` (the case unchanged) when the protocol does not
        allow it: no such step (``unknown-step``, with a did-you-mean hint), the step is
        not open, the outcome is not one it offers in this scenario, the date lies
        before the step opened or after ``as_of``, or the case has ended. ``ValueError``
        for malformed input (a step that is no string, a date outside 1900-2200, a naive
        ``recorded_at``). The event is applied wholly or not at all.
        """
        event = self._event(step, outcome, date, recorded_by, recorded_at, note, None)
        limit = None if as_of is None else to_date(as_of, "as_of")
        return self._commit(lambda: event, limit)

    def record_fact(self, fact: str, value: DateLike, date: DateLike, *,
                    recorded_by: str | None = None,
                    recorded_at: dt.datetime | str | None = None,
                    note: str | None = None, as_of: DateLike | None = None,
                    ) -> tuple[str, ...]:
        """Record that the case's fact ``fact`` is ``value``, learnt on ``date`` (e.g.
        the date of the alleged facts, known only after the melding); the steps open now.

        Strict like the facts given at opening: a fact the protocol does not declare, or
        a value outside its domain (a date for ``type: date``), raises
        :class:`CaseInputError` with a did-you-mean. The event joins the log with its
        audit trail; outcomes recorded after it are checked against the new value
        (``requires``: Oostzaan art. 2.2 then refuses or allows ``ontvankelijk``).
        Outcomes already recorded stand: they were decided on what was known then.
        Refused (:class:`EventRefused`) after the case has ended (``case-closed``), dated
        before the case came in (``date-before-case``) or after ``as_of``. A
        :meth:`correct` withdraws it like any event.
        """
        if not isinstance(fact, str):
            raise CaseInputError(Msg.of("engine.fact-by-id", value=said_given(fact)), "facts")
        [(name, day)] = CaseEngine._facts(self.protocol, {fact: value}).items()
        event = self._event("", "", date, recorded_by, recorded_at, note, None)
        limit = None if as_of is None else to_date(as_of, "as_of")
        return self._commit(lambda: replace(event, fact=name, value=day), limit)

    def correct(self, event: int, note: str, date: DateLike, *,
                recorded_by: str | None = None, recorded_at: dt.datetime | str | None = None,
                as_of: DateLike | None = None) -> tuple[str, ...]:
        """Withdraw event number ``event`` (1-based, as in :attr:`events`), saying why
        in ``note``, on ``date``; the steps open now.

        The correction is a new event in the log; the withdrawn event stays, and replay
        skips it. Refused (``not-correctable``) when ``event`` is no outcome in force,
        (``correction-breaks-log``) when a later event depends on it: withdraw those
        first, latest first.
        """
        if not isinstance(event, int) or isinstance(event, bool):
            raise CaseInputError(Msg.of("engine.event-number", value=said_given(event)))
        check_text(note, Msg.of("engine.withdraw-note"))
        limit = None if as_of is None else to_date(as_of, "as_of")

        def entry() -> Event:
            if not 1 <= event <= len(self._log):
                self._refuse("not-correctable", "", "", None,
                             Msg.of("engine.no-such-event", event=event, count=len(self._log)))
            target = self._log[event - 1]
            return replace(self._event(target.step, target.outcome, date, recorded_by,
                                       recorded_at, note, event),
                           fact=target.fact, value=target.value)

        return self._commit(entry, limit)

    def _commit(self, make: Callable[[], Event], as_of: dt.date | None) -> tuple[str, ...]:
        """Apply the event ``make()`` gives (under the lock), then tell the listeners."""
        engine = self._engine
        with engine._lock:
            if not engine._heard():
                self._apply_new(make(), as_of)
                return tuple(self._state.open)
            before = self._snapshot()
            self._apply_new(make(), as_of)
            notices = self._notices(before)
            result = tuple(self._state.open)
        engine._notify(notices)
        return result

    @staticmethod
    def _event(step: object, outcome: object, date: object, recorded_by: object,
               recorded_at: object, note: object, withdraws: int | None) -> Event:
        if not isinstance(step, str) or not isinstance(outcome, str):
            raise CaseInputError(Msg.of("engine.step-outcome-texts", step=said_given(step),
                                        outcome=said_given(outcome)))
        day = to_date(date)
        if recorded_by is None and recorded_at is None and note is None:
            return Event(step, outcome, day, None, None, None, withdraws)
        return Event(
            step, outcome, day,
            recorded_by=None if recorded_by is None else check_text(recorded_by, "recorded_by",
                                                                    200),
            recorded_at=None if recorded_at is None else to_utc(recorded_at),
            note=None if note is None else check_text(note, "note"),
            withdraws=withdraws)

    def _apply_new(self, event: Event, as_of: dt.date | None) -> None:
        """Check, compute, then commit one new log entry (lock held)."""
        self._usable()
        if as_of is not None and event.date > as_of:
            self._refuse("date-after-as-of", event.step, event.outcome, event.date,
                         Msg.of("engine.after-today", date=event.date.isoformat(),
                                today=as_of.isoformat()))
        number = len(self._log) + 1
        if number > MAX_EVENTS_PER_CASE:
            self._refuse("too-many-events", event.step, event.outcome, event.date,
                         Msg.of("engine.too-many", count=MAX_EVENTS_PER_CASE))
        if event.withdraws is None and event.fact is not None:
            self._check_fact_event(self._state, event)
            # Commit: nothing below can fail.
            self._log.append(event)
            self._state.learn(number, event)
            return
        if event.withdraws is None:
            change = self._compute(self._state, number, event)
            # Commit: nothing below can fail.
            self._log.append(event)
            self._state.commit(change)
            return
        withdrawn = event.withdraws
        replaced = self._withdraw(event)
        old = next((v for v in self._state.visits if v.event == withdrawn), None)
        entry = old.entry(withdrawn_by=number) if old is not None else None
        # Commit: nothing below can fail.
        if replaced is None:
            self._state.undo_last()       # the latest outcome: undone in place
        else:
            self._state = replaced
        if entry is not None:             # a withdrawn fact event has no trace entry
            self._withdrawn_entries.append(entry)
        self._withdrawn[withdrawn] = number
        self._log.append(event)

    def _check_fact_event(self, state: _State, event: Event) -> None:
        """Refuse a fact event the case cannot take (the fact and value were checked
        when the event was made)."""
        if state.closing is not None:
            self._refuse("case-closed", "", "", event.date,
                         Msg.of("engine.closed-no-fact", date=state.closing.date.isoformat(),
                                step=state.closing.step), state)
        if event.date < self._received:
            self._refuse("date-before-case", "", "", event.date,
                         Msg.of("engine.fact-before-case", date=event.date.isoformat(),
                                received=self._received.isoformat()), state)

    def _compute(self, state: _State, number: int, event: Event,
                 replay: bool = False) -> _Change:
        """What outcome ``event`` (log number ``number``) changes in ``state``, computed
        without changing it (the rules engine has seen the fact). Raises
        :class:`EventRefused` or :class:`EngineError`; on an engine failure the session
        is rebuilt from ``state`` (``replay``: the caller rebuilds)."""
        step, outcome, day = event.step, event.outcome, event.date
        if state.closing is not None:
            self._refuse("case-closed", step, outcome, day,
                         Msg.of("engine.closed", step=state.closing.step,
                                date=state.closing.date.isoformat()), state)
        visit = state.open.get(step)
        if visit is None:
            if self._compiled.protocol.step(step) is None:
                close = self._step_meant(step, state)
                self._refuse("unknown-step", step, outcome, day,
                             Msg.of("engine.unknown-step", step=step), state, close)
            self._refuse("step-not-open", step, outcome, day,
                         Msg.of("engine.step-not-open", step=step), state)
        plan = self._plan
        edge = plan.edge(step, outcome)
        if edge is None:
            self._refuse("outcome-not-offered", step, outcome, day,
                         Msg.of("engine.outcome-not-offered", outcome=outcome, step=step), state,
                         did_you_mean(outcome, plan.accepts[step]))
        if day < visit.since:
            self._refuse("date-before-step", step, outcome, day,
                         Msg.of("engine.before-step", date=day.isoformat(), step=step,
                                since=visit.since.isoformat()), state)
        compiled = self._compiled
        margins = (self._fact_margins(state, step, outcome, day)
                   if (step, outcome) in compiled.conditions else {})
        if compiled.joins:
            expected, joins, arrived = self._arrivals(state, step, outcome)
        else:
            expected, joins, arrived = edge.opens, {}, None
        try:
            # Facts are numbered by their place in the log, so a fact of a withdrawn
            # event (left in the session, never matched again) cannot collide.
            derived = self._assert(outcome_fact(plan, number, step, outcome,
                                                day.isoformat(), visit.n, margins, joins),
                                   None)
            # What the rules opened must be what the semantics say: exactly the
            # expected steps, once each, each with its actors.
            by_step: dict[str, dict[str, Any]] = {}
            for fact in derived:
                if fact["kind"] == OPEN_KIND:
                    by_step[fact["step"]] = fact
            agree = len(derived) == len(expected) == len(by_step)
            if agree:
                acting = plan.acting
                for t in expected:
                    found = by_step.get(t)
                    if found is None or (found["actor"], found["actors"]) != acting[t]:
                        agree = False
                        break
            if not agree:
                raise EngineError(Msg.of(
                    "engine.rules-derived", outcome=outcome, step=step,
                    opened=repr([f for f in derived if f["kind"] == OPEN_KIND]),
                    expected=repr(list(expected)),
                    actors=repr([_actors(plan.views[t]) for t in expected])))
            last_outcome = {**state.last_outcome, step: day}
            completed = day if visit.view.kind == "melding" else None
            entered: list[_Visit] = []
            for t in expected:
                entered.append(self._visit(by_step[t], last_outcome, state.visits, completed))
        except (EngineError, EventRefused):
            if not replay:
                self._rebuild(state)
            raise
        except Exception as error:
            if not replay:
                self._rebuild(state)
            raise EngineError(Msg.of("engine.not-applied", outcome=outcome, step=step,
                                     error=f"{type(error).__name__}: {error}")) from error
        return _Change(number, visit, outcome, day, edge.target, tuple(entered), margins, joins,
                       arrived)

    def _arrivals(self, state: _State, step: str, outcome: str,
                  ) -> tuple[tuple[str, ...], dict[str, int], dict[str, frozenset[str]] | None]:
        """The steps outcome ``outcome`` of ``step`` opens now (its next step and tracks,
        less the explicit joins still waiting for other tracks), how many tracks each
        join it arrives at has then (for the rules), and the joins waiting after it
        (``None``: unchanged)."""
        targets = self._plan.opens(step, outcome)
        joins = self._compiled.joins
        if not any(t in joins for t in targets):
            return targets, {}, None
        arrived = dict(state.arrived)
        counts: dict[str, int] = {}
        opens: list[str] = []
        for target in targets:
            waits = joins.get(target)
            if waits is None:
                opens.append(target)
                continue
            if target in state.open:
                continue                       # merges into the join, open already
            got = arrived.get(target, frozenset()) | {step}
            if step in waits:
                counts[target] = len(got & waits)
            if waits <= got:
                arrived.pop(target, None)      # every track it waits for is in: it opens
                opens.append(target)
            else:
                arrived[target] = got          # waits (the case does not end meanwhile)
        return tuple(opens), counts, arrived

    def _withdraw(self, correction: Event) -> _State | None:
        """Check ``correction``; the state without the event it withdraws, or ``None``
        when that is the latest outcome in force (then the state is undone in place, at
        no cost; the session keeps its fact, which no rule matches again)."""
        withdrawn = correction.withdraws
        assert withdrawn is not None
        target = self._log[withdrawn - 1]
        if target.withdraws is not None or withdrawn not in self._state.in_force():
            self._refuse("not-correctable", target.step, target.outcome, correction.date,
                         Msg.of("engine.is-correction", event=withdrawn)
                         if target.withdraws is not None else
                         Msg.of("engine.already-withdrawn", event=withdrawn,
                                by=self._withdrawn.get(withdrawn)))
        if correction.date < target.date:
            self._refuse("date-before-step", target.step, target.outcome, correction.date,
                         Msg.of("engine.correction-before", date=correction.date.isoformat(),
                                target=target.date.isoformat()))
        if self._state.applied and self._state.applied[-1] == withdrawn:
            return None
        keep = [n for n in self._state.in_force() if n != withdrawn]
        try:
            state = self._replay(keep)
        except EventRefused as refused:
            self._rebuild(self._state)
            later = [n for n in keep if n > withdrawn]
            self._refuse("correction-breaks-log", target.step, target.outcome, correction.date,
                         counted("engine.breaks-log", len(later), event=withdrawn,
                                 later=", ".join(map(str, later)), why=refused.detail_text))
        except BaseException:
            self._rebuild(self._state)
            raise
        return state

    def _replay(self, numbers: list[int]) -> _State:
        """A state built afresh (the session reset) from the log entries ``numbers``."""
        self._session.reset()
        state = self._fresh_state(reset=False)
        for number in numbers:
            event = self._log[number - 1]
            if event.fact is not None:
                self._check_fact_event(state, event)
                state.learn(number, event)
            else:
                state.commit(self._compute(state, number, event, replay=True))
        return state

    def _step_meant(self, word: str, state: _State) -> Msg | None:
        """The step a misspelt id probably means: one open now first (an id or its
        leading words, "meldng" for Oostzaan's ``melding_via_griffier``), else any step
        of the protocol, said to be not open now when the case's route takes it later,
        and not on the route when it never does (``melding`` is no step of a melding
        about the burgemeester)."""
        forms: dict[str, str] = {}
        for open_id in state.open:
            words = open_id.split("_")
            for n in range(len(words), 0, -1):
                lead = "_".join(words[:n])
                if n == len(words) or len(lead) >= 4:
                    forms.setdefault(lead, open_id)
        found = did_you_mean(word, forms)
        if found is not None:
            return Msg.of("hint.did-you-mean", word=forms[str(dict(found.args)["word"])])
        found = did_you_mean(word, [s.id for s in self._compiled.protocol.steps])
        if found is None:
            return None
        meant = str(dict(found.args)["word"])
        if meant in state.open:
            return Msg.of("hint.did-you-mean", word=meant)
        return Msg.of("hint.did-you-mean-not-open" if meant in self._plan.views
                      else "hint.did-you-mean-off-route", word=meant)

    def _refuse(self, reason: str, step: str, outcome: str, day: dt.date | None,
                message: Msg, state: _State | None = None, hint: Msg | None = None,
                source: tuple[str, ...] = ()) -> NoReturn:
        state = state or self._state
        allowed = {s: tuple(self._plan.accepts[s]) for s in state.open}
        if reason in ("fact-condition", "fact-missing") and step in allowed and day:
            # Only the outcomes the case's facts allow are allowed here: not the one
            # refused, nor another that needs the same missing fact (or fails its own).
            allowed[step] = tuple(o for o in allowed[step] if o != outcome and
                                  self._fact_check(state, step, o, day)[1] is None)
        raise EventRefused(message, reason=reason, step=step, outcome=outcome, date=day,
                           allowed=allowed, hint=hint, source=source,
                           titles={s: view.title for s in allowed
                                   if (view := state.open[s].view).title})

    # ----------------------------------------------------------------- storage

    def to_dict(self) -> dict[str, Any]:
        """The case as plain data: its identity, scenario, opening date and event log."""
        meta = self._compiled.protocol.protocol
        with self._engine._lock:
            events = [e.to_dict() for e in self._log]
            migrations = list(self._migrations)
        return {"format": CASE_FORMAT, "id": self._id,
                "protocol": {"municipality": meta.municipality, "version": meta.version,
                             "ruleset": self._compiled.name, "identity": self.identity},
                "scenario": self._plan.scenario.to_dict(), "opened": self._opened.isoformat(),
                "received": self._received.isoformat(),
                "facts": {k: v.isoformat() for k, v in self._facts.items()},
                "events": events,
                **({"migrations": [m.to_dict() for m in migrations]} if migrations else {})}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def drop(self) -> None:
        """Forget the case's state in the engine (the record stays the caller's)."""
        self._engine.drop(self)

    # ----------------------------------------------------------------- internals

    def _snapshot(self) -> tuple[set[str], bool]:
        return set(self._state.open), self._state.closing is not None

    def _notices(self, before: tuple[set[str], bool]) -> list[Notice]:
        if not self._engine._heard():
            return []
        was_open, was_closed = before
        notices = [Notice("step-opened", self._id, step, visit.view.actor.role, visit.since,
                          visit.due, tuple(_actors(visit.view)))
                   for step, visit in self._state.open.items() if step not in was_open]
        closing = self._state.closing
        if closing is not None and not was_closed:
            notices.append(Notice("case-closed", self._id, closing.step, None, closing.date))
        return notices

    def _usable(self) -> None:
        if self._dropped:
            raise CaseError(Msg.of("engine.dropped", case=self._id))

    def _assert(self, fact: dict[str, Any], rebuild_from: _State | None) -> list[dict[str, Any]]:
        try:
            return self._session.assert_fact(fact)
        except RulesError as error:
            if rebuild_from is not None:
                self._rebuild(rebuild_from)
            raise EngineError(Msg.of("engine.rules-failed", error=_rules_said(error))) from error

    def _fresh_state(self, reset: bool = False) -> _State:
        if reset:
            self._session.reset()
        state = _State(self._facts)
        derived = self._assert(case_fact(self._plan, self._received.isoformat()), None)
        opened = [f for f in derived if f["kind"] == OPEN_KIND]
        subs = tuple(f["substitution"] for f in derived if f["kind"] == SUBSTITUTION_KIND)
        view = self._plan.views[self._plan.entry_step]
        if (len(opened) != 1 or opened[0]["step"] != view.id
                or (opened[0]["actor"], opened[0]["actors"]) != self._plan.acting[view.id]
                or set(subs) != set(self._plan.substitutions)):
            raise EngineError(Msg.of(
                "engine.rules-opened", opened=repr([f.get("step") for f in opened]),
                found=repr(list(subs)), entry=self._plan.entry_step,
                expected=repr(list(self._plan.substitutions))))
        state.substitutions = subs
        state.enter(self._visit(opened[0], state.last_outcome, state.visits))
        state.settle()
        return state

    def _inputs(self, state: _State) -> list[dict[str, Any]]:
        """The facts the case asserts for ``state``: its case fact, then the outcome fact
        of every event in force, in order."""
        facts = [case_fact(self._plan, self._received.isoformat())]
        for number, closes, margins, joins in zip(state.applied, state.closes, state.margins,
                                                  state.joins, strict=True):
            event = self._log[number - 1]
            facts.append(outcome_fact(self._plan, number, event.step, event.outcome,
                                      event.date.isoformat(), closes, margins, joins))
        return facts

    def _rebuild(self, state: _State) -> None:
        """Replay ``state``'s events into an empty session (after an engine failure)."""
        session = self._session
        session.reset()
        try:
            for fact in self._inputs(state):
                session.assert_fact(fact)
        except RulesError as error:
            self._dropped = True
            raise EngineError(Msg.of("engine.not-rebuilt", case=self._id,
                                     error=_rules_said(error))) from error

    def _visit(self, fact: Mapping[str, Any], last_outcome: Mapping[str, dt.date],
               visits: list[_Visit], completed: dt.date | None = None) -> _Visit:
        """The visit an ``open`` fact starts, with the date its deadline runs from and its
        due date on the protocol's calendar (``completed``: the day a ``melding`` step is
        being completed by the event that opens this one)."""
        view = self._plan.views[fact["step"]]
        since = dt.date.fromisoformat(fact["since"])
        deadline = view.deadline
        start: dt.date | None = None
        if deadline is not None:
            if deadline.from_ == "step":
                start = since
            elif deadline.from_ == "ontvangst":
                start = self._ontvangst(visits, completed)
            elif deadline.from_ == "case":
                start = self._opened
            else:
                start = last_outcome.get(deadline.from_)
        due = (None if start is None or deadline is None or deadline.amount is None
               or deadline.unit is None else
               self._calendar.due(start, deadline.amount, deadline.unit))
        return _Visit(fact["n"], view, since, due, start)

    def _fact_margins(self, state: _State, step: str, outcome: str,
                      day: dt.date) -> dict[int, int]:
        """The margins of the outcome's fact conditions (``Outcome.requires``); refuses
        the event when a condition fails or cannot be decided."""
        margins, failure = self._fact_check(state, step, outcome, day)
        if failure is not None:
            reason, message, cites = failure
            self._refuse(reason, step, outcome, day, message, state, source=cites)
        return margins

    def _fact_check(self, state: _State, step: str, outcome: str, day: dt.date,
                    ) -> tuple[dict[int, int], tuple[str, Msg, tuple[str, ...]] | None]:
        """The margins of the outcome's fact conditions, and the first that fails or
        cannot be decided as ``(reason, message, citations)`` (``None``: all hold)."""
        margins: dict[int, int] = {}
        for index, condition in self._compiled.conditions.get((step, outcome), ()):
            cites = tuple(citations(condition.source))
            where = citation_text(cites)
            fact = state.facts.get(condition.fact)
            if fact is None:
                return margins, ("fact-missing",
                                 Msg.of("engine.fact-missing", outcome=outcome, step=step,
                                        fact=condition.fact, where=where), cites)
            if condition.at == "step":
                reference: dt.date | None = day
            elif condition.at == "ontvangst":
                reference = self._ontvangst(state.visits)
            else:
                dates = [state.last_outcome[s] for s in condition.at_steps()
                         if s in state.last_outcome]
                reference = max(dates) if dates else None
            if reference is None:
                return margins, ("fact-missing",
                                 Msg.of("engine.date-missing", outcome=outcome, step=step,
                                        fact=condition.fact, at=condition.at, where=where),
                                 cites)
            margin = fact_margin(condition, fact, reference)
            if not fact_condition_holds(condition, margin):
                older = margin > 0
                # The condition as a reader knows its parts (the fact's label, a step's
                # title); the message's own fact and step stay ids, as ``cases record``
                # takes them.
                protocol = self.protocol
                words = {**{s.id: s.title for s in protocol.steps},
                         **{f.id: protocol.fact_label(f.id) for f in protocol.facts}}
                return margins, (
                    "fact-condition",
                    Msg.of("engine.fact-condition", outcome=outcome, step=step,
                           condition=Msg.of("w.both", en=condition.describe("en", words),
                                            nl=condition.describe("nl", words)),
                           where=where, fact=condition.fact, date=fact.isoformat(),
                           how=Msg.of("fact.more-than" if older else "engine.not-more-than"),
                           period=condition.period.describe(),
                           reference=reference.isoformat()),
                    cites)
            margins[index] = margin
        return margins, None

    def _open_step(self, visit: _Visit, as_of: dt.date) -> OpenStep:
        view = visit.view
        deadline = view.deadline
        return OpenStep(
            step=view.id, title=view.title, kind=view.kind.value, phase=view.phase,
            actor=view.actor.role,
            stands_in_for=view.actor.named if view.actor.substituted else None,
            counterpart=view.counterpart.role if view.counterpart else None,
            consulted=tuple(r.role for r in view.consulted),
            consulted_optional=view.consulted_optional,
            informed=tuple(r.role for r in view.informed),
            since=visit.since, due=visit.due,
            overdue=visit.due is not None and as_of > visit.due,
            deadline=deadline_text(self.protocol, deadline) if deadline else None,
            deadline_source=tuple(citations(deadline.source)) if deadline else (),
            runs_from=deadline.from_ if deadline else None, runs_from_date=visit.start,
            outcomes=view.outcomes, confidential=view.confidential, source=view.source,
            actors=tuple(a.role for a in view.actors), any_of=view.any_of,
            heard=tuple(r.role for r in view.heard),
            heard_named=tuple(r.named for r in view.heard),
            heard_optional=view.heard_optional,
            informed_named=tuple(r.named for r in view.informed),
            actor_named=view.actor.named,
            counterpart_named=view.counterpart.named if view.counterpart else None,
            open_points=view.open_points,
            open_questions=tuple(next((p.question for p in self.protocol.open_points
                                       if p.id == point), point)
                                 for point in view.open_points),
            proposal=proposal(self.protocol, view.open_points, view.source),
            source_for=view.source_dict(),
            ruled_out=self._ruled_out(view, as_of))

    def _ruled_out(self, view: StepView, day: dt.date) -> dict[str, tuple[str, Msg]]:
        """The outcomes of an open step the case's facts rule out on ``day``: the check
        that refuses such an event (:meth:`_fact_check`), said as why it cannot be
        chosen (``engine.ruled-out…``, without the outcome and step it is listed under)."""
        found: dict[str, tuple[str, Msg]] = {}
        for outcome in view.outcomes:
            failure = self._fact_check(self._state, view.id, outcome.id, day)[1]
            if failure is not None:
                reason, message, _ = failure
                found[outcome.id] = (reason, Msg(RULED_OUT[message.id], message.args))
        return found


# --------------------------------------------------------------------------- engine


class CaseEngine:
    """Runs cases of any number of protocols side by side in one process.

    Each protocol is compiled once into its own ruleset; all cases of a protocol share
    its one durable-rules session, each case's facts keyed by an internal collision-free
    case key (never the caller's case id) on which the rules join, so no case sees
    another's facts. Every open case is live (nothing is evicted or restored), so a tool
    can hold tens of thousands of open cases. ``max_live`` is accepted for
    compatibility and bounds nothing.

    Thread-safe: every operation on the engine or one of its cases takes one lock, so
    cases used from several threads never mix and no event is lost. Listeners
    (:meth:`subscribe`) are called after the lock is released.

    ``registry`` (a :class:`~protocolkit.engine.registry.ProtocolRegistry`) is where
    :meth:`restore` looks a record's protocol up when none is given.
    """

    #: How many listener failures :attr:`listener_failures` keeps.
    MAX_LISTENER_FAILURES = 100

    def __init__(self, max_live: int | None = None,
                 registry: ProtocolRegistry | None = None) -> None:
        self._max_live = max_live
        self._rules = RulesEngine(max_live=max_live)
        self._cases: dict[str, Case] = {}
        self._lock = threading.RLock()
        self._listeners: list[Listener] = []
        self._quiet = False
        self.registry: ProtocolRegistry = registry if registry is not None else ProtocolRegistry()
        #: ``(notice, error text)`` of listeners that raised (the case is unaffected).
        self.listener_failures: list[tuple[Notice, str]] = []

    # ----------------------------------------------------------------- listeners

    def _heard(self) -> bool:
        """Whether a notice made now would reach a listener (lock held): none is made
        for nobody."""
        return bool(self._listeners) and not self._quiet

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(notice)`` when a step opens, a case closes, or
        :meth:`check_overdue` finds an overdue step. Returns a function that
        unsubscribes. A listener that raises never affects the case: the error is
        logged and kept in :attr:`listener_failures`."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)
        return unsubscribe

    def check_overdue(self, as_of: DateLike) -> list[Notice]:
        """Notices for every open step of every live case overdue on ``as_of`` (sent to
        the listeners too)."""
        day = to_date(as_of, "as_of")
        with self._lock:
            notices = [Notice("overdue", case.id, step.step, step.actor, step.since, step.due,
                              step.actors)
                       for case in self._cases.values() for step in case.overdue(day)]
        self._notify(notices)
        return notices

    def _notify(self, notices: list[Notice]) -> None:
        if not notices:
            return
        with self._lock:
            listeners = list(self._listeners)
        for notice in notices:
            for listener in listeners:
                try:
                    listener(notice)
                except Exception as error:  # noqa: BLE001 - a listener never breaks a case
                    _log.warning("listener %r failed on %s: %s", listener, notice, error)
                    with self._lock:
                        if len(self.listener_failures) < self.MAX_LISTENER_FAILURES:
                            self.listener_failures.append(
                                (notice, f"{type(error).__name__}: {error}"))

    # ----------------------------------------------------------------- cases

    def compile(self, protocol: Protocol) -> CompiledProtocol:
        """The compiled protocol, its ruleset registered in this engine."""
        with self._lock:
            compiled = compile_protocol(protocol)
            self._rules.register(compiled.ruleset)
            return compiled

    def open(self, protocol: Protocol, scenario: Scenario | Mapping[str, Any],
             opened: DateLike, case_id: str | None = None, *,
             received: DateLike | None = None,
             facts: Mapping[str, DateLike] | None = None,
             as_of: DateLike | None = None) -> Case:
        """Open a case: a melding (or doubt) of ``scenario``, registered on ``opened``.

        ``received`` is the day the melding came in (*ontvangst*, default: ``opened``;
        never after it): the entry step opens on it and deadlines ``from: ontvangst`` run
        from it. ``facts`` are the case's facts the protocol declares
        (``Protocol.facts``), e.g. ``{"datum_vermeende_feiten": "2020-03-01"}``.

        ``scenario`` is a :class:`~protocolkit.semantics.Scenario` or a mapping with
        ``reporter``, ``subject``, ``act``, ``own`` and ``attributes`` (shared or
        protocol role ids), read strictly (:class:`~protocolkit.semantics.inputs.ScenarioSpec`:
        ``own`` is a boolean, never ``"false"``). ``case_id`` is 1 to 200 printable
        characters (what :meth:`restore` accepts). Raises :class:`ScenarioNotCovered`
        when the protocol has no route for it, ``ValueError`` for malformed input or an
        ``opened`` after ``as_of`` (today), an undeclared attribute or fact, a value outside
        its domain, a ``required`` attribute left out or ``received`` after ``opened``.
        """
        day = to_date(opened, "opened")
        if as_of is not None and day > to_date(as_of, "as_of"):
            raise CaseInputError(Msg.of("engine.opened-after-today", date=day.isoformat(),
                                        today=str(as_of)))
        came_in = day if received is None else to_date(received, "received")
        if came_in > day:
            raise CaseInputError(Msg.of("engine.received-after-opened",
                                        received=came_in.isoformat(), opened=day.isoformat()),
                                 "received")
        given = self._facts(protocol, facts) if facts else {}
        if case_id is not None:
            check_case_id(case_id)
        # A Scenario that opened a case before passed every check then (the plan memo).
        given_scenario = isinstance(scenario, Scenario)
        resolved = (scenario if isinstance(scenario, Scenario)
                    and scenario in protocol.memo(_PLAN_OF)
                    else self._scenario(protocol, scenario))
        with self._lock:
            case = self._open_case(protocol, resolved, day, case_id, came_in, given,
                                   memo=given_scenario)
            notices = case._notices((set(), False)) if self._heard() else []
        self._notify(notices)
        return case

    @staticmethod
    def _facts(protocol: Protocol, facts: Mapping[str, DateLike]) -> dict[str, dt.date]:
        declared = {f.id: f for f in protocol.facts}
        found: dict[str, dt.date] = {}
        for name, value in facts.items():
            if name not in declared:
                raise CaseInputError(Msg.of("engine.unknown-fact", name=name, listed=listed(
                    str(name), declared, ", ".join(declared) or Msg.of("arg.none"),
                    declared=True)), "facts")
            try:
                found[name] = records.to_date(value, Msg.of("engine.fact-named", fact=name))
            except ValueError as error:
                raise CaseInputError(said_in_all(error), "facts") from error
        return found

    def _open_case(self, protocol: Protocol, resolved: Scenario, day: dt.date,
                   case_id: str | None, received: dt.date | None = None,
                   facts: Mapping[str, dt.date] | None = None, *,
                   memo: bool = False) -> Case:
        """Open a case of ``resolved``, a scenario :meth:`_scenario` accepted. ``memo``:
        ``resolved`` is a :class:`~protocolkit.semantics.Scenario` as the caller gave it,
        whose plan the protocol's plan memo keeps once it is known (or has)."""
        compiled = self.compile(protocol)
        plans = protocol.memo(_PLAN_OF)
        plan = plans.get(resolved) if memo else None
        if plan is None:
            known = protocol.memo("engine.refusal")   # the same answer for every case of it
            if resolved not in known:
                known[resolved] = refusal(protocol, resolved)
            why = known[resolved]
            if why is not None:
                raise ScenarioNotCovered(why.message_text(
                    protocol, complete(protocol, resolved, fill_required=False)))
            plan = compiled.plan(resolved)
            if plan is None:
                raise ScenarioNotCovered(Msg.of("engine.no-route",
                                                municipality=protocol.protocol.municipality,
                                                label=resolved.label_msg()))
            if memo:
                # Checked, not refused, covered: the same for every case of it. Only such
                # scenarios are kept (the protocol's roles and attribute values, so
                # finitely many), never a refused one.
                plans[resolved] = plan
        if case_id is None:
            case_id = f"case-{secrets.token_hex(8)}"
        if case_id in self._cases:
            raise CaseError(Msg.of("engine.already-open", case=case_id))
        session = self._rules.start(compiled.name)
        case = Case(self, compiled, plan, case_id, day, session, received, facts)
        self._cases[case_id] = case
        return case

    def restore(self, protocol: Protocol | str | Mapping[str, Any],
                record: str | Mapping[str, Any] | None = None, *,
                migrate: bool = False) -> Case:
        """Rebuild a case from its record (:meth:`Case.to_dict` or :meth:`Case.to_json`)
        by replaying its events (corrections included); listeners are not called.

        ``restore(record)`` looks the protocol up in :attr:`registry` by the record's
        identity; ``restore(protocol, record)`` uses the one given. A record whose
        protocol meant something else (another identity) is refused, saying what changed
        when the registry knows the old version, unless ``migrate`` — then its events are
        replayed under this version, which is allowed only for a version of the same
        municipality.
        """
        if record is None:
            record, protocol = protocol, None  # type: ignore[assignment]
        check_flag(migrate, "migrate")
        stored = parse_record(record)  # type: ignore[arg-type]
        if protocol is None:
            found = self.registry.find(stored.protocol.identity, stored.protocol.ruleset)
            if found is None:
                raise CaseRecordError(Msg.of("engine.unregistered", case=stored.id,
                                             ruleset=stored.protocol.ruleset))
            protocol = found
        assert isinstance(protocol, Protocol)
        self._check_protocol(protocol, stored, migrate)
        sc = stored.scenario
        scenario = Scenario(sc.reporter, sc.subject, sc.act, sc.own, sc.attributes)
        with self._lock:
            quiet, self._quiet = self._quiet, True
            case: Case | None = None
            try:
                try:
                    case = self.open(protocol, scenario, stored.opened, case_id=stored.id,
                                     received=stored.received, facts=dict(stored.facts))
                except (ScenarioNotCovered, CaseInputError) as error:
                    raise CaseRecordError(error.text) from error
                case._migrations = _migrations(stored)
                for index, event in enumerate(stored.events, start=1):
                    try:
                        entry = Event(event.step or "", event.outcome or "", event.date,
                                      event.recorded_by, event.recorded_at, event.note,
                                      event.withdraws)
                        if entry.withdraws is not None:
                            if entry.withdraws >= index:
                                raise CaseRecordError(Msg.of(
                                    "engine.withdraws-later", index=index, case=stored.id,
                                    target=entry.withdraws))
                            target = stored.events[entry.withdraws - 1]
                            entry = replace(entry, step=target.step or "",
                                            outcome=target.outcome or "",
                                            fact=target.fact, value=target.value)
                        elif event.fact is not None:
                            try:
                                [(name, value)] = self._facts(protocol, {
                                    event.fact: event.value}).items()
                            except CaseInputError as error:
                                raise CaseRecordError(Msg.of(
                                    "engine.event-of-case", index=index, case=stored.id,
                                    error=error.text)) from error
                            entry = replace(entry, fact=name, value=value)
                        case._apply_new(entry, None)
                    except EventRefused as refused:
                        what: Msg | str = (Msg.of("engine.fact-named", fact=event.fact)
                                           if event.fact is not None
                                           else f"{event.step}: {event.outcome}")
                        raise CaseRecordError(Msg.of(
                            "engine.event-refused", index=index, case=stored.id, what=what,
                            error=refused.text)) from refused
            except BaseException:
                if case is not None:
                    self.drop(case)
                raise
            finally:
                self._quiet = quiet
        return case

    def _check_protocol(self, protocol: Protocol, stored: StoredCase, migrate: bool) -> None:
        from protocolkit.engine.identity import identity

        compiled = self.compile(protocol)
        wanted = stored.protocol
        if wanted.identity is not None:
            same = wanted.identity == identity(protocol)
        else:
            same = wanted.ruleset == compiled.name
        if same:
            return
        meta = protocol.protocol
        if wanted.municipality != meta.municipality:
            raise CaseRecordError(Msg.of("engine.other-municipality", case=stored.id,
                                         municipality=wanted.municipality,
                                         ruleset=wanted.ruleset, other=meta.municipality))
        if migrate:
            return
        changed = self._what_changed(protocol, wanted.identity, wanted.ruleset)
        raise CaseRecordError(Msg.of("engine.other-meaning", case=stored.id,
                                     ruleset=wanted.ruleset, name=compiled.name,
                                     changed=changed))

    def _what_changed(self, protocol: Protocol, old_identity: str | None,
                      ruleset: str) -> Msg:
        old = self.registry.find(old_identity, ruleset)
        if old is None:
            return Msg.of("engine.old-not-registered")
        from protocolkit.engine.migration import change_messages, summarize_messages

        said = summarize_messages(change_messages(old, protocol))
        return Msg.of("engine.changed", changes=said) if said else Msg.of("w.empty")

    def migrate(self, case: Case, protocol: Protocol, note: str, date: DateLike, *,
                recorded_by: str | None = None,
                recorded_at: dt.datetime | str | None = None,
                as_of: DateLike | None = None) -> Case:
        """Move ``case`` to another version of its protocol; the case under it.

        Its events are replayed under ``protocol`` and a migration is added to its
        record (:class:`~protocolkit.engine.migration.Migration`: after which event, on
        ``date``, ``recorded_by``, ``recorded_at`` (UTC), why (``note``), from which
        ruleset and identity to which, and what changed). The events stay as recorded.
        Refused with :class:`~protocolkit.engine.migration.MigrationRefused`, the case
        unchanged, for another municipality's protocol, a version that means the same,
        an event the new version does not allow (naming it and what changed), or a date
        before the latest event or after ``as_of``. ``case`` itself is replaced: use the
        case returned. Listeners are not called.
        """
        from protocolkit.engine import migration

        check_text(note, Msg.of("engine.migrate-note"))
        return migration.migrate(
            self, case, protocol, note, to_date(date),
            None if recorded_by is None else check_text(recorded_by, "recorded_by", 200),
            None if recorded_at is None else to_utc(recorded_at),
            None if as_of is None else to_date(as_of, "as_of"))

    def get(self, case_id: str) -> Case:
        with self._lock:
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
        with self._lock:
            return len(self._cases)

    def __iter__(self) -> Iterator[Case]:
        with self._lock:
            return iter(list(self._cases.values()))

    def stats(self) -> dict[str, dict[str, int]]:
        """Per ruleset: its open cases (``live``; all are), ``parked`` (always 0: nothing
        is evicted) and the ``facts`` its shared durable-rules session holds."""
        return self._rules.stats()

    def close(self) -> None:
        """Drop every case and release the rules engine's memory (its rulesets); the
        engine stays usable and registers rulesets again when needed."""
        with self._lock:
            for case in list(self._cases.values()):
                self.drop(case)
            self._rules.release()
            self._rules = RulesEngine(max_live=self._max_live)

    @staticmethod
    def _scenario(protocol: Protocol, scenario: Scenario | Mapping[str, Any]) -> Scenario:
        if isinstance(scenario, Scenario):          # its fields' types checked when made
            problems = scenario_messages(protocol, scenario)
            if problems:
                raise CaseInputError(joined(problems), "attributes")
            return scenario
        if not isinstance(scenario, Mapping):
            raise CaseInputError(Msg.of("engine.not-a-scenario", value=said_given(scenario)))
        keys = ("reporter", "subject", "act", "own", "attributes")
        for key in scenario:
            if key not in keys:
                hint = did_you_mean(str(key), keys)
                if str(key) in protocol.scenarios.attributes:
                    hint = Msg.of("engine.is-an-attribute", key=key)
                raise CaseInputError(Msg.of(
                    "engine.not-a-scenario-key", key=key,
                    hint=Msg.of("arg.hint", hint=hint) if hint else Msg.of("w.empty"),
                    keys=", ".join(keys)))
        missing = [k for k in ("reporter", "subject", "act") if k not in scenario]
        if missing:
            raise ScenarioNotCovered(Msg.of("engine.scenario-needs",
                                            missing=", ".join(map(repr, missing))))
        spec = scenario_spec(scenario)
        try:
            return scenario_from_shared(protocol, spec.reporter, spec.subject, spec.act,
                                        spec.own, spec.attributes)
        except ValueError as error:
            hint = error.hint_text if isinstance(error, TextError) else None
            if attribute_problems(protocol, dict(spec.attributes)):
                raise CaseInputError(said_in_all(error), "attributes", hint=hint) from error
            raise ScenarioNotCovered(said_in_all(error), hint=hint) from error


def _migrations(stored: StoredCase) -> list[Migration]:
    """A record's migrations, checked to sit in order within its events."""
    from protocolkit.engine.migration import Migration

    moves = [Migration.from_spec(m) for m in stored.migrations]
    afters = [m.after for m in moves]
    if afters != sorted(afters) or any(a > len(stored.events) for a in afters):
        raise CaseRecordError(Msg.of("engine.migrations-order", case=stored.id,
                                     afters=afters, count=len(stored.events)))
    return moves


def parse_record(record: str | bytes | Mapping[str, Any]) -> StoredCase:
    """A stored case record validated (:class:`~protocolkit.engine.records.StoredCase`),
    or :class:`CaseRecordError` saying what is wrong in the reader's words (which
    fields, by pydantic's error kind, as a file's findings say it; another program's
    own words only as a marked, untranslated detail); never another exception."""
    from protocolkit.format.loader import untranslated, validation_text

    try:
        data = json.loads(record) if isinstance(record, (str, bytes)) else record
        if isinstance(data, Mapping):
            return StoredCase.model_validate(dict(data))
        detail = Msg.of("engine.record-not-mapping", kind=type(data).__name__)
    except RecursionError:
        raise CaseRecordError(Msg.of("engine.nested")) from None
    except ValidationError as error:
        detail = validation_text(error, data, StoredCase)
    except json.JSONDecodeError as error:
        detail = Msg.of("engine.not-json", line=error.lineno, column=error.colno,
                        original=untranslated("json", error.msg))
    except UnicodeDecodeError as error:
        detail = Msg.of("engine.not-utf8", original=untranslated("Python", error.reason))
    except (ValueError, TypeError) as error:      # a validator's own failure
        detail = Msg.of("engine.unreadable", original=untranslated(
            "Python", f"{type(error).__name__}: {error}"))
    raise CaseRecordError(Msg.of("engine.not-stored", detail=detail))
