"""Need-to-know rules (semantics stage): who may know what about a case, and when.

A protocol's ``disclosure`` rules (:class:`protocolkit.format.model.Disclosure`) say who may
know what, from which step. Four facts are distinguished: that the case ``exists``,
who the ``melder`` is, whom the melding concerns (``subject``), and its ``content``
(what it says and the route so far). For one fact and one role:

1. rules of that fact that list the role decide: with ``withheld`` it never may know
   the fact; else once the case has entered one of a rule's ``from`` steps (a rule
   without ``from``: from the start);
2. otherwise, a rule of that fact with ``exclusive: true`` keeps it from the role;
3. otherwise (the text is silent): the role knows what it takes part in: it knows the
   fact once it has been actor, counterpart, consulted or informed in a step the case
   entered. The melder knows the case exists and who reported it from the start.

Roles in the rules are resolved for the scenario like every role (substitutions apply:
where the CvdK acts for the burgemeester, a rule naming the burgemeester speaks of the
CvdK). ``melder`` and ``betrokkene`` are the persons who reported and whom it concerns;
other role ids are offices as they take part in steps.

Used by :mod:`protocolkit.engine.views` (a role's view of a running case) and
:mod:`protocolkit.analysis.disclosure` (the check ``disclosure-before-allowed``).
"""

from __future__ import annotations

from collections.abc import Iterable

from protocolkit.format.model import DISCLOSURE_FACTS, Protocol
from protocolkit.format.vocabulary import PSEUDO_ROLES
from protocolkit.semantics import ANYWHERE, EffectiveRole, Scenario, StepView, effective_role

__all__ = ["BETROKKENE", "DISCLOSURE_FACTS", "MELDER", "known_facts", "may_know",
           "rule_roles", "same_person", "step_roles"]

MELDER = "melder"
BETROKKENE = "betrokkene"


def _as_named(role: EffectiveRole) -> str:
    return role.named if role.named in PSEUDO_ROLES else role.role


def step_roles(view: StepView) -> set[str]:
    """The roles taking part in a step (pseudo-roles kept as ``melder``/``betrokkene``):
    every actor (of a joint step, or of a choice), consulted, informed and counterpart."""
    roles = [*(view.actors or (view.actor,)), *view.consulted, *view.informed]
    if view.counterpart is not None:
        roles.append(view.counterpart)
    return {_as_named(r) for r in roles}


def rule_roles(protocol: Protocol, roles: Iterable[str], scenario: Scenario,
               at: Iterable[str] = ()) -> set[str]:
    """The roles a rule lists, resolved for ``scenario`` (pseudo-roles kept), as they
    stand at the rule's ``from`` steps ``at``; a rule without ``from`` speaks about the
    whole case, and every substitution whose guard holds reaches it, also one scoped to
    phases or steps (Oostzaan art. 2.1 lid 7: the voorzitter van de vertrouwenscommissie
    receives a melding about the burgemeester in his place)."""
    steps = list(at) or [ANYWHERE]
    return {r if r in PSEUDO_ROLES else effective_role(protocol, r, scenario, step).role
            for r in roles for step in steps}


def same_person(protocol: Protocol, scenario: Scenario, role: str) -> set[str]:
    """The names under which the person asking as ``role`` takes part in the case.

    A role held by one person (``single: true``) that is the scenario's subject *is* the
    ``betrokkene`` (the burgemeester in a case about the burgemeester), and one that is
    its reporter *is* the ``melder``; in a case about one's own act the melder is the
    betrokkene. So ``--as burgemeester`` and ``--as betrokkene`` see the same case when
    the burgemeester is the subject. A role several people hold (a raadslid) stays the
    office: another raadslid is not the betrokkene.

    >>> from protocolkit.format.loader import load_protocol
    >>> p = load_protocol("protocols/arnhem.yaml").protocol
    >>> sorted(same_person(p, Scenario("raadslid", "burgemeester", "uitgevoerd"), "betrokkene"))
    ['betrokkene', 'burgemeester']
    >>> sorted(same_person(p, Scenario("burgemeester", "raadslid", "uitgevoerd"), "raadslid"))
    ['raadslid']
    """
    names = {role}
    pairs = ((MELDER, scenario.reporter), (BETROKKENE, scenario.subject))
    for pseudo, office in pairs:
        found = protocol.role(office)
        if found is not None and found.single and role in (pseudo, office):
            names |= {pseudo, office}
    if scenario.own and names & {MELDER, BETROKKENE}:
        names |= {MELDER, BETROKKENE}
    return names


def may_know(protocol: Protocol, scenario: Scenario, fact: str, role: str,
             entered: Iterable[StepView]) -> bool:
    """Whether ``role`` may know ``fact`` once the case has entered the steps ``entered``
    (in any order), by the rules above. The role is taken as the person it is in the
    case (:func:`same_person`): what the betrokkene may know, the burgemeester who is the
    betrokkene may know, and the other way round."""
    if fact not in DISCLOSURE_FACTS:
        raise ValueError(f"fact is one of {', '.join(DISCLOSURE_FACTS)}, not {fact!r}")
    views = list(entered)
    ids = {v.id for v in views}
    names = same_person(protocol, scenario, role)
    rules = [r for r in protocol.disclosure if r.fact == fact]
    mine = [r for r in rules if names & rule_roles(protocol, r.roles, scenario, r.from_)]
    if any(r.withheld for r in mine):
        return False
    if mine:
        return any(not r.from_ or any(s in ids for s in r.from_) for r in mine)
    if any(r.exclusive for r in rules):
        return False
    if MELDER in names and fact in ("exists", "melder"):
        return True
    return any(names & step_roles(v) for v in views)


def known_facts(protocol: Protocol, scenario: Scenario, role: str,
                entered: Iterable[StepView]) -> dict[str, bool]:
    """``{fact: may know}`` for every fact."""
    views = list(entered)
    return {fact: may_know(protocol, scenario, fact, role, views) for fact in DISCLOSURE_FACTS}
