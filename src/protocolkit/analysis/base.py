"""Shared machinery of the route-graph checks: one scenario's graph, witnesses, and the
collector that turns per-scenario occurrences into one finding per element.

Every check works on :class:`ScenarioRun`: the effective route graph of one scenario
(built once by :func:`protocolkit.semantics.route_adjacency`) with a breadth-first tree from
the entry step, so that any step can be shown with the shortest path that reaches it.
Checks report :class:`Occurrence` objects; the :class:`Collector` groups them by code and
element, counts the scenarios affected, keeps the witness of the first scenario (in
:func:`~protocolkit.semantics.scenario_space` order), and applies the protocol's
``acknowledged`` entries.
"""

from __future__ import annotations

import functools
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import fields, replace
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from protocolkit.format.diagnostics import (
    MAX_FINDINGS_PER_CODE,
    MAX_WITNESS_STEPS,
    Finding,
    Location,
    Msg,
    Severity,
    finding,
    the_role,
)
from protocolkit.format.model import KIND_ACTION, Acknowledgement, Action, Protocol
from protocolkit.format.vocabulary import PSEUDO_ROLES, StepKind
from protocolkit.semantics import (
    EffectiveRole,
    Scenario,
    StepView,
    guard_holds,
    holding_substitutions,
    only_offered,
    route_adjacency,
    route_structure,
    route_views,
)
from protocolkit.semantics.routegraph import RouteGraph

if TYPE_CHECKING:
    from protocolkit.format.loader import Locations

T = TypeVar("T")
YamlPath = tuple[str | int, ...]
#: One step of a witness path: the step and the outcome taken from it (``None`` last).
Hop = tuple[str, str | None]


class Tree(dict[str, "tuple[str, str] | None"]):
    """A breadth-first tree (node -> (parent, outcome)) that knows each node's depth, so
    a witness can be cut to its last steps without walking the whole path."""

    def __init__(self) -> None:
        super().__init__()
        self.depth: dict[str, int] = {}


class HopPath(list[Hop]):
    """A path of hops; ``before`` steps of the real path precede its first hop."""

    before: int = 0


class Occurrence(NamedTuple):
    """What a check found in one scenario (or, with ``scenario=None``, in the file).

    ``key`` names the element at fault (with ``code`` it is the dedupe key); ``roles``
    and ``step`` are what an acknowledgement can match on. A named tuple, not a frozen
    dataclass: as immutable, and its class is made without compiling generated methods
    (cold ``validate`` builds it at import; the checks copy it per scenario with
    ``_replace``).
    """

    code: str
    key: tuple[Hashable, ...]
    location: YamlPath
    message: Msg
    hint: Msg | None = None
    scenario: Scenario | None = None
    #: The witness path, or a function that gives it: only the first occurrence of a
    #: finding shows its path, so a check that finds many may leave it to be made.
    path: tuple[dict[str, Any], ...] | Callable[[], tuple[dict[str, Any], ...]] = ()
    cycle: tuple[str, ...] = ()
    step: str | None = None
    roles: tuple[str, ...] = ()
    at_key: bool = False


class _Group:
    """The occurrences the collector gathers into one finding: the first, the
    acknowledgement that matches them, and the scenarios they were found in."""

    __slots__ = ("acknowledgement", "first", "scenarios")

    def __init__(self, first: Occurrence, acknowledgement: Acknowledgement | None) -> None:
        self.first = first
        self.acknowledgement = acknowledgement
        self.scenarios: set[Scenario] = set()


