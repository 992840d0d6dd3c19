"""The Python API that the CLI is a thin shell over: everything it prints is data here.

>>> report = validate_files(["tests/data/minimal.yaml"])
>>> report.exit_code()
0
>>> sorted({f["severity"] for f in report.to_dict()["files"][0]["findings"]})
['warning']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from protocolkit.diagnostics import (  # FileReport, ValidationReport: re-exported
    FileReport,
    Finding,
    Severity,
    ValidationReport,
    sort_findings,
)
from protocolkit.loader import LoadResult, load_protocol
from protocolkit.model import Protocol, citations
from protocolkit.semantics import (
    Scenario,
    ordered_views,
    route_graph,
)


def check(result: LoadResult) -> list[Finding]:
    """All findings for a loaded file: loader findings, then the route-graph checks."""
    findings = list(result.findings)
    if result.protocol is not None:
        from protocolkit.analysis import run_checks

        findings.extend(run_checks(result.protocol, result.locations))
    return sort_findings(findings)


def validate(paths: str | Path | Iterable[str | Path], *, cache: bool = False) -> ValidationReport:
    """Load and check one protocol file or several: what ``protocolkit validate`` reports,
    as data. Findings are collected, never raised.

    >>> validate("tests/data/minimal.yaml").exit_code()
    0
    """
    files = [paths] if isinstance(paths, (str, Path)) else paths
    return validate_files(files, cache=cache)


def validate_files(paths: Iterable[str | Path], cache: bool = False) -> ValidationReport:
    """Load and check each file; findings are collected, never raised.

    With ``cache`` the findings of unchanged files come from :mod:`protocolkit.cache`
    (those files then have no ``protocol`` in the report) and fresh ones are stored.
    """
    from protocolkit import cache as findings_cache
    from protocolkit.loader import MAX_BYTES, load_bytes

    use_cache = cache and findings_cache.enabled()
    report = ValidationReport()
    for path in paths:
        name = str(path)
        raw: bytes | None = None
        if use_cache:
            try:
                with open(path, "rb") as handle:
                    raw = handle.read(MAX_BYTES + 1)
            except OSError:
                raw = None
        if raw is not None:
            cached = findings_cache.lookup(raw, name)
            if cached is not None:
                report.files.append(FileReport(name, cached))
                continue
            result = load_bytes(raw, name)
            findings = check(result)
            findings_cache.store(raw, findings)
        else:
            result = load_protocol(path)
            findings = check(result)
        report.files.append(FileReport(name, findings, result.protocol))
    return report


# --------------------------------------------------------------------------- route


@dataclass
class RouteOutcome:
    id: str
    label: str | None
    next_step: str
    next_number: int | None
    admission: bool


@dataclass
class RouteStep:
    """One step of a route as a person reads it ("Wat doe ik nu?")."""

    number: int
    id: str
    title: str
    kind: str
    phase: str
    actor: str
    actor_stands_in_for: str | None
    counterpart: str | None
    consulted: list[str]
    informed: list[str]
    deadline: str | None
    confidential: bool
    end: bool
    out_of_scope: str | None
    sanctions: list[str]
    outcomes: list[RouteOutcome]
    source: list[str]

    def to_dict(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["outcomes"] = [o.__dict__ for o in self.outcomes]
        return data


@dataclass
class Route:
    scenario: Scenario
    steps: list[RouteStep]
    entry_source: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {"scenario": self.scenario.to_dict(), "entry_source": self.entry_source,
                "steps": [s.to_dict() for s in self.steps]}


def route(protocol: Protocol, scenario: Scenario) -> Route:
    """The route of a scenario, numbered in the order a person meets the steps."""
    from protocolkit.semantics import complete, entry_routes

    scenario = complete(protocol, scenario)
    graph = route_graph(protocol, scenario)
    views = ordered_views(graph, protocol)
    numbers = {v.id: i for i, v in enumerate(views, start=1)}
    shared = protocol.shared_id
    steps: list[RouteStep] = []
    for view in views:
        named = view.actor.named
        stands_in = shared(named) if view.actor.substituted else None
        steps.append(RouteStep(
            number=numbers[view.id],
            id=view.id,
            title=view.title,
            kind=view.kind.value,
            phase=view.phase,
            actor=shared(view.actor.role),
            actor_stands_in_for=stands_in,
            counterpart=shared(view.counterpart.role) if view.counterpart else None,
            consulted=[shared(r.role) for r in view.consulted],
            informed=[shared(r.role) for r in view.informed],
            deadline=view.deadline.describe() if view.deadline else None,
            confidential=view.confidential,
            end=view.end,
            out_of_scope=view.out_of_scope,
            sanctions=list(view.sanctions),
            outcomes=[RouteOutcome(o.id, o.label, o.next, numbers.get(o.next), o.admission)
                      for o in view.outcomes],
            source=list(view.source),
        ))
    routes = entry_routes(protocol, scenario)
    return Route(scenario, steps, citations(routes[0].source) if routes else [])


def load_or_findings(path: str | Path) -> tuple[Protocol | None, list[Finding]]:
    """A protocol ready for questions, or the findings that stand in the way."""
    result = load_protocol(path)
    errors = [f for f in result.findings if f.severity is Severity.error]
    return result.protocol, errors


def parse_scenario_args(protocol: Protocol, reporter: str, subject: str, act: str,
                        own: bool, attributes: Sequence[str] = ()) -> Scenario:
    """A scenario from CLI-style arguments (``attributes`` as ``name=value``)."""
    from protocolkit.semantics import scenario_from_shared

    extra: dict[str, str] = {}
    for item in attributes:
        name, sep, value = item.partition("=")
        if not sep:
            raise ValueError(f"'{item}' is not of the form name=value")
        extra[name.strip()] = value.strip()
    unknown = set(extra) - set(protocol.scenarios.attributes)
    if unknown:
        raise ValueError("unknown attribute(s): " + ", ".join(sorted(unknown)) + "; declared: "
                         + (", ".join(protocol.scenarios.attributes) or "none"))
    return scenario_from_shared(protocol, reporter, subject, act, own, extra)
