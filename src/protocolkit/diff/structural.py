"""Structural diff: which elements two protocols have, and how their meaning differs.

Elements are matched per kind, first by id, then — among those left over — by a
shared key: roles by their ``shared`` vocabulary id (``fractievoorzitter`` and
``fractievoorzitters`` as one, :func:`protocolkit.format.vocabulary.aligned_role`), steps by
their part in the route (kind, default actor, phase position; never by kind alone),
phases by rank, sanctions and principles by name, substitutions by the shared roles they swap,
communication rules by speaker, audience and permission, entry routes by the step
they lead to. Within a key the most similar pair is matched first (ties broken by the
sorted pair of ids, so that the matching does not depend on which side is left).

Matched elements are compared on what they mean, never on how they are written:

* role references are compared as shared-vocabulary ids, lists of roles as sets;
* references to steps, phases and sanctions are compared through the matching;
* guards (``when``) are compared by the scenarios both protocols cover in which they
  hold; a step's actor and outcomes by what :func:`~protocolkit.semantics.resolve_step`
  gives in every scenario whose route passes through the step on either side (a
  difference no case can meet is none), or in every common scenario when no route
  reaches it;
* sanctions and principles without a shared key match on a similar id or name;
* display names (``name``, ``title``, ``label``, ``description``, ``text``, notes),
  citations, outcome ids and list order are not compared at all;
* except one kind of words: a section's quoted ``text`` that both files carry and that
  differs is a structural row (``section``, field ``text``), because the source the
  protocol rests on changed; it is never a behavioural difference.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import typing
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any, Literal, TypeVar

from pydantic import BaseModel

from protocolkit.diff.rows import STRUCTURAL_KINDS, StructuralChange
from protocolkit.diff.scenarios import SideSpace, scenario_role_names
from protocolkit.format.model import (
    DEADLINE_STARTS,
    FACT_REFERENCE_DATES,
    OPTIONAL_PARTY_FIELDS,
    Deadline,
    FactCondition,
    Guard,
    Handoff,
    Party,
    Protocol,
    Role,
    RoleCase,
    Sanction,
    Step,
    open_ids,
)
from protocolkit.format.vocabulary import aligned_role
from protocolkit.semantics import (
    Scenario,
    StepView,
    guard_holds,
    open_points_of,
    party_roles,
    possible_scenarios,
    resolve_step,
    route_adjacency,
    silence_data,
    space_view,
    view_signature,
)
from protocolkit.semantics.routegraph import RouteGraph
from protocolkit.semantics.step_guards import space_index

SideName = Literal["left", "right"]


class _Element(typing.Protocol):
    """What :func:`match` needs of an element: its id."""

    @property
    def id(self) -> str: ...


T = TypeVar("T", bound=_Element)
Fields = dict[str, Hashable]


def yaml_form(value: Any) -> Any:
    """An element as its YAML file writes it (defaults left out), for showing in a diff.

    >>> from protocolkit.format.model import Deadline
    >>> yaml_form(Deadline.model_validate({"amount": 4, "unit": "weken"}))
    {'amount': 4, 'unit': 'weken'}
    """
    if isinstance(value, Guard):
        return value.to_data()
    if isinstance(value, BaseModel):
        out: dict[str, Any] = {}
        for name, alias, required, default in _fields(type(value)):
            item = getattr(value, name)
            if not required and item == default:
                continue
            out[alias] = yaml_form(item)
        return out
    if isinstance(value, (list, tuple)):
        return [yaml_form(v) for v in value]
    if isinstance(value, dict):
        return {str(k): yaml_form(v) for k, v in value.items()}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


_FIELDS: dict[type[BaseModel], list[tuple[str, str, bool, Any]]] = {}


def _fields(model: type[BaseModel]) -> list[tuple[str, str, bool, Any]]:
    """(name, YAML key, required, default) per field of a model class, computed once
    (pydantic inspects the default factory's signature on every ``get_default``)."""
    found = _FIELDS.get(model)
    if found is None:
        found = _FIELDS[model] = [
            (name, info.alias or name, info.is_required(),
             None if info.is_required() else info.get_default(call_default_factory=True))
            for name, info in model.model_fields.items()]
    return found


def normal_text(text: str | None) -> str | None:
    """Text as compared: case and spacing do not matter."""
    return None if text is None else " ".join(text.casefold().split())


def name_key(text: str) -> str:
    """A display name reduced to its words, for matching elements across protocols."""
    return " ".join(re.findall(r"[a-z0-9]+", text.casefold()))


# --------------------------------------------------------------------------- context


@dataclass
class Context:
    """The two protocols, the scenarios both cover, and the matchings found so far."""

    left: SideSpace
    right: SideSpace
    common: list[Scenario]
    tokens: dict[tuple[str, SideName, str], Hashable] = field(default_factory=dict)
    _cache: dict[tuple[Any, ...], Any] = field(default_factory=dict)

    def space(self, side: SideName) -> SideSpace:
        return self.left if side == "left" else self.right

    def memo(self, name: str) -> dict[Any, Any]:
        """A dict kept for this comparison under ``name``, for what later stages
        compute once (what they keep holds this comparison's tokens)."""
        found: dict[Any, Any] = self._cache.setdefault(("memo", name), {})
        return found

    def protocol(self, side: SideName) -> Protocol:
        return self.space(side).protocol

    def own(self, side: SideName) -> list[Scenario]:
        """This side's scenarios for :attr:`common`, in the same order."""
        key = ("own", side)
        if key not in self._cache:
            space = self.space(side)
            self._cache[key] = [space.own(k) for k in self.common]
        result: list[Scenario] = self._cache[key]
        return result

    def shared(self, side: SideName, role_id: str | None) -> str | None:
        return None if role_id is None else aligned_role(self.protocol(side).shared_id(role_id))

    def party(self, side: SideName, party: Party | None) -> str | frozenset[str] | None:
        """A counterpart as compared: one role id, or every role a guarded list names."""
        if party is None or isinstance(party, str):
            return self.shared(side, party)
        return self.shared_set(side, party_roles(party))

    def shared_set(self, side: SideName, role_ids: Sequence[str]) -> frozenset[str]:
        return frozenset(aligned_role(self.protocol(side).shared_id(r)) for r in role_ids)

    def token(self, kind: str, side: SideName, element_id: str) -> Hashable:
        """What a reference to an element stands for: its matched pair, else itself."""
        return self.tokens.get((kind, side, element_id), (side, element_id))

    def guard(self, side: SideName, guard: Guard | None) -> Hashable:
        """A guard's meaning: the common scenarios (by position) where it holds."""
        key = ("guard", side, id(guard))
        if key not in self._cache:
            self._cache[key] = frozenset(i for i, s in enumerate(self.own(side))
                                         if guard_holds(guard, s))
        return self._cache[key]  # type: ignore[no-any-return]

    def graphs(self, side: SideName) -> list[RouteGraph]:
        """The route graph of every common scenario on this side (same order)."""
        key = ("graphs", side)
        if key not in self._cache:
            protocol = self.protocol(side)
            # A side that declares fewer attributes answers many common keys with one
            # scenario of its own (Arnhem: 28 for Oostzaan's 224): one graph each.
            built: dict[Scenario, RouteGraph] = {}
            self._cache[key] = [built[s] if s in built else
                                built.setdefault(s, route_adjacency(protocol, s))
                                for s in self.own(side)]
        result: list[RouteGraph] = self._cache[key]
        return result

    def reach(self, side: SideName, step_id: str) -> frozenset[int]:
        """The common scenarios (by position) whose route passes through a step."""
        key = ("reach", side)
        if key not in self._cache:
            index: dict[str, set[int]] = defaultdict(set)
            for i, graph in enumerate(self.graphs(side)):
                for node in graph.nodes:
                    index[node].add(i)
            self._cache[key] = {k: frozenset(v) for k, v in index.items()}
        return self._cache[key].get(step_id, frozenset())  # type: ignore[no-any-return]

    def scope(self, left_step: str, right_step: str) -> tuple[int, ...]:
        """The scenarios on which two steps are compared: those whose route passes through
        either (a difference no case can meet is no difference), or every common scenario
        when no route reaches them."""
        reached = self.reach("left", left_step) | self.reach("right", right_step)
        return tuple(sorted(reached)) if reached else tuple(range(len(self.common)))

    def view(self, side: SideName, step_id: str, i: int) -> StepView:
        """The step as common scenario ``i`` sees it, read from the step's table over
        its side's space (:func:`~protocolkit.semantics.space_view`): resolved once per
        part of the space that sees the step alike, and only for the scenarios a
        comparison asks about (those whose route passes through it or its candidate):
        the matching asks for it for every candidate pair."""
        protocol = self.protocol(side)
        at = self.positions(side)[i]
        if at is None:      # not a scenario of the side's space (none is): resolved
            return resolve_step(protocol, step_id, self.own(side)[i])
        return space_view(protocol, step_id, at)

    def positions(self, side: SideName) -> list[int | None]:
        """Each common scenario's position in its side's space (same order)."""
        key = ("positions", side)
        if key not in self._cache:
            index = space_index(self.protocol(side))
            self._cache[key] = [index.get(s) for s in self.own(side)]
        result: list[int | None] = self._cache[key]
        return result

    def signatures(self, side: SideName) -> list[int]:
        """The view signature of every common scenario on this side (same order)."""
        key = ("signatures", side)
        if key not in self._cache:
            protocol = self.protocol(side)
            self._cache[key] = [view_signature(protocol, s) for s in self.own(side)]
        result: list[int] = self._cache[key]
        return result

    def actor(self, side: SideName, step_id: str, scope: tuple[int, ...]) -> Hashable:
        """Who a step names as actor in each scenario of ``scope`` (shared ids, before
        substitution; all of a joint step, in order): once per view signature, as the
        matching asks for it for every candidate pair."""
        by_signature: dict[int, Hashable] = self._cache.setdefault(
            ("actor", side, step_id), {})
        signatures = self.signatures(side)
        found: list[Hashable] = []
        for i in scope:
            signature = signatures[i]
            if signature in by_signature:
                found.append(by_signature[signature])
                continue
            shared = self.protocol(side).shared_id
            view = self.view(side, step_id, i)
            each = tuple(shared(a.named) for a in view.actors)
            # joint: all, in order; a choice (any_of, "en/of") is another actor than the
            # same roles acting together
            name = by_signature[signature] = (each[0] if len(each) == 1 else
                                              (each, "any_of") if view.any_of else each)
            found.append(name)
        return tuple(found)

    def outcomes(self, side: SideName, step_id: str, scope: tuple[int, ...]) -> Hashable:
        """Where a step can lead in each scenario of ``scope`` (matched steps, admission)."""
        return tuple(
            frozenset((self.token("step", side, o.next), o.admission,
                       frozenset(self.token("step", side, t) for t in o.tracks))
                      for o in self.view(side, step_id, i).outcomes)
            for i in scope)


# --------------------------------------------------------------------------- matching


@dataclass
class Matching:
    pairs: list[tuple[Any, Any]]
    removed: list[Any]
    added: list[Any]


def match(items_left: Sequence[T], items_right: Sequence[T],
          key_left: Callable[[T], Hashable | None], key_right: Callable[[T], Hashable | None],
          score: Callable[[T, T], int],
          similar: Callable[[T, T], float] | None = None) -> Matching:
    """Match elements by id, then by key (most similar first), then — when ``similar`` is
    given — by a similarity of at least :data:`SIMILAR_ENOUGH`; the rest are added or
    removed."""
    right_by_id = {r.id: r for r in items_right}
    pairs: list[tuple[Any, Any]] = []
    free_left: list[T] = []
    for item in items_left:
        other = right_by_id.pop(item.id, None)
        if other is None:
            free_left.append(item)
        else:
            pairs.append((item, other))
    free_right = [r for r in items_right if r.id in right_by_id]
    buckets: dict[Hashable, tuple[list[T], list[T]]] = defaultdict(lambda: ([], []))
    for item in free_left:
        key = key_left(item)
        if key is not None:
            buckets[key][0].append(item)
    for item in free_right:
        key = key_right(item)
        if key is not None:
            buckets[key][1].append(item)
    taken: set[tuple[str, str]] = set()
    for lefts, rights in buckets.values():
        candidates = sorted(
            ((score(a, b), a, b) for a in lefts for b in rights),
            key=lambda c: (-c[0], sorted((c[1].id, c[2].id))))
        for _, a, b in candidates:
            if ("left", a.id) in taken or ("right", b.id) in taken:
                continue
            taken.update({("left", a.id), ("right", b.id)})
            pairs.append((a, b))
    removed = [i for i in free_left if ("left", i.id) not in taken]
    added = [i for i in free_right if ("right", i.id) not in taken]
    if similar is not None and removed and added:
        alike = sorted(
            ((similar(a, b), a, b) for a in removed for b in added),
            key=lambda c: (-c[0], sorted((c[1].id, c[2].id))))
        for ratio, a, b in alike:
            if ratio < SIMILAR_ENOUGH:
                break
            if ("left", a.id) in taken or ("right", b.id) in taken:
                continue
            taken.update({("left", a.id), ("right", b.id)})
            pairs.append((a, b))
        removed = [i for i in removed if ("left", i.id) not in taken]
        added = [i for i in added if ("right", i.id) not in taken]
    return Matching(pairs, removed, added)


#: How alike two names (or ids) must be for elements without a shared key to match.
SIMILAR_ENOUGH = 0.8


def name_similarity(left: Any, right: Any, at_least: float = 0.0) -> float:
    """How alike two elements' ids and display names are (0..1), the same both ways.
    With ``at_least``, a pair that cannot reach it gets a value below it that is found
    cheaply (difflib's upper bounds) instead of the exact one.

    >>> from types import SimpleNamespace as E
    >>> round(name_similarity(E(id="publieke_excuses", name="Publieke excuses"),
    ...                       E(id="publiek_excuus", name="Publiek excuus")), 2)
    0.87
    >>> name_similarity(E(id="berisping", name="Berisping"), E(id="ontslag", name="Ontslag"),
    ...                 at_least=SIMILAR_ENOUGH) < SIMILAR_ENOUGH
    True
    """
    def ratio(a: str, b: str) -> float:
        first, second = sorted((a, b))
        matcher = difflib.SequenceMatcher(None, first, second, autojunk=False)
        if at_least:
            for bound in (matcher.real_quick_ratio, matcher.quick_ratio):
                below = bound()
                if below < at_least:
                    return below
        return matcher.ratio()

    return max(ratio(left.id, right.id),
               ratio(name_key(getattr(left, "name", "")), name_key(getattr(right, "name", ""))))


def _similar_enough(left: Any, right: Any) -> float:
    """:func:`name_similarity` as :func:`match` uses it: exact only where it can reach
    :data:`SIMILAR_ENOUGH` (a pair below it is never matched, whatever its value)."""
    return name_similarity(left, right, at_least=SIMILAR_ENOUGH)


def pair_id(left: Any, right: Any) -> str:
    """The id a row shows for a matched pair: one id, or both sorted when they differ."""
    a, b = left.id, right.id
    return a if a == b else " / ".join(sorted((a, b)))


def record_tokens(ctx: Context, kind: str, matching: Matching) -> None:
    for left, right in matching.pairs:
        token = ("pair", kind, pair_id(left, right))
        ctx.tokens[(kind, "left", left.id)] = token
        ctx.tokens[(kind, "right", right.id)] = token


def _changed_form(element: Any, differ: tuple[str, ...]) -> Any:
    """An element's YAML form with the flags that differ written out even at their
    default, so that ``moment_not_set: false`` shows as "nee", not as left out."""
    form = yaml_form(element)
    if isinstance(form, dict):
        for name in differ:
            value = getattr(element, name, None)
            if isinstance(value, bool) and name not in form:
                form[name] = value
    return form


def element_rows(kind: str, matching: Matching,
                 fields: Callable[[SideName, Any], Fields] | None = None,
                 pair_fields: Callable[[Any, Any], tuple[Fields, Fields]] | None = None,
                 ) -> list[StructuralChange]:
    """Rows for a matching: changed pairs (by ``fields`` of each side, or ``pair_fields``
    of both at once), removed and added elements."""
    rows: list[StructuralChange] = []
    for left, right in matching.pairs:
        if pair_fields is not None:
            a, b = pair_fields(left, right)
        else:
            assert fields is not None
            a, b = fields("left", left), fields("right", right)
        differ = tuple(name for name in a if a[name] != b[name])
        if differ:
            rows.append(StructuralChange(kind, "changed", pair_id(left, right),
                                         _changed_form(left, differ),
                                         _changed_form(right, differ), differ))
    rows.extend(StructuralChange(kind, "removed", e.id, yaml_form(e), None)
                for e in matching.removed)
    rows.extend(StructuralChange(kind, "added", e.id, None, yaml_form(e))
                for e in matching.added)
    return rows


# --------------------------------------------------------------------------- kinds


def _scenario_rows(ctx: Context) -> list[StructuralChange]:
    rows: list[StructuralChange] = []

    def names(side: SideName, role_ids: list[str]) -> list[str]:
        known = scenario_role_names(ctx.protocol(side))
        return sorted({known[r] for r in role_ids})

    lp, rp = ctx.protocol("left").scenarios, ctx.protocol("right").scenarios
    dimensions: list[tuple[str, Any, Any]] = [
        ("reporters", names("left", lp.reporters), names("right", rp.reporters)),
        ("subjects", names("left", lp.subjects), names("right", rp.subjects)),
        ("acts", sorted(set(lp.acts)), sorted(set(rp.acts))),
        ("own", sorted(set(lp.own)), sorted(set(rp.own))),
    ]
    for dim, a, b in dimensions:
        if a != b:
            rows.append(StructuralChange("scenarios", "changed", dim, a, b))
    for name in sorted(set(lp.attributes) | set(rp.attributes)):
        a_values, b_values = lp.attributes.get(name), rp.attributes.get(name)
        row_id = f"attribute.{name}"
        if b_values is None:
            rows.append(StructuralChange("scenarios", "removed", row_id, a_values, None))
        elif a_values is None:
            rows.append(StructuralChange("scenarios", "added", row_id, None, b_values))
        elif (lp.default(name), set(a_values)) != (rp.default(name), set(b_values)):
            # The default (first value, none when ``required``) and the domain.
            rows.append(StructuralChange("scenarios", "changed", row_id,
                                         {"values": a_values, "default": lp.default(name)},
                                         {"values": b_values, "default": rp.default(name)}))
    cells = {side: _cells(ctx.protocol(side)) for side in ("left", "right")}
    excluded = {side: _excluded(ctx.protocol(side), cells[side]) for side in ("left", "right")}
    products = {side: {key for key, _ in cells[side]} for side in ("left", "right")}
    both = products["left"] & products["right"]
    if excluded["left"] & both != excluded["right"] & both:
        rows.append(StructuralChange("scenarios", "changed", "exclude",
                                     yaml_form(lp.exclude), yaml_form(rp.exclude)))
    return rows


def _cells(protocol: Protocol) -> list[tuple[Scenario, Scenario]]:
    """Every possible cell of a protocol's space before ``exclude``: (key, own scenario)."""
    names = scenario_role_names(protocol)
    return [(Scenario(names[s.reporter], names[s.subject], s.act, s.own, s.attributes), s)
            for s in possible_scenarios(protocol)]


def _excluded(protocol: Protocol, cells: list[tuple[Scenario, Scenario]]) -> set[Scenario]:
    exclude = protocol.exclusion_guards()
    return {key for key, s in cells if any(guard_holds(g, s) for g in exclude)}


def _role_fields(ctx: Context, side: SideName, role: Role) -> Fields:
    return {
        "kind": role.kind.value,
        "shared": role.shared,
        "single": role.single,
        "never": frozenset(a.value for a in role.never),
        "members": ctx.shared_set(side, role.members),
        "optional_members": ctx.shared_set(side, sorted(role.optional_member_ids())),
        "seat_per": frozenset((ctx.shared(side, seat.role), ctx.shared(side, seat.per))
                              for seat in role.seat_per),
        "employed_by": ctx.shared_set(side, role.employed_by),
        "accountable_to": ctx.shared_set(side, role.accountable_to),
        "part_of": ctx.shared_set(side, role.part_of),
    }


def _phase_ranks(protocol: Protocol) -> dict[str, int]:
    orders = sorted({p.order for p in protocol.phases})
    return {p.id: orders.index(p.order) + 1 for p in protocol.phases}


def _sanction_fields(ctx: Context, side: SideName, sanction: Sanction) -> Fields:
    return {
        "imposed_by": ctx.shared_set(side, sanction.imposer_ids()),
        "applies_to": ctx.shared_set(side, sanction.applies_to),
        "severity": sanction.severity,
        "outside_procedure": sanction.outside_procedure,
        "offered": sanction.offered,
        "imposer_not_set": sanction.imposer_not_set,
    }


def _step_static(ctx: Context, side: SideName, step: Step, scope: tuple[int, ...]) -> Fields:
    """What a step is, without where it leads (that needs the step matching)."""
    return {
        "kind": step.kind.value,
        "phase": ctx.token("phase", side, step.phase),
        "actor": ctx.actor(side, step.id, scope),
        "counterpart": ctx.party(side, step.counterpart),
        "consulted": ctx.shared_set(side, party_roles(step.consulted)),
        "informed": ctx.shared_set(side, party_roles(step.informed)),
        "heard": ctx.shared_set(side, party_roles(step.heard)),
        # the roles consulted or heard only if the actor so chooses (optional: true)
        **{f"{key}_optional": ctx.shared_set(side, party_roles(
            [c for c in getattr(step, key) if isinstance(c, RoleCase) and c.optional]))
           for key in OPTIONAL_PARTY_FIELDS},
        "end": step.end,
        "out_of_scope": normal_text(step.out_of_scope.regime
                                    if isinstance(step.out_of_scope, Handoff)
                                    else step.out_of_scope),
        "handoff": _handoff_key(ctx, side, step),
        "sanctions": frozenset(ctx.token("sanction", side, s) for s in step.sanctions),
        "confidential": step.confidential,
        "open": _open_key(ctx, side, step),
    }


def _step_open_points(protocol: Protocol, step: Step) -> list[str]:
    """The open points a step's answer waits on: its own marker, the points that list
    it under ``affects``, and those of its alternatives and deadline, in that order."""
    points = open_points_of(protocol, step.id, step.open)
    for cases in (step.actor, step.counterpart, step.consulted, step.informed, step.heard):
        if isinstance(cases, list):
            points.extend(p for c in cases if not isinstance(c, str) for p in open_ids(c.open))
    if step.deadline is not None:
        points.extend(open_ids(step.deadline.open))
    return list(dict.fromkeys(points))


def _open_key(ctx: Context, side: SideName, step: Step) -> Hashable:
    """Whether (and under which open points, by question) a step's answer is open."""
    protocol = ctx.protocol(side)
    points = set(_step_open_points(protocol, step))
    # By topic (a short label, not display text): the same open question reworded is
    # no difference; the question itself is compared in the open points' own rows.
    return frozenset(q.topic for q in protocol.open_points if q.id in points)


def _show_open_points(ctx: Context, rows: list[StructuralChange], steps: Matching) -> None:
    """Where a step pair differs in being open, each side's form names its open points
    (``open``), also those tied to the step only by an open point's ``affects``: else
    the row says "nog open punt" differs and shows it on neither side."""
    pairs = {pair_id(left, right): (left, right) for left, right in steps.pairs}
    sides: tuple[SideName, SideName] = ("left", "right")
    for row in rows:
        if row.kind != "step" or row.change != "changed" or "open" not in row.fields:
            continue
        for side, step, form in zip(sides, pairs[row.id], (row.left, row.right),
                                    strict=True):
            points = _step_open_points(ctx.protocol(side), step)
            if isinstance(form, dict) and points:
                form["open"] = points


_STEP_WEIGHTS = {"actor": 4, "phase": 2, "counterpart": 2, "end": 2, "out_of_scope": 1,
                 "consulted": 1, "consulted_optional": 1, "informed": 1, "heard": 1, "heard_optional": 1, "open": 1, "sanctions": 1, "confidential": 1,
                 "deadline": 1}


def _assignment_key(ctx: Context, side: SideName, value: Party | None) -> Hashable:
    if value is None or isinstance(value, str):
        return ctx.shared(side, value)
    return tuple((ctx.guard(side, None), (ctx.shared(side, c),)) if isinstance(c, str) else
                 (ctx.guard(side, c.when), tuple(ctx.shared(side, r) for r in c.roles()))
                 for c in value)


def _handoff_key(ctx: Context, side: SideName, step: Step) -> Hashable:
    """Who decides and who communicates with the melder where the case goes instead."""
    if not isinstance(step.out_of_scope, Handoff):
        return None
    return (_assignment_key(ctx, side, step.out_of_scope.decides),
            _assignment_key(ctx, side, step.out_of_scope.communicates_with_melder))


def _condition_key(ctx: Context, side: SideName, condition: FactCondition) -> Hashable:
    at: Hashable = condition.at if isinstance(condition.at, str) and \
        condition.at in FACT_REFERENCE_DATES else \
        frozenset(ctx.token("step", side, s) for s in condition.at_steps())
    return (ctx.token("fact", side, condition.fact),
            "older_than" if condition.older_than is not None else "within",
            condition.period.amount, condition.period.unit, at)


def _step_conditions(ctx: Context, side: SideName, step: Step) -> frozenset[Hashable]:
    return frozenset(_condition_key(ctx, side, c) for o in step.outcomes for c in o.requires)


def _conditions_data(step: Step) -> list[Any]:
    return [{"outcome": o.id, **yaml_form(c)} for o in step.outcomes for c in o.requires]


def _fact_condition_rows(ctx: Context, steps: Matching) -> list[StructuralChange]:
    """The fact conditions (``requires``) of each step's outcomes, compared as sets."""
    rows: list[StructuralChange] = []
    for left, right in steps.pairs:
        a = _step_conditions(ctx, "left", left)
        b = _step_conditions(ctx, "right", right)
        if a == b:
            continue
        change: Literal["added", "removed", "changed"] = (
            "removed" if not b else "added" if not a else "changed")
        rows.append(StructuralChange("fact_condition", change, pair_id(left, right),
                                     _conditions_data(left) or None,
                                     _conditions_data(right) or None))
    rows.extend(StructuralChange("fact_condition", "removed", s.id, _conditions_data(s), None)
                for s in steps.removed if _conditions_data(s))
    rows.extend(StructuralChange("fact_condition", "added", s.id, None, _conditions_data(s))
                for s in steps.added if _conditions_data(s))
    return rows


def _join_key(ctx: Context, side: SideName, step: Step) -> Hashable:
    """The steps a join waits for, as matched steps (``None``: no explicit join)."""
    if step.join is None:
        return None
    return frozenset(ctx.token("step", side, s) for s in step.join.waits_for)


def _join_rows(ctx: Context, steps: Matching) -> list[StructuralChange]:
    """The explicit joins (``Step.join``) of matched, added and removed steps."""
    def data(step: Step) -> Any:
        return None if step.join is None else yaml_form(step.join)

    rows: list[StructuralChange] = []
    for left, right in steps.pairs:
        a, b = _join_key(ctx, "left", left), _join_key(ctx, "right", right)
        if a == b:
            continue
        change: Literal["added", "removed", "changed"] = (
            "removed" if b is None else "added" if a is None else "changed")
        rows.append(StructuralChange("join", change, pair_id(left, right), data(left),
                                     data(right)))
    rows.extend(StructuralChange("join", "removed", s.id, data(s), None)
                for s in steps.removed if s.join is not None)
    rows.extend(StructuralChange("join", "added", s.id, None, data(s))
                for s in steps.added if s.join is not None)
    return rows


def _deadline_key(ctx: Context, side: SideName, deadline: Deadline | None,
                  ) -> tuple[int | None, str | None, Hashable, str | None] | None:
    if deadline is None:
        return None
    start: Hashable = deadline.from_
    if deadline.from_ not in DEADLINE_STARTS:
        start = ctx.token("step", side, deadline.from_)
    return (deadline.amount, deadline.unit, start, normal_text(deadline.words))


def _step_score(ctx: Context) -> Callable[[Step, Step], int]:
    def score(left: Step, right: Step) -> int:
        scope = ctx.scope(left.id, right.id)
        a, b = _step_static(ctx, "left", left, scope), _step_static(ctx, "right", right, scope)
        a["deadline"] = _deadline_key(ctx, "left", left.deadline)
        b["deadline"] = _deadline_key(ctx, "right", right.deadline)
        return sum(w for name, w in _STEP_WEIGHTS.items() if a[name] == b[name])
    return score


def _step_role(ctx: Context, side: SideName, step: Step, ranks: dict[str, int]) -> Hashable:
    """A step's part in the route: its kind, who acts by default (the alternative
    without a condition, else the first) and the position of its phase."""
    actor: Hashable
    if step.actor is None:                     # an end step the text assigns to nobody
        actor = None
    elif isinstance(step.actor, str):
        actor = ctx.shared(side, step.actor)
    else:
        plain = [c for c in step.actor if isinstance(c, str)]
        cases = [c for c in step.actor if not isinstance(c, str)]
        default = [c for c in cases if c.when is None] or cases
        roles = plain or (default[0].roles() if default else [])
        actor = tuple(ctx.shared(side, r) for r in roles) if roles else "?"
        if isinstance(actor, tuple) and len(actor) == 1:
            actor = actor[0]
    return (step.kind.value, actor, ranks.get(step.phase))


def _deadline_rows(ctx: Context, steps: Matching) -> list[StructuralChange]:
    rows: list[StructuralChange] = []
    for left, right in steps.pairs:
        a = _deadline_key(ctx, "left", left.deadline)
        b = _deadline_key(ctx, "right", right.deadline)
        row_id = pair_id(left, right)
        if a is None and b is None:
            continue
        if b is None:
            rows.append(StructuralChange("deadline", "removed", row_id,
                                         yaml_form(left.deadline), None))
        elif a is None:
            rows.append(StructuralChange("deadline", "added", row_id,
                                         None, yaml_form(right.deadline)))
        elif a != b:
            assert left.deadline is not None and right.deadline is not None
            names = ("amount", "unit", "from", "words")
            differ = tuple(n for n, x, y in zip(names, a, b, strict=True) if x != y)
            rows.append(StructuralChange("deadline", "changed", row_id,
                                         yaml_form(left.deadline), yaml_form(right.deadline),
                                         differ))
    rows.extend(StructuralChange("deadline", "removed", s.id, yaml_form(s.deadline), None)
                for s in steps.removed if s.deadline is not None)
    rows.extend(StructuralChange("deadline", "added", s.id, None, yaml_form(s.deadline))
                for s in steps.added if s.deadline is not None)
    return rows


def _section_text_rows(left: Protocol, right: Protocol) -> list[StructuralChange]:
    """A section whose quoted text differs (whitespace aside) between two files that
    both quote it: shown, field ``text``, but never a difference in behaviour (the text
    is not interpreted). Sections are citations, so one side's section the other lacks,
    or a text only one side quotes, is no row: comparing two municipalities would
    otherwise list every section of both."""
    before = {s.id: s for s in left.sections}
    rows: list[StructuralChange] = []
    for section in right.sections:
        old = before.get(section.id)
        if (old is not None and old.text and section.text
                and " ".join(old.text.split()) != " ".join(section.text.split())):
            rows.append(StructuralChange("section", "changed", section.id,
                                         yaml_form(old), yaml_form(section), ("text",)))
    return rows


def structural_changes(ctx: Context) -> list[StructuralChange]:
    """Every structural difference, in canonical order (kind, then id)."""
    lp, rp = ctx.protocol("left"), ctx.protocol("right")
    rows = _scenario_rows(ctx)

    roles = match(lp.roles, rp.roles, lambda r: aligned_role(lp.shared_id(r.id)),
                  lambda r: aligned_role(rp.shared_id(r.id)),
                  lambda a, b: sum(x == y for x, y in zip(
                      _role_fields(ctx, "left", a).values(),
                      _role_fields(ctx, "right", b).values(), strict=True)))
    rows += element_rows("role", roles, lambda side, r: _role_fields(ctx, side, r))

    ranks = {"left": _phase_ranks(lp), "right": _phase_ranks(rp)}
    phases = match(lp.phases, rp.phases, lambda p: ranks["left"][p.id],
                   lambda p: ranks["right"][p.id], lambda a, b: 0)
    record_tokens(ctx, "phase", phases)
    rows += element_rows("phase", phases, lambda side, p: {"order": ranks[side][p.id]})

    sanctions = match(lp.sanctions, rp.sanctions, lambda s: name_key(s.name),
                      lambda s: name_key(s.name),
                      lambda a, b: sum(x == y for x, y in zip(
                          _sanction_fields(ctx, "left", a).values(),
                          _sanction_fields(ctx, "right", b).values(), strict=True)),
                      _similar_enough)
    record_tokens(ctx, "sanction", sanctions)
    rows += element_rows("sanction", sanctions, lambda side, s: _sanction_fields(ctx, side, s))

    facts = match(lp.facts, rp.facts, lambda f: name_key(f.label), lambda f: name_key(f.label),
                  lambda a, b: int(a.type == b.type), _similar_enough)
    record_tokens(ctx, "fact", facts)
    rows += element_rows("fact", facts, lambda side, f: {"type": f.type})
    calendars = {side: (ctx.protocol(side).calendar.base,
                        sorted(ctx.protocol(side).calendar.closed)) for side in ("left", "right")}
    if calendars["left"] != calendars["right"]:
        rows.append(StructuralChange("calendar", "changed", "calendar",
                                     yaml_form(lp.calendar), yaml_form(rp.calendar),
                                     tuple(n for n, x, y in zip(
                                         ("base", "closed"), calendars["left"],
                                         calendars["right"], strict=True) if x != y)))

    # Steps pair only when they play the same part in the route: the same kind, the
    # same (default) actor and the same phase position — never by kind alone.
    steps = match(lp.steps, rp.steps,
                  lambda s: _step_role(ctx, "left", s, ranks["left"]),
                  lambda s: _step_role(ctx, "right", s, ranks["right"]),
                  _step_score(ctx))
    record_tokens(ctx, "step", steps)

    def step_fields(left: Step, right: Step) -> tuple[Fields, Fields]:
        scope = ctx.scope(left.id, right.id)
        a, b = _step_static(ctx, "left", left, scope), _step_static(ctx, "right", right, scope)
        a["outcomes"] = ctx.outcomes("left", left.id, scope)
        b["outcomes"] = ctx.outcomes("right", right.id, scope)
        return a, b

    step_rows = element_rows("step", steps, pair_fields=step_fields)
    _show_open_points(ctx, step_rows, steps)
    rows += step_rows
    rows += _deadline_rows(ctx, steps)
    rows += _fact_condition_rows(ctx, steps)
    rows += _join_rows(ctx, steps)

    routes = match(lp.entry_routes, rp.entry_routes,
                   lambda r: ctx.token("step", "left", r.step),
                   lambda r: ctx.token("step", "right", r.step),
                   lambda a, b: int(ctx.guard("left", a.when) == ctx.guard("right", b.when)))
    rows += element_rows("entry_route", routes, lambda side, r: {
        "when": ctx.guard(side, r.when), "step": ctx.token("step", side, r.step)})

    subs = match(lp.substitutions, rp.substitutions,
                 lambda s: (ctx.shared("left", s.replaces), ctx.shared("left", s.by)),
                 lambda s: (ctx.shared("right", s.replaces), ctx.shared("right", s.by)),
                 lambda a, b: int(ctx.guard("left", a.when) == ctx.guard("right", b.when)))
    rows += element_rows("substitution", subs, lambda side, s: {
        "when": ctx.guard(side, s.when), "replaces": ctx.shared(side, s.replaces),
        "by": ctx.shared(side, s.by),
        "phases": frozenset(ctx.token("phase", side, p) for p in s.phases),
        "steps": frozenset(ctx.token("step", side, x) for x in s.steps),
        "bodies": frozenset(ctx.shared(side, b) for b in s.bodies),
        "named_only": s.named_only, "subject_seat_only": s.subject_seat_only,
        "if_possible": s.if_possible})

    def rule_fields(side: SideName, rule: Any) -> Fields:
        return {
            "speaker": ctx.shared(side, rule.speaker),
            "audience": rule.audience,
            "allowed": rule.allowed,
            "from_step": None if rule.from_step is None else
            ctx.token("step", side, rule.from_step),
            "moment_not_set": rule.moment_not_set,
            "when": ctx.guard(side, rule.when),
        }

    rules = match(lp.communication, rp.communication,
                  lambda r: (ctx.shared("left", r.speaker), r.audience, r.allowed),
                  lambda r: (ctx.shared("right", r.speaker), r.audience, r.allowed),
                  lambda a, b: sum(x == y for x, y in zip(
                      rule_fields("left", a).values(), rule_fields("right", b).values(),
                      strict=True)))
    rows += element_rows("communication", rules, rule_fields)

    def silence_fields(side: SideName, silence: Any) -> Fields:
        return {
            "roles": ctx.shared_set(side, silence.roles),
            "audience": silence.audience,
            "from": None if silence.from_ is None else ctx.token("step", side, silence.from_),
            "until": None if silence.until is None else frozenset(
                (ctx.token("step", side, end.partition(".")[0]), end.partition(".")[2] or None)
                for end in silence.ends()),
            "when": ctx.guard(side, silence.when),
        }

    silences = match(lp.silences, rp.silences,
                     lambda x: (ctx.shared_set("left", x.roles), x.audience),
                     lambda x: (ctx.shared_set("right", x.roles), x.audience),
                     lambda a, b: sum(x == y for x, y in zip(
                         silence_fields("left", a).values(),
                         silence_fields("right", b).values(), strict=True)))
    # The ends in words (step title, outcome label) beside the file's ids, so that an
    # output names them as every other one does (``present.phrases.silence_sentence``).
    by_id = {"left": {x.id: x for x in lp.silences}, "right": {x.id: x for x in rp.silences}}

    def worded(side: SideName, data: Any) -> Any:
        found = by_id[side].get(str(data.get("id"))) if isinstance(data, dict) else None
        if found is None:
            return data
        return {**data, "in_words": silence_data(lp if side == "left" else rp, found)}

    rows += [replace(row, left=worded("left", row.left), right=worded("right", row.right))
             for row in element_rows("silence", silences, silence_fields)]

    def affected(side: SideName, ids: Sequence[str]) -> frozenset[Hashable]:
        protocol = ctx.protocol(side)
        return frozenset(ctx.token("step", side, e) if protocol.step(e) is not None else e
                         for e in ids)

    points = match(lp.open_points, rp.open_points, lambda p: p.topic, lambda p: p.topic,
                   lambda a, b: int(affected("left", a.affects) == affected("right", b.affects)))
    rows += element_rows("open_point", points, lambda side, p: {
        "topic": p.topic, "affects": affected(side, p.affects)})

    notes = match(lp.ambiguities, rp.ambiguities,
                  lambda a: affected("left", a.affects), lambda a: affected("right", a.affects),
                  lambda a, b: int(a.chosen == b.chosen))
    rows += element_rows("ambiguity", notes, lambda side, a: {
        "chosen": a.chosen, "readings": frozenset(r.id for r in a.readings),
        "affects": affected(side, a.affects), "when": ctx.guard(side, a.when)})

    principles = match(lp.principles, rp.principles, lambda p: name_key(p.name),
                       lambda p: name_key(p.name), lambda a, b: 0, _similar_enough)
    rows += element_rows("principle", principles, lambda side, p: {})
    rows += _section_text_rows(lp, rp)

    order = {kind: i for i, kind in enumerate(STRUCTURAL_KINDS)}
    return sorted(rows, key=lambda r: (order[r.kind], r.id))