class Collector:
    """Dedupes occurrences into findings: one per (code, element, acknowledgement).

    Occurrences that an acknowledgement matches are grouped apart from those it does not
    match, so a partial acknowledgement never hides the rest.
    """

    def __init__(self, protocol: Protocol, locations: Locations | None) -> None:
        self.protocol = protocol
        self.locations = locations
        self._groups: dict[tuple[Hashable, ...], _Group] = {}
        self._used: set[str] = set()

    def add(self, occurrence: Occurrence) -> None:
        ack = self._acknowledgement(occurrence)
        key = (occurrence.code, occurrence.key, ack.id if ack else None)
        group = self._groups.get(key)
        if group is None:
            group = self._groups[key] = _Group(occurrence, ack)
        if occurrence.scenario is not None:
            group.scenarios.add(occurrence.scenario)
        if ack is not None:
            self._used.add(ack.id)

    def extend(self, occurrences: Iterable[Occurrence]) -> None:
        for occurrence in occurrences:
            self.add(occurrence)

    def _acknowledgement(self, occurrence: Occurrence) -> Acknowledgement | None:
        for ack in self.protocol.acknowledged:
            if ack.code != occurrence.code:
                continue
            if ack.step is not None and ack.step != occurrence.step:
                continue
            if ack.role is not None and ack.role not in occurrence.roles:
                continue
            if ack.when is not None and (occurrence.scenario is None
                                         or not guard_holds(ack.when, occurrence.scenario)):
                continue
            return ack
        return None

    def location(self, path: YamlPath, at_key: bool = False) -> Location:
        if self.locations is None:
            return Location(None, None, None)
        return self.locations.at(path, key=at_key)

    def findings(self) -> list[Finding]:
        """The findings, in the order their elements were first met; then a warning for
        each acknowledgement that matched nothing (it may be stale)."""
        result: list[Finding] = []
        for group in self._groups.values():
            first = group.first
            witness: dict[str, Any] | None = None
            if first.scenario is not None:
                count = len(group.scenarios)
                path = first.path() if callable(first.path) else first.path
                witness = {"scenario": first.scenario.to_dict(), "path": list(path),
                           "scenarios": count}
                if first.cycle:
                    witness["cycle"] = list(first.cycle)
            found = finding(first.code, first.message,
                            self.location(first.location, first.at_key),
                            hint=first.hint, witness=witness)
            found = replace(found, holds_for=frozenset(group.scenarios))
            # The message in English with the scenarios it holds for (the data in
            # ``text`` and ``witness`` gives it in every language).
            found = replace(found, message=found.describe("en"))
            if group.acknowledgement is not None:
                ack = group.acknowledgement
                reason = " ".join(ack.reason.split())
                found = replace(found, severity=Severity.info, hint=None, hint_text=None,
                                acknowledgement=(ack.id, reason))
                found = replace(found, message=found.describe("en"))
            result.append(found)
        result = group_many(result)
        for index, ack in enumerate(self.protocol.acknowledged):
            if ack.id not in self._used:
                result.append(finding(
                    "unmatched-acknowledgement",
                    Msg.of("unmatched-acknowledgement", id=ack.id, code=ack.code),
                    self.location(("acknowledged", index)), hint=Msg.of("hint.unmatched")))
        return result


def group_many(findings: list[Finding], limit: int = MAX_FINDINGS_PER_CODE) -> list[Finding]:
    """The first ``limit`` findings of each code and severity as they are; the rest of
    that code folded into one finding that counts them and names their lines. A file
    with thousands of findings of one kind is a few screens, not hundreds of megabytes.
    """
    seen: dict[tuple[str, Severity], int] = {}
    kept: list[Finding] = []
    folded: dict[tuple[str, Severity], list[Finding]] = {}
    for found in findings:
        key = (found.code, found.severity)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] <= limit:
            kept.append(found)
        else:
            folded.setdefault(key, []).append(found)
    for (code, severity), rest in folded.items():
        lines = [f.location.line for f in rest if f.location.line is not None]
        shown = ", ".join(str(n) for n in lines[:10]) + (", …" if len(lines) > 10 else "")
        text = Msg.of("w.more", count=len(rest), lines=Msg.of(
            "w.more-lines" if shown else "w.empty", **({"shown": shown} if shown else {})))
        kept.append(replace(
            rest[0], severity=severity, hint=None, hint_text=None, acknowledgement=None,
            message=text.render("en"), text=text, holds_for=frozenset(),
            witness={"more": len(rest), "lines": lines[:1000]}))
    return kept


# --------------------------------------------------------------------------- one scenario


#: What of a step view no check reads (the answers and the reports do): route structures
#: whose views differ only in these are checked alike (:meth:`ScenarioRun.shared`).
#: A check that comes to read one of them takes it out of this set.
UNREAD_BY_CHECKS = frozenset({"title", "heard", "counterparts", "compositions", "open_points",
                              "ambiguities", "handoff", "source", "source_for",
                              "actor_source", "deadline", "confidential", "out_of_scope"})


