"""What a protocol means for one scenario: the one place where "who acts?" is computed.

Everything downstream — the engine, the route-graph checks, the diff, the reports —
asks this module which route a scenario takes and who acts in each step, with
substitutions applied. Nothing else resolves actors.

* :func:`scenario_space` enumerates the finite scenario space of a protocol;
* :func:`guard_holds` decides a guard for a scenario (exactly; guards are data);
* :func:`resolve_step` gives a :class:`StepView`: the step as it is for that scenario
  (effective actor, counterpart, consulted, informed, the outcomes that exist and
  where each leads);
* :func:`route_graph` is the effective route graph from the entry step (networkx);
* :func:`responsibilities` answers the six questions (:data:`protocolkit.vocabulary.SIX_QUESTIONS`).

>>> from protocolkit.loader import load_protocol
>>> p = load_protocol("tests/data/minimal.yaml").protocol
>>> sc = Scenario(reporter="raadslid", subject="burgemeester", act="uitgevoerd", own=False)
>>> resolve_step(p, "beoordeling", sc).actor.role     # the CvdK acts for the burgemeester
'cvdk'
>>> responsibilities(p, sc).judges
['gemeenteraad']
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from protocolkit.model import (
    Deadline,
    EntryRoute,
    Guard,
    Protocol,
    RoleKind,
    Step,
    citations,
)
from protocolkit.vocabulary import PSEUDO_ROLES, QUESTIONS, SIX_QUESTIONS, StepKind, scenario_text


@dataclass(frozen=True, order=True)
class Scenario:
    """One case type: who reports, about whom, which act, own act or not (+ attributes).

    ``attributes`` holds the values of the protocol's extra attributes; those left out
    take their default (the first declared value) via :func:`complete`.
    """

    reporter: str
    subject: str
    act: str
    own: bool = False
    attributes: tuple[tuple[str, str], ...] = ()

    def __init__(self, reporter: str, subject: str, act: str, own: bool = False,
                 attributes: Mapping[str, str] | Iterable[tuple[str, str]] = ()) -> None:
        items = attributes.items() if isinstance(attributes, Mapping) else attributes
        object.__setattr__(self, "reporter", reporter)
        object.__setattr__(self, "subject", subject)
        object.__setattr__(self, "act", act)
        object.__setattr__(self, "own", bool(own))
        object.__setattr__(self, "attributes", tuple(sorted((str(k), str(v)) for k, v in items)))

    def value(self, attribute: str) -> str | None:
        """The value of an attribute as guards compare it (``own`` as ``"true"``/``"false"``)."""
        if attribute == "reporter":
            return self.reporter
        if attribute == "subject":
            return self.subject
        if attribute == "act":
            return self.act
        if attribute == "own":
            return "true" if self.own else "false"
        return dict(self.attributes).get(attribute)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"reporter": self.reporter, "subject": self.subject,
                                "act": self.act, "own": self.own}
        if self.attributes:
            data["attributes"] = dict(self.attributes)
        return data

    def label(self) -> str:
        """A short readable label: ``raadslid -> wethouder, uitgevoerd`` (see
        :func:`protocolkit.vocabulary.scenario_text`)."""
        return scenario_text(self.to_dict())


def complete(protocol: Protocol, scenario: Scenario) -> Scenario:
    """The scenario with every extra attribute of the protocol set (defaults filled in)."""
    declared = protocol.scenarios.attributes
    if len(scenario.attributes) == len(declared) and all(
            name in declared for name, _ in scenario.attributes):
        return scenario
    given = dict(scenario.attributes)
    values = {name: given.get(name, options[0]) for name, options in declared.items() if options}
    return Scenario(scenario.reporter, scenario.subject, scenario.act, scenario.own, values)


# --------------------------------------------------------------------------- guards


def guard_holds(guard: Guard | None, scenario: Scenario) -> bool:
    """Whether ``guard`` holds for ``scenario``; ``None`` always holds.

    >>> g = Guard.model_validate({"subject": ["burgemeester"], "not": {"act": "voorgenomen"}})
    >>> guard_holds(g, Scenario("raadslid", "burgemeester", "uitgevoerd"))
    True
    >>> guard_holds(g, Scenario("raadslid", "burgemeester", "voorgenomen"))
    False
    """
    if guard is None:
        return True
    for attribute, values in guard.conditions.items():
        if scenario.value(attribute) not in values:
            return False
    if any(not guard_holds(sub, scenario) for sub in guard.all):
        return False
    if guard.any and not any(guard_holds(sub, scenario) for sub in guard.any):
        return False
    return not (guard.not_ is not None and guard_holds(guard.not_, scenario))


def _is_collective(protocol: Protocol, role_id: str) -> bool:
    role = protocol.role(role_id)
    return role is not None and (role.single or role.kind is RoleKind.body)


def is_possible(protocol: Protocol, scenario: Scenario) -> bool:
    """Whether a scenario can happen at all (before the protocol's own ``exclude``).

    Own act needs reporter == subject; a colleague in the same role needs a role that
    more than one person holds.
    """
    if scenario.own:
        return scenario.reporter == scenario.subject
    if scenario.reporter == scenario.subject:
        return not _is_collective(protocol, scenario.subject)
    return True


def scenario_space(protocol: Protocol) -> list[Scenario]:
    """Every scenario the protocol covers, in a stable order.

    >>> from protocolkit.loader import load_protocol
    >>> len(scenario_space(load_protocol("tests/data/minimal.yaml").protocol))
    3
    """
    return list(protocol.derived("semantics.scenario_space", _scenario_space))


def _scenario_space(protocol: Protocol) -> tuple[Scenario, ...]:
    space = protocol.scenarios
    names = list(space.attributes)
    combos = list(itertools.product(*(space.attributes[n] for n in names))) or [()]
    result: list[Scenario] = []
    for reporter, subject, act, own, combo in itertools.product(
            space.reporters, space.subjects, space.acts, space.own, combos):
        scenario = Scenario(reporter, subject, act, own, dict(zip(names, combo, strict=True)))
        if not is_possible(protocol, scenario):
            continue
        if any(guard_holds(g, scenario) for g in space.exclude):
            continue
        result.append(scenario)
    return tuple(result)


# --------------------------------------------------------------------------- roles


def substitutions_for(protocol: Protocol, scenario: Scenario) -> dict[str, tuple[str, str]]:
    """Role -> (substitute, substitution id) for the substitutions that hold."""
    return dict(_substitutions(protocol, scenario))


def _substitutions(protocol: Protocol, scenario: Scenario) -> dict[str, tuple[str, str]]:
    # The memoized mapping itself: callers inside this module only read it.
    memo = protocol.memo("substitutions")
    found = memo.get(scenario)
    if found is None:
        found = {}
        for sub in protocol.substitutions:
            if sub.replaces not in found and guard_holds(sub.when, scenario):
                found[sub.replaces] = (sub.by, sub.id)
        memo[scenario] = found
    return found


def _view_guards(protocol: Protocol) -> tuple[Guard, ...]:
    """Every guard that can change how a step looks in a scenario: actor alternatives,
    outcome conditions, next-step alternatives and substitutions."""
    def collect(p: Protocol) -> tuple[Guard, ...]:
        guards: list[Guard] = []
        for step in p.steps:
            if isinstance(step.actor, list):
                guards.extend(c.when for c in step.actor if c.when is not None)
            for outcome in step.outcomes:
                if outcome.when is not None:
                    guards.append(outcome.when)
                if isinstance(outcome.next, list):
                    guards.extend(c.when for c in outcome.next if c.when is not None)
        guards.extend(sub.when for sub in p.substitutions)
        return tuple(guards)

    return protocol.derived("semantics.view_guards", collect)


def view_signature(protocol: Protocol, scenario: Scenario) -> int:
    """What of a scenario can change any step's view — its reporter and subject (the
    pseudo-roles) and the truth of every guard a view depends on — as a small number:
    scenarios with equal signatures see every step alike, so views are computed once
    per signature. (Interned, so that a step's memo key stays small however many
    guards the protocol has.)"""
    memo = protocol.memo("signature")
    found: int | None = memo.get(scenario)
    if found is None:
        full = (scenario.reporter, scenario.subject,
                tuple(guard_holds(g, scenario) for g in _view_guards(protocol)))
        found = memo[scenario] = protocol.intern("signature_ids", full)
    return found


@dataclass(frozen=True)
class EffectiveRole:
    """A role as it acts in a scenario: who it is, whom it stands in for, and why."""

    role: str
    named: str
    via: tuple[str, ...] = ()

    @property
    def substituted(self) -> bool:
        return bool(self.via)


def effective_role(protocol: Protocol, reference: str, scenario: Scenario) -> EffectiveRole:
    """Who acts when the protocol names ``reference`` in ``scenario``.

    Pseudo-roles (``melder``, ``betrokkene``) resolve to the reporter and the subject
    and are never substituted (the subject is heard as himself). Other roles follow the
    substitutions that hold, chained, stopping at a role already seen.
    """
    if reference in PSEUDO_ROLES:
        person = scenario.reporter if PSEUDO_ROLES[reference] == "reporter" else scenario.subject
        return EffectiveRole(person, reference)
    subs = _substitutions(protocol, scenario)
    role, via, seen = reference, [], {reference}
    while role in subs:
        nxt, sub_id = subs[role]
        if nxt in seen:
            break
        via.append(sub_id)
        seen.add(nxt)
        role = nxt
    return EffectiveRole(role, reference, tuple(via))


# --------------------------------------------------------------------------- steps


@dataclass(frozen=True)
class OutcomeView:
    id: str
    label: str | None
    next: str
    admission: bool = False


@dataclass(frozen=True)
class StepView:
    """A step as it is in one scenario."""

    id: str
    kind: StepKind
    phase: str
    title: str
    actor: EffectiveRole
    counterpart: EffectiveRole | None
    consulted: tuple[EffectiveRole, ...]
    informed: tuple[EffectiveRole, ...]
    outcomes: tuple[OutcomeView, ...]
    end: bool
    out_of_scope: str | None
    deadline: Deadline | None
    sanctions: tuple[str, ...]
    confidential: bool
    source: tuple[str, ...]

    @property
    def substitutions(self) -> tuple[str, ...]:
        """Ids of the substitutions that shaped this step."""
        roles = [self.actor, *self.consulted, *self.informed]
        if self.counterpart is not None:
            roles.append(self.counterpart)
        return tuple(dict.fromkeys(s for r in roles for s in r.via))

    def outcome(self, outcome_id: str) -> OutcomeView | None:
        return next((o for o in self.outcomes if o.id == outcome_id), None)


def _actor_reference(step: Step, scenario: Scenario) -> str | None:
    if isinstance(step.actor, str):
        return step.actor
    for case in step.actor:
        if guard_holds(case.when, scenario):
            return case.role
    return None


def resolve_step(protocol: Protocol, step_id: str, scenario: Scenario) -> StepView:
    """The step ``step_id`` as it is in ``scenario`` (substitutions applied).

    An actor list with no alternative for the scenario leaves the actor as the
    pseudo-name ``"?"``; the checks report that as ``no-actor``.
    """
    return _view(protocol, step_id, complete(protocol, scenario))


def _view(protocol: Protocol, step_id: str, scenario: Scenario) -> StepView:
    # ``scenario`` is complete (every extra attribute set).
    memo = protocol.memo("steps")
    key = (step_id, view_signature(protocol, scenario))
    found = memo.get(key)
    if found is None:
        found = memo[key] = _resolve_step(protocol, step_id, scenario)
    return found


def _resolve_step(protocol: Protocol, step_id: str, scenario: Scenario) -> StepView:
    step = protocol.step(step_id)
    if step is None:
        raise KeyError(f"unknown step {step_id!r}")

    def eff(ref: str) -> EffectiveRole:
        return effective_role(protocol, ref, scenario)

    actor_ref = _actor_reference(step, scenario)
    outcomes: list[OutcomeView] = []
    for outcome in step.outcomes:
        if not guard_holds(outcome.when, scenario):
            continue
        if isinstance(outcome.next, str):
            target: str | None = outcome.next
        else:
            target = next((c.step for c in outcome.next if guard_holds(c.when, scenario)), None)
        if target is not None:
            outcomes.append(OutcomeView(outcome.id, outcome.label, target, outcome.admission))
    return StepView(
        id=step.id,
        kind=step.kind,
        phase=step.phase,
        title=step.title,
        actor=eff(actor_ref) if actor_ref is not None else EffectiveRole("?", "?"),
        counterpart=eff(step.counterpart) if step.counterpart else None,
        consulted=tuple(eff(r) for r in step.consulted),
        informed=tuple(eff(r) for r in step.informed),
        outcomes=tuple(outcomes),
        end=step.end,
        out_of_scope=step.out_of_scope,
        deadline=step.deadline,
        sanctions=tuple(step.sanctions),
        confidential=step.confidential,
        source=tuple(citations(step.source)),
    )


def entry_routes(protocol: Protocol, scenario: Scenario) -> list[EntryRoute]:
    """The entry routes whose guard holds (exactly one in a well-formed protocol)."""
    scenario = complete(protocol, scenario)
    return [r for r in protocol.entry_routes if guard_holds(r.when, scenario)]


def entry_step(protocol: Protocol, scenario: Scenario) -> str | None:
    """The first step of the case: the first matching entry route's step, or ``None``."""
    routes = entry_routes(protocol, scenario)
    return routes[0].step if routes else None


