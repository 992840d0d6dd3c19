"""Route-graph checks: every way a protocol can fail a person in a real case.

:func:`run_checks` builds, for every scenario of the protocol's scenario space, the
effective route graph (substitutions applied, from :func:`protocolkit.semantics.route_graph`)
once, and runs every check on it in time linear in its size. Findings are deduplicated:
one per code and element, with the number of scenarios affected and the witness (scenario,
path, who acts) of the first. One page per check: ``docs/checks/``.

>>> from protocolkit.loader import load_protocol
>>> result = load_protocol("tests/data/checks/clean.yaml")
>>> run_checks(result.protocol, result.locations)
[]
>>> result = load_protocol("tests/data/checks/dead_end.yaml")
>>> [(f.code, f.location.line, f.witness["path"][-1]["step"]) for f in run_checks(result.protocol, result.locations)]
[('dead-end', 146, 'nazorg')]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from protocolkit.analysis.base import Collector, ScenarioRun
from protocolkit.analysis.care import (
    hearing_occurrences,
    preliminary_occurrences,
    sanction_occurrences,
)
from protocolkit.analysis.completeness import coverage_occurrences
from protocolkit.analysis.disclosure import disclosure_occurrences
from protocolkit.analysis.impartiality import (
    conflict_occurrences,
    forbidden_occurrences,
    static_forbidden,
)
from protocolkit.analysis.publicity import publicity_occurrences, silence_occurrences
from protocolkit.analysis.routes import (
    entry_occurrences,
    graph_occurrences,
    unreachable_occurrences,
)
from protocolkit.diagnostics import Finding
from protocolkit.model import Protocol
from protocolkit.semantics import scenario_space

if TYPE_CHECKING:
    from protocolkit.loader import Locations

__all__ = ["CHECK_CODES", "run_checks"]

#: The finding codes the route-graph checks emit (each has a page in docs/checks/).
CHECK_CODES: tuple[str, ...] = (
    "missing-route",
    "ambiguous-route",
    "no-actor",
    "dead-end",
    "no-termination",
    "unreachable-step",
    "conflict-of-interest",
    "forbidden-role-action",
    "no-hearing-before-sanction",
    "investigation-without-preliminary",
    "sanction-not-applicable",
    "publicity-before-judgment",
    "disclosure-before-allowed",
    "incomplete-coverage",
    "unmatched-acknowledgement",
)

_PER_GRAPH = (
    graph_occurrences,
    conflict_occurrences,
    forbidden_occurrences,
    hearing_occurrences,
    preliminary_occurrences,
    sanction_occurrences,
    publicity_occurrences,
    silence_occurrences,
    disclosure_occurrences,
)


def run_checks(protocol: Protocol, locations: Locations | None = None) -> list[Finding]:
    """Every route-graph finding of a protocol that loaded without errors.

    ``locations`` (from the loader) places findings at ``file:line:column``; without it
    (a generated protocol) locations are unknown.
    """
    space = scenario_space(protocol)
    if not space:
        from protocolkit.diagnostics import Location, finding

        where = locations.at(("scenarios", "exclude"), key=True) if locations else Location()
        return [finding(
            "empty-scenario-space", "the scenario space holds no scenario: 'exclude' (with "
            "the impossible combinations) leaves nothing for the protocol to answer", where,
            hint="narrow the exclude entries")]
    collector = Collector(protocol, locations)
    reached: set[str] = set()
    collector.extend(static_forbidden(protocol))
    for scenario in space:
        collector.extend(entry_occurrences(protocol, scenario))
        run = ScenarioRun(protocol, scenario)
        reached.update(run.graph.nodes)
        for check in _PER_GRAPH:
            collector.extend(check(run))
    collector.extend(unreachable_occurrences(protocol, reached))
    collector.extend(coverage_occurrences(protocol, reached))
    return collector.findings()