class Memos:
    """What one run of the checks memoizes (route structures, what the checks derive
    from them, per-view results): named tables, shared by the scenarios of the run and
    dropped with it. Kept on the protocol, all of it would live as long as the protocol
    (some sixty objects per step), and the cyclic collector's first pass after the
    checks would walk it all at once; dropped, it is freed as it goes out of use.

    >>> memos = Memos()
    >>> memos.table("t")["k"] = 1
    >>> memos.table("t")
    {'k': 1}
    """

    __slots__ = ("_tables",)

    def __init__(self) -> None:
        self._tables: dict[str, dict[Any, Any]] = {}

    def table(self, name: str) -> dict[Any, Any]:
        found = self._tables.get(name)
        if found is None:
            found = self._tables[name] = {}
        return found


def _checked_as(memos: Memos, view: StepView) -> int:
    """A small number for what the checks read of a view (every field but
    :data:`UNREAD_BY_CHECKS`): equal for views the checks cannot tell apart (numbered
    per run of the checks)."""
    def number() -> int:
        numbers = memos.table("analysis.checked_views")
        found: int = numbers.setdefault(
            tuple(getattr(view, name) for name in _read_fields()), len(numbers))
        return found

    return view_memo(memos, "analysis.checked_as", view, number)


@functools.cache
def _read_fields() -> tuple[str, ...]:
    return tuple(f.name for f in fields(StepView) if f.name not in UNREAD_BY_CHECKS)


def structure_key(memos: Memos, start: str | None, views: dict[str, StepView]) -> Hashable:
    """What the checks see of a scenario's route structure, from its entry ``start``
    and the ``views`` of the steps it reaches (:func:`~protocolkit.semantics.route_views`):
    scenarios with equal keys share one structure (:class:`ScenarioRun`)."""
    if start is None:
        return None
    memo = memos.table("analysis.checked_as")
    seen = []
    for view in views.values():
        known = memo.get(id(view))
        seen.append(known[1] if known is not None and known[0] is view
                    else _checked_as(memos, view))
    return (start, tuple(views), tuple(seen))


def release_structure(memos: Memos, key: Hashable) -> None:
    """Drop the structure of :func:`structure_key` ``key`` and what the checks derived
    from it from the run's memos, once no scenario left to check has it: it is freed
    while it is still in the cache, and the structures of a run are not all alive at
    once."""
    memos.table("analysis.alike").pop(key, None)


def _checked_structure(protocol: Protocol, memos: Memos, start: str,
                       views: dict[str, StepView], key: Hashable = None,
                       ) -> tuple[RouteGraph, dict[Hashable, Any]]:
    """The route graph the checks use for a scenario whose reachable steps from
    ``start`` have ``views`` (:func:`~protocolkit.semantics.route_views`), and the
    results they derive from it: one pair for every scenario whose structure they see
    alike (its graph has the steps, edges and outcomes of the scenario's own), kept in
    the run's ``memos`` only."""
    alike = memos.table("analysis.alike")
    if key is None:
        key = structure_key(memos, start, views)
    found: tuple[RouteGraph, dict[Hashable, Any]] | None = alike.get(key)
    if found is None:
        found = alike[key] = (route_structure(protocol, start, views, keep=False), {})
    return found