# --------------------------------------------------------------------------- graph


def route_graph(protocol: Protocol, scenario: Scenario) -> nx.MultiDiGraph:
    """The effective route graph of a scenario: the steps reachable from its entry.

    Nodes are step ids with the attribute ``view`` (:class:`StepView`) and ``order``
    (distance from the entry, breadth first). Edges carry ``outcome`` (its id) and
    ``admission``. The graph is empty when no entry route serves the scenario. Built
    in time linear in the reachable steps and outcomes.
    """
    scenario = complete(protocol, scenario)
    graph: nx.MultiDiGraph = nx.MultiDiGraph(scenario=scenario)
    start = entry_step(protocol, scenario)
    if start is None or protocol.step(start) is None:
        return graph
    graph.graph["entry"] = start
    queue: deque[str] = deque([start])
    graph.add_node(start, view=_view(protocol, start, scenario), order=0)
    while queue:
        current = queue.popleft()
        view: StepView = graph.nodes[current]["view"]
        for outcome in view.outcomes:
            if protocol.step(outcome.next) is None:
                continue
            if outcome.next not in graph:
                graph.add_node(outcome.next, view=_view(protocol, outcome.next, scenario),
                               order=graph.nodes[current]["order"] + 1)
                queue.append(outcome.next)
            graph.add_edge(current, outcome.next, key=outcome.id, outcome=outcome.id,
                           admission=outcome.admission)
    return graph


