"""Onpartijdige handhaving: ``conflict-of-interest`` and ``forbidden-role-action``.

A role has a conflict of interest in a step when it performs an action there (decides,
orders, investigates, judges, sanctions as the step's actor; advises as the actor of an
``advies`` step or as a consulted role) in a case whose subject is

* the role itself;
* a role it depends on: a chain of ``employed_by`` / ``accountable_to`` / ``part_of``
  leads from it to the subject (the gemeentesecretaris accountable to the burgemeester;
  a wethouder, part of the college, in a case about the college);
* a member of it that one person holds (``single``) or a body: the integriteitscommissie
  with the griffier as its member, in a case about the griffier;
* or a role that a member of it depends on: the integriteitscommissie, through its member
  the gemeentesecretaris, in a case about the burgemeester.

A role the actor may consult and need not (a ``consulted`` entry with ``optional:
true``: Oostzaan art. 2.2 lid 3, "kan ... externe expertise inschakelen") binds him like
any consulted role; the hint says not to consult him in that scenario.

A member the body has only if desired (``optional_members``: Oostzaan's externe
adviseur, "– desgewenst –", art. 3.1 lid 2) binds it as any member does: "desgewenst"
makes the seat optional, not the independence (art. 3.1 lid 3: the officials "en de
adviseur(s)" are "op geen enkele manier direct of indirect betrokken … Zij worden zo
nodig vervangen"). A conflict through his seat is reported with the chain
``optional_members`` and a hint to leave him out or replace him; a chain through
required seats only is preferred where there is one.

Members of a body are taken as they sit in the scenario: a substitution replaces a
member of a body too (Oostzaan art. 3.1 lid 3 replaces an involved griffier in the
integriteitscommissie). A body whose members include the subject's role held by many
(the gemeenteraad and a raadslid) is not in conflict: the subject is one of many and
abstains (Gemeentewet art. 28). ``betrokkene`` (and ``melder`` in a case about one's
own act) is the subject himself: a step that lets him judge or sanction his own case is
a conflict too, unless the protocol acknowledges it (a public apology the subject offers
himself). Speaking to the press is left to ``publicity-before-judgment``: who may speak
about a case, and from when, is what the communication rules decide. See
docs/checks/conflict-of-interest.md.

>>> from protocolkit.format.loader import load_protocol
>>> p = load_protocol("tests/data/minimal.yaml").protocol
>>> Relations(p).chain("burgemeester", "gemeenteraad", lambda member, body: member)
['burgemeester', 'accountable_to', 'gemeenteraad']
>>> Relations(p).chain("gemeenteraad", "raadslid", lambda member, body: member) is None
True
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Hashable, Iterator
from functools import partial

from protocolkit.analysis.base import (
    Occurrence,
    Performer,
    ScenarioRun,
    for_scenario,
    performers,
    step_index,
    view_memo,
    who,
)
from protocolkit.format.diagnostics import Msg, relation_chain, the_role
from protocolkit.format.model import Action, Protocol, Role, RoleKind, citations
from protocolkit.format.vocabulary import PSEUDO_ROLES
from protocolkit.semantics import StepView, effective_role
from protocolkit.semantics.routegraph import RouteGraph

#: Actions that bind a role to impartiality (communication has its own check); each is
#: worded in a message as ``act.<action>`` (:data:`protocolkit.format.diagnostics.MESSAGES`).
IMPARTIAL_ACTIONS = frozenset({Action.advises, Action.decides, Action.orders,
                               Action.investigates, Action.judges, Action.sanctions})

class Relations:
    """The dependency graph of a protocol's roles, built once per protocol.

    Edges ``employed_by``, ``accountable_to`` and ``part_of`` lead upward; ``members``
    leads from a body to each member (declared on either side). ``optional`` holds the
    (body, member) pairs of members a body has only if desired: a chain goes down
    through them as ``optional_members``, and only where none goes through required
    seats alone.
    """

    def __init__(self, protocol: Protocol) -> None:
        self.protocol = protocol
        graph = RouteGraph()
        known = {r.id for r in protocol.roles}
        graph.add_nodes_from(known)

        def link(source: str, target: str, relation: str) -> None:
            if source in known and target in known and not graph.has_edge(source, target,
                                                                          key=relation):
                graph.add_edge(source, target, key=relation)

        for role in protocol.roles:
            for relation in ("employed_by", "accountable_to"):
                for other in getattr(role, relation):
                    link(role.id, other, relation)
            for body in role.part_of:
                link(role.id, body, "part_of")
                link(body, role.id, "members")
            for member in role.members:
                link(member, role.id, "part_of")
                link(role.id, member, "members")
        self.graph = graph
        self.optional = frozenset((role.id, member) for role in protocol.roles
                                  for member in role.optional_member_ids())

    def _held_by_one(self, role_id: str) -> bool:
        role = self.protocol.role(role_id)
        return role is not None and (role.single or role.kind is RoleKind.body)

    def chain(self, actor: str, subject: str,
              seat: Callable[[str, str], str]) -> list[str] | None:
        """The relations that bind ``actor`` to ``subject``, as ``[actor, relation, role,
        ..., subject]`` (``[actor, "is", subject]`` when they are the same), or ``None``.

        ``seat(member, body)`` maps a member of a body to whoever holds that seat in the
        scenario (a substitution may be limited to some bodies).
        Paths follow ``members`` first, then upward relations only (a breadth-first
        search over (role, stage) pairs, linear in the size of the relation graph).
        A path through a seat the body has only if desired says ``optional_members``
        there; it is sought only when no path goes through required seats alone.
        """
        if actor == subject:
            return [actor, "is", subject]
        if actor not in self.graph:
            return None
        found, skipped = self._search(actor, subject, seat, optional=False)
        if found is None and skipped:
            found, _ = self._search(actor, subject, seat, optional=True)
        return found

    def _search(self, actor: str, subject: str, seat: Callable[[str, str], str],
                optional: bool) -> tuple[list[str] | None, bool]:
        """One breadth-first search of :meth:`chain`, through optional seats or not; with
        whether it passed by an optional seat it did not take."""
        start = (actor, "self")
        parent: dict[tuple[str, str], tuple[tuple[str, str], str] | None] = {start: None}
        queue: deque[tuple[str, str]] = deque([start])
        skipped = False
        while queue:
            state = queue.popleft()
            role, stage = state
            for target, relations in self.graph.succ[role].items():
                for relation in relations:
                    said = relation
                    if relation == "members":
                        if stage == "up":
                            continue
                        if (role, target) in self.optional:
                            if not optional:
                                skipped = True
                                continue
                            said = "optional_members"
                        nxt = (seat(target, role), "down")
                    else:
                        nxt = (target, "up")
                    if nxt in parent or nxt[0] not in self.graph:
                        continue
                    parent[nxt] = (state, said)
                    if nxt[0] == subject and (nxt[1] == "up" or self._held_by_one(subject)):
                        return _unwind(parent, nxt), skipped
                    queue.append(nxt)
        return None, skipped


def _unwind(parent: dict[tuple[str, str], tuple[tuple[str, str], str] | None],
            state: tuple[str, str]) -> list[str]:
    items: list[str] = [state[0]]
    link = parent[state]
    while link is not None:
        previous, relation = link
        items.append(relation)
        items.append(previous[0])
        link = parent[previous]
    items.reverse()
    return items


def relations(protocol: Protocol) -> Relations:
    return protocol.derived("analysis.relations", Relations)


def conflict_occurrences(run: ScenarioRun) -> Iterator[Occurrence]:
    """``conflict-of-interest`` in one scenario: every performer bound to the subject.

    What binds a performer depends on the subject and the substitutions that hold (who
    sits in a body), so the conflicts are found once per route structure, subject and
    substitutions (the reporter too: a pseudo-role resolves to him)."""
    scenario = run.scenario
    if run.entry is None:
        return
    signature = run.holding()
    key = ("conflict", scenario.subject, scenario.reporter, signature)
    yield from for_scenario(run.shared(key, lambda: list(_conflicts(run, signature))),
                            scenario)


def _impartial(run: ScenarioRun, view: StepView) -> tuple[Performer, ...]:
    """The performers of a step bound to impartiality (once per view)."""
    protocol = run.protocol
    return view_memo(run.memos, "analysis.impartial", view, lambda: tuple(
        p for p in performers(view, protocol) if p.action in IMPARTIAL_ACTIONS))


def _scoped_reach(run: ScenarioRun, node: str, phase: str) -> tuple[str, ...]:
    """Ids of the scoped substitutions that reach the seats of a body in step ``node``
    (of ``phase``): a substitution scoped to phases or steps reaches them only in its
    scope, so who sits in a body there depends on which of those apply (once per step)."""
    memo = run.memos.table("analysis.scoped_reach")
    found: tuple[str, ...] | None = memo.get((node, phase))
    if found is None:
        found = memo[(node, phase)] = tuple(
            s.id for s in run.protocol.substitutions if s.scoped and (
                s.applies_in(node, phase, None)
                or any(s.applies_in(node, phase, b) for b in s.bodies)))
    return found


def _impartial_nodes(run: ScenarioRun,
                     ) -> list[tuple[str, StepView, tuple[str, ...], tuple[Performer, ...]]]:
    """The graph's steps with performers bound to impartiality: (step, view, the
    :func:`_scoped_reach` there, the performers), in node order (once per structure)."""
    def compute() -> list[tuple[str, StepView, tuple[str, ...], tuple[Performer, ...]]]:
        found = []
        for node in run.nodes():
            view = run.view(node)
            impartial = _impartial(run, view)
            if impartial:
                found.append((node, view, _scoped_reach(run, node, view.phase),
                              impartial))
        return found

    return run.shared("impartial_nodes", compute)


def _conflicts(run: ScenarioRun, signature: tuple[str, ...]) -> Iterator[Occurrence]:
    protocol = run.protocol
    scenario = run.scenario
    subject = scenario.subject
    rel = relations(protocol)
    memo = run.memos.table("analysis_chains")
    index = step_index(protocol)
    bound = run.memos.table("analysis.bound")

    scoped = protocol.derived("analysis.scoped_substitutions", lambda p: frozenset(
        s.id for s in p.substitutions if s.scoped))
    seated = run.memos.table("analysis.seated")
    for node, view, reach, impartial in _impartial_nodes(run):
        # The performers of the view bound to the subject, with the chain that binds
        # them (once per view, subject, and the substitutions that can reach its seats:
        # the unscoped ones that hold and the scoped ones that hold and reach the step).
        here = seated.get((signature, reach))
        if here is None:
            here = seated[(signature, reach)] = tuple(
                s for s in signature if s not in scoped or s in reach)
        found = bound.get((id(view), subject, here, reach))
        if found is None or found[0] is not view:

            def seat(member: str, body: str, node: str = node) -> str:
                return effective_role(protocol, member, scenario, node, body).role

            chains = []
            for performer in impartial:
                actor = performer.role.role
                key = (actor, subject, here, reach)
                if key not in memo:
                    memo[key] = rel.chain(actor, subject, seat)
                if memo[key] is not None:
                    chains.append((performer, memo[key]))
            if not chains:
                # Nearly every view: nothing to say, and nothing kept for it (the
                # chains above are memoized per role), so that the run's memos do not
                # grow by an entry per view and subject.
                continue
            found = bound[(id(view), subject, here, reach)] = (view, [
                _conflict(protocol, index, view, subject, performer, chain, seat)
                for performer, chain in chains])
        for element, location, message, hint, cycle, roles in found[1]:
            yield Occurrence(
                "conflict-of-interest", element, location, message, hint=hint, scenario=scenario,
                path=partial(run.witness_to, node), cycle=cycle, step=node, roles=roles)


#: What a conflict-of-interest occurrence says besides its scenario and path: key,
#: location, message, hint, cycle, roles (made once per view, subject and chain).
_Conflict = tuple[tuple[Hashable, ...], tuple[str | int, ...], Msg, Msg, tuple[str, ...],
                  tuple[str, ...]]


def _conflict(protocol: Protocol, index: dict[str, int], view: StepView, subject: str,
              performer: Performer, chain: list[str],
              seat: Callable[[str, str], str]) -> _Conflict:
    node = view.id
    verb = Msg.of(f"act.{performer.action.value}")
    if chain[1] == "is":
        role = protocol.role(performer.role.role)
        itself = Msg.of("w.itself-body" if role and role.kind is RoleKind.body
                        else "w.itself-person")
        message = Msg.of("conflict-of-interest.self", step=node,
                         who=who(performer.role), verb=verb, itself=itself)
    else:
        message = Msg.of("conflict-of-interest", step=node, who=who(performer.role),
                         verb=verb, subject=subject, chain=relation_chain(chain))
    optional = _optional_seat(protocol, chain, seat)
    if optional is not None:
        remedy = optional
    elif performer.field[0] == "consulted" and performer.role.role in view.consulted_optional:
        remedy = _optional_consultation(protocol, view, subject, performer)
    elif performer.role.named in PSEUDO_ROLES:
        remedy = Msg.of("hint.independent")
    elif chain[1] == "members":
        remedy = _member_seat(protocol, chain, seat)
    else:
        # the ids for the file's syntax, and each with its article for the report's words
        remedy = Msg.of("hint.substitution", subject=subject, named=performer.role.named,
                        the_subject=the_role(subject), the_named=the_role(performer.role.named))
    return ((node, performer.field, performer.action.value, *_joint_key(view, performer)),
            ("steps", index[node], *performer.field), message,
            Msg.of("hint.or-acknowledge", remedy=remedy), tuple(chain),
            _role_names(protocol, performer.role.role, performer.role.named))


def _member_seat(protocol: Protocol, chain: list[str],
                 seat: Callable[[str, str], str]) -> Msg:
    """The remedy for a body bound through one of its seats (``[body, "members",
    holder, ...]``): replace that member within the body (``replaces: <member>, bodies:
    [<body>]``), not the body itself, as Oostzaan art. 3.1 lid 3 does for an involved
    griffier in the integriteitscommissie. The member is the one whose seat the holder
    takes (himself, or the one a substitution replaces there)."""
    body_id, holder = chain[0], chain[2]
    body = protocol.role(body_id)
    members = body.members if body is not None else []
    member = holder if holder in members else next(
        (m for m in members if seat(m, body_id) == holder), holder)
    return Msg.of("hint.member-seat", member=member, body=body_id, subject=chain[-1],
                  the_member=the_role(member), the_body=the_role(body_id),
                  the_subject=the_role(chain[-1]))


def _optional_seat(protocol: Protocol, chain: list[str],
                   seat: Callable[[str, str], str]) -> Msg | None:
    """The remedy for a conflict that runs through a seat a body has only if desired
    (``optional_members`` in the chain): "desgewenst" makes the seat optional, not the
    independence (Oostzaan art. 3.1 lid 3), so whoever sits there must not be involved:
    leave him out, or replace him in that body. ``None`` for a chain through required
    seats only."""
    if "optional_members" not in chain:
        return None
    at = chain.index("optional_members")
    body_id, holder = chain[at - 1], chain[at + 1]
    body = protocol.role(body_id)
    entries = body.optional_members if body is not None else []
    # the entry whose seat the holder takes (himself, or the one a substitution replaces)
    entry = next((m for m in entries if m.role == holder), None) or next(
        (m for m in entries if seat(m.role, body_id) == holder), None)
    member = entry.role if entry is not None else holder
    return Msg.of("hint.optional-member", member=member, body=body_id,
                  subject=chain[-1], source="; ".join(citations(entry.source if entry
                                                                  else None)),
                  the_member=the_role(member), the_body=the_role(body_id),
                  the_subject=the_role(chain[-1]))


def _optional_consultation(protocol: Protocol, view: StepView, subject: str,
                           performer: Performer) -> Msg:
    """The remedy for a conflict of a role the actor may consult and need not (a
    consulted entry's ``optional: true``, Oostzaan art. 2.2 lid 3: "kan ... externe
    expertise inschakelen"): the text lets the actor leave him out, so do not consult
    him in this scenario, citing what makes the consultation optional."""
    named = performer.role.named
    step = protocol.step(view.id)
    entries = [] if step is None else [
        c for c in step.consulted if not isinstance(c, str) and c.optional
        and named in c.roles()]
    source = "; ".join(dict.fromkeys(c for e in entries for c in citations(e.source)))
    return Msg.of("hint.optional-consulted", named=named, subject=subject, source=source,
                  the_named=the_role(named), the_subject=the_role(subject))


def forbidden_occurrences(run: ScenarioRun) -> Iterator[Occurrence]:
    """``forbidden-role-action`` in one scenario: a role acts against its ``never``
    (the steps' views alone decide it: once per route structure)."""
    if run.entry is None:
        return
    yield from for_scenario(run.shared("forbidden", lambda: list(_forbidden(run))),
                            run.scenario)


def _forbidden(run: ScenarioRun) -> Iterator[Occurrence]:
    protocol = run.protocol
    index = step_index(protocol)
    for node in run.nodes():
        view = run.view(node)
        for performer, role in _forbidding(run, view):
            yield Occurrence(
                "forbidden-role-action", (node, performer.field, performer.action.value,
                                          *_joint_key(view, performer)),
                ("steps", index[node], *performer.field),
                Msg.of("forbidden-role-action", step=node, who=who(performer.role),
                       action=Msg.of(f"action.{performer.action.value}"),
                       kind=view.kind.value,
                       never=[Msg.of(f"action.{a.value}") for a in role.never]),
                hint=Msg.of("hint.forbidden"),
                scenario=run.scenario, path=run.witness_to(node), step=node,
                roles=_role_names(protocol, role.id, performer.role.named))


def _forbidding(run: ScenarioRun, view: StepView) -> tuple[tuple[Performer, Role], ...]:
    """The performers of a step that act against their role's ``never``, with the role
    (once per view)."""
    protocol = run.protocol

    def compute() -> tuple[tuple[Performer, Role], ...]:
        found = []
        for performer in performers(view, protocol):
            role = protocol.role(performer.role.role)
            if role is not None and performer.action in role.never:
                found.append((performer, role))
        return tuple(found)

    return view_memo(run.memos, "analysis.forbidding", view, compute)


def static_forbidden(protocol: Protocol) -> Iterator[Occurrence]:
    """``forbidden-role-action`` in rules that do not depend on a route: a sanction a role
    may impose although it never sanctions, a role allowed to speak that never
    communicates."""
    for i, sanction in enumerate(protocol.sanctions):
        for j, role_id in enumerate(sanction.imposer_ids()):
            role = protocol.role(role_id)
            if role is not None and Action.sanctions in role.never:
                yield Occurrence(
                    "forbidden-role-action", ("sanction", sanction.id, role_id),
                    ("sanctions", i, "imposed_by", j),
                    Msg.of("forbidden-role-action.sanction", sanction=sanction.id,
                           role=the_role(role_id)),
                    hint=Msg.of("hint.remove-imposer"),
                    roles=_role_names(protocol, role_id, role_id))
    for i, rule in enumerate(protocol.communication):
        role = protocol.role(rule.speaker)
        if rule.allowed and role is not None and Action.communicates in role.never:
            yield Occurrence(
                "forbidden-role-action", ("communication", rule.id, rule.speaker),
                ("communication", i, "speaker"),
                Msg.of("forbidden-role-action.speaker", rule=rule.id,
                       speaker=the_role(rule.speaker),
                       audience=rule.audience),
                hint=Msg.of("hint.speaker"),
                roles=_role_names(protocol, rule.speaker, rule.speaker))


def _joint_key(view: StepView, performer: Performer) -> tuple[str, ...]:
    """What tells two actors of one joint step (or of a choice, ``any_of``) apart in a
    finding's key, so each actor in conflict (or acting against its ``never``) is its own
    finding; empty for a step with one actor (keys, and so acknowledgments, stay as they
    were)."""
    return ((performer.role.role,) if len(view.actors) > 1 and performer.field == ("actor",)
            else ())


def _role_names(protocol: Protocol, role_id: str, named: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys((role_id, named, protocol.shared_id(role_id))))