class ScenarioRun:
    """The effective route graph of one scenario, with a shortest-path tree from its entry.

    Built in time linear in the reachable steps and outcomes. The checks see structures
    alike when they have the same entry, steps and edges and views that differ only in
    what no check reads (:data:`UNREAD_BY_CHECKS`; Oostzaan's 184 route structures are 55
    to them): such scenarios share one graph (that of the first of them) and what the
    checks derive from it (:meth:`shared`).
    """

    def __init__(self, protocol: Protocol, scenario: Scenario, share: bool = True,
                 memos: Memos | None = None,
                 reach: tuple[str | None, dict[str, StepView]] | None = None,
                 structure: Hashable = None) -> None:
        self.protocol = protocol
        self.scenario = scenario
        #: The run's memos (:class:`Memos`): shared with the other scenarios' runs.
        self.memos = Memos() if memos is None else memos
        self._holding: tuple[str, ...] | None = None
        self.derived: dict[Hashable, Any]
        if share:
            # ``reach``: the scenario's route_views, when the caller has them at hand
            # (and ``structure``, their structure_key).
            start, views = route_views(protocol, scenario) if reach is None else reach
            if start is None:
                self.graph = RouteGraph(scenario=scenario)
                self.derived = {}
            else:
                self.graph, self.derived = _checked_structure(
                    protocol, self.memos, start, views, structure)
        else:
            # A structure of this scenario's own: nothing the checks derive from the
            # structure (:meth:`shared`) comes from another scenario.
            graph = route_adjacency(protocol, scenario)
            self.graph = graph.subgraph(graph.nodes)
            self.derived = self.graph.derived
        self.entry: str | None = self.graph.graph.get("entry")
        self.parent: dict[str, tuple[str, str] | None] = {}
        if self.entry is not None:
            parent = self.derived.get("bfs_tree")
            if parent is None:
                parent = self.derived["bfs_tree"] = bfs_tree(self.graph, self.entry)
            self.parent = parent

    def view(self, node: str) -> StepView:
        view: StepView = self.graph.nodes[node]["view"]
        return view

    def holding(self) -> tuple[str, ...]:
        """Ids of the substitutions that hold in the scenario, in file order (once per
        run)."""
        if self._holding is None:
            self._holding = tuple(holding_substitutions(self.protocol, self.scenario))
        return self._holding

    def nodes(self) -> Iterable[str]:
        nodes: Iterable[str] = self.graph.nodes  # networkx is untyped
        return nodes

    def path_to(self, node: str) -> HopPath:
        return tree_path(self.parent, node)

    def witness(self, hops: list[Hop]) -> tuple[dict[str, Any], ...]:
        """A path as witness data: step, kind, who acts, the outcome taken (with
        ``track``: the step it opened as a parallel track, when the path follows it).

        At most :data:`MAX_WITNESS_STEPS` hops, the last ones; the first kept hop says
        how many steps came before it (``steps_before``)."""
        before = getattr(hops, "before", 0)
        if len(hops) > MAX_WITNESS_STEPS:
            before += len(hops) - MAX_WITNESS_STEPS
            hops = hops[-MAX_WITNESS_STEPS:]
        result = []
        for step, key in hops:
            view = self.view(step)
            outcome, _, track = key.partition(">") if key is not None else (None, "", "")
            item: dict[str, Any] = {"step": step, "kind": view.kind.value,
                                    "actor": view.actor.role, "outcome": outcome}
            if track:
                item["track"] = track
            if view.actor.substituted:
                item["stands_in_for"] = view.actor.named
            result.append(item)
        if before and result:
            result[0]["steps_before"] = before
        return tuple(result)

    def witness_to(self, node: str) -> tuple[dict[str, Any], ...]:
        return self.witness(self.path_to(node))

    def restricted_paths(self, passes: Callable[[str, str, dict[str, Any]], bool],
                         key: Hashable = None) -> dict[str, tuple[str, str] | None]:
        """Shortest-path tree from the entry over the edges ``passes(node, outcome, data)``
        allows: the steps a case can reach while it has not yet done something.

        With a ``key`` that holds everything of the scenario ``passes`` depends on, the
        tree is computed once per route structure and key (scenarios sharing the
        structure share it)."""
        if self.entry is None:
            return {}
        if key is None:
            return bfs_tree(self.graph, self.entry, passes)
        return self.shared(("restricted", key),
                           lambda: bfs_tree(self.graph, self.entry or "", passes))

    def shared(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, once per route structure and ``key``: ``key`` names the result
        and holds everything of the scenario it depends on besides the structure (the
        steps' views as the checks read them, the edges and the entry)."""
        derived = self.derived
        if key not in derived:
            derived[key] = compute()
        found: T = derived[key]
        return found

    def kind_nodes(self, kind: StepKind) -> list[str]:
        """The graph's steps of ``kind``, in node order (once per route structure)."""
        by_kind: dict[StepKind, list[str]] = self.shared("kind_nodes", self._kind_nodes)
        return by_kind.get(kind, [])

    def _kind_nodes(self) -> dict[StepKind, list[str]]:
        found: dict[StepKind, list[str]] = {}
        for node, attributes in self.graph.nodes.items():
            found.setdefault(attributes["view"].kind, []).append(node)
        return found


def for_scenario(occurrences: Iterable[Occurrence], scenario: Scenario) -> Iterator[Occurrence]:
    """Occurrences found for one scenario, as they are for ``scenario`` (which shares
    everything they depend on): the same, under its name."""
    for occurrence in occurrences:
        yield (occurrence if occurrence.scenario == scenario
               else occurrence._replace(scenario=scenario))


def view_memo(memos: Memos, name: str, view: StepView, compute: Callable[[], T]) -> T:
    """``compute()`` once per step view and run (views are shared by every scenario that
    sees the step alike; the memo keeps the view alive with its value)."""
    memo = memos.table(name)
    found = memo.get(id(view))
    if found is None or found[0] is not view:
        found = memo[id(view)] = (view, compute())
    value: T = found[1]
    return value


def bfs_tree(graph: RouteGraph, start: str,
             passes: Callable[[str, str, dict[str, Any]], bool] | None = None,
             ) -> Tree:
    """Breadth-first tree: node -> (parent, outcome) for every node reachable from
    ``start`` over edges that ``passes`` (every edge without it); ``start`` maps to
    ``None``."""
    parent = Tree()
    parent[start] = None
    depth = parent.depth
    depth[start] = 0
    queue: deque[str] = deque([start])
    succ = graph.succ
    while queue:
        node = queue.popleft()
        below = depth[node] + 1
        for target, edges in succ[node].items():
            if target in parent:
                continue
            if passes is None:
                key = next(iter(edges))
            else:
                for key, data in edges.items():
                    if passes(node, key, data):
                        break
                else:
                    continue
            parent[target] = (node, key)
            depth[target] = below
            queue.append(target)
    return parent


def tree_path(parent: dict[str, tuple[str, str] | None], node: str) -> HopPath:
    """The path from the tree's root to ``node`` as (step, outcome taken) hops.

    From a :class:`Tree`, at most the last :data:`MAX_WITNESS_STEPS` hops (``before``
    counts the rest), in time bounded by that limit: a witness per step of a long chain
    stays linear in total."""
    hops = HopPath([(node, None)])
    depth = parent.depth.get(node) if isinstance(parent, Tree) else None
    if depth is not None and depth >= MAX_WITNESS_STEPS:
        hops.before = depth + 1 - MAX_WITNESS_STEPS
    link = parent.get(node)
    while link is not None and (hops.before == 0 or len(hops) < MAX_WITNESS_STEPS):
        previous, outcome = link
        hops.append((previous, outcome))
        link = parent.get(previous)
    hops.reverse()
    return hops


# --------------------------------------------------------------------------- who acts


class Performer(NamedTuple):
    """A role that performs an action in a step: an actor (by the step's kind; each of
    a joint step's actors) or a consulted role (advises). ``field`` is the YAML path
    below the step."""

    role: EffectiveRole
    action: Action
    field: YamlPath


def performers(view: StepView, protocol: Protocol) -> list[Performer]:
    """Who performs which action in a step (see docs/format.md, "What the kinds mean").
    A sanctie step whose sanctions are all offered (``offered``: Oostzaan art. 5.1 lid 3,
    the subject offers a publiek excuus) imposes none: its actor sanctions nobody."""
    result: list[Performer] = []
    action = KIND_ACTION.get(view.kind)
    if action is Action.sanctions and only_offered(protocol, view.sanctions):
        action = None
    if action is not None and view.actor.role != "?":
        for actor in view.actors or (view.actor,):
            result.append(Performer(actor, action, ("actor",)))
    for index, role in enumerate(view.consulted):
        result.append(Performer(role, Action.advises, ("consulted", index)))
    return result


def step_index(protocol: Protocol) -> dict[str, int]:
    """Step id -> position in the file (for locations), memoized on the protocol."""
    return protocol.derived("analysis.step_index",
                            lambda p: {s.id: i for i, s in enumerate(p.steps)})


def who(role: EffectiveRole) -> Msg:
    """A role as a message names it: ``cvdk (in place of burgemeester)``."""
    if role.substituted:
        return Msg.of("w.in-place-of", role=role.role, named=role.named)
    if role.named in PSEUDO_ROLES:
        return Msg.of("w.text", text=f"{role.role} ({role.named})")
    return Msg.of("w.text", text=role.role)


def the_who(role: EffectiveRole) -> Msg:
    """:func:`who` with its definite article: "de cvdk (in plaats van burgemeester)",
    "het raadslid"."""
    return the_role(who(role), article_of=role.role)
