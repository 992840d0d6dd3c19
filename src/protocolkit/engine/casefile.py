"""``CASE.yaml``: a case to simulate, read with located findings.

A case file names the scenario, the day the case was opened and the events so far::

    scenario: {reporter: raadslid, subject: burgemeester, act: uitgevoerd, own: false}
    opened: 2025-12-19
    received: 2025-12-18          # optional: the day it came in (default: opened)
    facts: {}                     # the case's facts the protocol declares (dates)
    events:
      - {step: melding, outcome: gemeld, date: 2025-12-22}

Roles are shared-vocabulary or protocol role ids; extra scenario attributes go under
``scenario.attributes``. Dates are ``YYYY-MM-DD``. The file is parsed with the safe
YAML reader of :mod:`protocolkit.loader` and validated by a small model that refuses
unknown keys, so every mistake comes back as a finding with ``file:line:column``;
an event the protocol refuses is a finding at that event, naming what was allowed.

>>> from protocolkit.loader import load_protocol
>>> protocol = load_protocol("tests/data/minimal.yaml").protocol
>>> sim = simulate_file(protocol, "tests/data/cases/minimal_afgedaan.yaml", as_of="2026-03-01")
>>> sim.exit_code(), sim.case.closed.step
(0, 'afgedaan')
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool

from protocolkit.diagnostics import Finding, finding, has_errors
from protocolkit.engine.case import (
    NOT_CLOSED,
    Case,
    CaseEngine,
    CaseInputError,
    EventRefused,
    ScenarioNotCovered,
)
from protocolkit.loader import Format, Locations, load_document
from protocolkit.model import Protocol

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise ValueError("a date is written YYYY-MM-DD, e.g. 2025-12-19")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]


class CaseScenario(BaseModel):
    """Who reports, about whom, which act, own act or not (and extra attributes)."""

    model_config = ConfigDict(extra="forbid")

    reporter: str
    subject: str
    act: str
    own: StrictBool = False
    attributes: dict[str, str] = Field(default_factory=dict)


class CaseEventSpec(BaseModel):
    """One recorded outcome: ``{step, outcome, date}``."""

    model_config = ConfigDict(extra="forbid")

    step: str
    outcome: str
    date: IsoDate


class CaseFile(BaseModel):
    """The whole ``CASE.yaml``."""

    model_config = ConfigDict(extra="forbid")

    scenario: CaseScenario
    opened: IsoDate
    received: IsoDate | None = None
    facts: dict[str, IsoDate] = Field(default_factory=dict)
    events: list[CaseEventSpec] = Field(default_factory=list, max_length=10_000)


CASE_FORMAT_FILE = Format("case file", "scenario:, opened:, events:",
                          "write scenario:, opened: and events:")


def load_case_file(path: str | Path) -> tuple[CaseFile | None, Locations, list[Finding]]:
    """Read and validate a case file; findings instead of exceptions."""
    return load_document(path, CaseFile, CASE_FORMAT_FILE)


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

    def exit_code(self) -> int:
        """0 when every event was accepted, 1 when a finding stands in the way."""
        return 1 if has_errors(self.findings) else 0

    def to_dict(self) -> dict[str, Any]:
        meta = self.protocol.protocol
        data: dict[str, Any] = {
            "case_file": self.path,
            "protocol": {"municipality": meta.municipality, "version": meta.version},
            "as_of": self.as_of.isoformat(),
            "scenario": None, "opened": None, "received": None, "facts": {},
            "entry_route": None, "substitutions": [],
            "events_applied": self.events_applied,
            "trace": [], "open_steps": [], "silent": [], "closed": dict(NOT_CLOSED),
            "findings": [f.to_dict() for f in self.findings],
        }
        case = self.case
        if case is not None:
            data["protocol"]["ruleset"] = case.ruleset
            data.update({
                "scenario": case.scenario.to_dict(),
                "opened": case.opened.isoformat(),
                "received": case.received.isoformat(),
                "facts": {k: v.isoformat() for k, v in case.facts_given.items()},
                "entry_route": case.entry_route,
                "substitutions": list(case.substitutions),
                "trace": [t.to_dict() for t in case.trace()],
                "open_steps": [s.to_dict() for s in case.open_steps(self.as_of)],
                "silent": case.silent(self.as_of),
                "closed": case.closed.to_dict() if case.closed else dict(NOT_CLOSED),
            })
        return data


def simulate_file(protocol: Protocol, path: str | Path, as_of: dt.date | str | None = None,
                  engine: CaseEngine | None = None) -> Simulation:
    """Run the case of a case file through ``protocol``: open it, record each event,
    stop at the first refusal (a finding at that event)."""
    day = (dt.date.today() if as_of is None
           else as_of if isinstance(as_of, dt.date) else dt.date.fromisoformat(as_of))
    simulation = Simulation(str(path), protocol, day)
    spec, locations, findings = load_case_file(path)
    simulation.findings.extend(findings)
    if spec is None:
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
            "invalid-case-input", str(error), locations.at(where, key=True)))
        return simulation
    except ScenarioNotCovered as error:
        simulation.findings.append(finding(
            "scenario-not-covered", str(error), locations.at(("scenario",), key=True),
            hint="reporters here: " + ", ".join(protocol.scenarios.reporters)
            + "; subjects: " + ", ".join(protocol.scenarios.subjects)))
        return simulation
    simulation.case = case
    for index, event in enumerate(spec.events):
        try:
            case.record(event.step, event.outcome, event.date)
        except EventRefused as refused:
            simulation.findings.append(finding(
                "event-refused",
                f"event {index + 1} ({event.step}: {event.outcome}, "
                f"{event.date.isoformat()}) is refused: {refused.detail}",
                locations.at(("events", index)),
                hint=f"allowed here: {refused.allowed_text()}"
                + (f" (bron: {'; '.join(refused.source)})" if refused.source else "")))
            break
        simulation.events_applied += 1
    return simulation

