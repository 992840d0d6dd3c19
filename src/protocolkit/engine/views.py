"""Need-to-know views: what one role may know of a running case, now.

The view also says whether the person asking must be silent now (``silent``: each
silence in force that binds them, with its end and section; nothing about who else is
silent).

The rules are :mod:`protocolkit.semantics.disclosure` (which facts a role may know after which
steps). :func:`case_view` returns only what the role may know: without ``exists``
nothing but ``{"role": ..., "knows_case": False}``; the melder's role is replaced by
``"melder"`` wherever it would tell who reported (the ``melder`` field and every step the
melder takes part in as such); without ``subject`` the subject is ``"betrokkene"``;
without ``content`` no route and no act.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from protocolkit.engine.records import DateLike
from protocolkit.format.diagnostics import Msg, listed, said_given
from protocolkit.format.vocabulary import PSEUDO_ROLES
from protocolkit.semantics import EffectiveRole, effective_role, silence_ambiguities
from protocolkit.semantics.disclosure import (
    BETROKKENE,
    MELDER,
    known_facts,
    same_person,
    step_roles,
)

if TYPE_CHECKING:
    from protocolkit.engine.case import Case


def case_view(case: Case, role: str, as_of: DateLike | None = None) -> dict[str, Any]:
    """What ``role`` may know of ``case`` now (see the module text)."""
    from protocolkit.engine.case import to_date
    from protocolkit.semantics.inputs import CaseInputError

    if not isinstance(role, str) or not role:
        raise CaseInputError(Msg.of("engine.role-id", role=said_given(role)))
    protocol = case.protocol
    if role not in PSEUDO_ROLES and protocol.role(role) is None:
        choices = [*(r.id for r in protocol.roles), *PSEUDO_ROLES]
        raise CaseInputError(Msg.of("engine.no-role", role=role,
                                    municipality=protocol.protocol.municipality,
                                    listed=listed(role, choices, ", ".join(choices))))
    visits = list(case._state.visits)
    entered = [v.view for v in visits]
    knows = known_facts(protocol, case.scenario, role, entered)
    if not knows["exists"]:
        return {"role": role, "knows_case": False}
    scenario = case.scenario
    hide_melder = not knows["melder"]

    def who(effective: EffectiveRole | None) -> str | None:
        if effective is None:
            return None
        if hide_melder and effective.named == MELDER:
            return MELDER
        if not knows["subject"] and effective.named == BETROKKENE:
            return BETROKKENE
        return effective.role

    day = case.latest_date() if as_of is None else to_date(as_of, "as_of")
    data: dict[str, Any] = {
        "role": role, "knows_case": True, "case": case.id, "opened": case.opened.isoformat(),
        "as_of": day.isoformat(),
        "melder": MELDER if hide_melder else scenario.reporter,
        "subject": scenario.subject if knows["subject"] else BETROKKENE,
        "knows": knows,
        "closed": case.closed is not None,
    }
    mine = []
    names = same_person(protocol, scenario, role)
    for step in case.open_steps(day):
        visit = case._state.open[step.step]
        view = visit.view
        if not names & step_roles(view):
            continue
        mine.append({"step": step.step, "title": step.title, "kind": step.kind,
                     "actor": who(view.actor), "actors": [who(a) for a in view.actors],
                     "counterpart": who(view.counterpart),
                     "consulted": [who(r) for r in view.consulted],
                     **({"consulted_optional": [who(r) for r in view.consulted
                                                if r.role in view.consulted_optional]}
                        if view.consulted_optional else {}),
                     "informed": [who(r) for r in view.informed],
                     "since": step.since.isoformat(),
                     "due": step.due.isoformat() if step.due else None,
                     "overdue": step.overdue, "confidential": step.confidential,
                     **({"any_of": True} if view.any_of else {})})
    data["my_open_steps"] = mine
    data["silent"] = _my_silences(case, role, day, knows)
    if knows["content"]:
        data["act"] = scenario.act
        data["route"] = [{"step": v.view.id, "title": v.view.title, "kind": v.view.kind.value,
                          "actor": who(v.view.actor),
                          "actors": [who(a) for a in v.view.actors],
                          **({"any_of": True} if v.view.any_of else {}),
                          "opened": v.since.isoformat(),
                          "outcome": v.outcome,
                          "date": v.date.isoformat() if v.date else None}
                         for v in visits]
    return data


def _my_silences(case: Case, role: str, day: Any, knows: dict[str, bool]) -> list[dict[str, Any]]:
    """The silences in force on ``day`` that bind the person asking as ``role``: the
    text names them (``melder``, ``betrokkene``) or the office they hold (every
    ``raadslid``; the melder who is a raadslid too). Nothing about who else is silent.
    Without ``content`` and ``subject`` the view must not show the steps that end it
    nor the section (both can tell what the case is about and whom it concerns):
    ``until`` and ``source`` are then empty and ``withheld`` is true. ``open_points`` and
    ``proposal`` say whether it is a concept's proposal (a proposal's ``sections`` are
    empty when the source is withheld); ``ambiguities`` the readings it rests on (as
    ``route`` shows them; empty when the source is withheld)."""
    protocol, scenario = case.protocol, case.scenario
    names = same_person(protocol, scenario, role)
    if MELDER in names:
        names.add(scenario.reporter)
    if BETROKKENE in names:
        names.add(scenario.subject)
    shown = knows["content"] and knows["subject"]
    found: list[dict[str, Any]] = []
    for silence in case._silences_held(day):
        bound = {r if r in PSEUDO_ROLES else
                 effective_role(protocol, r, scenario, silence.from_step).role
                 for r in silence.named}
        if not names & bound:
            continue
        data = silence.to_dict(protocol)
        mine = {"id": silence.id, "audience": silence.audience, "withheld": not shown,
                "from": data["from"] if shown else None,
                "from_title": data["from_title"] if shown else None,
                "until": data["until"] if shown else [],
                "until_case_end": data["until_case_end"] if shown else True,
                "source": data["source"] if shown else [],
                # a concept's proposed silence stays marked as one, its sections only
                # where the source is shown
                "open_points": data["open_points"],
                "proposal": (data["proposal"] if shown or not data["proposal"]
                             else {**data["proposal"], "sections": []}),
                # the readings it rests on, where the source is shown (a reading can
                # tell whom the case concerns, as the section can)
                "ambiguities": silence_ambiguities(protocol, silence.id, scenario)
                if shown else []}
        if mine not in found:
            found.append(mine)
    return found