def ordered_views(graph: nx.MultiDiGraph, protocol: Protocol) -> list[StepView]:
    """The graph's steps in the order a person meets them: by phase, then distance from
    the entry, then file order; end steps last."""
    position = {s.id: i for i, s in enumerate(protocol.steps)}
    phase_order = {p.id: p.order for p in protocol.phases}

    def key(node: str) -> tuple[bool, int, int, int]:
        view: StepView = graph.nodes[node]["view"]
        return (view.end, phase_order.get(view.phase, 0), graph.nodes[node]["order"],
                position.get(node, 0))

    nodes = sorted(graph.nodes, key=key)
    return [graph.nodes[n]["view"] for n in nodes]


# --------------------------------------------------------------------------- answers

#: The step kinds whose actors answer each question (first_contact is the entry step).
QUESTION_KINDS: dict[str, frozenset[StepKind]] = {q.key: q.kinds for q in SIX_QUESTIONS if q.kinds}

PRESS_AUDIENCES = frozenset({"pers", "media", "publiek", "openbaarheid"})


@dataclass
class Responsibilities:
    """The answers to "who acts?" for one scenario, as shared-vocabulary role ids."""

    scenario: Scenario
    first_contact: list[str] = field(default_factory=list)
    decides_follow_up: list[str] = field(default_factory=list)
    commissions_investigation: list[str] = field(default_factory=list)
    judges: list[str] = field(default_factory=list)
    imposes_sanction: list[str] = field(default_factory=list)
    communicates: list[str] = field(default_factory=list)
    out_of_scope: str | None = None
    sources: dict[str, list[str]] = field(default_factory=dict)
    steps: dict[str, list[str]] = field(default_factory=dict)

    def answer(self, question: str) -> list[str]:
        return list(getattr(self, question))

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"scenario": self.scenario.to_dict()}
        for question in QUESTIONS:
            data[question] = list(getattr(self, question))
        data["out_of_scope"] = self.out_of_scope
        data["sources"] = {k: list(v) for k, v in self.sources.items()}
        data["steps"] = {k: list(v) for k, v in self.steps.items()}
        return data


