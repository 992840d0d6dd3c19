"""Route-graph checks: every way a protocol can fail a person in a real case.

:func:`run_checks` builds, for every scenario of the protocol's scenario space, the
effective route graph (substitutions applied, from :func:`protocolkit.semantics.route_adjacency`)
once, and runs every check on it in time linear in its size. Findings are deduplicated:
one per code and element, with the number of scenarios affected and the witness (scenario,
path, who acts) of the first. One page per check: ``docs/checks/``.

>>> from protocolkit.format.loader import load_protocol
>>> result = load_protocol("tests/data/checks/clean.yaml")
>>> run_checks(result.protocol, result.locations)
[]
>>> result = load_protocol("tests/data/checks/dead_end.yaml")
>>> [(f.code, f.location.line, f.witness["path"][-1]["step"]) for f in run_checks(result.protocol, result.locations)]
[('dead-end', 146, 'nazorg')]
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING

from protocolkit.analysis.base import (
    Collector,
    Memos,
    Occurrence,
    ScenarioRun,
    release_structure,
    structure_key,
)
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
from protocolkit.format.diagnostics import Finding
from protocolkit.format.model import Guard, Protocol
from protocolkit.semantics import (
    Scenario,
    StepView,
    complete,
    entry_step,
    route_views,
    scenario_space,
    space_entries,
    space_signatures,
    view_signature,
)
from protocolkit.semantics.step_guards import space_index, truth_row, truth_rows

if TYPE_CHECKING:
    from protocolkit.format.loader import Locations

__all__ = ["CHECK_CODES", "run_checks"]

#: The finding codes the route-graph checks emit (each has a page in docs/checks/).
CHECK_CODES: tuple[str, ...] = (
    "missing-route",
    "ambiguous-route",
    "no-actor",
    "dead-end",
    "no-termination",
    "unreachable-step",
    "join-never-completes",
    "track-misses-join",
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

    The per-graph checks run once per :func:`check_class` of scenarios (scenarios that
    see the same graph, the same actors, the same communication rules, silences and
    sanction imposers); the other
    scenarios of a class get the same occurrences under their own name, in scenario
    order, so the findings are exactly those of checking every scenario on its own.
    """
    return _run_checks(protocol, locations, share=True)


def _run_checks(protocol: Protocol, locations: Locations | None, share: bool) -> list[Finding]:
    # The route graphs, views and witnesses the checks build stay alive until the end
    # and hold no cycles; with the collector running, each of its passes also walked
    # the whole loaded protocol again, and the checks grew faster than the protocol
    # (1.3 against 1.0 without, 1,000 to 8,000 steps).
    # What they keep (the protocol's memos) goes straight to the oldest generation at
    # the end (``settle``): the first young pass after them walked it all at once.
    from protocolkit.format.collector import collector_paused

    with collector_paused(settle=True):
        return _checks(protocol, locations, share)


def _checks(protocol: Protocol, locations: Locations | None, share: bool) -> list[Finding]:
    space = scenario_space(protocol)
    if not space:
        from protocolkit.format.diagnostics import Location, Msg, finding

        where = locations.at(("scenarios", "exclude"), key=True) if locations else Location()
        return [finding("empty-scenario-space", Msg.of("empty-scenario-space.excluded"), where,
                        hint=Msg.of("hint.narrow-exclude"))]
    collector = Collector(protocol, locations)
    reached: set[str] = set()
    collector.extend(static_forbidden(protocol))
    classes = _space_classes(protocol)
    entries = space_entries(protocol)
    keys: list[Hashable] = list(classes) if share else list(space)
    found = _per_class(protocol, space, keys, share, reached)
    met: set[Hashable] = set()
    for at, scenario in enumerate(space):
        if entries[at][1] != 1:   # one route: no missing or ambiguous route
            collector.extend(entry_occurrences(protocol, scenario))
        key = keys[at]
        if key not in met:   # the first scenario of its class: found for it
            met.add(key)
            collector.extend(found[key])
        else:
            collector.extend(o._replace(scenario=scenario) for o in found[key])
    collector.extend(unreachable_occurrences(protocol, reached))
    collector.extend(coverage_occurrences(protocol, reached))
    return collector.findings()


#: A scenario's entry step and the views of the steps it reaches (route_views).
_Reach = tuple[str | None, dict[str, StepView]]


def _per_class(protocol: Protocol, space: list[Scenario], keys: list[Hashable], share: bool,
               reached: set[str]) -> dict[Hashable, list[Occurrence]]:
    """The per-graph checks' occurrences for the first scenario of every class
    (``keys``: the class of each scenario of the space), the steps they reach added to
    ``reached``.

    The classes are checked by route structure: every class whose structure the checks
    see alike (:func:`~protocolkit.analysis.base.structure_key`) in turn, and the
    structure and what the checks derived from it dropped before the next, so that one
    structure is alive at a time and is freed while it is still in the cache. Nothing
    here depends on the order: the caller gathers the occurrences in the space's order.
    """
    # What the runs memoize lives as long as this call, not as long as the protocol.
    memos = Memos()
    firsts: dict[Hashable, Scenario] = {}
    for key, scenario in zip(keys, space, strict=True):
        firsts.setdefault(key, scenario)
    groups: dict[Hashable, list[tuple[Hashable, Scenario, _Reach | None]]] = {}
    for key, scenario in firsts.items():
        if share:
            reach = route_views(protocol, scenario)
            groups.setdefault(structure_key(memos, *reach), []).append((key, scenario, reach))
        else:
            groups[key] = [(key, scenario, None)]
    found: dict[Hashable, list[Occurrence]] = {}
    for structure, members in groups.items():
        for key, scenario, known in members:
            found[key] = _check_one(ScenarioRun(protocol, scenario, share, memos, known,
                                                structure if share else None), reached)
        members.clear()   # their views
        release_structure(memos, structure)
    return found


def _check_one(run: ScenarioRun, reached: set[str]) -> list[Occurrence]:
    reached.update(run.graph.nodes)
    return [o for check in _PER_GRAPH for o in check(run)]


def check_class(protocol: Protocol, scenario: Scenario) -> Hashable:
    """What of a scenario the per-graph checks can see: its entry step, its
    :func:`~protocolkit.semantics.view_signature` (reporter, subject and the truth of
    every guard a step's view depends on) and the truth of the communication rules',
    the silences' and the sanction imposers' guards (who may impose a sanction can
    depend on the act or an attribute no step reads). Scenarios with equal classes get
    the same occurrences."""
    scenario = complete(protocol, scenario)
    at = space_index(protocol).get(scenario)
    if at is not None:
        return _space_classes(protocol)[at]
    truths = truth_row(protocol, _class_guards(protocol), scenario)
    return (entry_step(protocol, scenario), view_signature(protocol, scenario), truths)


def _class_guards(protocol: Protocol) -> list[Guard | None]:
    """The guards of the communication rules, the silences and the sanction imposers
    (their truth is part of :func:`check_class`)."""
    guards = [r.when for r in protocol.communication] + [s.when for s in protocol.silences]
    guards += [case.when for sanction in protocol.sanctions for case in sanction.imposed_by
               if not isinstance(case, str) and case.when is not None]
    return guards


def _space_classes(protocol: Protocol) -> list[Hashable]:
    """:func:`check_class` of every scenario of the space, by position (computed for
    the whole space at once from the guards' bits)."""
    def build(p: Protocol) -> list[Hashable]:
        return [(entry, signature, row) for (entry, _), signature, row in zip(
            space_entries(p), space_signatures(p), truth_rows(p, _class_guards(p)), strict=True)]

    return protocol.derived("analysis.space_classes", build)
