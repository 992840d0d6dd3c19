"""What a protocol means for one scenario: the one place where "who acts?" is computed.

Everything downstream — the engine, the route-graph checks, the diff, the reports —
asks this module which route a scenario takes and who acts in each step, with
substitutions applied. Nothing else resolves actors.

* :func:`scenario_space` enumerates the finite scenario space of a protocol;
* :func:`guard_holds` decides a guard for a scenario (exactly; guards are data);
* :func:`resolve_step` gives a :class:`StepView`: the step as it is for that scenario
  (effective actor, counterpart, consulted, informed, the outcomes that exist and
  where each leads);
* :func:`route_adjacency` is the effective route graph from the entry step, as plain
  adjacency (:class:`~protocolkit.semantics.routegraph.RouteGraph`); :func:`route_graph` is the
  same as a networkx ``MultiDiGraph`` (for exports and graph algorithms);
* :func:`responsibilities` answers the six questions (:data:`protocolkit.format.vocabulary.SIX_QUESTIONS`).

>>> from protocolkit.format.loader import load_protocol
>>> p = load_protocol("tests/data/minimal.yaml").protocol
>>> sc = Scenario(reporter="raadslid", subject="burgemeester", act="uitgevoerd", own=False)
>>> resolve_step(p, "beoordeling", sc).actor.role     # the CvdK acts for the burgemeester
'cvdk'
>>> responsibilities(p, sc).judges
['gemeenteraad']
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
import itertools
from array import array
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, NamedTuple, NoReturn

from protocolkit.format.diagnostics import Msg, TextError, joined
from protocolkit.format.model import (
    CommunicationRule,
    Deadline,
    EntryRoute,
    Exclusion,
    FactCondition,
    Guard,
    Handoff,
    NextCase,
    Parties,
    Party,
    Protocol,
    RoleCase,
    RoleKind,
    Sanction,
    Silence,
    Step,
    Substitution,
    citations,
    open_ids,
)
from protocolkit.format.texts import citation_text
from protocolkit.format.vocabulary import (
    NOT_ASSIGNED,
    PSEUDO_ROLES,
    QUESTIONS,
    SHARED_ROLES,
    SIX_QUESTIONS,
    StepKind,
    scenario_text,
)
from protocolkit.semantics.inputs import scenario_spec
from protocolkit.semantics.routegraph import RouteGraph
from protocolkit.semantics.step_guards import (
    guard_bits,
    holds,
    positions,
    space_index,
    step_parts,
    step_signature,
    truth_row,
    truth_rows,
)

if TYPE_CHECKING:
    import networkx as nx


def _refuse_fields(reporter: Any, subject: Any, act: Any, own: Any, attributes: Any,
                   pairs: list[tuple[Any, Any]] | None) -> NoReturn:
    """Raise the :class:`~protocolkit.semantics.inputs.CaseInputError` that says which
    field of a scenario has the wrong type, in the words of
    :func:`~protocolkit.semantics.inputs.scenario_spec` (as for a mapping)."""
    try:
        given = attributes if pairs is None else dict(pairs)
    except TypeError:                       # an unhashable name: said as given
        given = attributes
    scenario_spec({"reporter": reporter, "subject": subject, "act": act, "own": own,
                   "attributes": given})
    # scenario_spec is at least as strict as Scenario's own check: not reached
    raise AssertionError(given)   # pragma: no cover


@dataclass(frozen=True, order=True)
class Scenario:
    """One case type: who reports, about whom, which act, own act or not (+ attributes).

    ``attributes`` holds the values of the protocol's extra attributes; those left out
    take their default (the first declared value) via :func:`complete`.

    Its fields are read strictly when it is made, never coerced: a role or act that is
    no string, an ``own`` that is no boolean (``"nee"`` is not read as true) or an
    attribute name or value that is no string raises
    :class:`~protocolkit.semantics.inputs.CaseInputError` (``protocolkit.CaseInputError``),
    in the words the engine has for such input in a mapping.

    >>> Scenario("raadslid", "wethouder", "uitgevoerd", own="nee")
    Traceback (most recent call last):
    protocolkit.semantics.inputs.CaseInputError: not a valid scenario: field 'own': the value must be true or false, not 'nee'
    """

    reporter: str
    subject: str
    act: str
    own: bool = False
    attributes: tuple[tuple[str, str], ...] = ()

    def __init__(self, reporter: str, subject: str, act: str, own: bool = False,
                 attributes: Mapping[str, str] | Iterable[tuple[str, str]] = ()) -> None:
        try:
            items = attributes.items() if isinstance(attributes, Mapping) else attributes
            pairs = [(k, v) for k, v in items]
        except (TypeError, ValueError):     # no name-value pairs: refused below
            pairs = None
        if (pairs is None or type(own) is not bool
                or not all(isinstance(v, str) for v in (reporter, subject, act))
                or not all(isinstance(k, str) and isinstance(v, str) for k, v in pairs)):
            _refuse_fields(reporter, subject, act, own, attributes, pairs)
        object.__setattr__(self, "reporter", reporter)
        object.__setattr__(self, "subject", subject)
        object.__setattr__(self, "act", act)
        object.__setattr__(self, "own", own)
        object.__setattr__(self, "attributes", tuple(sorted(pairs)))
        # Scenarios key every memo of the semantics: hash the fields once (as the
        # dataclass would, every time).
        object.__setattr__(self, "_hash", hash((reporter, subject, act, own,
                                                self.attributes)))

    def __hash__(self) -> int:
        return self._hash  # type: ignore[no-any-return, attr-defined]

    def __reduce__(self) -> tuple[Any, ...]:
        # The fields only: a string's hash differs between processes.
        return (Scenario, (self.reporter, self.subject, self.act, self.own, self.attributes))

    def typed(self) -> bool:
        """Whether every field has its type: the roles, the act and the attributes'
        names and values are strings, ``own`` is a boolean (always, for a scenario made
        by its constructor, which refuses other types)."""
        return (type(self.own) is bool
                and all(isinstance(v, str) for v in (self.reporter, self.subject, self.act))
                and all(isinstance(k, str) and isinstance(v, str) for k, v in self.attributes))

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
        :func:`protocolkit.format.vocabulary.scenario_text`)."""
        return scenario_text(self.to_dict())

    def label_msg(self) -> Msg | str:
        """:meth:`label` for a message rendered later in the reader's language: about
        one's own act it says "over eigen handelen" or "about own act" as the message is
        rendered; otherwise the label (ids and arrows, the same in both languages).

        >>> Scenario("raadslid", "raadslid", "uitgevoerd", own=True).label_msg().render("en")
        'raadslid about own act, uitgevoerd'
        """
        if not self.own:
            return self.label()
        rest = self.label().split(", ", 1)[1]
        return Msg.of("scenario.short", who=Msg.of("scenario.own", reporter=self.reporter),
                      rest=rest)


def scenario_order(scenario: Scenario) -> tuple[str, str, str, bool, tuple[tuple[str, str], ...]]:
    """A sort key that orders scenarios as they compare (``<``: the fields in their
    order), compared without a Python call per comparison.

    >>> a, b = Scenario("raadslid", "wethouder", "uitgevoerd"), Scenario("burger", "wethouder", "uitgevoerd")
    >>> (scenario_order(a) < scenario_order(b)) == (a < b)
    True
    """
    return (scenario.reporter, scenario.subject, scenario.act, scenario.own,
            scenario.attributes)


