"""Behavioural diff: for every scenario, what happens to a case on each side.

Every value compared here comes from :mod:`protocolkit.semantics` (``responsibilities``
and ``route_adjacency``), in shared-vocabulary terms, so that two municipalities with
different role ids line up. The aspects, in report order:

* ``covered`` — only one side has the scenario (the other aspects need both): it covers
  it (``True``) or excludes it, its entry route ending the case at once outside the
  protocol (``{excluded: {regime, source}}``, never shown as covered);
* the answers of ``responsibilities``: ``first_contact``, ``decides_follow_up``,
  ``commissions_investigation``, ``judges``, ``imposes_sanction``, ``communicates``
  (compared as sets of roles) and ``out_of_scope`` (where the case goes instead);
* ``handoff`` — who decides and who communicates with the melder where it goes instead
  ("niet toegewezen" where the text assigns nobody);
* ``step_kinds`` — the kinds of step the case can pass through;
* ``deadline.<kind>`` — the deadlines of the steps of that kind on the route;
* ``informed`` — who is told, on any step of the route;
* ``sanctions`` — the sanctions offered on the route's ``sanctie`` steps that apply to
  the subject (sanctions are the same when the structural diff matched them);
* ``silent`` — who must be silent, and until which step (by kind) or without end, and
  whether a concept only proposes it (taken from another text: "nog open - voorstel
  (ontleend aan Arnhem): ...", as the answers);
* ``open`` — the questions whose answer is still open (governed by an open point);
* ``tracks`` — the kinds of step that run as a parallel track.
* ``joins`` — where tracks meet: the kind of a joining step and the kinds of the steps
  it waits for (``Step.join``).
* ``fact_conditions`` — the conditions on the case's facts (``requires``) on the route,
  by fact (matched by label), comparison, period and reference date.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from protocolkit.diff.rows import BehavioralRow
from protocolkit.diff.scenarios import scenario_role_names
from protocolkit.diff.structural import Context, SideName, _condition_key, normal_text
from protocolkit.format.model import DEADLINE_STARTS, Deadline, Protocol, citations
from protocolkit.format.texts import text as frame_text
from protocolkit.format.vocabulary import NOT_ASSIGNED, QUESTIONS, StepKind, aligned_role
from protocolkit.semantics import (
    Scenario,
    aliases_used,
    entry_routes,
    ordered_views,
    responsibilities,
    scenario_order,
    scope_open_points,
)
from protocolkit.semantics.routegraph import RouteGraph

KIND_ORDER: dict[str, int] = {k.value: i for i, k in enumerate(StepKind)}

_FIXED_BEFORE = ("covered", *QUESTIONS, "out_of_scope", "handoff", "step_kinds")
_FIXED_AFTER = ("informed", "sanctions", "silent", "open", "tracks", "joins",
                "fact_conditions")


def aspect_rank(aspect: str) -> tuple[int, int]:
    """Report order of an aspect: the fixed ones, with the deadlines by step kind."""
    if aspect in _FIXED_BEFORE:
        return (_FIXED_BEFORE.index(aspect), 0)
    if aspect.startswith("deadline."):
        return (len(_FIXED_BEFORE), KIND_ORDER.get(aspect.split(".", 1)[1], 99))
    if aspect in _FIXED_AFTER:
        return (len(_FIXED_BEFORE) + 1 + _FIXED_AFTER.index(aspect), 0)
    return (99, 0)


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def comparable_deadline_text(protocol: Protocol, deadline: Deadline) -> str:
    """``"4 weken"``, ``"1 werkdag"``, ``"6 weken na opening van de zaak"``: a deadline
    as the diff shows it, comparable across two protocols (a step it runs from by id and
    kind, not by its title as :func:`protocolkit.semantics.deadline_text` names it for
    a reader of one protocol).

    >>> from protocolkit.format.loader import load_protocol
    >>> p = load_protocol("tests/data/minimal.yaml").protocol
    >>> comparable_deadline_text(p, p.step("melding").deadline)
    '10 werkdagen'
    """
    step = protocol.step(deadline.from_)
    kind = f" ({step.kind.value})" if step is not None else ""
    return deadline.describe(step_label=f"{deadline.from_}{kind}")


@dataclass
class Observed:
    """What happens to one scenario on one side, with the citations behind it."""

    #: question -> roles in the order they act (the text's order in a joint step);
    #: compared as sets.
    answers: dict[str, list[str]] = field(default_factory=dict)
    answer_sources: dict[str, list[str]] = field(default_factory=dict)
    #: question -> the short name of the text its open answer is a proposal from.
    proposals: dict[str, str] = field(default_factory=dict)
    out_of_scope: str | None = None
    out_of_scope_sources: list[str] = field(default_factory=list)
    kinds: dict[str, list[str]] = field(default_factory=dict)
    deadlines: dict[str, dict[Hashable, tuple[str, list[str]]]] = field(default_factory=dict)
    informed: dict[str, list[str]] = field(default_factory=dict)
    sanctions: dict[str, tuple[Hashable, list[str]]] = field(default_factory=dict)
    #: (roles, until, proposal) -> citations; ``until`` as the kind of the ending step,
    #: or None; ``proposal`` the short name of the text a concept's proposed silence is
    #: taken from, None where it is decided.
    silent: dict[tuple[tuple[str, ...], str | None, str | None], list[str]] = field(
        default_factory=dict)
    #: question -> the open points governing it (only questions still open).
    open: dict[str, list[str]] = field(default_factory=dict)
    #: kind of a step opened as a track -> citations of the outcomes opening it.
    tracks: dict[str, list[str]] = field(default_factory=dict)
    #: "kind of a joining step <- kinds it waits for" -> citations of the joins.
    joins: dict[str, list[str]] = field(default_factory=dict)
    handoff: tuple[list[str] | None, list[str] | None] = (None, None)
    handoff_sources: list[str] = field(default_factory=list)
    conditions: dict[Hashable, tuple[str, list[str]]] = field(default_factory=dict)


@dataclass(frozen=True)
class _RouteSeen:
    """What :func:`observe` reads from a route graph's structure alone, computed once
    per structure and side: every scenario whose steps look alike shares it (Oostzaan's
    224 common scenarios have about 100 structures). Read-only once built."""

    kinds: dict[str, list[str]]
    deadlines: dict[str, dict[Hashable, tuple[str, list[str]]]]
    informed: dict[str, list[str]]
    tracks: dict[str, list[str]]
    joins: dict[str, list[str]]
    conditions: dict[Hashable, tuple[str, list[str]]]
    #: (out_of_scope, citations) of the end steps that hand the case off, in route order.
    handoff_ends: tuple[tuple[str, tuple[str, ...]], ...]
    #: (sanction id, the shared roles it applies to, its token, its citations) of the
    #: sanctions the route's ``sanctie`` steps offer, in route order.
    sanctions: tuple[tuple[str, frozenset[str], Hashable, list[str]], ...]


def _route_seen(ctx: Context, side: SideName, graph: RouteGraph) -> _RouteSeen:
    """:class:`_RouteSeen` of ``graph``, memoized in ``ctx`` per shared structure (the
    tokens it holds are this comparison's, so it is not kept with the graph itself)."""
    memo: dict[tuple[SideName, int], tuple[RouteGraph, _RouteSeen]] = ctx.memo("route_seen")
    found = memo.get((side, id(graph.succ)))
    if found is None:
        found = memo[(side, id(graph.succ))] = (graph, _observe_route(ctx, side, graph))
    return found[1]


def _observe_route(ctx: Context, side: SideName, graph: RouteGraph) -> _RouteSeen:
    protocol = ctx.protocol(side)

    def shared(role_id: str) -> str:
        return aligned_role(protocol.shared_id(role_id))

    labels = {f.id: f.label for f in protocol.facts}
    seen = _RouteSeen({}, {}, {}, {}, {}, {}, (), ())
    # The edges that open a track (graph.edges(data=True), without the list of all).
    for source, targets in graph.succ.items():
        for target, keyed in targets.items():
            for data in keyed.values():
                if data.get("track"):
                    kind = graph.nodes[target]["view"].kind.value
                    cites = list(graph.nodes[source]["view"].source)
                    seen.tracks[kind] = _unique([*seen.tracks.get(kind, []), *cites])
    for node in graph.nodes:
        joining = protocol.step(node)
        if joining is None or joining.join is None:
            continue
        waited = sorted({graph.nodes[w]["view"].kind.value if w in graph else w
                         for w in joining.join.waits_for})
        join_key = f"{graph.nodes[node]['view'].kind.value} <- {' + '.join(waited)}"
        seen.joins[join_key] = _unique([*seen.joins.get(join_key, []),
                                        *citations(joining.join.source)])
    handoff_ends: list[tuple[str, tuple[str, ...]]] = []
    sanctions: list[tuple[str, frozenset[str], Hashable, list[str]]] = []
    for view in ordered_views(graph, protocol):
        kind = view.kind.value
        cites = list(view.source)
        seen.kinds.setdefault(kind, [])
        seen.kinds[kind] = _unique([*seen.kinds[kind], *cites])
        if view.end and view.out_of_scope and view.handoff is not None:
            handoff_ends.append((view.out_of_scope, view.source))
        if view.deadline is not None:
            key = (view.deadline.amount, view.deadline.unit,
                   view.deadline.from_ if view.deadline.from_ in DEADLINE_STARTS else
                   ctx.token("step", side, view.deadline.from_),
                   normal_text(view.deadline.words))
            text = comparable_deadline_text(protocol, view.deadline)
            known = seen.deadlines.setdefault(kind, {}).get(key, (text, []))
            deadline_cites = citations(view.deadline.source) or cites
            seen.deadlines[kind][key] = (known[0], _unique([*known[1], *deadline_cites]))
        # who is informed rests on the step's own source and on what the view cites
        # for the informed party, not on what it cites for another one (Oostzaan's
        # integriteitscommissie seat, art. 3.1 lid 3, is no source for a klankbordgroep)
        informed_cites = view.cited("step", "informed") if view.informed else ()
        for role in view.informed:
            name = shared(role.role)
            seen.informed[name] = _unique([*seen.informed.get(name, []), *informed_cites])
        step = protocol.step(view.id)
        taken = {o.id for o in view.outcomes}
        for outcome in step.outcomes if step is not None else []:
            if outcome.id not in taken:
                continue
            for condition in outcome.requires:
                condition_key = _condition_key(ctx, side, condition)
                words = condition.describe().replace(
                    condition.fact, labels.get(condition.fact, condition.fact), 1)
                found = seen.conditions.get(condition_key, (words, []))
                seen.conditions[condition_key] = (
                    found[0], _unique([*found[1], *citations(condition.source)]))
        if view.kind is StepKind.sanctie:
            for sanction_id in view.sanctions:
                sanction = protocol.sanction(sanction_id)
                if sanction is not None:
                    sanctions.append((sanction_id,
                                      frozenset(shared(r) for r in sanction.applies_to),
                                      ctx.token("sanction", side, sanction_id),
                                      citations(sanction.source)))
    return replace(seen, handoff_ends=tuple(handoff_ends), sanctions=tuple(sanctions))


def observe(ctx: Context, side: SideName, scenario: Scenario,
            graph: RouteGraph) -> Observed:
    """Everything the behavioural diff compares, for one scenario of one side (``graph``
    is its route graph). What the route's structure alone decides is shared with every
    scenario of that structure (:class:`_RouteSeen`); its dicts are read-only."""
    protocol = ctx.protocol(side)

    seen = Observed()
    answers = responsibilities(protocol, scenario)
    for question in QUESTIONS:
        seen.answers[question] = _unique(aligned_role(r) for r in answers.answer(question))
        seen.answer_sources[question] = list(answers.sources.get(question, []))
        offered = answers.proposals.get(question)
        if offered is not None:
            seen.proposals[question] = str(offered["name"])
    seen.out_of_scope = answers.out_of_scope
    if answers.handoff is not None:
        # The regime, not its free description (display text, like a title).
        seen.out_of_scope = answers.handoff["regime"]
        seen.handoff = (answers.handoff["decides"], answers.handoff["communicates_with_melder"])
        seen.handoff_sources = list(answers.handoff["source"])
    for silence in answers.silent:
        endings = [protocol.step(str(end).split(".", 1)[0])
                   for end in silence.get("ends") or []]
        kinds = sorted({e.kind.value for e in endings if e is not None})
        silent_key = (tuple(sorted({aligned_role(r) for r in silence["roles"]})),
                      frame_text("common.or", "nl").join(kinds) or None,
                      str(silence["proposal"]["name"]) if silence.get("proposal") else None)
        seen.silent[silent_key] = _unique([*seen.silent.get(silent_key, []),
                                           *silence["source"]])
    for question, points in answers.open_points.items():
        if points:
            seen.open[question] = list(points)
    route = _route_seen(ctx, side, graph)
    seen.kinds, seen.deadlines, seen.informed = route.kinds, route.deadlines, route.informed
    seen.tracks, seen.joins, seen.conditions = route.tracks, route.joins, route.conditions
    for out_of_scope, cites in route.handoff_ends:
        if out_of_scope == answers.out_of_scope:
            seen.out_of_scope_sources = _unique([*seen.out_of_scope_sources, *cites])
    subject = aligned_role(protocol.shared_id(scenario.subject))
    for sanction_id, applies_to, token, sanction_cites in route.sanctions:
        if subject in applies_to:
            seen.sanctions[sanction_id] = (token, sanction_cites)
    return seen


def _pick(sources: dict[Any, list[str]], keys: Iterable[Any]) -> tuple[str, ...]:
    return tuple(_unique(c for k in keys for c in sources.get(k, [])))


#: A behavioural row without its scenario: aspect, both values, both sides' citations.
Difference = tuple[str, Any, Any, tuple[str, ...], tuple[str, ...]]


def compare_scenario(ctx: Context, key: Scenario, left: Observed,
                     right: Observed) -> list[BehavioralRow]:
    """The rows of one scenario both sides cover."""
    return [BehavioralRow(key, *difference) for difference in differences(left, right)]


def differences(left: Observed, right: Observed) -> list[Difference]:
    """What differs between two observations, in aspect order (the rows of
    :func:`compare_scenario` without their scenario: many scenarios share a pair)."""
    rows: list[Difference] = []

    def add(aspect: str, a: Any, b: Any, a_src: Iterable[str], b_src: Iterable[str]) -> None:
        rows.append((aspect, a, b, tuple(a_src), tuple(b_src)))

    for question in QUESTIONS:
        said_l, said_r = left.answers[question], right.answers[question]
        from_l, from_r = left.proposals.get(question), right.proposals.get(question)
        # Who acts (in any order), and whether it is decided or only a proposal taken
        # from another text: {proposal, roles} on that side (its name is display text).
        if set(said_l) != set(said_r) or (from_l is None) != (from_r is None):
            add(question, said_l if from_l is None else {"proposal": from_l, "roles": said_l},
                said_r if from_r is None else {"proposal": from_r, "roles": said_r},
                left.answer_sources[question], right.answer_sources[question])
    if normal_text(left.out_of_scope) != normal_text(right.out_of_scope):
        add("out_of_scope", left.out_of_scope, right.out_of_scope,
            left.out_of_scope_sources, right.out_of_scope_sources)
    if left.handoff != right.handoff:
        def words(pair: tuple[list[str] | None, list[str] | None]) -> list[str]:
            joined = frame_text("common.and", "nl").join
            return [frame_text("data.decides", "nl", roles=joined(pair[0] or []) or NOT_ASSIGNED),
                    frame_text("data.communicates", "nl",
                               roles=joined(pair[1] or []) or NOT_ASSIGNED)]
        add("handoff", words(left.handoff), words(right.handoff),
            left.handoff_sources, right.handoff_sources)
    if set(left.kinds) != set(right.kinds):
        differ = set(left.kinds) ^ set(right.kinds)
        add("step_kinds", sorted(left.kinds, key=KIND_ORDER.__getitem__),
            sorted(right.kinds, key=KIND_ORDER.__getitem__),
            _pick(left.kinds, sorted(differ)), _pick(right.kinds, sorted(differ)))
    for kind in sorted(set(left.deadlines) | set(right.deadlines), key=KIND_ORDER.__getitem__):
        a, b = left.deadlines.get(kind, {}), right.deadlines.get(kind, {})
        if set(a) != set(b):
            add(f"deadline.{kind}", sorted(t for t, _ in a.values()),
                sorted(t for t, _ in b.values()),
                _unique(c for _, cs in a.values() for c in cs),
                _unique(c for _, cs in b.values() for c in cs))
    if set(left.informed) != set(right.informed):
        informed_differ = sorted(set(left.informed) ^ set(right.informed))
        add("informed", sorted(left.informed), sorted(right.informed),
            _pick(left.informed, informed_differ), _pick(right.informed, informed_differ))
    a_tokens = {t: s for s, (t, _) in left.sanctions.items()}
    b_tokens = {t: s for s, (t, _) in right.sanctions.items()}
    if set(a_tokens) != set(b_tokens):
        tokens_differ = set(a_tokens) ^ set(b_tokens)
        add("sanctions", sorted(left.sanctions), sorted(right.sanctions),
            _unique(c for t in a_tokens if t in tokens_differ for c in left.sanctions[a_tokens[t]][1]),
            _unique(c for t in b_tokens if t in tokens_differ for c in right.sanctions[b_tokens[t]][1]))
    # A silence is the same on both sides when its roles, its end and whether it is only
    # proposed agree: the name of the text a proposal comes from is display text, as for
    # the answers above.
    left_silent, right_silent = _silences(left), _silences(right)
    if left_silent != right_silent:
        # sorted: the cited sections must come out in the same order both ways (mirror)
        unmatched = left_silent ^ right_silent
        silent_differ = sorted((k for k in [*left.silent, *right.silent]
                                if _silence_alike(k) in unmatched), key=repr)
        add("silent", *_silence_values(left, right),
            _pick(left.silent, silent_differ), _pick(right.silent, silent_differ))
    if set(left.open) != set(right.open):
        add("open", sorted(left.open), sorted(right.open), (), ())
    if set(left.tracks) != set(right.tracks):
        tracks_differ = sorted(set(left.tracks) ^ set(right.tracks))
        add("tracks", sorted(left.tracks), sorted(right.tracks),
            _pick(left.tracks, tracks_differ), _pick(right.tracks, tracks_differ))
    if set(left.joins) != set(right.joins):
        joins_differ = sorted(set(left.joins) ^ set(right.joins))
        add("joins", sorted(left.joins), sorted(right.joins),
            _pick(left.joins, joins_differ), _pick(right.joins, joins_differ))
    if set(left.conditions) != set(right.conditions):
        add("fact_conditions", sorted(t for t, _ in left.conditions.values()),
            sorted(t for t, _ in right.conditions.values()),
            _unique(c for _, cs in left.conditions.values() for c in cs),
            _unique(c for _, cs in right.conditions.values() for c in cs))
    return rows


def _silence_alike(key: tuple[tuple[str, ...], str | None, str | None],
                   ) -> tuple[tuple[str, ...], str | None, bool]:
    """What of a silence the two sides must agree on: roles, end, proposed or decided."""
    return key[0], key[1], key[2] is not None


def _silences(seen: Observed) -> set[tuple[tuple[str, ...], str | None, bool]]:
    return {_silence_alike(k) for k in seen.silent}


def _silence_values(left: Observed, right: Observed) -> tuple[Any, Any]:
    """Both sides' silences in words; where one side's are all a concept's proposals
    and say what the other side decided (the same roles until the same end), that side
    is ``{proposal, roles}`` as an open answer is (:func:`differences`): the two differ
    only in being open (:func:`protocolkit.diff.rows.open_side`)."""
    values: list[Any] = [_silence_texts(left.silent), _silence_texts(right.silent)]
    sides = (left.silent, right.silent)
    for index, (mine, other) in enumerate((sides, sides[::-1])):
        names = sorted({k[2] for k in mine if k[2] is not None})
        if (mine and names and all(k[2] is not None for k in mine)
                and all(k[2] is None for k in other)
                and {k[:2] for k in mine} == {k[:2] for k in other}):
            values[index] = {"proposal": names[0], "roles": _silence_texts(
                (roles, until, None) for roles, until, _ in mine)}
    return values[0], values[1]


def _silence_texts(silent: Iterable[tuple[tuple[str, ...], str | None, str | None]],
                   ) -> list[str]:
    """The silences of one side in words, those ending at the same step (and equally
    proposed or decided) as one: Arnhem silences the fractie, the fractievoorzitters and
    the raadslid until the oordeel (Fase 3, Communicatie) and the raadslid again
    (Basisprincipes 2), which read "…, raadslid tot na oordeel, raadslid tot na oordeel"
    as two items; one "fractie, fractievoorzitter(s), raadslid tot na oordeel" says it."""
    merged: dict[tuple[str | None, str | None], set[str]] = {}
    for roles, until, offered in silent:
        merged.setdefault((until, offered), set()).update(roles)
    return sorted(_silence_text((tuple(sorted(roles)), until, offered))
                  for (until, offered), roles in merged.items())


def _silence_text(key: tuple[tuple[str, ...], str | None, str | None]) -> str:
    roles, until, offered = key
    said = (frame_text("data.silent-until", "nl", roles=", ".join(roles), until=until) if until
            else frame_text("data.silent-standing", "nl", roles=", ".join(roles)))
    # a concept's proposed silence, never shown as decided (present.phrases.proposal_words)
    return said if offered is None else frame_text("common.proposal", "nl", origin=offered,
                                                   roles=said)


def _covering(protocol: Protocol, scenario: Scenario) -> tuple[Any, tuple[str, ...]]:
    """The value of the side that has ``scenario`` in its space, with its citations:
    ``True`` (it covers it), or ``{excluded: {regime, source}}`` where its entry route
    ends the case at once outside the protocol and does nothing inside it (Oostzaan art.
    2.1 lid 2: "Het eerste lid is niet van toepassing op medewerkers ...", an end step
    without an actor): the protocol excludes the scenario, it does not cover it. An entry
    step with an actor acts inside the protocol before it hands the case off (Arnhem 3.5:
    "De burgemeester informeert de gemeentesecretaris"): covered, then handed off, as
    1.6 and 2.6 are."""
    routes = entry_routes(protocol, scenario)
    if not routes:
        return True, ()
    cites = tuple(citations(routes[0].source))
    step = protocol.step(routes[0].step)
    handoff = step.out_of_scope if step is not None and step.end else None
    if step is None or handoff is None or step.actor is not None:
        return True, cites
    regime = handoff if isinstance(handoff, str) else handoff.regime
    # the entry route's cell first ("Fase 1, 3.5"), else where the handoff is cited
    where = cites or (() if isinstance(handoff, str) or handoff.source is None
                      else tuple(citations(handoff.source))) or tuple(citations(step.source))
    return {"excluded": {"regime": regime, "source": list(where)}}, cites


def _not_covered(ctx: Context, side: SideName, key: Scenario) -> bool | dict[str, Any]:
    """A side's value for a scenario not in its space: ``{read_as: [{alias, role,
    source}], ...}`` where its reporter or subject is an alias of the side's
    (``scenarios.aliases``, read as ``responsibilities`` and every command read it,
    :func:`~protocolkit.semantics.scenario_from_shared`: Arnhem's ``fractievoorzitter``
    "gelezen als raadslid"), with the value of the scenario it is read as; ``False``; or
    ``{open_points: [{id, question}]}`` where its open points leave open whether the
    scenario's reporter or subject falls under it (Aalsmeer's ``reikwijdte``): an open
    question, not a "no"."""
    protocol = ctx.protocol(side)
    read_as = _read_as(ctx, side, key)
    if read_as is not None:
        return read_as
    found = {o["id"]: o for role in (key.reporter, key.subject)
             for o in scope_open_points(protocol, role)}
    return {"open_points": list(found.values())} if found else False


def _read_as(ctx: Context, side: SideName, key: Scenario) -> dict[str, Any] | None:
    """The side's coverage of ``key`` through its aliases (:func:`_not_covered`), or
    ``None`` where no alias reads it as a scenario of its space."""
    protocol = ctx.protocol(side)
    used = aliases_used(protocol, key.reporter, key.subject)
    if not used:
        return None
    names = scenario_role_names(protocol)
    read = {a["alias"]: names.get(a["role"], a["role"]) for a in used}
    scenario = ctx.space(side).own(Scenario(
        read.get(key.reporter, key.reporter), read.get(key.subject, key.subject), key.act,
        key.own, dict(key.attributes)))
    if scenario is None:
        return None
    value, _ = _covering(protocol, scenario)
    covered = {"covered": True} if value is True else dict(value)
    return {**covered, "read_as": used}


def behavioral_rows(ctx: Context, union: list[Scenario]) -> list[BehavioralRow]:
    """Every behavioural difference over the union of both scenario spaces, in canonical
    order (aspect, then scenario)."""
    rows: list[BehavioralRow] = []
    position = {key: i for i, key in enumerate(ctx.common)}
    graphs = {"left": ctx.graphs("left"), "right": ctx.graphs("right")}
    # A side that declares fewer attributes answers many keys with one scenario of its
    # own: observe each of its scenarios once (what is observed depends on nothing else;
    # compare_scenario only reads it).
    # Scenarios a side treats alike (SideSpace.alike) are observed once: their routes
    # share one structure, so ``graph`` is the representative's as well.
    observed: dict[tuple[SideName, Scenario], Observed] = {}

    def seen(side: SideName, scenario: Scenario, graph: RouteGraph) -> Observed:
        scenario = ctx.space(side).alike(scenario)
        found = observed.get((side, scenario))
        if found is None:
            found = observed[(side, scenario)] = observe(ctx, side, scenario, graph)
        return found

    # Many keys pair the same two observations: their differences are computed once.
    compared: dict[tuple[int, int], list[Difference]] = {}

    entry_cites: dict[tuple[SideName, Scenario], tuple[Any, tuple[str, ...]]] = {}
    for key in union:
        left, right = ctx.left.own(key), ctx.right.own(key)
        if left is None or right is None:
            covering: SideName = "left" if left is not None else "right"
            scenario = left if left is not None else right
            assert scenario is not None
            found_cover = entry_cites.get((covering, scenario))   # one own scenario, many keys
            if found_cover is None:
                found_cover = entry_cites[(covering, scenario)] = _covering(
                    ctx.protocol(covering), scenario)
            value, cites = found_cover
            rows.append(BehavioralRow(key, "covered",
                                      value if left is not None else _not_covered(ctx, "left", key),
                                      value if right is not None else _not_covered(ctx, "right",
                                                                                   key),
                                      cites if left is not None else (),
                                      cites if right is not None else ()))
            continue
        i = position[key]
        pair = (seen("left", left, graphs["left"][i]), seen("right", right, graphs["right"][i]))
        found = compared.get((id(pair[0]), id(pair[1])))
        if found is None:
            found = compared[(id(pair[0]), id(pair[1]))] = differences(*pair)
        rows.extend(BehavioralRow(key, *difference) for difference in found)
    ranks: dict[str, tuple[int, int]] = {}
    for row in rows:
        if row.aspect not in ranks:
            ranks[row.aspect] = aspect_rank(row.aspect)
    return sorted(rows, key=lambda r: (ranks[r.aspect], r.aspect, scenario_order(r.scenario)))