def _add(target: list[str], sources: list[str], steps: list[str], role: str,
         cites: Iterable[str], step_id: str | None) -> None:
    if role not in target:
        target.append(role)
    for c in cites:
        if c not in sources:
            sources.append(c)
    if step_id is not None and step_id not in steps:
        steps.append(step_id)


def responsibilities(protocol: Protocol, scenario: Scenario) -> Responsibilities:
    """Who acts for ``scenario``: the six questions (``docs/vocabulary.md``), answered from the
    kinds of the steps on its route graph (see docs/format.md).

    Roles are shared-vocabulary ids, listed in the order they act; the citations of the
    steps and rules behind each answer are in ``sources``.
    """
    scenario = complete(protocol, scenario)
    result = Responsibilities(scenario)
    for question in QUESTIONS:
        result.sources[question] = []
        result.steps[question] = []
    graph = route_graph(protocol, scenario)
    if not graph:
        return result
    shared = protocol.shared_id
    views = ordered_views(graph, protocol)
    entry = graph.nodes[graph.graph["entry"]]["view"]
    contact = entry.counterpart or entry.actor
    # The entry route cites the exact cell; the entry step may serve many cells.
    route = entry_routes(protocol, scenario)[0]
    _add(result.first_contact, result.sources["first_contact"], result.steps["first_contact"],
         shared(contact.role), citations(route.source), entry.id)
    for view in views:
        for question, kinds in QUESTION_KINDS.items():
            if view.kind in kinds and view.actor.role != "?":
                _add(getattr(result, question), result.sources[question],
                     result.steps[question], shared(view.actor.role), view.source, view.id)
    for rule in protocol.communication:
        if (rule.allowed and rule.audience in PRESS_AUDIENCES
                and guard_holds(rule.when, scenario)
                and (rule.from_step is None or rule.from_step in graph)):
            speaker = effective_role(protocol, rule.speaker, scenario).role
            _add(result.communicates, result.sources["communicates"],
                 result.steps["communicates"], shared(speaker), citations(rule.source), None)
    for successor in graph.successors(entry.id):
        view = graph.nodes[successor]["view"]
        if view.end and view.out_of_scope:
            result.out_of_scope = view.out_of_scope
    if entry.end and entry.out_of_scope:
        result.out_of_scope = entry.out_of_scope
    return result