def complete(protocol: Protocol, scenario: Scenario, *, fill_required: bool = True,
             ) -> Scenario:
    """The scenario with every extra attribute of the protocol set (defaults filled in;
    a ``required`` attribute left out stays out unless ``fill_required``).

    For scenarios the code builds (the scenario space, the diff); what a user gives is
    checked first by :func:`scenario_problems`, which refuses what this would drop or
    fill in."""
    declared = protocol.scenarios.attributes
    if len(scenario.attributes) == len(declared) and all(
            name in declared for name, _ in scenario.attributes):
        return scenario
    given = {k: v for k, v in scenario.attributes if k in declared}
    skip = () if fill_required else protocol.scenarios.required
    values = {name: given.get(name, options[0]) for name, options in declared.items()
              if options and (name in given or name not in skip)}
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

    >>> from protocolkit.format.loader import load_protocol
    >>> len(scenario_space(load_protocol("tests/data/minimal.yaml").protocol))
    3
    """
    return list(protocol.derived("semantics.scenario_space", _scenario_space))


def _scenario_space(protocol: Protocol) -> tuple[Scenario, ...]:
    exclude = protocol.exclusion_guards()
    return tuple(s for s in possible_scenarios(protocol)
                 if not any(guard_holds(g, s) for g in exclude))


def possible_scenarios(protocol: Protocol) -> list[Scenario]:
    """Every scenario the declared space can hold, before the protocol's ``exclude``
    (the one enumeration of the space, made once per protocol; :func:`scenario_space`
    filters it).

    >>> from protocolkit.format.loader import load_protocol
    >>> len(possible_scenarios(load_protocol("tests/data/minimal.yaml").protocol)) >= 3
    True
    """
    return list(protocol.derived("semantics.possible_scenarios", _possible_scenarios))


def _possible_scenarios(protocol: Protocol) -> tuple[Scenario, ...]:
    space = protocol.scenarios
    names = list(space.attributes)
    combos = list(itertools.product(*(space.attributes[n] for n in names))) or [()]
    result: list[Scenario] = []
    for reporter, subject, act, own, combo in itertools.product(
            space.reporters, space.subjects, space.acts, space.own, combos):
        scenario = Scenario(reporter, subject, act, own, dict(zip(names, combo, strict=True)))
        if is_possible(protocol, scenario):
            result.append(scenario)
    return tuple(result)


# --------------------------------------------------------------------------- roles


def substitutions_for(protocol: Protocol, scenario: Scenario) -> dict[str, tuple[str, str]]:
    """Role -> (substitute, substitution id) for the substitutions that hold in the
    scenario, the first per replaced role (scoped ones included: their guard holds,
    though they act only in their phases or steps)."""
    found: dict[str, tuple[str, str]] = {}
    for role, subs in _substitutions(protocol, scenario).items():
        found[role] = (subs[0].by, subs[0].id)
    return found


def holding_substitutions(protocol: Protocol, scenario: Scenario) -> list[str]:
    """Ids of every substitution whose guard holds in the scenario, in file order (a
    role may have several, each scoped to its own phases or steps)."""
    scenario = complete(protocol, scenario)
    at = space_index(protocol).get(scenario)
    if at is not None:
        return list(_space_holding(protocol)[at])
    return [sub.id for sub in protocol.substitutions if holds(protocol, sub.when, scenario)]


def _space_holding(protocol: Protocol) -> list[tuple[str, ...]]:
    """Per position of the scenario space, :func:`holding_substitutions` (from the
    guards' bits, without a guard test per scenario; equal tuples are one object)."""
    def build(p: Protocol) -> list[tuple[str, ...]]:
        table: list[list[str]] = [[] for _ in space_index(p)]
        for sub in p.substitutions:
            for at in positions(guard_bits(p, sub.when)):
                table[at].append(sub.id)
        alike: dict[tuple[str, ...], tuple[str, ...]] = {}
        return [alike.setdefault(tuple(ids), tuple(ids)) for ids in table]

    return protocol.derived("semantics.space_holding", build)


def _substitutions(protocol: Protocol, scenario: Scenario) -> dict[str, list[Substitution]]:
    # The memoized mapping itself (role -> holding substitutions in file order): callers
    # inside this module only read it.
    # Scenarios in which the same substitutions hold share one mapping (so that
    # :func:`effective_role` can memoize on it).
    memo = protocol.memo("substitutions")
    found: dict[str, list[Substitution]] | None = memo.get(scenario)
    if found is None:
        subs = protocol.substitutions
        holding = tuple(i for i, sub in enumerate(subs) if holds(protocol, sub.when, scenario))
        alike = protocol.memo("substitutions.alike")
        found = alike.get(holding)
        if found is None:
            mapping: dict[str, list[Substitution]] = {}
            for i in holding:
                mapping.setdefault(subs[i].replaces, []).append(subs[i])
            # Published complete; the first published wins (memos are shared by threads).
            found = alike.setdefault(holding, mapping)
        memo[scenario] = found
    return found


def _view_guards(protocol: Protocol) -> tuple[Guard, ...]:
    """Every guard that can change how a step looks in a scenario: actor alternatives,
    outcome conditions, next-step alternatives and substitutions."""
    def collect(p: Protocol) -> tuple[Guard, ...]:
        guards: list[Guard] = []
        for step in p.steps:
            for cases in (step.actor, step.counterpart, step.consulted, step.informed,
                          step.heard):
                if isinstance(cases, list):
                    guards.extend(c.when for c in cases
                                  if isinstance(c, RoleCase) and c.when is not None)
            for outcome in step.outcomes:
                if outcome.when is not None:
                    guards.append(outcome.when)
                if isinstance(outcome.next, list):
                    guards.extend(c.when for c in outcome.next if c.when is not None)
            if isinstance(step.out_of_scope, Handoff):
                for assigned in (step.out_of_scope.decides,
                                 step.out_of_scope.communicates_with_melder):
                    if isinstance(assigned, list):
                        guards.extend(c.when for c in assigned
                                      if isinstance(c, RoleCase) and c.when is not None)
        guards.extend(sub.when for sub in p.substitutions)
        guards.extend(a.when for a in p.ambiguities if a.when is not None)
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
        at = space_index(protocol).get(scenario)
        if at is None:
            found = protocol.intern("signature_ids", (
                scenario.reporter, scenario.subject,
                truth_row(protocol, _view_guards(protocol), scenario)))
        else:   # the same, for the whole space at once from the guards' bits
            found = space_signatures(protocol)[at]
        memo[scenario] = found
    return found


def space_signatures(protocol: Protocol) -> list[int]:
    """:func:`view_signature` of every scenario of the space, by position
    (:func:`~protocolkit.semantics.step_guards.space_index`)."""
    def build(p: Protocol) -> list[int]:
        rows = truth_rows(p, _view_guards(p))
        return [p.intern("signature_ids", (s.reporter, s.subject, row))
                for s, row in zip(space_index(p), rows, strict=True)]

    return protocol.derived("semantics.space_signatures", build)


@dataclass(frozen=True)
class EffectiveRole:
    """A role as it acts in a scenario: who it is, whom it stands in for, and why."""

    role: str
    named: str
    via: tuple[str, ...] = ()

    @property
    def substituted(self) -> bool:
        return bool(self.via)


#: The actor of an end step whose closing the text assigns to nobody ("is de zaak
#: afgedaan", passive): shown as :data:`~protocolkit.format.vocabulary.NOT_ASSIGNED`,
#: and no role (``StepView.actors`` is empty, so no check reads it as someone acting).
UNASSIGNED = EffectiveRole(NOT_ASSIGNED, NOT_ASSIGNED)


#: ``step`` of :func:`effective_role` for a role named by a rule about the whole case
#: (a disclosure rule): every substitution whose guard holds reaches it, whatever its
#: phases or steps (Oostzaan art. 2.1 lid 6 and 7: the voorzitter van de
#: vertrouwenscommissie, never the burgemeester who is the subject, may know the melder).
ANYWHERE = "*"


def effective_role(protocol: Protocol, reference: str, scenario: Scenario,
                   step: str | None = None, body: str | None = None) -> EffectiveRole:
    """Who acts when the protocol names ``reference`` in ``scenario`` (in ``step``, as a
    member of ``body`` when given).

    Pseudo-roles (``melder``, ``betrokkene``) resolve to the reporter and the subject
    and are never substituted (the subject is heard as himself). Other roles follow the
    substitutions that hold, chained, stopping at a role already seen. A substitution
    scoped to phases or steps reaches only those; outside a step (``step=None``) only
    unscoped substitutions apply. A substitution limited to ``bodies`` reaches the role
    only as a member of one of them (Oostzaan art. 1.1 lid 5: a fractievoorzitter who is
    the subject is replaced in the klankbordgroep, not in the gemeenteraad).
    """
    if reference in PSEUDO_ROLES:
        person = scenario.reporter if PSEUDO_ROLES[reference] == "reporter" else scenario.subject
        return EffectiveRole(person, reference)
    return _role_under(protocol, reference, _substitutions(protocol, scenario),
                       protocol.memo("effective_roles"), step, body)


def _role_under(protocol: Protocol, reference: str, subs: dict[str, list[Substitution]],
                memo: dict[Any, EffectiveRole], step: str | None,
                body: str | None) -> EffectiveRole:
    """:func:`effective_role` of a role (not a pseudo-role) under the holding
    substitutions ``subs``, memoized in ``memo`` (the protocol's ``effective_roles``)."""
    # The same for every scenario in which the same substitutions hold (they share
    # ``subs``, which the protocol's memo keeps alive).
    key = (reference, step, body, id(subs))
    known: EffectiveRole | None = memo.get(key)
    if known is None:
        known = memo[key] = _effective_role(protocol, reference, subs, step, body)
    return known


def _effective_role(protocol: Protocol, reference: str, subs: dict[str, list[Substitution]],
                    step: str | None, body: str | None) -> EffectiveRole:
    """:func:`effective_role` of a role (not a pseudo-role) under the holding
    substitutions ``subs`` (:func:`_substitutions`)."""
    found = protocol.step(step) if step not in (None, ANYWHERE) else None
    phase = found.phase if found is not None else None

    def reaches(sub: Substitution) -> bool:
        if step == ANYWHERE:
            return (not sub.bodies or body in sub.bodies) and not (
                sub.named_only and body is not None)
        return sub.applies_in(step, phase, body)

    role, via, seen = reference, [], {reference}
    while role in subs:
        sub = next((x for x in subs[role] if reaches(x)), None)
        if sub is None or sub.by in seen:
            break
        via.append(sub.id)
        seen.add(sub.by)
        role = sub.by
    return EffectiveRole(role, reference, tuple(via))


def roles_along(protocol: Protocol, reference: str, scenario: Scenario,
                steps: Iterable[str]) -> list[str]:
    """Who ``reference`` is at each of ``steps`` (role ids, once each, in order): how a
    role named by a rule outside the steps (a communication rule's speaker, a disclosure
    rule's roles) stands along a route, where a substitution scoped to phases or steps
    reaches only part of it. Oostzaan: the burgemeester communicates; once a melding
    about him is made the voorzitter van de vertrouwenscommissie does (art. 2.1 lid 7),
    while in a talk about doubts, before any melding, the burgemeester stays himself.
    Without steps, the role outside any step (only unscoped substitutions apply)."""
    found = [effective_role(protocol, reference, scenario, step).role for step in steps]
    return list(dict.fromkeys(found)) or [effective_role(protocol, reference, scenario).role]


def reachable(graph: RouteGraph, start: str) -> set[str]:
    """The steps of ``graph`` reachable from ``start`` (itself included)."""
    seen = {start}
    stack = [start]
    while stack:
        for nxt in graph.successors(stack.pop()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


# --------------------------------------------------------------------------- steps


@dataclass(frozen=True)
class Composition:
    """Who a body taking part in a step consists of in one scenario: a body that acts or
    advises there whose composition the text states (``composition_source``, Oostzaan
    art. 3.1 lid 2), or one where a substitution replaces one of its members (art. 3.1
    lid 3: an involved griffier is replaced inside the integriteitscommissie by a
    medewerker van de griffie). ``members`` are the body's members in file order, each as it sits in the
    body in this step (``named`` the member the text names, ``via`` the substitutions).
    ``optional`` are the named members the body has only if desired (``optional_members``,
    Oostzaan art. 3.1 lid 2: "– desgewenst – (een) externe adviseur(s)"); whoever sits
    in such a seat sits there only if desired too."""

    body: str
    members: tuple[EffectiveRole, ...]
    optional: frozenset[str] = frozenset()
    #: Named member -> the role for each of whose holders the body has one (``seat_per``:
    #: Oostzaan art. 1.1 lid 5, the fractievoorzitters, one per fractie).
    per: tuple[tuple[str, str], ...] = ()
    #: Members (effective ids) who take only the seat the subject himself holds
    #: (``subject_seat_only``): the others who hold the replaced role keep theirs, and
    #: sit in :attr:`members` too; and those who do so only if possible (``if_possible``,
    #: "zo mogelijk").
    subject_seat: frozenset[str] = frozenset()
    if_possible: frozenset[str] = frozenset()

    def is_optional(self, member: EffectiveRole) -> bool:
        """Whether ``member`` sits in a seat the body fills only if desired."""
        return member.named in self.optional

    def to_dict(self, shared: Any = None) -> dict[str, Any]:
        """``{body, members, optional, stands_in_for, substitutions}`` (ids through
        ``shared``; ``optional`` lists the members that sit there only if desired), and
        where there are any, ``per`` (member -> the role it sits once for each holder of),
        ``subject_seat`` and ``if_possible`` (substitutes for the subject's own seat, and
        those only if possible)."""
        name = shared or (lambda r: r)
        data: dict[str, Any] = {
            "body": name(self.body),
            "members": [name(m.role) for m in self.members],
            "optional": [name(m.role) for m in self.members if self.is_optional(m)],
            "stands_in_for": {name(m.role): name(m.named)
                              for m in self.members if m.substituted},
            "substitutions": list(dict.fromkeys(v for m in self.members for v in m.via))}
        if self.per:
            data["per"] = {name(member): name(per) for member, per in self.per}
        if self.subject_seat:
            data["subject_seat"] = [name(r) for r in sorted(self.subject_seat)]
        if self.if_possible:
            data["if_possible"] = [name(r) for r in sorted(self.if_possible)]
        return data

    def describe(self, lang: str = "nl") -> str:
        """The composition as a griffier reads it, in Dutch or English (``lang``).

        >>> Composition("integriteitscommissie", (EffectiveRole("griffiemedewerker",
        ...     "griffier", ("s",)), EffectiveRole("gemeentesecretaris", "gemeentesecretaris"))
        ...     ).describe()
        'integriteitscommissie: griffiemedewerker (in plaats van griffier), gemeentesecretaris'
        >>> Composition("integriteitscommissie", (EffectiveRole("gemeentesecretaris",
        ...     "gemeentesecretaris"), EffectiveRole("externe_adviseur", "externe_adviseur")),
        ...     frozenset({"externe_adviseur"})).describe("en")
        'integriteitscommissie: gemeentesecretaris, externe_adviseur (if desired)'
        """
        from protocolkit.format.texts import text

        return self.body + ": " + ", ".join(
            (m.role + text("common.instead-of", lang, role=m.named) if m.substituted
             else m.role) + (text("common.if-desired", lang) if self.is_optional(m) else "")
            for m in self.members)


@dataclass(frozen=True)
class OutcomeView:
    """An outcome as it is in one scenario: where it leads, and what cites it
    (``source``: the outcome's own sections, then ``next_source``, those of the
    alternative of ``next`` taken in this scenario; empty: the step's)."""

    id: str
    label: str | None
    next: str
    admission: bool = False
    tracks: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    next_source: tuple[str, ...] = ()


@dataclass(frozen=True)
class HandoffView:
    """Where a case goes when it leaves the protocol, as it is in one scenario: the
    regime and who decides and who communicates with the melder there (empty: the
    text does not assign it; several roles: they act together)."""

    regime: str
    text: str
    decides: tuple[EffectiveRole, ...]
    communicates_with_melder: tuple[EffectiveRole, ...]
    source: tuple[str, ...]

    def to_dict(self, shared: Any = None) -> dict[str, Any]:
        """Plain data; ``shared`` maps role ids to shared-vocabulary ids. ``decides`` and
        ``communicates_with_melder`` are lists of roles, ``None`` where not assigned."""
        name = shared or (lambda role: role)

        def roles(found: tuple[EffectiveRole, ...]) -> list[str] | None:
            return [name(r.role) for r in found] or None

        return {"regime": self.regime, "text": self.text, "decides": roles(self.decides),
                "communicates_with_melder": roles(self.communicates_with_melder),
                "source": list(self.source)}


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
    #: Everyone who acts, in the text's order (several in a joint step); ``actor`` is
    #: the first of them.
    actors: tuple[EffectiveRole, ...] = ()
    #: Whether ``actors`` is a choice ("de burgemeester en/of de griffier", ``any_of``):
    #: one or more of them act, whom the one asking picks; not all of them together.
    any_of: bool = False
    #: Everyone the actor turns to (several when they are addressed together, "met de
    #: griffier en de gemeentesecretaris"); ``counterpart`` is the first of them.
    counterparts: tuple[EffectiveRole, ...] = ()
    #: Parties heard in this step (e.g. "de melder en de politiek ambtsdrager").
    heard: tuple[EffectiveRole, ...] = ()
    #: The roles of :attr:`consulted` (effective ids) the actor may consult and need not
    #: (``optional: true``: Oostzaan art. 2.2 lid 3, "kan ... externe expertise
    #: inschakelen"), shown "(eventueel)"; a role also consulted without it is not here.
    consulted_optional: tuple[str, ...] = ()
    #: The roles of :attr:`heard` (effective ids) the actor may hear and need not
    #: (``optional: true``: Oostzaan art. 4.3 lid 1, "kunnen worden gehoord door de
    #: onderzoekers"), shown "(eventueel)", as :attr:`consulted_optional`.
    heard_optional: tuple[str, ...] = ()
    #: Ids of the open points under which this step's answer is provisional.
    open_points: tuple[str, ...] = ()
    #: Ids of the ambiguity notes this step's encoding rests on.
    ambiguities: tuple[str, ...] = ()
    #: Where the case goes when it ends here outside the protocol, and who acts there.
    handoff: HandoffView | None = None
    #: The bodies acting or advising here whose composition the text states
    #: (``composition_source``), and the bodies taking part whose members a substitution
    #: replaces in this step, with their composition here (:class:`Composition`).
    compositions: tuple[Composition, ...] = ()
    #: Which citation supports what in this scenario: ``("step", …)`` the step's own
    #: ``source`` (the step as a whole), then per party field (``actor``,
    #: ``counterpart``, ``consulted``, ``informed``, ``heard``) the sources of the guarded
    #: alternatives chosen here, where they carry any, and of the substitutions that put
    #: another role in that party's place here or change who sits in a body taking part
    #: as that party (:attr:`compositions`). ``source`` is their union, in this
    #: order; an alternative that does not hold, or a substitution that does not apply,
    #: is never cited.
    source_for: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: What supports who acts here (the answers' citations): the step's own ``source``,
    #: the chosen actor alternative's and the substitutions' that replace the actor,
    #: i.e. ``cited("step", "actor")``.
    actor_source: tuple[str, ...] = ()

    def cited(self, *parts: str) -> tuple[str, ...]:
        """The citations that support ``parts`` (``"step"``, ``"actor"``, …) here, in
        the order of :attr:`source_for`, once each."""
        return _cited(self.source_for, parts)

    def source_dict(self) -> dict[str, list[str]]:
        """:attr:`source_for` as JSON: ``{"step": [...], "actor": [...], ...}``."""
        return {part: list(cites) for part, cites in self.source_for}

    @property
    def joint(self) -> bool:
        """Whether several roles act together in this step (not a choice, ``any_of``)."""
        return len(self.actors) > 1 and not self.any_of

    @property
    def substitutions(self) -> tuple[str, ...]:
        """Ids of the substitutions that shaped this step."""
        return _substitution_ids(self.actors, self.consulted, self.informed, self.heard,
                                 self.counterparts, self.counterpart, self.compositions)

    def outcome(self, outcome_id: str) -> OutcomeView | None:
        return next((o for o in self.outcomes if o.id == outcome_id), None)


def _substitution_ids(actors: Iterable[EffectiveRole], consulted: Iterable[EffectiveRole],
                      informed: Iterable[EffectiveRole], heard: Iterable[EffectiveRole],
                      counterparts: Iterable[EffectiveRole], counterpart: EffectiveRole | None,
                      compositions: Iterable[Composition]) -> tuple[str, ...]:
    """Ids of the substitutions behind a step's parties (:attr:`StepView.substitutions`)."""
    # Most roles stand in for no one: only those with a ``via`` add ids (in order, once).
    found: dict[str, None] = {}
    for group in (actors, consulted, informed, heard, counterparts,
                  () if counterpart is None else (counterpart,),
                  *(c.members for c in compositions)):
        for role in group:
            if role.via:
                found.update(dict.fromkeys(role.via))
    return tuple(found)


@functools.lru_cache(maxsize=4096)
def _plain_case(roles: str | tuple[str, ...]) -> RoleCase:
    """The unguarded :class:`RoleCase` of a role (or of roles acting together), built and
    validated once: a model is immutable, so every step naming the role shares it."""
    return RoleCase(role=roles if isinstance(roles, str) else list(roles))


def _alternative(party: Party | None, scenario: Scenario) -> RoleCase | None:
    """The case of ``party`` that holds (the first guarded alternative whose guard
    holds), as a :class:`RoleCase`; ``None`` when none holds or no party is named."""
    if party is None:
        return None
    if isinstance(party, str):
        return _plain_case(party)
    if all(isinstance(entry, str) for entry in party):
        return _plain_case(tuple(str(entry) for entry in party))   # roles acting together
    return next((case for case in party
                 if isinstance(case, RoleCase) and guard_holds(case.when, scenario)), None)


def _all_cases(parties: Parties, scenario: Scenario) -> list[RoleCase]:
    """Every entry of a parties list that holds in ``scenario``."""
    result: list[RoleCase] = []
    for entry in parties:
        if isinstance(entry, str):
            result.append(_plain_case(entry))
        elif guard_holds(entry.when, scenario):
            result.append(entry)
    return result


def _roles_of(cases: Iterable[RoleCase]) -> list[str]:
    return list(dict.fromkeys(role for case in cases for role in case.roles()))


def _optional_roles(cases: Sequence[RoleCase],
                    resolved: Iterable[EffectiveRole]) -> tuple[str, ...]:
    """The effective ids of ``resolved`` (a consulted or heard field's parties) that only
    ``optional: true`` entries of ``cases`` name: the actor may consult or hear them and
    need not. A role also named by an entry without it is not optional."""
    maybe = (set(_roles_of(c for c in cases if c.optional))
             - set(_roles_of(c for c in cases if not c.optional)))
    return tuple(dict.fromkeys(r.role for r in resolved if r.named in maybe))


def party_roles(party: Party | Parties | None) -> list[str]:
    """Every role a party field can name, in any scenario (for references and the diff).

    >>> party_roles(["melder", RoleCase(role=["burgemeester", "griffier"])])
    ['melder', 'burgemeester', 'griffier']
    """
    if party is None:
        return []
    if isinstance(party, str):
        return [party]
    out: list[str] = []
    for entry in party:
        for role in ([entry] if isinstance(entry, str) else entry.roles()):
            if role not in out:
                out.append(role)
    return out


def _open_index(protocol: Protocol) -> dict[str, tuple[str, ...]]:
    """Element id -> open points naming it under ``affects``."""
    def build(p: Protocol) -> dict[str, tuple[str, ...]]:
        index: dict[str, list[str]] = {}
        for point in p.open_points:
            for element in point.affects:
                index.setdefault(element, []).append(point.id)
        return {k: tuple(v) for k, v in index.items()}

    return protocol.derived("semantics.open_index", build)


def open_points_of(protocol: Protocol, element_id: str, marker: Any = None) -> list[str]:
    """The open points governing an element: its own ``open:`` marker and the open
    points that list it under ``affects``."""
    return list(dict.fromkeys([*open_ids(marker), *_open_index(protocol).get(element_id, ())]))


def proposal(protocol: Protocol, open_ids: Iterable[str], cited: Iterable[str],
             scenario: Scenario | None = None) -> dict[str, Any] | None:
    """Whether an open answer is a proposal taken from another text, and from where.

    The first of the open points ``open_ids`` that says its answer is ``proposal_from``
    another source (Aalsmeer's concept: the Arnhem Procesafspraken) gives ``{open_point,
    question, from, name, title, sections}`` (``name``: the source's short name, else its
    title): ``sections`` are those of ``cited`` (the answer's
    citations) that belong to that source. ``None`` when no such point governs the
    answer: it is the protocol's own (settled, or open without a proposal). A concept's
    open answer is never shown as decided: every output prints it as "voorstel (ontleend
    aan ...)" under "nog open". ``reservations`` (``{open_point, text, source}``) are
    what the protocol's own text says that qualifies the proposal, from every open point
    in ``open_ids`` that records one (``reservation``) whose ``when`` holds in
    ``scenario`` (every one when no scenario is given): shown next to the proposal."""
    wanted = tuple(open_ids)
    if not wanted:                # the protocol's own answer: the common case, at once
        return None
    points = {p.id: p for p in protocol.open_points}
    for point_id in wanted:
        point = points.get(point_id)
        if point is None or point.proposal_from is None:
            continue
        source = next((d for d in protocol.protocol.sources if d.id == point.proposal_from), None)
        documents = protocol.derived("semantics.section_documents", lambda p: {
            sec.id: sec.document for sec in p.sections})
        return {"open_point": point.id, "question": point.question,
                "from": point.proposal_from,
                "name": (source.name or source.title) if source is not None
                else point.proposal_from,
                "title": source.title if source is not None else point.proposal_from,
                "sections": list(dict.fromkeys(
                    c for c in cited if documents.get(c) == point.proposal_from)),
                "reservations": [
                    {"open_point": p.id, "text": p.reservation.text,
                     "source": citations(p.reservation.source)}
                    for p in (points.get(i) for i in dict.fromkeys(wanted))
                    if p is not None and p.reservation is not None and (
                        scenario is None or guard_holds(p.reservation.when, scenario))]}
    return None


def scope_open_points(protocol: Protocol, role: str) -> list[dict[str, str]]:
    """The open points that leave open whether ``role`` (a shared-vocabulary id, or a
    protocol role id) falls under the protocol as reporter or subject (their
    ``scope_roles``), as ``{id, question}``: a scenario with such a role outside the
    scenario space is an open question, not a "no". Empty for a role the text settles.

    >>> from protocolkit.format.loader import load_protocol
    >>> p = load_protocol("protocols/aalsmeer_draft.yaml").protocol
    >>> [o["id"] for o in scope_open_points(p, "griffier")]
    ['reikwijdte']
    """
    shared = protocol.shared_id(role) if protocol.role(role) is not None else role
    return [{"id": p.id, "question": p.question} for p in protocol.open_points
            if shared in p.scope_roles]


def ambiguities_of(protocol: Protocol, element_ids: Iterable[str],
                   scenario: Scenario) -> list[str]:
    """Ids of the ambiguity notes that affect any of ``element_ids`` in ``scenario``
    (in file order)."""
    index = protocol.derived("semantics.ambiguity_index", _ambiguity_index)
    found: set[int] = set()
    for element in element_ids:
        found.update(index.get(element, ()))
    if not found:       # most elements: no note at all
        return []
    notes = protocol.ambiguities
    return [notes[i].id for i in sorted(found) if guard_holds(notes[i].when, scenario)]


def _ambiguity_index(protocol: Protocol) -> dict[str, tuple[int, ...]]:
    """Element id -> the positions of the ambiguity notes that affect it."""
    index: dict[str, list[int]] = {}
    for position, note in enumerate(protocol.ambiguities):
        for element in dict.fromkeys(note.affects):
            index.setdefault(element, []).append(position)
    return {element: tuple(found) for element, found in index.items()}


def _handoff(protocol: Protocol, step: Step, scenario: Scenario) -> HandoffView | None:
    spec = step.out_of_scope
    if spec is None:
        return None
    if isinstance(spec, str):
        return HandoffView(spec, spec, (), (), tuple(citations(step.source)))

    def who(party: Party | None) -> tuple[EffectiveRole, ...]:
        case = _alternative(party, scenario)
        return () if case is None else tuple(
            effective_role(protocol, role, scenario, step.id) for role in case.roles())

    chosen = [_alternative(p, scenario) for p in (spec.decides, spec.communicates_with_melder)]
    return HandoffView(spec.regime, spec.text(), who(spec.decides),
                       who(spec.communicates_with_melder),
                       _cases_source(citations(spec.source) or citations(step.source),
                                     [c for c in chosen if c is not None]))


def _cited(source_for: Iterable[tuple[str, tuple[str, ...]]],
           parts: Iterable[str]) -> tuple[str, ...]:
    """The citations of ``source_for`` (:attr:`StepView.source_for`) that support
    ``parts``, in its order, once each."""
    wanted = set(parts)
    return tuple(dict.fromkeys(c for part, cites in source_for if part in wanted
                               for c in cites))


def _cases_source(own: Iterable[str], cases: Iterable[RoleCase | NextCase]) -> tuple[str, ...]:
    """``own`` citations, then those of the chosen guarded alternatives ``cases``, once
    each."""
    return tuple(dict.fromkeys([*own, *(c for case in cases for c in citations(case.source))]))



def resolve_step(protocol: Protocol, step_id: str, scenario: Scenario) -> StepView:
    """The step ``step_id`` as it is in ``scenario`` (substitutions applied).

    An actor list with no alternative for the scenario leaves the actor as the
    pseudo-name ``"?"``; the checks report that as ``no-actor``.
    """
    return _view(protocol, step_id, complete(protocol, scenario))


def _view(protocol: Protocol, step_id: str, scenario: Scenario) -> StepView:
    # ``scenario`` is complete (every extra attribute set). Memoized per step on what
    # can change that step's view (protocolkit.semantics.step_guards), so scenarios that differ
    # only elsewhere share it.
    memo = protocol.memo("steps")
    key = (step_id, step_signature(protocol, step_id, scenario))
    found: StepView | None = memo.get(key)
    if found is None:
        found = memo[key] = _resolve_step(protocol, step_id, scenario)
    return found


def _resolve_step(protocol: Protocol, step_id: str, scenario: Scenario) -> StepView:
    step = protocol.step(step_id)
    if step is None:
        raise KeyError(f"unknown step {step_id!r}")

    subs_holding = _substitutions(protocol, scenario)
    roles_memo = protocol.memo("effective_roles")

    def eff(ref: str, body: str | None = None) -> EffectiveRole:
        if ref in PSEUDO_ROLES:
            return effective_role(protocol, ref, scenario, step_id, body)
        return _role_under(protocol, ref, subs_holding, roles_memo, step_id, body)

    actor_case = _alternative(step.actor, scenario)
    counterpart_case = _alternative(step.counterpart, scenario)
    consulted_cases = _all_cases(step.consulted, scenario)
    informed_cases = _all_cases(step.informed, scenario)
    heard_cases = _all_cases(step.heard, scenario)
    fixed = _fixed(protocol, step)
    outcomes: list[OutcomeView] = []
    opened: list[str] = [*fixed.open_points]
    cases = [c for c in (actor_case, counterpart_case) if c is not None]
    cases += consulted_cases + informed_cases + heard_cases
    for case in cases:
        if case.open is not None:
            opened.extend(open_ids(case.open))
    opened.extend(fixed.deadline_open_points)
    elements = [step.id]
    for index, outcome in enumerate(step.outcomes):
        if not guard_holds(outcome.when, scenario):
            continue
        if isinstance(outcome.next, str):
            target: str | None = outcome.next
            taken: int | None = None
        else:
            taken = next((k for k, c in enumerate(outcome.next)
                          if guard_holds(c.when, scenario)), None)
            target = outcome.next[taken].step if taken is not None else None
        if target is not None:
            found, element, open_points = _outcome_view(protocol, step, index, target, taken)
            outcomes.append(found)
            elements.append(element)
            opened.extend(open_points)
    if step.actor is None:      # an end step whose closing the text assigns to nobody
        actors: tuple[EffectiveRole, ...] = ()
    elif actor_case is not None:
        actors = tuple(eff(r) for r in actor_case.roles())
    else:
        actors = (EffectiveRole("?", "?"),)
    counterparts = (tuple(eff(r) for r in counterpart_case.roles())
                    if counterpart_case is not None else ())
    # The first counterpart resolves as the others do (same reference, same step).
    counterpart = counterparts[0] if counterparts else None
    consulted = tuple(eff(r) for r in _roles_of(consulted_cases))
    informed = tuple(eff(r) for r in _roles_of(informed_cases))
    heard = tuple(eff(r) for r in _roles_of(heard_cases))
    compositions = _compositions(
        protocol, [*actors, *counterparts, *consulted, *informed, *heard], eff,
        {r.role for r in (*actors, *consulted)})
    subs = _substitution_ids(actors, consulted, informed, heard, counterparts, counterpart,
                             compositions)
    source_for = [("step", fixed.source)]
    # Per party: what its chosen guarded alternatives cite, then what the substitutions
    # that put someone else in its place cite (Oostzaan art. 2.1 lid 7: the voorzitter
    # van de vertrouwenscommissie "treedt in de plaats van de burgemeester"), and those
    # that change who sits in a body taking part as that party (art. 3.1 lid 3: a
    # medewerker van de griffie in the integriteitscommissie for an involved griffier).
    seats = {c.body: tuple(v for m in c.members for v in m.via) for c in compositions}
    for part, chosen, roles in (
            ("actor", [actor_case] if actor_case is not None else [], actors),
            ("counterpart", [counterpart_case] if counterpart_case else [], counterparts),
            ("consulted", consulted_cases, consulted), ("informed", informed_cases, informed),
            ("heard", heard_cases, heard)) if fixed.parties_cite or subs else ():
        cites = _cases_source((), chosen) if fixed.parties_cite else ()
        if subs:
            cites = tuple(dict.fromkeys([*cites, *(
                c for role in roles for sub_id in (*role.via, *seats.get(role.role, ()))
                for c in _Fixed.substitution_source(protocol, sub_id))]))
        if cites:
            source_for.append((part, cites))
    for sub_id in subs:
        opened.extend(fixed.substitution_open_points(protocol, sub_id))
    elements.extend(subs)
    return StepView(
        id=step.id,
        kind=step.kind,
        phase=step.phase,
        title=step.title,
        actor=actors[0] if actors else UNASSIGNED,
        counterpart=counterpart,
        consulted=consulted,
        informed=informed,
        outcomes=tuple(outcomes),
        end=step.end,
        out_of_scope=fixed.out_of_scope,
        deadline=step.deadline,
        sanctions=fixed.sanctions,
        confidential=step.confidential,
        source=(tuple(dict.fromkeys(c for _, cites in source_for for c in cites))
                if len(source_for) > 1 else fixed.source),
        actors=actors,
        any_of=actor_case is not None and actor_case.any_of,
        counterparts=counterparts,
        heard=heard,
        consulted_optional=_optional_roles(consulted_cases, consulted),
        heard_optional=_optional_roles(heard_cases, heard),
        open_points=tuple(dict.fromkeys(opened)),
        ambiguities=tuple(ambiguities_of(protocol, elements, scenario)),
        handoff=_handoff(protocol, step, scenario),
        compositions=compositions,
        source_for=tuple(source_for),
        actor_source=(_cited(source_for, ("step", "actor")) if len(source_for) > 1
                      else fixed.source),
    )


class _Fixed(NamedTuple):
    """What of a step's view no scenario changes (made once per step)."""

    open_points: tuple[str, ...]
    deadline_open_points: tuple[str, ...]
    out_of_scope: str | None
    sanctions: tuple[str, ...]
    source: tuple[str, ...]
    #: Whether a guarded alternative of a party cites on its own (most steps: none, and
    #: then every scenario's view cites the step's ``source`` alone).
    parties_cite: bool

    @staticmethod
    def substitution_source(protocol: Protocol, sub_id: str) -> tuple[str, ...]:
        """What a substitution that shapes a step cites (the table made once)."""
        cites: dict[str, tuple[str, ...]] = protocol.memo("semantics.substitution_source")
        if not cites:
            cites.update((x.id, tuple(citations(x.source))) for x in protocol.substitutions)
        return cites.get(sub_id, ())

    @staticmethod
    def substitution_open_points(protocol: Protocol, sub_id: str) -> tuple[str, ...]:
        """The open points of a substitution that shapes a step (once per substitution)."""
        memo = protocol.memo("semantics.substitution_open_points")
        found: tuple[str, ...] | None = memo.get(sub_id)
        if found is None:
            sub = next((x for x in protocol.substitutions if x.id == sub_id), None)
            found = memo[sub_id] = tuple(open_points_of(protocol, sub_id,
                                                        sub.open if sub else None))
        return found


def _fixed(protocol: Protocol, step: Step) -> _Fixed:
    memo = protocol.memo("semantics.fixed")
    found: _Fixed | None = memo.get(step.id)
    if found is None:
        found = memo[step.id] = _Fixed(
            tuple(open_points_of(protocol, step.id, step.open)),
            tuple(open_ids(step.deadline.open)) if step.deadline is not None else (),
            (step.out_of_scope.text() if isinstance(step.out_of_scope, Handoff)
             else step.out_of_scope),
            tuple(step.sanctions), tuple(citations(step.source)),
            any(isinstance(case, RoleCase) and case.source is not None
                for party in (step.actor, step.counterpart, step.consulted, step.informed,
                              step.heard) if isinstance(party, list) for case in party))
    return found


def _outcome_view(protocol: Protocol, step: Step, index: int, target: str,
                  taken: int | None) -> tuple[OutcomeView, str, tuple[str, ...]]:
    """Outcome ``index`` of ``step`` leading to ``target`` (by its ``next`` alternative
    ``taken``, ``None`` for a plain ``next``): its view, its element id
    (``step.outcome``) and its open points (once per outcome and alternative)."""
    memo = protocol.memo("semantics.outcome_views")
    key = (step.id, index, target, taken)
    found: tuple[OutcomeView, str, tuple[str, ...]] | None = memo.get(key)
    if found is None:
        outcome = step.outcomes[index]
        element = f"{step.id}.{outcome.id}"
        chosen = ([outcome.next[taken]] if taken is not None and isinstance(outcome.next, list)
                  else [])
        next_source = _cases_source((), chosen)
        found = memo[key] = (
            OutcomeView(outcome.id, outcome.label, target, outcome.admission,
                        tuple(outcome.tracks),
                        tuple(dict.fromkeys([*citations(outcome.source), *next_source])),
                        next_source),
            element, tuple(open_points_of(protocol, element, outcome.open)))
    return found


def _compositions(protocol: Protocol, parties: list[EffectiveRole], eff: Any,
                  acting: set[str]) -> tuple[Composition, ...]:
    """The bodies among a step's ``parties`` that act or advise in it (``acting``: its
    actors and those consulted) whose composition the text states (``composition_source``),
    and any party body with a member replaced in this step. Who sits on a body that acts
    is an answer in its own right (Oostzaan art. 3.1 lid 2: who sits on the
    integriteitscommissie), not only where a substitution changes it."""
    found: list[Composition] = []
    by_id: dict[str, Substitution] = protocol.derived(
        "semantics.substitutions_by_id", lambda p: {s.id: s for s in p.substitutions})
    for party in dict.fromkeys(p.role for p in parties):
        body = protocol.role(party)
        if body is None or not body.members:
            continue
        seated: list[EffectiveRole] = []
        subject_seat: set[str] = set()
        if_possible: set[str] = set()
        for member in body.members:
            sits = eff(member, body.id)
            chosen = [by_id.get(v) for v in sits.via]
            if any(c is not None and c.subject_seat_only for c in chosen):
                # Only the subject's own seat: the others who hold the role stay.
                seated.append(EffectiveRole(member, member))
                subject_seat.add(sits.role)
            if any(c is not None and c.if_possible for c in chosen):
                if_possible.add(sits.role)
            seated.append(sits)
        members = tuple(seated)
        if (party in acting and body.composition_source is not None) or any(
                m.substituted for m in members):
            found.append(Composition(
                party, members, body.optional_member_ids(),
                tuple((seat.role, seat.per) for seat in body.seat_per),
                frozenset(subject_seat), frozenset(if_possible)))
    return tuple(found)


def _composition_source(protocol: Protocol, composition: Composition) -> list[str]:
    """Where the text says who the body of ``composition`` consists of (empty: nowhere)."""
    body = protocol.role(composition.body)
    return citations(body.composition_source) if body and body.composition_source else []


def entry_routes(protocol: Protocol, scenario: Scenario) -> list[EntryRoute]:
    """The entry routes whose guard holds (exactly one in a well-formed protocol)."""
    scenario = complete(protocol, scenario)
    memo = protocol.memo("entry_routes")
    found: tuple[EntryRoute, ...] | None = memo.get(scenario)
    if found is None:
        at = space_index(protocol).get(scenario)
        found = memo[scenario] = (
            _space_entry_routes(protocol)[at] if at is not None else
            tuple(r for r in protocol.entry_routes if holds(protocol, r.when, scenario)))
    return list(found)


def _space_entry_routes(protocol: Protocol) -> list[tuple[EntryRoute, ...]]:
    """Per position of the scenario space, the entry routes whose guard holds (from the
    guards' bits, without a guard test per scenario)."""
    def build(p: Protocol) -> list[tuple[EntryRoute, ...]]:
        table: list[list[EntryRoute]] = [[] for _ in space_index(p)]
        for route in p.entry_routes:
            for at in positions(guard_bits(p, route.when)):
                table[at].append(route)
        return [tuple(routes) for routes in table]

    return protocol.derived("semantics.space_entry_routes", build)


def space_entries(protocol: Protocol) -> list[tuple[str | None, int]]:
    """Per position of the scenario space (:func:`~protocolkit.semantics.step_guards.space_index`),
    :func:`entry_step` and how many entry routes hold (a scenario with other than one
    misses a route or may have an ambiguous one)."""
    return protocol.derived("semantics.space_entries", lambda p: [
        (routes[0].step if routes else None, len(routes)) for routes in _space_entry_routes(p)])


def entry_step(protocol: Protocol, scenario: Scenario) -> str | None:
    """The first step of the case: the first matching entry route's step, or ``None``."""
    routes = entry_routes(protocol, scenario)
    return routes[0].step if routes else None


# --------------------------------------------------------------------------- graph


def route_graph(protocol: Protocol, scenario: Scenario) -> nx.MultiDiGraph:
    """The effective route graph of a scenario as a networkx ``MultiDiGraph``: the
    graph of :func:`route_adjacency`, for exports and networkx's algorithms.

    Nodes are step ids with the attribute ``view`` (:class:`StepView`) and ``order``
    (distance from the entry, breadth first). Edges carry ``outcome`` (its id),
    ``admission`` and ``track``: ``False`` for the edge to the outcome's ``next``,
    ``True`` for an edge that opens a parallel track (keyed ``outcome>step``). A
    track's steps are ordinary nodes, so every property "X comes before Y on every
    path" holds on every track without a product of the tracks. The graph is empty
    when no entry route serves the scenario.
    """
    graph: nx.MultiDiGraph = route_adjacency(protocol, scenario).to_networkx()
    return graph


def route_adjacency(protocol: Protocol, scenario: Scenario) -> RouteGraph:
    """The effective route graph of a scenario: the steps reachable from its entry, as
    plain adjacency (what the checks, the engine and the diff walk; no networkx).

    Nodes, edges and attributes as :func:`route_graph`. Built in time linear in the
    reachable steps and outcomes; scenarios whose reachable steps look alike share one
    structure (read-only, :meth:`RouteGraph.sharing`). A scenario of the scenario space
    finds each step's view in the step's table over the space (:func:`_view_table`: one
    view per part of the space that sees the step alike); any other scenario resolves
    its steps one by one.
    """
    scenario = complete(protocol, scenario)
    start = entry_step(protocol, scenario)
    if start is None or protocol.step(start) is None:
        return RouteGraph(scenario=scenario)
    memo = protocol.memo("route_adjacency")
    # Scenarios with one view signature see every step alike: one walk for all of them.
    key = (start, view_signature(protocol, scenario))
    built: RouteGraph | None = memo.get(key)
    if built is None:
        built = memo[key] = route_structure(protocol, start, _route_views(
            protocol, scenario, start, space_index(protocol).get(scenario)))
    return built.sharing(scenario=scenario, entry=start)


def route_views(protocol: Protocol, scenario: Scenario) -> tuple[str | None, dict[str, StepView]]:
    """The entry step of a scenario and the views of the steps reachable from it,
    breadth first: the nodes of its :func:`route_adjacency`, in order, without building
    the graph (``(None, {})`` when no entry route serves it). :func:`route_structure`
    makes the graph of such views.

    >>> from protocolkit.format.loader import load_protocol
    >>> p = load_protocol("tests/data/minimal.yaml").protocol
    >>> sc = Scenario("raadslid", "burgemeester", "uitgevoerd")
    >>> start, views = route_views(p, sc)
    >>> list(views) == list(route_adjacency(p, sc).nodes)
    True
    """
    scenario = complete(protocol, scenario)
    start = entry_step(protocol, scenario)
    if start is None or protocol.step(start) is None:
        return None, {}
    return start, _route_views(protocol, scenario, start, space_index(protocol).get(scenario))


def _route_views(protocol: Protocol, scenario: Scenario, start: str, at: int | None,
                 ) -> dict[str, StepView]:
    if at is not None:
        return _space_walk(protocol, start, at)
    return _walk(protocol, start, lambda step_id: _view(protocol, step_id, scenario))


def _targets(outcome: OutcomeView) -> list[tuple[str, str, bool]]:
    """Where an outcome leads: (step, edge key, whether it opens a parallel track)."""
    return [(outcome.next, outcome.id, False)] + [
        (t, f"{outcome.id}>{t}", True) for t in outcome.tracks]


#: A step view's way out: (the view, its edges as (target, key, attributes) in outcome
#: order, the steps they lead to that the protocol has, once each).
_Edges = tuple["StepView", tuple[tuple[str, str, dict[str, Any]], ...], tuple[str, ...]]


def _view_table(protocol: Protocol, step_id: str) -> tuple[Sequence[int], list[StepView | None]]:
    """Step ``step_id`` over the scenario space: the number of the part of
    :func:`~protocolkit.semantics.step_guards.step_parts` each position (of
    :func:`~protocolkit.semantics.step_guards.space_index`) lies in, and the view of each
    part once a scenario of it has needed it (the very view :func:`resolve_step` gives;
    the scenarios of a part share it, so it is resolved once per part). The numbers are
    a bytearray (an ``array`` beyond 256 parts), not a list: no object the cyclic collector
    walks, a step each."""
    memo = protocol.memo("view_table")
    found: tuple[Sequence[int], list[StepView | None]] | None = memo.get(step_id)
    if found is None:
        parts = step_parts(protocol, step_id)
        # Steps split alike share the numbers (read-only; many steps have the same
        # parts: Arnhem's 144 steps, 9 splits).
        numbers = protocol.memo("view_table.numbers")
        which: bytearray | array[int] | None = numbers.get(tuple(parts))
        if which is None:
            # Every position starts in the largest part; only the others are written.
            largest = (max(range(len(parts)), key=lambda n: parts[n].bit_count())
                       if parts else 0)
            size = len(space_index(protocol))
            filled = (bytearray([largest]) * size if len(parts) <= 256
                      else array("I", [largest]) * size)
            for number, part in enumerate(parts):
                if number != largest:
                    for position in positions(part):
                        filled[position] = number
            # Published only once complete, and the first published wins: another
            # thread never reads a half-written table (memos are shared by threads).
            which = numbers.setdefault(tuple(parts), filled)
        views: list[StepView | None] = [None] * len(parts)
        found = memo.setdefault(step_id, (which, views))
    return found


def _edges(protocol: Protocol, view: StepView) -> _Edges:
    """Where a view leads (:data:`_Edges`), once per view (every route structure
    holding the view shares its edges: read-only, like the structures)."""
    memo = protocol.memo("view_edges")
    found: _Edges | None = memo.get(id(view))
    if found is None or found[0] is not view:
        edges = tuple((target, key, {"outcome": outcome.id, "admission": outcome.admission,
                                     "track": track})
                      for outcome in view.outcomes for target, key, track in _targets(outcome))
        steps = tuple(dict.fromkeys(target for target, _, _ in edges
                                    if protocol.step(target) is not None))
        found = memo[id(view)] = (view, edges, steps)
    return found


def space_view(protocol: Protocol, step_id: str, at: int) -> StepView:
    """:func:`resolve_step` of the scenario at position ``at`` of the space
    (:func:`~protocolkit.semantics.step_guards.space_index`), read from the step's table
    over the space: resolved once per part of the space that sees the step alike.

    >>> from protocolkit.format.loader import load_protocol
    >>> from protocolkit.semantics.step_guards import space_index
    >>> p = load_protocol("tests/data/minimal.yaml").protocol
    >>> all(space_view(p, "melding", at) == resolve_step(p, "melding", s)
    ...     for s, at in space_index(p).items())
    True
    """
    table = protocol.memo("view_table").get(step_id) or _view_table(protocol, step_id)
    number = table[0][at]
    view = table[1][number]
    if view is None:
        space = protocol.derived("semantics.scenario_space", _scenario_space)
        view = table[1][number] = _view(protocol, step_id, space[at])
    return view


def _space_walk(protocol: Protocol, start: str, at: int) -> dict[str, StepView]:
    """The views of the steps reachable from ``start`` in the scenario at position
    ``at`` of the space, breadth first (the order :func:`_walk` gives), each read from
    its step's :func:`_view_table`."""
    tables = protocol.memo("view_table")
    edges = protocol.memo("view_edges")
    space = protocol.derived("semantics.scenario_space", _scenario_space)
    views: dict[str, StepView] = {}
    order = [start]
    seen = {start}
    for step_id in order:    # grows while it is walked
        table = tables.get(step_id) or _view_table(protocol, step_id)
        number = table[0][at]
        view = table[1][number]
        if view is None:
            view = table[1][number] = _view(protocol, step_id, space[at])
        views[step_id] = view
        found = edges.get(id(view))
        if found is None or found[0] is not view:
            found = _edges(protocol, view)
        for target in found[2]:
            if target not in seen:
                seen.add(target)
                order.append(target)
    return views


def _walk(protocol: Protocol, start: str, view_of: Any) -> dict[str, StepView]:
    """The views (``view_of(step)``) of the steps reachable from ``start``, breadth
    first."""
    views: dict[str, StepView] = {start: view_of(start)}
    order = [start]
    for step_id in order:    # grows while it is walked
        for target in _edges(protocol, views[step_id])[2]:
            if target not in views:
                views[target] = view_of(target)
                order.append(target)
    return views


def route_structure(protocol: Protocol, start: str, views: dict[str, StepView],
                    keep: bool = True) -> RouteGraph:
    """The route graph of ``views`` (the views of the steps reachable from ``start``, in
    breadth-first order, as :func:`route_views` gives them), shared and read-only:
    scenarios whose reachable steps look alike get the same structure even when guards
    elsewhere differ. Its graph attributes hold the entry, no scenario.

    Without ``keep`` the structure is built and not kept on the protocol: for a caller
    that shares it itself for as long as it needs it (the checks), so that it is freed
    with the caller's own memo instead of living as long as the protocol."""
    if not keep:
        return _graph_of(protocol, views, start).sharing(scenario=None, entry=start)
    memo = protocol.memo("route_structures")
    key = (start, tuple(map(id, views.values())))
    found: RouteGraph | None = memo.get(key)
    if found is None:
        built = _graph_of(protocol, views, start)
        built.graph["views"] = tuple(views.values())  # keeps the ids in the key alive
        found = memo.setdefault(key, built)  # published complete; the first one wins
    return found.sharing(scenario=None, entry=start)


def _graph_of(protocol: Protocol, views: dict[str, StepView], start: str) -> RouteGraph:
    # Breadth first from the entry, straight into the graph's dicts (the same nodes,
    # edges and insertion order as RouteGraph.add_node and add_edge would give). The
    # walk that found ``views`` went breadth first along the same edges, so the nodes
    # come in the order of ``views``.
    graph = RouteGraph(entry=start)
    nodes, succ, pred = graph.nodes, graph.succ, graph.pred
    depth = {start: 0}
    for step_id in views:
        succ[step_id] = {}
        pred[step_id] = {}
    memo = protocol.memo("view_edges")
    for current, view in views.items():
        nodes[current] = {"view": view, "order": depth[current]}
        out = succ[current]
        below = depth[current] + 1
        found = memo.get(id(view))
        if found is None or found[0] is not view:
            found = _edges(protocol, view)
        for target, key, data in found[1]:
            if target not in views:
                continue
            if target not in depth:
                depth[target] = below
            keyed = out.get(target)
            if keyed is None:   # one dict for both directions, as in networkx
                keyed = out[target] = pred[target][current] = {}
            keyed[key] = data
    return graph


def ordered_views(graph: RouteGraph | nx.MultiDiGraph, protocol: Protocol) -> list[StepView]:
    """The graph's steps in an order a reader can follow: a topological order of the
    route graph (its cycles contracted), so that a step where branches meet comes
    after the steps of every branch; ties by end steps last, phase, distance from the
    entry, then file order."""
    if not graph:
        return []
    if isinstance(graph, RouteGraph):
        # The order depends on the structure alone: once per shared structure.
        found: list[StepView] | None = graph.derived.get("ordered_views")
        if found is None:
            found = graph.derived["ordered_views"] = _shared_order(graph, protocol)
        return list(found)
    nodes = graph.nodes
    return [nodes[step]["view"] for step in _step_order(graph, protocol)]


def _shared_order(graph: RouteGraph, protocol: Protocol) -> list[StepView]:
    """:func:`ordered_views` of a route graph, once per protocol for every graph with
    the same steps, edges and what the order reads of each step (end, phase, distance
    from the entry): structures whose views differ elsewhere (an actor, a citation)
    share the order of their steps (Arnhem and Oostzaan's diff: 123 structures, 51
    orders)."""
    nodes, succ = graph.nodes, graph.succ
    key = tuple((node, data["order"], data["view"].end, data["view"].phase, tuple(succ[node]))
                for node, data in nodes.items())
    memo = protocol.memo("semantics.ordered_steps")
    steps: tuple[str, ...] | None = memo.get(key)
    if steps is None:
        steps = memo[key] = tuple(_step_order(graph, protocol))
    return [nodes[step]["view"] for step in steps]


def _step_order(graph: RouteGraph | nx.MultiDiGraph, protocol: Protocol) -> list[str]:
    """The graph's steps in the order of :func:`ordered_views`."""
    position = {s.id: i for i, s in enumerate(protocol.steps)}
    phase_order = {p.id: p.order for p in protocol.phases}
    nodes = graph.nodes

    def key(node: str) -> tuple[bool, int, int, int]:
        view: StepView = nodes[node]["view"]
        return (view.end, phase_order.get(view.phase, 0), nodes[node]["order"],
                position.get(node, 0))

    # Strongly connected components (Tarjan, iteratively), each sorted by key; then a
    # topological order of the components that always takes the ready component whose
    # best member has the smallest key (every step has its own file position, so the
    # order is unique).
    succ = graph.succ
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    component: dict[str, int] = {}
    groups: list[list[str]] = []
    stack: list[str] = []
    on_stack: set[str] = set()
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(succ[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(succ[child])))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                members: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component[member] = len(groups)
                    members.append(member)
                    if member == node:
                        break
                members.sort(key=key)
                groups.append(members)
    after: list[set[int]] = [set() for _ in groups]
    indegree = [0] * len(groups)
    for node in nodes:
        for child in succ[node]:
            a, b = component[node], component[child]
            if a != b and b not in after[a]:
                after[a].add(b)
                indegree[b] += 1
    ready = [(key(groups[g][0]), g) for g in range(len(groups)) if indegree[g] == 0]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        _, g = heapq.heappop(ready)
        order.extend(groups[g])
        for b in after[g]:
            indegree[b] -= 1
            if indegree[b] == 0:
                heapq.heappush(ready, (key(groups[b][0]), b))
    return order


# --------------------------------------------------------------------------- answers

#: The step kinds whose actors answer each question (first_contact is the entry step).
QUESTION_KINDS: dict[str, frozenset[StepKind]] = {q.key: q.kinds for q in SIX_QUESTIONS if q.kinds}
#: The other way round: the questions a step of each kind answers, in question order.
_KIND_QUESTIONS: dict[StepKind, tuple[str, ...]] = {
    kind: tuple(q for q, kinds in QUESTION_KINDS.items() if kind in kinds) for kind in StepKind}

PRESS_AUDIENCES = frozenset({"pers", "media", "publiek", "openbaarheid"})


def press_rules(protocol: Protocol, scenario: Scenario) -> list[CommunicationRule]:
    """The communication rules about the press or public that hold in ``scenario``:
    the one selection the answers (:func:`responsibilities`) and the check
    ``publicity-before-judgment`` share."""
    scenario = complete(protocol, scenario)
    return [r for r in protocol.communication
            if r.audience in PRESS_AUDIENCES and holds(protocol, r.when, scenario)]


@dataclass(frozen=True)
class SilenceEnd:
    """One way a silence ends on a route: once ``step`` is done (``outcome`` ``None``)
    or once ``step`` is done with ``outcome``; ``title`` and ``label`` are the step's
    title and the outcome's label as the scenario shows them (for readers)."""

    step: str
    outcome: str | None
    title: str
    label: str | None = None

    @property
    def id(self) -> str:
        """``step`` or ``step.outcome``, as the protocol file writes it."""
        return self.step if self.outcome is None else f"{self.step}.{self.outcome}"

    def to_dict(self) -> dict[str, Any]:
        return {"step": self.step, "outcome": self.outcome, "title": self.title,
                "label": self.label}


@dataclass(frozen=True)
class SilenceView:
    """Who must be silent to whom in a scenario, from which step (``None``: from the
    start of the case) until which steps or outcomes *on this scenario's route*, and
    whether it can also end with the case itself (``until_case_end``: a path from its
    start reaches the end of the case without passing any of ``until``, or it names no
    end the route reaches). A case that has ended holds no silence: no text makes one
    outlast the case."""

    id: str
    #: Who is silent in this scenario (``melder`` resolved to the reporter, …).
    roles: tuple[str, ...]
    audience: str
    from_step: str | None
    source: tuple[str, ...]
    open_points: tuple[str, ...] = ()
    #: The roles as the text names them (``melder``, ``betrokkene``, ``raadslid``).
    named: tuple[str, ...] = ()
    #: The ends on this route (the first passed ends the silence), in the file's order.
    until: tuple[SilenceEnd, ...] = ()
    #: Whether the silence can last until the case ends (see the class text).
    until_case_end: bool = True
    #: The title of the start step in this scenario (``None``: from the start).
    from_title: str | None = None
    #: For a running case (:func:`silence_from`): ends the text names that the case can
    #: no longer reach (passed by, or on a branch it did not take), left out of ``until``.
    behind: tuple[SilenceEnd, ...] = ()

    @property
    def ends(self) -> tuple[str, ...]:
        """Every ``step`` or ``step.outcome`` on the route that ends the silence."""
        return tuple(e.id for e in self.until)

    @property
    def until_step(self) -> str | None:
        """The step of the first end."""
        return self.until[0].step if self.until else None

    @property
    def until_steps(self) -> tuple[str, ...]:
        """The steps of every end (``a`` of ``a.b``), in order, once each."""
        return tuple(dict.fromkeys(e.step for e in self.until))

    def ended_by(self, step: str, outcome: str | None) -> bool:
        """Whether recording ``outcome`` in ``step`` ends the silence."""
        return any(e.step == step and e.outcome in (None, outcome) for e in self.until)

    def to_dict(self, protocol: Protocol) -> dict[str, Any]:
        """``roles`` as shared-vocabulary ids for the scenario (``melder`` is the
        reporter); ``named`` as the text names them (``melder``, ``betrokkene`` stay);
        ``until`` the ends on the route as ``{step, outcome, title, label}``;
        ``until_case_end`` whether it can also end with the case; ``ends`` the ends'
        ids (``step`` or ``step.outcome``); ``open_points`` the ids of the open points
        governing it and ``proposal`` (:func:`proposal`) where it is a concept's
        proposal taken from another text, else ``None`` (as the answers carry them)."""
        named = [r if r in PSEUDO_ROLES else protocol.shared_id(r) for r in self.named]
        return {"id": self.id,
                "roles": list(dict.fromkeys(protocol.shared_id(r) for r in self.roles)),
                "named": list(dict.fromkeys(named)), "audience": self.audience,
                "from": self.from_step, "from_title": self.from_title,
                "until": [e.to_dict() for e in self.until],
                "until_case_end": self.until_case_end, "ends": list(self.ends),
                "source": list(self.source), "open_points": list(self.open_points),
                "proposal": proposal(protocol, self.open_points, self.source),
                **({"behind": [e.to_dict() for e in self.behind]} if self.behind else {})}


def _silence_ends(graph: RouteGraph, ends: Iterable[str]) -> tuple[SilenceEnd, ...]:
    """The ends (``step`` or ``step.outcome``) that lie on the route ``graph``."""
    found: list[SilenceEnd] = []
    for end in ends:
        step, _, outcome = end.partition(".")
        if step not in graph:
            continue
        view: StepView = graph.nodes[step]["view"]
        if not outcome:
            found.append(SilenceEnd(step, None, view.title))
        elif (chosen := view.outcome(outcome)) is not None:
            found.append(SilenceEnd(step, outcome, view.title, chosen.label))
    return tuple(found)


def _reaches_case_end(graph: RouteGraph, start: str, until: tuple[SilenceEnd, ...]) -> bool:
    """Whether a path from ``start`` reaches an end step of the case without passing
    one of ``until`` (breadth first, linear in the route; shared by scenarios whose
    route has the same structure)."""
    key = "silence-reaches-end " + " ".join([start, *(e.id for e in until)])
    known: bool | None = graph.derived.get(key)
    if known is not None:
        return known
    blocked = {e.step: e.outcome for e in until if e.outcome is None}
    outcomes = {(e.step, e.outcome) for e in until if e.outcome is not None}
    seen = {start}
    queue: deque[str] = deque([start])
    reached = False
    while queue and not reached:
        node = queue.popleft()
        view: StepView = graph.nodes[node]["view"]
        if view.end:
            reached = True
            break
        if node in blocked:
            continue
        for target, edges in graph.succ[node].items():
            if target in seen:
                continue
            for data in edges.values():
                if (node, data["outcome"]) not in outcomes:
                    seen.add(target)
                    queue.append(target)
                    break
    graph.derived[key] = reached
    return reached



def silence_from(silence: SilenceView, graph: RouteGraph,
                 open_steps: Iterable[str]) -> SilenceView:
    """``silence`` as it stands for a running case whose steps ``open_steps`` wait on
    the route ``graph``: only the ends still reachable from them (an end behind the
    case, on a branch it did not take, can no longer end the silence), and whether the
    case can still end without passing one of those. One walk over the route from the
    open steps, and a cached one per open step (:func:`_reaches_case_end`)."""
    starts = [step for step in open_steps if step in graph]
    if not starts:
        return silence
    ahead = set(starts)
    queue: deque[str] = deque(starts)
    while queue:
        for target in graph.successors(queue.popleft()):
            if target not in ahead:
                ahead.add(target)
                queue.append(target)
    until = tuple(end for end in silence.until if end.step in ahead)
    if len(until) == len(silence.until):
        return silence
    case_end = any(_reaches_case_end(graph, start, until) for start in starts)
    return replace(silence, until=until, until_case_end=case_end or not until,
                   behind=tuple(end for end in silence.until if end not in until))

def silences(protocol: Protocol, scenario: Scenario,
             graph: RouteGraph | None = None) -> list[SilenceView]:
    """Every silence that holds in ``scenario``: the protocol's ``silences`` and the
    standing silences of its communication rules (``allowed: false``) whose guard holds
    and whose start step lies on the scenario's route, with their roles resolved for
    the scenario (``melder`` is the reporter) and their ends as they lie on the route
    (an end the route never reaches is left out; where a path passes no end, the
    silence ends with the case: ``until_case_end``). ``graph`` is the scenario's
    :func:`route_adjacency` when the caller has it at hand, or a graph with the same
    steps, edges and outcomes (all a silence reads of it; titles are the steps')."""
    scenario = complete(protocol, scenario)
    if graph is None:
        graph = route_adjacency(protocol, scenario)
    entry = graph.graph.get("entry")
    if entry is None or entry not in graph:
        return []

    def title(step: str | None) -> str | None:
        return None if step is None else graph.nodes[step]["view"].title

    # Besides the roles, a silence's view depends on the route structure alone: made
    # once per structure and roles, shared by the scenarios that see the structure
    # (frozen, like the structure).
    made = graph.derived
    found: list[SilenceView] = []
    for silence in protocol.silences:
        if not holds(protocol, silence.when, scenario) or (
                silence.from_ is not None and silence.from_ not in graph):
            continue
        roles = tuple(dict.fromkeys(
            effective_role(protocol, r, scenario, silence.from_).role for r in silence.roles))
        key: tuple[str, ...] = ("silence-view", silence.id, *roles)
        view: SilenceView | None = made.get(key)
        if view is None:
            until = _silence_ends(graph, silence.ends())
            view = made[key] = SilenceView(
                silence.id, roles, silence.audience, silence.from_,
                tuple(citations(silence.source)),
                tuple(open_points_of(protocol, silence.id, silence.open)),
                tuple(silence.roles), until,
                _reaches_case_end(graph, silence.from_ or entry, until), title(silence.from_))
        found.append(view)
    for rule in protocol.communication:
        if rule.allowed or not holds(protocol, rule.when, scenario) or (
                rule.from_step is not None and rule.from_step not in graph):
            continue
        role = effective_role(protocol, rule.speaker, scenario).role
        key = ("rule-silence-view", rule.id, role)
        view = made.get(key)
        if view is None:
            view = made[key] = SilenceView(
                rule.id, (role,), rule.audience, rule.from_step, tuple(citations(rule.source)),
                tuple(open_points_of(protocol, rule.id, rule.open)), (rule.speaker,), (), True,
                title(rule.from_step))
        found.append(view)
    return found


# --------------------------------------------------------------------------- refusal


@dataclass(frozen=True)
class Refusal:
    """Why a scenario is not answered, as data: it cannot happen, the protocol excludes
    it, or no entry route serves it. ``kind`` is one of ``own-needs-subject``,
    ``only-one`` (``subject`` names the role), ``no-own``, ``only-own``, ``excluded``,
    ``no-entry`` and ``every-value`` (refused for every value of the ``missing``
    required attributes, each of the ``parts`` saying why). ``sends_to`` is where the
    text sends it instead (from an ``exclude`` entry's ``reason``); ``exclude_index``
    locates that entry. Every wording comes from the texts (``refusal.*``), in Dutch
    and English: :meth:`reason_text`, :meth:`detail_text`, :meth:`message_text`,
    :meth:`hint_text`; the commands print :func:`protocolkit.api.refuse`'s finding,
    which carries the last two.
    """

    kind: str
    sends_to: str | None = None
    source: tuple[str, ...] = ()
    exclude_index: int | None = None
    subject: str | None = None
    missing: tuple[str, ...] = ()
    parts: tuple[tuple[str, Refusal], ...] = ()
    #: The open points under which the exclusion is provisional (its ``open:``): the
    #: message names them, and the proposal it is, never a settled "no".
    open_points: tuple[str, ...] = ()
    #: The ambiguity note the exclusion rests on (its ``reading:``), as ``(id, question,
    #: chosen id, chosen text, other ids, other texts)``: the message gives both
    #: readings instead of "the text sends it elsewhere".
    reading: tuple[str, str, str, str, str, str] | None = None

    @property
    def reason(self) -> str:
        """The reason in English (without where the text sends it)."""
        return self.reason_text().render("en")

    @property
    def entry_index(self) -> int | None:
        """The ``exclude`` entry behind the refusal (the first, for ``every-value``)."""
        if self.exclude_index is not None:
            return self.exclude_index
        return next((p.entry_index for _, p in self.parts if p.entry_index is not None), None)

    def reason_text(self) -> Msg:
        if self.kind == "only-one":
            return Msg.of("refusal.only-one", subject=self.subject)
        if self.kind == "every-value":
            parts = joined([Msg.of("refusal.part", values=values, detail=why.detail_text())
                            for values, why in self.parts])
            return Msg.of("refusal.every-value", missing=list(self.missing), parts=parts)
        if self.kind == "excluded" and self.open_points:   # a proposal, not the text's "no"
            return Msg.of("refusal.excluded-open")
        return Msg.of(f"refusal.{self.kind}")

    def detail_text(self) -> Msg:
        """The reason, with where the text sends it or the ``exclude`` entry."""
        more: Msg | str = ""
        sources: Msg | str = Msg.of(
            "refusal.sources", sources=citation_text(self.source)) if self.source else ""
        if self.reading is not None:
            # resting on a reading, the text sends it nowhere: both readings are said
            note, question, chosen_id, chosen, other_ids, others = self.reading
            more = Msg.of("refusal.rests-on-reading", id=note, question=question,
                          chosen_id=chosen_id, chosen=chosen, other_ids=other_ids,
                          others=others, to=self.sends_to or "", sources=sources)
        elif self.sends_to:
            # where a concept leaves the exclusion open, the text decides nothing yet
            more = Msg.of("refusal.sends-to-open" if self.open_points else "refusal.sends-to",
                          to=self.sends_to, sources=sources)
        elif self.exclude_index is not None:
            more = Msg.of("refusal.entry", n=self.exclude_index + 1)
        return Msg.of("refusal.detail", reason=self.reason_text(), more=more)

    def message_text(self, protocol: Protocol, scenario: Scenario) -> Msg:
        """The one wording of a refusal, for every command, the API and the engine."""
        label: Msg | str = scenario.label_msg()
        if self.kind == "own-needs-subject":
            label = Msg.of("refusal.own-label", scenario=scenario_text(
                {**scenario.to_dict(), "own": False}))
        detail = self.detail_text()
        if self.open_points:     # an exclusion the concept leaves open: not a settled "no"
            questions = {p.id: p.question for p in protocol.open_points}
            points = joined([Msg.of("refusal.open-point", id=p, question=questions.get(p, p))
                             for p in self.open_points])
            offered = proposal(protocol, self.open_points, self.source)
            detail = Msg.of("refusal.open", said=detail, open=Msg.of(
                "refusal.open-proposal", points=points, origin=offered["name"]) if offered
                else points)
        return Msg.of("refusal.message", municipality=protocol.protocol.municipality,
                      scenario=label, detail=detail)

    def hint_text(self, protocol: Protocol, scenario: Scenario) -> Msg | None:
        """What to ask instead: ``--own`` or not, or the scenario with the other act
        when the protocol answers that one; ``None`` when nothing near is answered."""
        if self.kind == "own-needs-subject":
            return Msg.of("refusal.hint-own-subject", reporter=scenario.reporter,
                          subject=scenario.subject)
        if self.kind == "only-one":
            return (Msg.of("refusal.hint-add-own", subject=scenario.subject)
                    if True in protocol.scenarios.own else None)
        if self.kind == "no-own":
            return Msg.of("refusal.hint-drop-own")
        if self.kind == "only-own":
            return Msg.of("refusal.hint-only-own")
        other = Scenario(scenario.reporter, scenario.subject,
                         "uitgevoerd" if scenario.act == "voorgenomen" else "voorgenomen",
                         scenario.own, scenario.attributes)
        if other.act in protocol.scenarios.acts and refusal(protocol, other) is None:
            return Msg.of("refusal.hint-answered-open" if self.open_points
                          else "refusal.hint-answered", scenario=other.label_msg())
        return None


def refusal(protocol: Protocol, scenario: Scenario) -> Refusal | None:
    """Why the protocol does not answer ``scenario``, or ``None`` when it does: the one
    rule every command and the API apply before answering (``scenario-not-covered``).

    >>> from protocolkit.format.loader import load_protocol
    >>> p = load_protocol("tests/data/minimal.yaml").protocol
    >>> refusal(p, Scenario("raadslid", "burgemeester", "uitgevoerd")) is None
    True
    >>> refusal(p, Scenario("raadslid", "raadslid", "uitgevoerd", own=True)).reason
    'this protocol covers no eigen handelen'

    A scenario that leaves out a ``required`` attribute is refused when every value
    that attribute could take is refused (its given attributes already decide it), so
    Oostzaan's excluded ``{reporter: burger, act: voorgenomen}`` is refused without an
    ``aanleiding``; when some value is answered this gives ``None`` and the input check
    (:func:`scenario_problems`) asks for the attribute.
    """
    options = completions(protocol, scenario)
    found: list[Refusal] = []
    for option in options:
        why = _refusal(protocol, option)
        if why is None:
            return None
        found.append(why)
    distinct = list(dict.fromkeys(found))
    if len(distinct) == 1:
        return distinct[0]
    # Refused for every value of the missing attributes, each for its own reason.
    missing = missing_required(protocol, scenario)
    return Refusal("every-value", missing=tuple(missing), parts=tuple(
        (", ".join(f"{name}={option.value(name)}" for name in missing), why)
        for why, option in zip(found, options, strict=True)),
        source=tuple(dict.fromkeys(c for why in distinct for c in why.source)))


def missing_required(protocol: Protocol, scenario: Scenario) -> list[str]:
    """The ``required`` attributes (no default) that ``scenario`` does not give.

    >>> from protocolkit.format.loader import load_protocol
    >>> p = load_protocol("protocols/oostzaan.yaml").protocol
    >>> missing_required(p, Scenario("burger", "raadslid", "voorgenomen"))
    ['aanleiding']
    """
    given = dict(scenario.attributes)
    return [name for name in protocol.scenarios.required if name not in given]


def completions(protocol: Protocol, scenario: Scenario) -> list[Scenario]:
    """Every scenario ``scenario`` may stand for: each value of a ``required``
    attribute it leaves out, the default of any other it leaves out (one scenario,
    :func:`complete`, when nothing required is missing).

    >>> from protocolkit.format.loader import load_protocol
    >>> p = load_protocol("protocols/oostzaan.yaml").protocol
    >>> [s.value("aanleiding") for s in completions(p, Scenario("burger", "raadslid", "voorgenomen"))]
    ['vermoeden', 'twijfel']
    """
    missing = missing_required(protocol, scenario)
    if not missing:
        return [complete(protocol, scenario)]
    declared = protocol.scenarios.attributes
    given = dict(scenario.attributes)
    return [complete(protocol, Scenario(scenario.reporter, scenario.subject, scenario.act,
                                        scenario.own,
                                        {**given, **dict(zip(missing, combo, strict=True))}))
            for combo in itertools.product(*(declared[name] for name in missing))]


def _exclusion_reading(protocol: Protocol, note_id: str | None,
                       ) -> tuple[str, str, str, str, str, str] | None:
    """The ambiguity note an exclusion rests on, as :attr:`Refusal.reading` holds it."""
    note = next((a for a in protocol.ambiguities if a.id == note_id), None)
    if note is None:
        return None
    chosen = next((r for r in note.readings if r.id == note.chosen), None)
    others = [r for r in note.readings if r is not chosen]

    def said(text: str) -> str:
        return " ".join(text.split())

    return (note.id, said(note.question), note.chosen, said(chosen.text) if chosen else "",
            ", ".join(r.id for r in others), " ".join(said(r.text) for r in others))


def _refusal(protocol: Protocol, scenario: Scenario) -> Refusal | None:
    """:func:`refusal` for a complete scenario."""
    space = protocol.scenarios
    if scenario.own not in space.own:     # first: no other answer would help then
        return Refusal("no-own" if scenario.own else "only-own")
    if scenario.own and scenario.reporter != scenario.subject:
        return Refusal("own-needs-subject")
    if not is_possible(protocol, scenario):
        return Refusal("only-one", subject=scenario.subject)
    for index, entry in protocol.exclusions_in_force():
        guard = entry.when if isinstance(entry, Exclusion) else entry
        if guard_holds(guard, scenario):
            if isinstance(entry, Exclusion):
                return Refusal("excluded", entry.reason, tuple(citations(entry.source)), index,
                               open_points=tuple(open_ids(entry.open)),
                               reading=_exclusion_reading(
                                   protocol, entry.reading.note if entry.reading else None))
            return Refusal("excluded", None, (), index)
    if not entry_routes(protocol, scenario):
        return Refusal("no-entry")
    return None


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
    #: Where the case goes when it leaves the protocol, and who acts there
    #: (:meth:`HandoffView.to_dict` with shared ids; ``None`` in the fields the text
    #: does not assign).
    handoff: dict[str, Any] | None = None
    sources: dict[str, list[str]] = field(default_factory=dict)
    steps: dict[str, list[str]] = field(default_factory=dict)
    #: Who must be silent: ``{roles, from, until, source}`` (shared role ids; ``until``
    #: a list of ``{step, outcome, title, label}``, see :meth:`SilenceView.to_dict`).
    silent: list[dict[str, Any]] = field(default_factory=list)
    #: Question -> ids of the open points governing its answer (empty when settled).
    open_points: dict[str, list[str]] = field(default_factory=dict)
    #: Who may speak to the press or public, from when: ``{role, audience, from,
    #: from_title, phases, moment_not_set, source}`` per allowed rule and speaker
    #: (``from``: the step after which the rule lets him speak, with its title in
    #: ``from_title``; ``None``: at every stage, unless ``moment_not_set``: the text sets
    #: no moment; ``phases``: the phases where he is
    #: the one who speaks, when a scoped substitution puts another in his place
    #: elsewhere, else ``None``), so the communicates answer carries its timing (a
    #: raadslid reads when he may talk to the press, not only that he may).
    speakers: list[dict[str, Any]] = field(default_factory=list)
    #: Question -> the proposal its open answer is (:func:`proposal`: taken from another
    #: text, with the sections), ``None`` where the answer is the protocol's own.
    proposals: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    #: The ambiguity notes the answers rest on, with the questions they bear on.
    ambiguities: list[dict[str, Any]] = field(default_factory=list)
    #: Question -> ids of the ambiguity notes its answer rests on (in file order; empty
    #: when no reading is chosen for it): Arnhem's "Velt het eindoordeel" for the
    #: burgemeester rests on ``eindoordeel_burgemeester``.
    readings: dict[str, list[str]] = field(default_factory=dict)
    #: The sanctions that apply to the subject, with who imposes them (also others than
    #: the protocol's bodies, such as the own fractie or partij), and the readings each
    #: rests on (``ambiguities``, :func:`sanction_ambiguities`).
    sanctions: list[dict[str, Any]] = field(default_factory=list)
    #: Bodies on the route that act or advise and whose composition the text states
    #: (``composition_source``, art. 3.1 lid 2), or whose composition a substitution
    #: changes (art. 3.1 lid 3): :meth:`Composition.to_dict` with ``steps`` and ``source``
    #: (the body's ``composition_source``, then the substitutions').
    compositions: list[dict[str, Any]] = field(default_factory=list)
    #: Why the protocol does not answer this scenario (see :func:`refusal`); the
    #: answers are then empty.
    refused: Refusal | None = None

    def answer(self, question: str) -> list[str]:
        return list(getattr(self, question))

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"scenario": self.scenario.to_dict()}
        for question in QUESTIONS:
            data[question] = list(getattr(self, question))
        data["out_of_scope"] = self.out_of_scope
        data["handoff"] = self.handoff
        data["sources"] = {k: list(v) for k, v in self.sources.items()}
        data["steps"] = {k: list(v) for k, v in self.steps.items()}
        data["silent"] = [dict(s) for s in self.silent]
        data["open_points"] = {k: list(v) for k, v in self.open_points.items()}
        data["proposals"] = {k: (dict(v) if v else None) for k, v in self.proposals.items()}
        data["speakers"] = [dict(x) for x in self.speakers]
        data["ambiguities"] = [dict(a) for a in self.ambiguities]
        data["readings"] = {k: list(v) for k, v in self.readings.items()}
        data["sanctions"] = [dict(s) for s in self.sanctions]
        data["compositions"] = [dict(c) for c in self.compositions]
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
    refused = refusal(protocol, scenario)
    scenario = complete(protocol, scenario) if refused is None else scenario
    result = Responsibilities(scenario)
    for question in QUESTIONS:
        result.sources[question] = []
        result.steps[question] = []
        result.open_points[question] = []
        result.proposals[question] = None
        result.readings[question] = []
    result.refused = refused
    if refused is not None:
        return result
    graph = route_adjacency(protocol, scenario)
    if not graph:
        return result
    shared = protocol.shared_id
    views = ordered_views(graph, protocol)
    entry = graph.nodes[graph.graph["entry"]]["view"]
    # The entry route cites the exact cell; the entry step may serve many cells.
    route = entry_routes(protocol, scenario)[0]
    ambiguous: dict[str, list[str]] = {}

    def note(question: str, opened: Iterable[str], notes: Iterable[str]) -> None:
        for point in opened:
            if point not in result.open_points[question]:
                result.open_points[question].append(point)
        for ambiguity in notes:
            questions = ambiguous.setdefault(ambiguity, [])
            if question not in questions:
                questions.append(question)

    # Whom the reporter turns to is never himself: where he is the one addressed in the
    # entry step (Arnhem 3.1: the burgemeester "vraagt om advies in het driehoeksoverleg
    # met de griffier en de gemeentesecretaris") or takes part in it, the others are his
    # first contact.
    def others(parties: tuple[EffectiveRole, ...]) -> list[EffectiveRole]:
        return [c for c in parties if c.named == "betrokkene" or not (
            c.named == "melder" or (c.role == scenario.reporter and c.named == c.role))]

    contacts = (others(entry.counterparts) or others(entry.actors)
                or list(entry.counterparts) or list(entry.actors))
    for contact in contacts:
        _add(result.first_contact, result.sources["first_contact"],
             result.steps["first_contact"], shared(contact.role), citations(route.source),
             entry.id)
    note("first_contact", [*open_points_of(protocol, route.id, route.open),
                           *entry.open_points],
         [*ambiguities_of(protocol, [route.id], scenario), *entry.ambiguities])
    for view in views:
        if view.actor.role == "?":
            continue
        for question in _KIND_QUESTIONS[view.kind]:
            if question == "imposes_sanction" and only_offered(protocol, view.sanctions):
                continue            # offering a measure (art. 5.1 lid 3) is imposing none
            for actor in view.actors:
                # Who acts rests on the step as a whole and on the actor's alternative
                # chosen here, not on what only the other parties' alternatives cite.
                _add(getattr(result, question), result.sources[question],
                     result.steps[question], shared(actor.role), view.actor_source, view.id)
            opened = list(view.open_points)
            notes = list(view.ambiguities)
            if question == "imposes_sanction":
                for sanction_id in view.sanctions:
                    sanction = protocol.sanction(sanction_id)
                    opened.extend(open_points_of(
                        protocol, sanction_id, sanction.open if sanction else None))
                # A reading of who may impose a sanction (Arnhem's motie_tegen_griffier)
                # bears on this answer as the step's own notes do.
                notes.extend(ambiguities_of(protocol, view.sanctions, scenario))
            note(question, opened, notes)
    judged = any(v.kind in (StepKind.oordeel, StepKind.sanctie) for v in views)
    for sanction in protocol.sanctions:
        if sanction.offered or not (sanction.outside_procedure and judged and _applies(
                protocol, sanction.applies_to, scenario.subject)):
            continue
        for imposer in sanction_imposers(protocol, sanction, scenario):
            _add(result.imposes_sanction, result.sources["imposes_sanction"],
                 result.steps["imposes_sanction"], shared(imposer),
                 sanction_sources(protocol, sanction, scenario), None)
        note("imposes_sanction", open_points_of(protocol, sanction.id, sanction.open),
             ambiguities_of(protocol, [sanction.id], scenario))
    for rule in press_rules(protocol, scenario):
        if rule.allowed and (rule.from_step is None or rule.from_step in graph):
            # The speaker as he stands at the steps where the rule holds: a scoped
            # substitution (art. 2.1 lid 7) reaches only the steps in its scope.
            after = reachable(graph, rule.from_step) if rule.from_step else None
            along = [v.id for v in views if after is None or v.id in after]
            speakers = roles_along(protocol, rule.speaker, scenario, along)
            for speaker in speakers:
                _add(result.communicates, result.sources["communicates"],
                     result.steps["communicates"], shared(speaker), citations(rule.source),
                     None)
                phases = None if len(speakers) < 2 else list(dict.fromkeys(
                    v.phase for v in views if v.id in along and effective_role(
                        protocol, rule.speaker, scenario, v.id).role == speaker))
                after_step = protocol.step(rule.from_step) if rule.from_step else None
                result.speakers.append({"role": shared(speaker), "audience": rule.audience,
                                        "from": rule.from_step,
                                        "from_title": after_step.title if after_step else None,
                                        "phases": phases,
                                        "moment_not_set": rule.moment_not_set,
                                        "source": citations(rule.source)})
            note("communicates", open_points_of(protocol, rule.id, rule.open),
                 ambiguities_of(protocol, [rule.id], scenario))
    for silence in silences(protocol, scenario):
        result.silent.append(silence.to_dict(protocol))
        note("communicates", silence.open_points,
             ambiguities_of(protocol, [silence.id], scenario))
    # The protocol's sanctions follow a judgment: a case whose route reaches no oordeel or
    # sanctie step (it leaves the protocol, or ends in advice) is offered none.
    for sanction in protocol.sanctions:
        if judged and _applies(protocol, sanction.applies_to, scenario.subject):
            cited = sanction_sources(protocol, sanction, scenario)
            readings = sanction_ambiguities(protocol, sanction.id, scenario)
            note("imposes_sanction", (), (r["id"] for r in readings))
            result.sanctions.append({
                "id": sanction.id, "name": sanction.name,
                "outside_procedure": sanction.outside_procedure,
                "offered": sanction.offered,
                "imposer_not_set": sanction.imposer_not_set,
                "imposed_by": [shared(r)
                               for r in sanction_imposers(protocol, sanction, scenario)],
                "source": cited,
                "open_points": open_points_of(protocol, sanction.id, sanction.open),
                "proposal": proposal(protocol, open_points_of(protocol, sanction.id,
                                                              sanction.open), cited),
                "ambiguities": readings})
    for ambiguity in protocol.ambiguities:
        if ambiguity.id in ambiguous:
            result.ambiguities.append(ambiguity_dict(ambiguity, ambiguous[ambiguity.id]))
            for question in ambiguous[ambiguity.id]:
                result.readings[question].append(ambiguity.id)
    composed: dict[tuple[str, tuple[str, ...]], dict[str, Any]] = {}
    for view in views:
        for composition in view.compositions:
            data = composition.to_dict(shared)
            entry_data = composed.setdefault((data["body"], tuple(data["members"])), {
                **data, "steps": [],
                "source": list(dict.fromkeys([*_composition_source(protocol, composition), *(
                    c for sub in protocol.substitutions
                    if sub.id in data["substitutions"] for c in citations(sub.source))]))})
            entry_data["steps"].append(view.id)
    result.compositions = list(composed.values())
    for question in QUESTIONS:
        result.proposals[question] = proposal(protocol, result.open_points[question],
                                              result.sources[question], scenario)
    for successor in graph.successors(entry.id):
        view = graph.nodes[successor]["view"]
        if view.end and view.out_of_scope:
            result.out_of_scope = view.out_of_scope
            result.handoff = view.handoff.to_dict(shared) if view.handoff else None
    if entry.end and entry.out_of_scope:
        result.out_of_scope = entry.out_of_scope
        result.handoff = entry.handoff.to_dict(shared) if entry.handoff else None
    return result


def deadline_text(protocol: Protocol, deadline: Deadline) -> str:
    """:meth:`Deadline.describe` with the step the deadline runs from named by its
    title, as a reader knows it ("10 werkdagen na afronding van stap 'Melding bij de
    burgemeester'"), by its id only where there is no such step."""
    step = protocol.step(deadline.from_)
    return deadline.describe(f"'{step.title}'" if step is not None else None)


def only_offered(protocol: Protocol, sanction_ids: Iterable[str]) -> bool:
    """Whether a step's sanctions are all measures offered, not imposed (``offered``):
    such a step does not answer who imposes a sanction."""
    found = [protocol.sanction(s) for s in sanction_ids]
    return bool(found) and all(s is not None and s.offered for s in found)


def sanction_imposers(protocol: Protocol, sanction: Sanction, scenario: Scenario) -> list[str]:
    """Who imposes ``sanction`` in ``scenario``: every ``imposed_by`` entry whose guard
    holds, substitutions applied (role ids, file order). Arnhem: the gemeenteraad, for a
    griffier the werkgeverscommissie (Fase 3, 3.4)."""
    scenario = complete(protocol, scenario)
    found: list[str] = []
    for case in _all_cases(sanction.imposed_by, scenario):
        for role in case.roles():
            effective = effective_role(protocol, role, scenario).role
            if effective not in found:
                found.append(effective)
    return found


def sanction_sources(protocol: Protocol, sanction: Sanction, scenario: Scenario) -> list[str]:
    """What cites ``sanction`` in ``scenario``: its own ``source``, then the sources of
    the ``imposed_by`` entries that hold (an entry may cite what it alone encodes)."""
    cited = protocol.derived("semantics.imposer_sources", lambda p: frozenset(
        x.id for x in p.sanctions if any(isinstance(c, RoleCase) and c.source is not None
                                         for c in x.imposed_by)))
    if sanction.id not in cited:     # the common case: no imposer cites on its own
        return citations(sanction.source)
    scenario = complete(protocol, scenario)
    return list(_cases_source(citations(sanction.source),
                              _all_cases(sanction.imposed_by, scenario)))


def _applies(protocol: Protocol, roles: Iterable[str], subject: str) -> bool:
    shared = protocol.shared_id
    return subject in roles or shared(subject) in {shared(r) for r in roles}


def ambiguity_dict(ambiguity: Any, questions: Iterable[str] = ()) -> dict[str, Any]:
    """An ambiguity note as data: the question, every reading, the one chosen and why."""
    return {"id": ambiguity.id, "question": ambiguity.question,
            "readings": [{"id": r.id, "text": r.text, "source": citations(r.source)}
                         for r in ambiguity.readings],
            "chosen": ambiguity.chosen, "reason": ambiguity.reason,
            "source": citations(ambiguity.source), "questions": list(questions)}


def sanction_ambiguities(protocol: Protocol, sanction_id: str,
                         scenario: Scenario) -> list[dict[str, Any]]:
    """The ambiguity notes a sanction rests on in ``scenario`` (those naming it under
    ``affects``), as :func:`ambiguity_dict`: every output that shows the sanction shows
    the readings with it (Arnhem's ``motie_tegen_griffier``: does the raad pass a motie
    against the griffier, or does only the werkgeverscommissie decide on a sanction?).

    >>> from protocolkit.format.loader import load_protocol
    >>> p = load_protocol("protocols/arnhem.yaml").protocol
    >>> s = Scenario("raadslid", "griffier", "uitgevoerd")
    >>> [n["id"] for n in sanction_ambiguities(p, "motie_treurnis_afkeuring_wantrouwen", s)]
    ['motie_tegen_griffier']
    >>> sanction_ambiguities(p, "motie_treurnis_afkeuring_wantrouwen",
    ...                      Scenario("raadslid", "wethouder", "uitgevoerd"))
    []
    """
    found = set(ambiguities_of(protocol, [sanction_id], scenario))
    return [ambiguity_dict(a, ["imposes_sanction"]) for a in protocol.ambiguities
            if a.id in found]


def silence_ambiguities(protocol: Protocol, silence_id: str,
                        scenario: Scenario) -> list[dict[str, Any]]:
    """The ambiguity notes a silence rests on in ``scenario`` (those naming it under
    ``affects``), as :func:`ambiguity_dict`: every output that shows the silence shows
    the reading with it (Oostzaan's ``melder_aangespoord``: "aangespoord" is an
    exhortation, not a ban).

    >>> from protocolkit.format.loader import load_protocol
    >>> p = load_protocol("protocols/oostzaan.yaml").protocol
    >>> s = Scenario("burger", "wethouder", "uitgevoerd", attributes={"aanleiding": "vermoeden"})
    >>> [n["id"] for n in silence_ambiguities(p, "melder_geen_publiciteit", s)]
    ['melder_aangespoord']
    """
    return [ambiguity_dict(a) for a in protocol.ambiguities
            if silence_id in a.affects and guard_holds(a.when, scenario)]


def aliases_used(protocol: Protocol, *names: str) -> list[dict[str, Any]]:
    """The protocol's aliases among ``names`` (as given on the command line), each with
    the role it is read as and its citation: "fractievolger" read as "raadslid".

    >>> from protocolkit.format.loader import load_protocol
    >>> p = load_protocol("tests/data/constructs.yaml").protocol
    >>> aliases_used(p, "fractievolger", "burgemeester")
    [{'alias': 'fractievolger', 'role': 'raadslid', 'source': ['art. 1']}]
    """
    declared = {a.id: a for a in protocol.scenarios.aliases}
    return [{"alias": n, "role": declared[n].role, "source": citations(declared[n].source)}
            for n in dict.fromkeys(names) if n in declared]


def scenario_from_shared(protocol: Protocol, reporter: str, subject: str, act: str,
                         own: bool = False, attributes: Mapping[str, str] | None = None,
                         ) -> Scenario:
    """A scenario from shared-vocabulary role ids (as the CLI takes them).

    A shared id maps onto the protocol role that declares it (``shared:``); a protocol
    role id is accepted as well. Raises ``ValueError`` (a
    :class:`~protocolkit.format.diagnostics.TextError`) naming the roles the scenario
    space allows when a role is not in it, with a did-you-mean ("(bedoelt u `raadslid`?
    Kies uit: …)", :func:`~protocolkit.format.diagnostics.listed`). An ``own`` the space does not hold is no
    mistake of input but a scenario the protocol does not answer: :func:`refusal`
    says so (``no-own``, ``only-own``), in the same words for every command and the API.
    """
    from protocolkit.format.diagnostics import listed

    aliases = {a.id: a.role for a in protocol.scenarios.aliases}

    def pick(value: str, allowed: list[str], what: str) -> str:
        if value in allowed:
            return value
        for role_id in allowed:
            if protocol.shared_id(role_id) == value:
                return role_id
        if value in aliases and aliases[value] != value:
            return pick(aliases[value], allowed, what)
        shown = sorted({protocol.shared_id(r) for r in allowed})
        open_scope = scope_open_points(protocol, value)
        if open_scope:             # the text leaves open whether he falls under it
            raise TextError(Msg.of("arg.role-open", value=value, what=Msg.of(f"arg.{what}"),
                                   points="; ".join(f"{o['question']} ({o['id']})"
                                                    for o in open_scope),
                                   choices=", ".join(shown)))
        # A role of the shared vocabulary, spelled right, is no slip of the pen: no
        # spelling guess is offered for it (a `fractievoorzitter` is not a misspelt
        # `fractievolger`); a guess that is an alias names the role it is read as.
        guesses = [] if value in SHARED_ROLES else [
            *shown, *aliases,  # and the roles whose place is open
            *(r for o in protocol.open_points for r in o.scope_roles)]
        raise TextError(Msg.of("arg.not-a-role", value=value, what=Msg.of(f"arg.{what}"),
                               listed=listed(value, guesses, ", ".join(shown),
                                             read_as=aliases)))

    space = protocol.scenarios
    reporter_id = pick(reporter, list(space.reporters), "reporter")
    subject_id = pick(subject, list(space.subjects), "subject")
    if act not in space.acts:
        raise TextError(Msg.of("arg.not-an-act", act=act, listed=listed(
            act, space.acts, ", ".join(space.acts))))
    given = Scenario(reporter_id, subject_id, act, own, attributes or {})
    problems = scenario_messages(protocol, given)
    if problems:
        raise TextError(*problems)
    # A scenario refused whatever its missing required attributes are stays without
    # them (:func:`scenario_problems`), so that the refusal names it as given.
    return complete(protocol, given, fill_required=False)


def scenario_problems(protocol: Protocol, scenario: Scenario) -> list[str]:
    """What is wrong with a scenario as a user gave it (:func:`attribute_problems`),
    except that a ``required`` attribute left out does not matter when the protocol
    refuses the scenario whatever its value (:func:`refusal`): the refusal, with
    where the text sends such a case, is the answer then.

    >>> from protocolkit.format.loader import load_protocol
    >>> p = load_protocol("protocols/oostzaan.yaml").protocol
    >>> scenario_problems(p, Scenario("burger", "raadslid", "voorgenomen"))
    []
    >>> scenario_problems(p, Scenario("burger", "raadslid", "uitgevoerd"))[0][:37]
    "the scenario attribute 'aanleiding' h"
    """
    return [m.render("en") for m in scenario_messages(protocol, scenario)]


def scenario_messages(protocol: Protocol, scenario: Scenario) -> list[Msg]:
    """:func:`scenario_problems` as messages, to be written in Dutch or English."""
    given = dict(scenario.attributes)
    problems = attribute_messages(protocol, given, missing=False)
    if problems or not missing_required(protocol, scenario):
        return problems
    if refusal(protocol, scenario) is not None:
        return []
    return attribute_messages(protocol, given)


def attribute_problems(protocol: Protocol, attributes: Mapping[str, str], *,
                       missing: bool = True) -> list[str]:
    """What is wrong with the extra attributes a user gave (strict input): an attribute
    the protocol does not declare (with a did-you-mean), a value outside its domain, a
    ``required`` attribute left out (unless ``missing`` is false). Empty when they are
    fine. :func:`scenario_problems` checks a whole scenario, refusal first.

    >>> from protocolkit.format.loader import load_protocol
    >>> p = load_protocol("protocols/oostzaan.yaml").protocol
    >>> attribute_problems(p, {"aanleidng": "twijfel"})[0]
    "'aanleidng' is not a scenario attribute of this protocol (did you mean `aanleiding`? Declared: aanleiding, betrokken_functionaris)"
    """
    return [m.render("en") for m in attribute_messages(protocol, attributes, missing=missing)]


def attribute_messages(protocol: Protocol, attributes: Mapping[str, str], *,
                       missing: bool = True) -> list[Msg]:
    """:func:`attribute_problems` as messages, to be written in Dutch or English.

    >>> from protocolkit.format.loader import load_protocol
    >>> p = load_protocol("protocols/oostzaan.yaml").protocol
    >>> attribute_messages(p, {"aanleiding": "twijfell"})[0].render("nl")
    "'twijfell' is geen waarde van 'aanleiding' (bedoelt u `twijfel`? Kies uit: vermoeden, twijfel)"
    """
    from protocolkit.format.diagnostics import listed

    space = protocol.scenarios
    declared = list(space.attributes)
    problems: list[Msg] = []
    for name, value in attributes.items():
        if name not in space.attributes:
            problems.append(Msg.of("arg.not-an-attribute", name=name, listed=listed(
                name, declared, ", ".join(declared) or Msg.of("arg.none"), declared=True)))
        elif value not in space.attributes[name]:
            problems.append(Msg.of("arg.not-a-value", value=value, name=name, listed=listed(
                value, space.attributes[name], ", ".join(space.attributes[name]))))
    for name in space.required if missing else ():
        if name not in attributes:
            problems.append(Msg.of("arg.required", name=name, how=Msg.of("w.empty"),
                                   choices=", ".join(space.attributes[name])))
    return problems


# --------------------------------------------------------------------------- facts


def fact_conditions(protocol: Protocol) -> dict[tuple[str, str], tuple[tuple[int, FactCondition], ...]]:
    """(step, outcome) -> its fact conditions, each with its number in the protocol (the
    engine names the fact field of condition *i* ``fc<i>``)."""
    def collect(p: Protocol) -> dict[tuple[str, str], tuple[tuple[int, FactCondition], ...]]:
        found: dict[tuple[str, str], tuple[tuple[int, FactCondition], ...]] = {}
        index = 0
        for step in p.steps:
            for outcome in step.outcomes:
                numbered = []
                for condition in outcome.requires:
                    numbered.append((index, condition))
                    index += 1
                if numbered:
                    found[(step.id, outcome.id)] = tuple(numbered)
        return found

    return protocol.derived("semantics.fact_conditions", collect)


def fact_limit(condition: FactCondition, fact: dt.date) -> dt.date:
    """The last day that is at most ``condition.period`` after ``fact`` (years and months
    as on the calendar: 29 February + 1 jaar is 28 February).

    >>> c = FactCondition.model_validate({"fact": "d", "within": {"amount": 4,
    ...     "unit": "jaren"}, "source": "x"})
    >>> fact_limit(c, dt.date(2022, 3, 1))
    datetime.date(2026, 3, 1)
    """
    from dateutil.relativedelta import relativedelta  # only cases with a fact need it

    period = condition.period
    if period.unit == "jaren":
        return fact + relativedelta(years=period.amount)
    if period.unit == "maanden":
        return fact + relativedelta(months=period.amount)
    if period.unit == "weken":
        return fact + dt.timedelta(weeks=period.amount)
    return fact + dt.timedelta(days=period.amount)


def fact_margin(condition: FactCondition, fact: dt.date, reference: dt.date) -> int:
    """Days by which ``reference`` lies after :func:`fact_limit`: positive when the fact
    is *older than* the period at ``reference``, zero or negative when it lies *within*
    it. The engine carries this number on the outcome fact and its rules compare it
    with 0 (see :mod:`protocolkit.engine.compiler`)."""
    return (reference - fact_limit(condition, fact)).days


def fact_condition_holds(condition: FactCondition, margin: int) -> bool:
    """Whether the condition holds for a :func:`fact_margin`."""
    return margin > 0 if condition.older_than is not None else margin <= 0


def silence_data(protocol: Protocol, silence: Silence) -> dict[str, Any]:
    """A protocol's silence in the data form
    :func:`protocolkit.present.phrases.silence_sentence` reads, without a scenario: its start and every end with the step's title and the outcome's label
    (whether a path passes none of its ends depends on the route: not said here), with
    its ``open_points`` and ``proposal`` as :meth:`SilenceView.to_dict` gives them."""
    def title(step_id: str) -> str:
        step = protocol.step(step_id)
        return step.title if step is not None else step_id

    opened = open_points_of(protocol, silence.id, silence.open)
    until = []
    for end in silence.ends():
        step_id, _, outcome = end.partition(".")
        step = protocol.step(step_id)
        label = next((o.label for o in step.outcomes if o.id == outcome), None) if (
            step is not None and outcome) else None
        until.append({"step": step_id, "outcome": outcome or None, "title": title(step_id),
                      "label": label})
    return {"roles": list(silence.roles), "audience": silence.audience,
            "source": citations(silence.source), "from": silence.from_,
            "from_title": title(silence.from_) if silence.from_ else None, "until": until,
            "until_case_end": False, "open_points": opened,
            "proposal": proposal(protocol, opened, citations(silence.source))}
