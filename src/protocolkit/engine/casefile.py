"""``CASE.yaml``: a case to simulate, read with located findings.

A case file names the scenario, the day the case was opened and the events so far::

    scenario: {reporter: raadslid, subject: burgemeester, act: uitgevoerd, own: false}
    opened: 2025-12-19
    received: 2025-12-18          # optional: the day it came in (default: opened)
    facts: {}                     # the case's facts the protocol declares (dates)
    events:
      - {step: melding, outcome: gemeld, date: 2025-12-22}

Roles are shared-vocabulary or protocol role ids; extra scenario attributes go under
``scenario.attributes``. Dates are ``YYYY-MM-DD``. The scenario and event types are
those of :mod:`protocolkit.engine.records` (an event may carry ``recorded_by``,
``recorded_at`` and ``note``; ``{withdraws: N, ...}`` is a correction). The file is
parsed with the safe YAML reader of :mod:`protocolkit.format.loader` and validated by a small model that refuses
unknown keys, so every mistake comes back as a finding with ``file:line:column``;
an event the protocol refuses is a finding at that event, naming what was allowed.

>>> from protocolkit.format.loader import load_protocol
>>> protocol = load_protocol("tests/data/minimal.yaml").protocol
>>> sim = simulate_file(protocol, "tests/data/cases/minimal_afgedaan.yaml", as_of="2026-04-01")
>>> sim.exit_code(), sim.case.closed.step
(0, 'afgedaan')
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from protocolkit.engine.case import (
    NOT_CLOSED,
    Case,
    CaseEngine,
    EventRefused,
    ScenarioNotCovered,
    outcome_label,
    said_in_all,
)
from protocolkit.engine.records import (
    MAX_EVENTS_PER_CASE,
    AnyEventSpec,
    IsoDate,
    to_date,
)
from protocolkit.format.diagnostics import (
    MEANT_HINTS,
    Finding,
    Msg,
    TextError,
    finding,
    has_errors,
    joined,
)
from protocolkit.format.loader import Format, Locations, both, load_document_data
from protocolkit.format.model import Protocol, citations
from protocolkit.format.texts import citation_text
from protocolkit.semantics import only_offered, proposal, refusal, resolve_step
from protocolkit.semantics.inputs import CaseError, CaseInputError, ScenarioSpec


class CaseFile(BaseModel):
    """The whole ``CASE.yaml``."""

    model_config = ConfigDict(extra="forbid")

    scenario: ScenarioSpec
    opened: IsoDate
    received: IsoDate | None = None
    facts: dict[str, IsoDate] = Field(default_factory=dict)
    events: list[AnyEventSpec] = Field(default_factory=list, max_length=MAX_EVENTS_PER_CASE)


CASE_FORMAT_FILE = Format(both("case file", "zaakbestand"), "scenario:, opened:, events:",
                          both("write scenario:, opened: and events:",
                               "schrijf scenario:, opened: en events:"),
                          both("case", "zaak"))


def load_case_file(path: str | Path) -> tuple[CaseFile | None, Locations, list[Finding]]:
    """Read and validate a case file; findings instead of exceptions."""
    spec, locations, findings, _ = load_document_data(path, CaseFile, CASE_FORMAT_FILE)
    return spec, locations, findings


#: The field of a scenario each input message is about.
_SCENARIO_FIELDS = {"arg.not-an-act": "act"}


def scenario_problem(error: TextError, locations: Locations,
                     at: tuple[str | int, ...] = ("scenario",)) -> Finding:
    """A scenario the protocol cannot take (a misspelt role, an undeclared attribute) as
    a finding at its place in the file (``at``: the path to the scenario: a case file's
    ``scenario``, a test's ``tests.N.scenario``), with a did-you-mean."""
    first = error.messages[0]
    args = dict(first.args)
    place = at
    if first.id in ("arg.not-a-role", "arg.role-open"):
        what = args.get("what")
        place += ("reporter" if isinstance(what, Msg) and what.id == "arg.reporter"
                  else "subject",)
    elif first.id in _SCENARIO_FIELDS:
        place += (_SCENARIO_FIELDS[first.id],)
    elif "name" in args:
        place += ("attributes", str(args["name"]))
    return finding("invalid-case-input", error.text, locations.at(place), hint=error.hint_text)


def _check_parts(protocol: Protocol, data: Any, locations: Locations) -> list[Finding]:
    """When the file as a whole is invalid, the findings of the parts that are valid on
    their own: the scenario against the protocol (an undeclared attribute, a role it
    does not know, a scenario it excludes) and the facts, so that a mistake elsewhere
    in the file does not hide these."""
    found: list[Finding] = []
    if not isinstance(data, dict):
        return found
    scenario = data.get("scenario")
    try:
        spec = ScenarioSpec.model_validate(scenario)
    except ValueError:
        spec = None          # already a finding of the file's schema
    if spec is not None:
        try:
            resolved = CaseEngine._scenario(protocol, spec.model_dump())
            why = refusal(protocol, resolved)
            if why is not None:
                found.append(finding(
                    "scenario-not-covered",
                    why.message_text(protocol, resolved),
                    locations.at(("scenario",), key=True),
                    hint=why.hint_text(protocol, resolved)))
        except CaseInputError as error:
            where = ("scenario", "attributes") if error.field == "attributes" else ("scenario",)
            found.append(finding("invalid-case-input", error.text, locations.at(where, key=True)))
        except ScenarioNotCovered as error:
            if isinstance(error.__cause__, TextError) and error.__cause__.messages:
                # a role the protocol does not know: at its place, with a did-you-mean
                found.append(scenario_problem(error.__cause__, locations))
            else:
                found.append(finding("scenario-not-covered",
                                     Msg.of("scenario-not-covered", error=error.text),
                                     locations.at(("scenario",), key=True)))
    facts = data.get("facts")
    if isinstance(facts, dict):
        try:
            CaseEngine._facts(protocol, facts)
        except CaseInputError as error:
            found.append(finding("invalid-case-input", error.text,
                                 locations.at(("facts",), key=True)))
    return found


@dataclass
class Simulation:
    """What ``protocolkit simulate`` reports: the case after the events of the file,
    or the findings that stopped it."""

    path: str
    protocol: Protocol
    as_of: dt.date
    case: Case | None = None
    findings: list[Finding] = field(default_factory=list)
    events_applied: int = 0
    #: The events the case file gives; those after a refused one are not applied.
    events_given: int = 0

    def exit_code(self) -> int:
        """0 when every event was accepted, 1 when a finding stands in the way."""
        return 1 if has_errors(self.findings) else 0

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """The simulation as data (``simulate --format json``); the findings' ``message``
        and ``hint`` in ``lang`` (their ``text`` is the message as data, for either)."""
        meta = self.protocol.protocol
        data: dict[str, Any] = {
            "case_file": self.path,
            "protocol": {"municipality": meta.municipality, "version": meta.version},
            "as_of": self.as_of.isoformat(),
            "scenario": None, "opened": None, "received": None, "facts": {},
            "recorded_facts": [],
            "entry_route": None, "entry_source": [], "substitutions": [],
            "events_applied": self.events_applied, "events_given": self.events_given,
            "trace": [], "open_steps": [], "silent": [], "closed": dict(NOT_CLOSED),
            "findings": [f.to_dict(lang) for f in self.findings],
        }
        case = self.case
        if case is not None:
            withdrawn = {e.withdraws: n for n, e in enumerate(case.events, start=1)
                         if e.withdraws is not None}
            data["protocol"]["ruleset"] = case.ruleset
            data.update({
                "scenario": case.scenario.to_dict(),
                "opened": case.opened.isoformat(),
                "received": case.received.isoformat(),
                "facts": {k: v.isoformat() for k, v in case.current_facts.items()},
                "recorded_facts": [
                    {"event": n, "fact": e.fact, "value": e.value.isoformat() if e.value
                     else None, "date": e.date.isoformat(), "recorded_by": e.recorded_by,
                     "note": e.note, "withdrawn_by": withdrawn.get(n)}
                    for n, e in enumerate(case.events, start=1)
                    if e.fact is not None and e.withdraws is None],
                "entry_route": case.entry_route,
                "entry_source": entry_source(self.protocol, case.entry_route),
                "substitutions": list(case.substitutions),
                "trace": trace_rows(self.protocol, case),
                "open_steps": [titled_open_step(self.protocol, s.to_dict())
                               for s in case.open_steps(self.as_of)],
                "silent": case.silent(self.as_of),
                "closed": case.closed.to_dict() if case.closed else dict(NOT_CLOSED),
            })
        return data


def trace_rows(protocol: Protocol, case: Case) -> list[dict[str, Any]]:
    """The steps a case went through as ``simulate`` and the case store show them
    (``TraceEntry.to_dict``) with what a reader sees beside the ids: the ``next_title``
    of the step an outcome led to, the outcome's ``outcome_label`` (its label, else its
    id), ``offers`` (:func:`offers_only`) and ``proposal``: who acted, marked where a
    concept only proposes it (taken from another text), as in the open steps."""
    rows = []
    for entry in case.trace():
        # a step of an earlier version of the protocol (a migrated case): its id only
        view = (resolve_step(protocol, entry.step, case.scenario)
                if protocol.step(entry.step) else None)
        rows.append({**entry.to_dict(), "next_title": step_title(protocol, entry.next),
                     "outcome_label": (None if entry.outcome is None
                                       else outcome_label(protocol, entry.step, entry.outcome)),
                     "offers": offers_only(protocol, entry.step),
                     "proposal": (proposal(protocol, view.open_points, view.source)
                                  if view else None)})
    return rows


def step_title(protocol: Protocol, step_id: str | None) -> str | None:
    """The title of a step of ``protocol``, ``None`` where there is no such step: where
    an outcome led or leads, as a reader sees it (the ids stay for a program and for
    ``cases record``), in ``simulate`` and the case store alike."""
    step = protocol.step(step_id) if step_id else None
    return step.title if step else None


def offers_only(protocol: Protocol, step_id: str) -> bool:
    """Whether a step is a ``sanctie`` step whose sanctions are all offered, not
    imposed (:func:`protocolkit.semantics.only_offered`): a reader sees a consequence
    (``gevolg``, as ``route`` labels it), not a sanction (Oostzaan's publiek excuus)."""
    step = protocol.step(step_id)
    return step is not None and step.kind.value == "sanctie" and only_offered(
        protocol, step.sanctions)


def titled_open_step(protocol: Protocol, step: dict[str, Any]) -> dict[str, Any]:
    """An open step's data (``OpenStep.to_dict``) with the titles a reader sees beside
    the ids: each outcome's ``next_title`` and ``track_titles`` (the steps it opens at
    the same time), and the ``title`` of the step a deadline runs from (``runs_from``;
    ``None`` for ``ontvangst``, ``case`` and ``step``); ``offers``: :func:`offers_only`."""
    step["offers"] = offers_only(protocol, step["step"])
    step["outcomes"] = [{**o, "next_title": step_title(protocol, o["next"]),
                         "track_titles": [step_title(protocol, t) for t in o["tracks"]]}
                        for o in step["outcomes"]]
    if step.get("runs_from"):
        step["runs_from"] = {**step["runs_from"],
                             "title": step_title(protocol, step["runs_from"]["rule"])}
    return step


def entry_source(protocol: Protocol, route_id: str | None) -> list[str]:
    """The citation of a case's entry route: the route as a reader names it ("route
    volgens art. 2.1 lid 1"), for ``simulate`` and the case store alike; empty where the
    route cites nothing (the caller then shows its id)."""
    return next((citations(r.source) for r in protocol.entry_routes if r.id == route_id), [])


def simulate_file(protocol: Protocol, path: str | Path, as_of: dt.date | str | None = None,
                  engine: CaseEngine | None = None) -> Simulation:
    """Run the case of a case file through ``protocol``: open it, record each event,
    stop at the first refusal (a finding at that event). ``as_of`` is today (the CLI
    passes it): events after it are refused, deadlines are overdue relative to it.
    Without it the case is read as of its latest date (the library reads no clock)."""
    day = None if as_of is None else to_date(as_of, "as_of")
    spec, locations, findings, data = load_document_data(path, CaseFile, CASE_FORMAT_FILE)
    if day is None:
        day = (max([spec.opened, *(e.date for e in spec.events)]) if spec is not None
               else dt.date(1900, 1, 1))
    simulation = Simulation(str(path), protocol, day)
    simulation.findings.extend(findings)
    if spec is None:
        simulation.findings.extend(_check_parts(protocol, data, locations))
        return simulation
    engine = engine or CaseEngine()
    scenario = spec.scenario.model_dump()
    try:
        case = engine.open(protocol, scenario, spec.opened, received=spec.received,
                           facts=spec.facts)
    except CaseInputError as error:
        where: tuple[str | int, ...] = {
            "attributes": ("scenario", "attributes"), "facts": ("facts",),
            "received": ("received",)}.get(error.field, ("scenario",))
        simulation.findings.append(finding(
            "invalid-case-input", error.text, locations.at(where, key=True)))
        return simulation
    except ScenarioNotCovered as error:
        # The refusal in words (both languages, with its hint), as the file check gives it.
        refused = [f for f in _check_parts(protocol, {"scenario": scenario}, locations)
                   if f.code in ("scenario-not-covered", "invalid-case-input")]
        simulation.findings.extend(refused or [finding(
            "scenario-not-covered", Msg.of("scenario-not-covered", error=error.text),
            locations.at(("scenario",), key=True),
            hint=Msg.of("hint.space", reporters=list(protocol.scenarios.reporters),
                        subjects=list(protocol.scenarios.subjects)))])
        return simulation
    simulation.case = case
    simulation.events_given = len(spec.events)
    for index, event in enumerate(spec.events):
        try:
            if event.withdraws is not None:
                case.correct(event.withdraws, event.note or "", event.date,
                             recorded_by=event.recorded_by, recorded_at=event.recorded_at,
                             as_of=day)
            elif event.fact is not None:
                case.record_fact(event.fact, event.value or "", event.date,
                                 recorded_by=event.recorded_by,
                                 recorded_at=event.recorded_at, note=event.note, as_of=day)
            else:
                case.record(event.step or "", event.outcome or "", event.date,
                            recorded_by=event.recorded_by, recorded_at=event.recorded_at,
                            note=event.note, as_of=day)
        except (EventRefused, ValueError) as refused:
            # The refusal's detail in the message; its hint (the step probably meant)
            # and what is allowed here in the finding's hint.
            detail: Msg = said_in_all(refused)
            hints: list[Msg] = []
            if isinstance(refused, EventRefused):
                detail = refused.detail_text
                allowed: Msg | str = (refused.allowed_text() if refused.allowed
                                      else Msg.of("engine.nothing-allowed"))
                # "bedoelt u `melding`? Hier toegestaan: …", not "…?; hier toegestaan"
                meant = refused.hint_text
                asked = meant is not None and meant.id in MEANT_HINTS
                if meant is not None and not asked:
                    hints.append(meant)
                said = {"meant": meant} if asked else {}
                key = "hint.meant-allowed-here" if asked else "hint.allowed-here"
                hints.append(Msg.of(key + "-source", allowed=allowed, **said,
                                    source=citation_text(refused.source)) if refused.source
                             else Msg.of(key, allowed=allowed, **said))
            elif isinstance(refused, CaseError) and refused.hint_text is not None:
                hints.append(refused.hint_text)
            simulation.findings.append(finding(
                "event-refused",
                Msg.of("event-refused", n=index + 1,
                       step=(event.step if event.fact is None
                             else Msg.of("w.fact-event", fact=event.fact)),
                       outcome=event.outcome if event.fact is None else str(event.value),
                       date=event.date.isoformat(), detail=detail),
                locations.at(("events", index)), hint=joined(hints) if hints else None))
            break
        simulation.events_applied += 1
    return simulation

