"""Need to know: ``disclosure-before-allowed``.

A step tells the roles that take part in it (actor, counterpart, consulted, informed)
that the case exists, whom it concerns and what it is about; a ``melding`` step also
tells its recipients (counterpart, informed) who the melder is. The protocol's
``disclosure`` rules (:mod:`protocolkit.semantics.disclosure`) say who may know each of these and
from which step. A step that tells a role something the rules keep from it, or tells it
on a way that has not yet passed the rule's ``from`` step, is reported, with the
shortest such way as witness.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from protocolkit.analysis.base import (
    Occurrence,
    ScenarioRun,
    for_scenario,
    step_index,
    tree_path,
    view_memo,
)
from protocolkit.format.diagnostics import Msg, counted, the_role
from protocolkit.format.model import Disclosure
from protocolkit.format.vocabulary import PSEUDO_ROLES, StepKind
from protocolkit.semantics import EffectiveRole, StepView
from protocolkit.semantics.disclosure import rule_roles

#: What taking part in any step tells.
_ALWAYS = ("exists", "subject", "content")


def _named(role: EffectiveRole) -> str:
    return role.named if role.named in PSEUDO_ROLES else role.role


def _told(view: StepView) -> dict[str, set[str]]:
    """fact -> the roles the step tells it to."""
    everyone = [view.actor, *view.consulted, *view.informed]
    if view.counterpart is not None:
        everyone.append(view.counterpart)
    told = {fact: {_named(r) for r in everyone} for fact in _ALWAYS}
    if view.kind is StepKind.melding:
        recipients = list(view.informed)
        if view.counterpart is not None:
            recipients.append(view.counterpart)
        told["melder"] = {_named(r) for r in recipients}
    return told


def disclosure_occurrences(run: ScenarioRun) -> Iterator[Occurrence]:
    """``disclosure-before-allowed`` in one scenario. Besides the route structure, the
    findings depend on the scenario only through the roles each rule lists, as they are
    resolved for it (:func:`~protocolkit.semantics.disclosure.rule_roles`): they are made
    once per route structure and those roles. The rules keep pseudo-roles as they are,
    so those roles follow from the substitutions that hold (found once per set of them).
    """
    protocol = run.protocol
    if not protocol.disclosure or run.entry is None:
        return
    memo = run.memos.table("analysis.disclosure_roles")
    listed: tuple[frozenset[str], ...] | None = memo.get(run.holding())
    if listed is None:
        listed = memo[run.holding()] = tuple(
            frozenset(rule_roles(protocol, need.roles, run.scenario, need.from_))
            for need in protocol.disclosure)
    resolved = listed
    yield from for_scenario(run.shared(("disclosure", resolved),
                                       lambda: list(_disclosures(run, resolved))), run.scenario)


def _disclosures(run: ScenarioRun, resolved: tuple[frozenset[str], ...],
                 ) -> Iterator[Occurrence]:
    protocol = run.protocol
    scenario = run.scenario
    rules: dict[str, list[tuple[Disclosure, frozenset[str]]]] = {}
    for need, allowed in zip(protocol.disclosure, resolved, strict=True):
        rules.setdefault(need.fact, []).append((need, allowed))
    index = step_index(protocol)
    early: dict[frozenset[str], list[tuple[str, str, str, list[str]]]] = {}
    for node in run.nodes():
        view = run.view(node)
        told: dict[str, set[str]] = view_memo(run.memos, "analysis.told", view,
                                              partial(_told, view))
        for fact, roles in told.items():
            fact_rules = rules.get(fact)
            if not fact_rules:
                continue
            for role in sorted(roles - {"?"}):
                mine = [rule for rule, listed in fact_rules if role in listed]
                if mine:
                    # A rule without ``from`` allows it from the start; a ``withheld`` rule
                    # (never ``from``) says the step tells the role less than taking part.
                    if any(not rule.from_ for rule in mine):
                        continue
                    stages = frozenset(s for rule in mine for s in rule.from_)
                    if node not in stages:
                        early.setdefault(stages, []).append(
                            (node, fact, role, [rule.id for rule in mine]))
                    continue
                exclusive = [rule.id for rule, _ in fact_rules if rule.exclusive]
                if exclusive:
                    yield Occurrence(
                        "disclosure-before-allowed", (node, fact, role),
                        ("steps", index[node]),
                        counted("disclosure-before-allowed.exclusive", len(exclusive),
                                step=node, role=the_role(role), fact=Msg.of(f"w.fact-{fact}"),
                                rules=", ".join(exclusive)),
                        hint=Msg.of("hint.disclosure-exclusive"),
                        scenario=scenario, path=run.witness_to(node), step=node,
                        roles=(role,))
    for stages, found in early.items():

        def passes(node: str, _key: str, _data: dict[str, Any],
                   stages: frozenset[str] = stages) -> bool:
            return node not in stages

        parent = run.restricted_paths(passes, key=("not-after", stages))
        for node, fact, role, rule_ids in found:
            if node not in parent:
                continue
            named = " or ".join(f"'{s}'" for s in sorted(stages))
            yield Occurrence(
                "disclosure-before-allowed", (node, fact, role), ("steps", index[node]),
                counted("disclosure-before-allowed.early", len(rule_ids), step=node,
                        role=the_role(role), fact=Msg.of(f"w.fact-{fact}"),
                        rules=", ".join(rule_ids),
                        stages=Msg.of("w.both", en=named, nl=named.replace(" or ", " of "))),
                hint=Msg.of("hint.disclosure-early"),
                scenario=scenario, path=run.witness(tree_path(parent, node)), step=node,
                roles=(role,))

