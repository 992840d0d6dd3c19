"""From a validated protocol to a durable-rules ruleset, as data.

The compiler decides nothing itself: every answer comes from
:mod:`protocolkit.semantics`. It enumerates the scenario space, asks the semantics for
each scenario's entry step, route graph (effective actors, outcomes and where each
leads) and substitutions, and turns the *sets of scenarios* for which each of them
holds into conditions on the scenario fields of a fact. Each condition is checked to
select exactly its set over the scenarios that can reach the rule, so the rules fire
exactly where the semantics say.

The ruleset (pure JSON, :class:`~protocolkit.engine.adapter.RulesetSpec`):

* ``open:<step>`` — one rule per step a case can enter. Its pattern is an ``$or`` of
  the entry routes leading there (a ``case`` fact whose scenario takes that route) and
  the transitions leading there (an ``outcome`` fact of step S with outcome O, for the
  scenarios in which O of S leads to this step, as ``next`` or as a parallel track).
  Firing derives an ``open`` fact: the step, the date it opened and its effective
  actor for the case's scenario. One outcome can open several steps (its ``next`` and
  its tracks); each gets its own fact id from the field ``o_<step>`` of the fact that
  opened it.
* ``substitution:<id>`` — one rule per substitution: a ``case`` fact whose scenario
  makes the substitution hold derives a ``substitution`` fact.

Facts carry the scenario as ``scenario`` (a key ``k0``, ``k1``, …) and as fields
``s_reporter``, ``s_subject``, ``s_act``, ``s_own`` and ``s_<attribute>``.

All cases of a protocol share one session of this ruleset
(:mod:`protocolkit.engine.adapter`): the adapter stamps every fact with the case's key
and joins every pattern after a rule's first on it, so a rule written here for one case
(several patterns, e.g. to join tracks, included) only ever matches facts of one case.
Fact ids (``c``, ``o0``, ``e1``, …) are the case's own; the adapter makes them unique in
the shared session.

The ruleset is named ``{gemeente}@{version}#{content hash}``: a changed protocol gets
a new name, so it never collides with a registered ruleset.

>>> from protocolkit.format.loader import load_protocol
>>> compiled = compile_protocol(load_protocol("tests/data/minimal.yaml").protocol)
>>> compiled.name.split("#")[0]
'voorbeeld@1.0'
>>> sorted(compiled.ruleset.rules)[:3]
['open:afgedaan', 'open:beoordeling', 'open:melding']
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from protocolkit.engine.adapter import MAX_EXPRESSION_COST, DeriveSpec, RulesetSpec, fact_id
from protocolkit.engine.calendar import WorkingCalendar
from protocolkit.format.model import EntryRoute, FactCondition, Protocol
from protocolkit.format.vocabulary import BUILTIN_ATTRIBUTES
from protocolkit.semantics import (
    Scenario,
    StepView,
    complete,
    entry_routes,
    fact_conditions,
    holding_substitutions,
    route_adjacency,
    scenario_space,
)
from protocolkit.semantics.boxes import Box, merge, select
from protocolkit.semantics.routegraph import RouteGraph

#: Bump when the compiled form changes, so rulesets of older compilers get other names.
COMPILER_VERSION = "2"

PRI_SUBSTITUTION = 10
PRI_OPEN = 20

#: Branches of one pattern: the ``$or`` and each flat ``$and`` branch cost 2 of the 30
#: that durable-rules allows per pattern; a step with more ways in gets several rules.
MAX_BRANCHES = (MAX_EXPRESSION_COST - 2) // 2

CASE_KIND = "case"
OUTCOME_KIND = "outcome"
OPEN_KIND = "open"
SUBSTITUTION_KIND = "substitution"

class CompileError(RuntimeError):
    """The compiler could not express what the semantics say (a bug, never user input)."""


@dataclass(frozen=True, slots=True)
class Edge:
    """An outcome a step offers in one scenario, worked out once for every case of it
    (:meth:`ScenarioPlan.edge`)."""

    #: The step it leads to (``next``).
    target: str
    #: Every step it opens: ``target``, then its parallel tracks.
    opens: tuple[str, ...]
    #: The fields of its outcome fact that are the same for every event (:func:`outcome_fact`).
    fields: Mapping[str, Any]
    #: The fields that name the ``open`` facts it derives, one per step of ``opens``.
    open_fields: tuple[str, ...]


@dataclass(frozen=True)
class ScenarioPlan:
    """Everything a case of one scenario needs, computed once from the semantics."""

    key: str
    scenario: Scenario
    entry: EntryRoute
    entry_step: str
    views: Mapping[str, StepView]
    #: step -> outcome id -> next step, exactly the (non-track) edges of the route graph.
    accepts: Mapping[str, Mapping[str, str]]
    substitutions: tuple[str, ...]
    #: The scenario fields every fact of such a case carries.
    fields: Mapping[str, Any]
    graph: RouteGraph = field(repr=False, compare=False)
    #: step -> outcome id -> the steps it opens as parallel tracks besides ``next``.
    tracks: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)

    def opens(self, step: str, outcome: str) -> tuple[str, ...]:
        """Every step an outcome opens: its next step, then its tracks."""
        known = self._opens
        found = known.get((step, outcome))
        if found is None:
            # A track into the step that is ``next`` anyway opens nothing more (it joins).
            found = known[(step, outcome)] = tuple(dict.fromkeys(
                (self.accepts[step][outcome], *self.tracks.get(step, {}).get(outcome, ()))))
        return found

    def edge(self, step: str, outcome: str) -> Edge | None:
        """What ``outcome`` of ``step`` does in this scenario (``None``: not offered)."""
        found = self._edges.get((step, outcome))
        if found is None:
            target = self.accepts.get(step, {}).get(outcome)
            if target is None:
                return None
            opens = self.opens(step, outcome)
            found = self._edges[(step, outcome)] = Edge(
                target, opens,
                {"kind": OUTCOME_KIND, **self.fields, "step": step, "outcome": outcome},
                tuple(opens_field(t) for t in opens))
        return found

    # Filled as cases use them (a plan per scenario: up to 50,000 of a protocol).
    @cached_property
    def _opens(self) -> dict[tuple[str, str], tuple[str, ...]]:
        return {}

    @cached_property
    def _edges(self) -> dict[tuple[str, str], Edge]:
        return {}

    @cached_property
    def acting(self) -> dict[str, tuple[str, list[str]]]:
        """step -> who acts there as the rules derive it: the actor, and every actor (a
        joint step names several), for checking what the rules opened."""
        return {step: (view.actor.role, [a.role for a in view.actors])
                for step, view in self.views.items()}


@dataclass(frozen=True)
class CompiledProtocol:
    """A protocol as a ruleset plus the per-scenario plans its cases use."""

    protocol: Protocol
    name: str
    digest: str
    ruleset: RulesetSpec
    plans: Mapping[Scenario, ScenarioPlan]
    keys: Mapping[str, ScenarioPlan]
    attributes: tuple[str, ...]
    calendar: WorkingCalendar = field(compare=False)

    def plan(self, scenario: Scenario) -> ScenarioPlan | None:
        """The plan of a scenario, or ``None`` when the protocol does not cover it."""
        return self.plans.get(complete(self.protocol, scenario))

    @cached_property
    def joins(self) -> dict[str, frozenset[str]]:
        """:func:`join_steps` of the protocol (read with every event)."""
        return self.protocol.derived("engine.join_steps", join_steps)

    @cached_property
    def conditions(self) -> dict[tuple[str, str], tuple[tuple[int, FactCondition], ...]]:
        """:func:`~protocolkit.semantics.fact_conditions` of the protocol (read with
        every event)."""
        return fact_conditions(self.protocol)


# --------------------------------------------------------------------------- naming


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "protocol"


def protocol_digest(protocol: Protocol) -> str:
    """A content hash of the validated protocol (and of the compiler's version)."""
    data = protocol.model_dump(mode="json", by_alias=True)
    text = json.dumps([COMPILER_VERSION, data], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def field_name(attribute: str) -> str:
    """The fact field that carries a scenario attribute."""
    return f"s_{attribute}"


def fact_field(index: int) -> str:
    """The outcome-fact field that carries the margin of fact condition ``index``
    (:func:`protocolkit.semantics.fact_margin`)."""
    return f"fc{index}"


def join_field(step: str) -> str:
    """The outcome-fact field that carries, for an explicit join at ``step`` that the
    outcome's track arrives at, how many of the steps it waits for have arrived."""
    return f"jn_{step}"


def join_steps(protocol: Protocol) -> dict[str, frozenset[str]]:
    """Step id -> the steps its explicit join waits for (``Step.join``)."""
    return {s.id: frozenset(s.join.waits_for) for s in protocol.steps if s.join is not None}


def fact_test(index: int, condition: FactCondition) -> dict[str, Any]:
    """The rule condition of a fact condition: its margin ``> 0`` (older than the period)
    or ``<= 0`` (within it). An outcome fact without the field matches neither."""
    operator = "$gt" if condition.older_than is not None else "$lte"
    return {operator: {fact_field(index): 0}}


# --------------------------------------------------------------------------- conditions


def _values(scenarios: Iterable[Scenario], attribute: str) -> frozenset[str]:
    return frozenset(str(s.value(attribute)) for s in scenarios)


def cover(selected: set[Scenario], domain: set[Scenario], attributes: tuple[str, ...],
          ) -> list[Box]:
    """Boxes whose union, within ``domain``, is exactly ``selected``.

    ``[]`` selects nothing; ``[{}]`` selects the whole domain. Tries one box (the
    values ``selected`` takes per attribute); otherwise splits on an attribute and
    covers each part.
    """
    if not selected:
        return []
    if selected == domain:
        return [{}]
    box: Box = {}
    for attribute in attributes:
        values = _values(selected, attribute)
        if values != _values(domain, attribute):
            box[attribute] = values
    if select(domain, box) == selected:
        return [box]
    best: list[Box] | None = None
    for attribute in attributes:
        ordered = sorted(_values(domain, attribute))
        if len(ordered) < 2:
            continue
        rest = tuple(a for a in attributes if a != attribute)
        parts: list[Box] = []
        for value in ordered:
            part_domain = {s for s in domain if s.value(attribute) == value}
            part = cover({s for s in selected if s.value(attribute) == value}, part_domain, rest)
            parts.extend({**b, attribute: frozenset({value})} for b in part)
        parts = merge(parts)
        if best is None or len(parts) < len(best):
            best = parts
        if len(best) <= 2:
            break
    if best is None:
        raise CompileError("cannot separate scenarios that agree on every attribute")
    return best


def _box_json(box: Box, domain: set[Scenario]) -> list[dict[str, Any]]:
    """A box as flat comparisons: equality for one value, otherwise ``$neq`` for each
    value of the domain it leaves out (comparisons cost nothing of durable-rules'
    expression budget, nested ``$or`` would)."""
    parts: list[dict[str, Any]] = []
    for attribute in sorted(box):
        name = field_name(attribute)
        values = sorted(box[attribute])
        if len(values) == 1:
            parts.append({name: values[0]})
        else:
            parts.extend({"$neq": {name: v}}
                         for v in sorted(_values(domain, attribute) - box[attribute]))
    return parts


def _exact(boxes: list[Box], selected: set[Scenario], domain: set[Scenario]) -> None:
    chosen: set[Scenario] = set()
    for box in boxes:
        chosen |= select(domain, box)
    if chosen != selected:
        raise CompileError("a compiled condition does not select what the semantics say")


def _branches(kind: str, fixed: list[dict[str, Any]], boxes: list[Box],
              domain: set[Scenario]) -> list[dict[str, Any]]:
    """One flat pattern per box: ``kind``, the fixed fields and the box."""
    branches = []
    for box in boxes:
        parts = [{"kind": kind}, *fixed, *_box_json(box, domain)]
        branches.append(parts[0] if len(parts) == 1 else {"$and": parts})
    return branches


def _chunks(branches: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Patterns of at most :data:`MAX_BRANCHES` branches each (durable-rules' budget of
    ``$and``/``$or`` nodes per pattern, see :data:`~protocolkit.engine.adapter.MAX_EXPRESSION_COST`)."""
    patterns = []
    for start in range(0, len(branches), MAX_BRANCHES):
        part = branches[start:start + MAX_BRANCHES]
        patterns.append(part[0] if len(part) == 1 else {"$or": part})
    return patterns


# --------------------------------------------------------------------------- compile


def compile_protocol(protocol: Protocol) -> CompiledProtocol:
    """Compile (once per protocol object; the result is memoised on the model)."""
    return protocol.derived("engine.compiled", _compile)


def _compile(protocol: Protocol) -> CompiledProtocol:
    digest = protocol_digest(protocol)
    meta = protocol.protocol
    name = f"{_slug(meta.municipality)}@{meta.version}#{digest[:16]}"
    attributes = (*BUILTIN_ATTRIBUTES, *protocol.scenarios.attributes)

    plans: dict[Scenario, ScenarioPlan] = {}
    for index, raw in enumerate(scenario_space(protocol)):
        scenario = complete(protocol, raw)
        routes = entry_routes(protocol, scenario)
        if not routes or protocol.step(routes[0].step) is None:
            continue
        graph = route_adjacency(protocol, scenario)
        views = {node: graph.nodes[node]["view"] for node in graph.nodes}
        accepts: dict[str, dict[str, str]] = {node: {} for node in graph.nodes}
        tracks: dict[str, dict[str, tuple[str, ...]]] = {}
        for source, target, data in graph.edges(data=True):
            if data.get("track"):
                found = tracks.setdefault(source, {})
                found[data["outcome"]] = (*found.get(data["outcome"], ()), target)
            else:
                accepts[source][data["outcome"]] = target
        subs = tuple(holding_substitutions(protocol, scenario))
        key = f"k{index}"
        fields: dict[str, Any] = {"scenario": key}
        for attribute in attributes:
            fields[field_name(attribute)] = scenario.value(attribute)
        plans[scenario] = ScenarioPlan(key, scenario, routes[0], routes[0].step, views,
                                       accepts, subs, fields, graph, tracks)

    everything = set(plans)
    entry_into: dict[str, set[Scenario]] = {}
    edge_domain: dict[tuple[str, str], set[Scenario]] = {}
    edge_into: dict[tuple[str, str, str], set[Scenario]] = {}
    substitution_holds: dict[str, set[Scenario]] = {}
    for scenario, plan in plans.items():
        entry_into.setdefault(plan.entry_step, set()).add(scenario)
        for source, outcomes in plan.accepts.items():
            for outcome in outcomes:
                edge_domain.setdefault((source, outcome), set()).add(scenario)
                for target in plan.opens(source, outcome):
                    edge_into.setdefault((source, outcome, target), set()).add(scenario)
        for sub_id in plan.substitutions:
            substitution_holds.setdefault(sub_id, set()).add(scenario)

    def boxes(selected: set[Scenario], domain: set[Scenario]) -> list[Box]:
        found = cover(selected, domain, attributes)
        _exact(found, selected, domain)
        return found

    rules: dict[str, Any] = {}
    actions: dict[str, DeriveSpec] = {}
    for sub in protocol.substitutions:
        holds = substitution_holds.get(sub.id)
        if not holds:
            continue
        name_ = f"substitution:{sub.id}"
        for index, pattern in enumerate(_chunks(_branches(
                CASE_KIND, [], boxes(holds, everything), everything))):
            rules[name_ if index == 0 else f"{name_}~{index + 1}"] = {
                "all": [{"m": pattern}], "pri": PRI_SUBSTITUTION, "run": name_}
        actions[name_] = DeriveSpec(static={
            "id": fact_id(f"u:{sub.id}"), "kind": SUBSTITUTION_KIND, "substitution": sub.id,
            "replaces": sub.replaces, "by": sub.by})

    conditions = fact_conditions(protocol)
    joins = join_steps(protocol)
    targets = [s.id for s in protocol.steps
               if s.id in entry_into or any(t == s.id for (_, _, t) in edge_into)]
    for target in targets:
        branches: list[dict[str, Any]] = []
        if target in entry_into:
            branches += _branches(CASE_KIND, [], boxes(entry_into[target], everything),
                                  everything)
        join = joins.get(target)
        for (source, outcome, into), selected in edge_into.items():
            if into != target or (join is not None and source not in join):
                continue       # an arrival from a step the join does not wait for merges
            domain = edge_domain[(source, outcome)]
            fixed: list[dict[str, Any]] = [{"step": source}, {"outcome": outcome}]
            fixed += [fact_test(index, condition)
                      for index, condition in conditions.get((source, outcome), ())]
            if join is not None:       # the last of the tracks it waits for has arrived
                fixed.append({join_field(target): len(join)})
            branches += _branches(OUTCOME_KIND, fixed, boxes(selected, domain), domain)
        name_ = f"open:{target}"
        for index, pattern in enumerate(_chunks(branches)):
            rules[name_ if index == 0 else f"{name_}~{index + 1}"] = {
                "all": [{"m": pattern}], "pri": PRI_OPEN, "run": name_}
        actors = {plan.key: plan.views[target].actor.role
                  for plan in plans.values() if target in plan.views}
        # Every actor of a joint step, in the text's order (``actor`` is the first).
        joint = {plan.key: [a.role for a in plan.views[target].actors]
                 for plan in plans.values() if target in plan.views}
        actions[name_] = DeriveSpec(
            static={"kind": OPEN_KIND, "step": target},
            copy={"id": opens_field(target), "n": "n", "since": "date"},
            lookup={"actor": ("scenario", actors), "actors": ("scenario", joint)})

    spec = RulesetSpec(name=name, rules=rules, actions=actions)
    calendar = WorkingCalendar(protocol.calendar.base, protocol.calendar.closed)
    return CompiledProtocol(protocol, name, digest, spec, plans,
                            {plan.key: plan for plan in plans.values()}, attributes, calendar)


# --------------------------------------------------------------------------- facts


def opens_field(step: str) -> str:
    """The field of a case or outcome fact that holds the id of the ``open`` fact it
    derives for ``step`` (one outcome can open several steps: next and tracks)."""
    return f"o_{step}"


def case_fact(plan: ScenarioPlan, opened: str) -> dict[str, Any]:
    """The fact that opens a case (entry and substitution rules match it)."""
    return {"id": fact_id("c"), "kind": CASE_KIND, **plan.fields, "n": 0, "date": opened,
            opens_field(plan.entry_step): fact_id("o0")}


def outcome_fact(plan: ScenarioPlan, n: int, step: str, outcome: str, date: str,
                 closes: int, margins: Mapping[int, int] | None = None,
                 joins: Mapping[str, int] | None = None) -> dict[str, Any]:
    """The fact of the ``n``-th recorded event: ``outcome`` of the open step ``step``
    (opened as number ``closes``); ``margins`` are the fact-condition margins of the
    outcome (condition number -> days, :func:`fact_field`); ``joins`` how many of the
    tracks each explicit join it arrives at waits for have arrived (:func:`join_field`)."""
    edge = plan.edge(step, outcome)
    if edge is None:           # an outcome the step does not offer: it opens nothing
        fields: Mapping[str, Any] = {"kind": OUTCOME_KIND, **plan.fields, "step": step,
                                     "outcome": outcome}
        open_fields: tuple[str, ...] = ()
    else:
        fields, open_fields = edge.fields, edge.open_fields
    fact_id_, open_ids = event_fact_ids(n, len(open_fields))
    fact = {"id": fact_id_, **fields, "n": n, "date": date}
    fact.update(zip(open_fields, open_ids, strict=True))
    fact["closes"] = closes
    if margins:
        for index, margin in margins.items():
            fact[fact_field(index)] = margin
    if joins:
        for target, count in joins.items():
            fact[join_field(target)] = count
    return fact


@lru_cache(maxsize=4096)
def event_fact_ids(n: int, opens: int) -> tuple[str, tuple[str, ...]]:
    """The fact ids of the ``n``-th event's outcome fact and of the ``opens`` open facts
    it derives (:func:`~protocolkit.engine.adapter.fact_id` gives the same id for the
    same text within a process, so they are worked out once)."""
    return fact_id(f"e{n}"), tuple(fact_id(f"o{n}" if i == 0 else f"o{n}.{i}")
                                   for i in range(opens))