def scenario_from_shared(protocol: Protocol, reporter: str, subject: str, act: str,
                         own: bool = False, attributes: Mapping[str, str] | None = None,
                         ) -> Scenario:
    """A scenario from shared-vocabulary role ids (as the CLI takes them).

    A shared id maps onto the protocol role that declares it (``shared:``); a protocol
    role id is accepted as well. Raises ``ValueError`` naming the roles the scenario
    space allows when a role is not in it.
    """
    def pick(value: str, allowed: list[str], what: str) -> str:
        if value in allowed:
            return value
        for role_id in allowed:
            if protocol.shared_id(role_id) == value:
                return role_id
        shown = ", ".join(sorted({protocol.shared_id(r) for r in allowed}))
        raise ValueError(f"'{value}' is not a {what} in this protocol; choose one of: {shown}")

    space = protocol.scenarios
    reporter_id = pick(reporter, list(space.reporters), "reporter")
    subject_id = pick(subject, list(space.subjects), "subject")
    if act not in space.acts:
        raise ValueError(f"'{act}' is not an act kind here; choose one of: {', '.join(space.acts)}")
    if own not in space.own:
        allowed = ", ".join("true" if o else "false" for o in space.own)
        raise ValueError(f"own: {'true' if own else 'false'} is not in this protocol's "
                         f"scenarios; choose one of: {allowed}")
    scenario = complete(protocol, Scenario(reporter_id, subject_id, act, own, attributes or {}))
    for name, value in scenario.attributes:
        if value not in space.attributes.get(name, []):
            raise ValueError(f"'{value}' is not a value of '{name}'; choose one of: "
                             + ", ".join(space.attributes.get(name, [])))
    return scenario
