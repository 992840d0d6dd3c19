"""Hypothesis strategies: valid protocols (roles with relations, phases, steps, guards,
deadlines from the step, the case, ontvangst or an earlier step, substitutions (scoped to
phases, steps or bodies, or named only),
sanctions, a working-day calendar with closing days, an extra scenario attribute that
may be required, facts of the case with conditions on outcomes, structured out-of-scope
handoffs, explicit joins of parallel tracks, and the constructs of issue 13: joint actors, guarded consulted/informed/heard
parties, parallel tracks, scoped substitutions, silences that end, open answers,
ambiguity notes, aliases, outcome citations, exclusions with a reason) and targeted
mutations of the shipped ones.

Generated protocols are valid by construction: every reference resolves, the route
graph is a DAG whose every non-end step has a way on in every scenario, and every
citation names a declared section. ``conflict_free=True`` builds protocols in which no
role can decide on, advise on or judge a case about itself or about anyone it depends
on: the deciding actors are external roles without relations that are never subjects.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st

from protocolkit.format.model import Protocol

#: Persons that can report and be the subject of a case.
PERSONS = ["raadslid", "wethouder", "burgemeester", "griffier"]
SINGLE = {"burgemeester", "griffier"}
#: External roles with no relations: safe to let them decide anything.
NEUTRAL = ["onderzoeker", "cvdk", "vertrouwenspersoon"]
BODIES = ["gemeenteraad", "college", "werkgeverscommissie"]

DECISION_KINDS = ["ontvankelijkheid", "vooronderzoek", "onderzoeksopdracht", "onderzoek",
                  "wederhoor", "zwaarte_oordeel", "oordeel"]
QUIET_KINDS = ["aanspreken", "melding", "informeren", "registratie", "nazorg", "evaluatie"]
SECTIONS = [f"art. {i}" for i in range(1, 9)]


#: Paragraphs as a section's quoted text has them: numbered, list marks, an omission.
PARAGRAPHS = ("1. De burgemeester beoordeelt of de melding voldoende concreet is,",
              "• motie van afkeuring;", "[…]",
              "Dateren de feiten van vier jaar geleden: ‘zwaarwegend’ – gemotiveerd.",
              "a. aanspreken;")


def section_texts() -> st.SearchStrategy[str]:
    """A section's text: one to three paragraphs, one a line."""
    return st.lists(st.sampled_from(PARAGRAPHS), min_size=1, max_size=3).map("\n".join)


def examples(count: int) -> int:
    """``count`` examples under the CI profile, proportionally more under a longer one
    (``HYPOTHESIS_PROFILE=dev``), for tests that set their own example count."""
    return max(count, count * settings.default.max_examples // 40)


def _roles() -> list[dict[str, Any]]:
    relations = {
        "raadslid": {"part_of": ["gemeenteraad"]},
        "wethouder": {"part_of": ["college"], "accountable_to": ["gemeenteraad"]},
        "burgemeester": {"part_of": ["college"]},
        "griffier": {"employed_by": ["gemeenteraad"], "accountable_to": ["werkgeverscommissie"]},
    }
    roles: list[dict[str, Any]] = []
    for person in PERSONS:
        roles.append({"id": person, "name": person.title(), "kind": "person", "shared": person,
                      "single": person in SINGLE,
                      **{k: list(v) for k, v in relations[person].items()}, "source": "art. 1"})
    for body, members in zip(BODIES, [["raadslid"], ["wethouder", "burgemeester"], ["raadslid"]],
                             strict=True):
        roles.append({"id": body, "name": body.title(), "kind": "body", "shared": body,
                      "members": list(members), "source": "art. 1"})
    for neutral in NEUTRAL:
        roles.append({"id": neutral, "name": neutral.title(), "kind": "external",
                      "shared": neutral, "source": "art. 1"})
    roles.append({"id": "stuurgroep", "name": "Stuurgroep", "kind": "body", "shared": "stuurgroep",
                  "never": ["investigates", "judges", "decides"], "source": "art. 1"})
    return roles


@st.composite
def guards(draw: st.DrawFn, depth: int = 0) -> dict[str, Any]:
    """A guard over the generated scenario space (reporters/subjects = PERSONS)."""
    guard: dict[str, Any] = {}
    for attribute, domain in (("subject", PERSONS), ("reporter", PERSONS),
                              ("act", ["voorgenomen", "uitgevoerd"])):
        if draw(st.booleans()):
            guard[attribute] = draw(st.lists(st.sampled_from(domain), min_size=1, max_size=2,
                                             unique=True))
    if depth < 1 and draw(st.integers(0, 4)) == 0:
        guard["not"] = draw(guards(depth + 1))
    return guard


@st.composite
def protocol_data(draw: st.DrawFn, conflict_free: bool = False,
                  self_judging: bool = False) -> dict[str, Any]:
    """Plain data of a valid protocol (feed it to ``Protocol.model_validate``)."""
    with_facts = draw(st.integers(0, 2)) == 0
    n_steps = draw(st.integers(min_value=2, max_value=14))
    phases = [{"id": f"fase{i}", "name": f"Fase {i}", "order": i, "source": "art. 2"}
              for i in range(1, 4)]
    actors_pool = NEUTRAL if conflict_free else NEUTRAL + PERSONS + BODIES + ["betrokkene"]
    steps: list[dict[str, Any]] = []
    for i in range(n_steps):
        decision = draw(st.booleans())
        kind = draw(st.sampled_from(DECISION_KINDS if decision else QUIET_KINDS))
        actor = draw(st.sampled_from(NEUTRAL if (conflict_free and decision) else
                                     actors_pool if decision else ["melder", *actors_pool]))
        step: dict[str, Any] = {
            "id": f"s{i}", "phase": f"fase{1 + i * 3 // n_steps}", "kind": kind,
            "title": f"Stap {i}", "actor": actor,
            "source": draw(st.sampled_from(SECTIONS)),
        }
        if draw(st.integers(0, 5)) == 0:
            # A joint step: two roles acting together (both neutral when conflict-free).
            pool = NEUTRAL if conflict_free else actors_pool
            pair = draw(st.lists(st.sampled_from(pool), min_size=2, max_size=2, unique=True))
            step["actor"] = [{"role": pair}]
        if draw(st.integers(0, 5)) == 0:
            heard: dict[str, Any] = {"when": draw(guards()), "role": "betrokkene"}
            if draw(st.booleans()):   # a hearing the actor may leave out ("kunnen ... gehoord")
                heard |= {"optional": True, "source": step["source"]}
            step["heard"] = ["melder", heard]
        if draw(st.integers(0, 5)) == 0:
            step["informed"] = [{"when": draw(guards()),
                                 "role": draw(st.sampled_from(PERSONS + NEUTRAL))}]
        if draw(st.integers(0, 3)) == 0:
            step["deadline"] = {"amount": draw(st.integers(1, 20)),
                                "unit": draw(st.sampled_from(["werkdagen", "dagen", "weken"]))}
            start = draw(st.sampled_from(["step", "case", "ontvangst",
                                          *(f"s{j}" for j in range(i))]))
            if start != "step":
                step["deadline"]["from"] = start
        if not conflict_free and draw(st.integers(0, 3)) == 0:
            consulted = draw(st.sampled_from(PERSONS + NEUTRAL))
            step["consulted"] = [consulted] if draw(st.booleans()) else [
                {"when": draw(guards()), "role": consulted}]
            if draw(st.integers(0, 3)) == 0:   # consulted only if the actor so chooses
                step["consulted"] = [{"role": consulted, "optional": True,
                                      "source": draw(st.sampled_from(SECTIONS))}]
        later = [f"s{j}" for j in range(i + 1, n_steps)] + ["einde"]
        outcomes = []
        for k in range(draw(st.integers(1, 3))):
            outcome: dict[str, Any] = {"id": f"o{k}", "next": draw(st.sampled_from(later))}
            if k > 0 and draw(st.booleans()):
                # A guarded alternative; the unguarded o0 keeps every scenario moving.
                outcome["next"] = [{"when": draw(guards()), "step": draw(st.sampled_from(later))},
                                   {"step": draw(st.sampled_from(later))}]
            if k > 0 and with_facts and draw(st.integers(0, 2)) == 0:
                # A fact condition; o0 has none, so a case can always move on.
                outcome["requires"] = [draw(fact_conditions([f"s{j}" for j in range(i)]))]
            if draw(st.integers(0, 5)) == 0:
                # A parallel track into a later step (the graph stays a DAG).
                others = [t for t in later if t != outcome["next"]]
                if others:
                    outcome["tracks"] = [draw(st.sampled_from(others))]
            if draw(st.integers(0, 4)) == 0:
                outcome["source"] = draw(st.sampled_from(SECTIONS))
            outcomes.append(outcome)
        step["outcomes"] = outcomes
        steps.append(step)
    forks = [(i, o) for i, step in enumerate(steps) for o in step["outcomes"]
             if o.get("tracks") and isinstance(o["next"], str) and o["next"] != "einde"
             and o["tracks"][0] != "einde"]
    if forks and draw(st.booleans()):
        # An explicit join: the next step and the track of a fork both lead (by their
        # first outcome) to a later step, which waits for both.
        i, fork = draw(st.sampled_from(forks))
        a, b = int(fork["next"][1:]), int(fork["tracks"][0][1:])
        later_steps = range(max(a, b) + 1, n_steps)
        if later_steps:
            j = draw(st.sampled_from(list(later_steps)))
            steps[a]["outcomes"][0]["next"] = steps[b]["outcomes"][0]["next"] = f"s{j}"
            steps[j]["join"] = {"waits_for": [f"s{a}", f"s{b}"],
                                "source": draw(st.sampled_from(SECTIONS))}
    if self_judging:
        target = draw(st.integers(0, n_steps - 1))
        steps[target]["kind"] = "oordeel"
        steps[target]["actor"] = "betrokkene"
    steps.append({"id": "einde", "phase": "fase3", "kind": "afgedaan", "title": "Einde",
                  "actor": "cvdk", "end": True, "source": "art. 8"})
    if draw(st.integers(0, 2)) == 0:
        steps[-1]["out_of_scope"] = draw(handoffs())
    substitutions = []
    if draw(st.booleans()):
        substitution: dict[str, Any] = {
            "id": "cvdk_voor_burgemeester", "when": {"subject": "burgemeester"},
            "replaces": "burgemeester", "by": "cvdk", "source": "art. 3"}
        if draw(st.booleans()):
            # Scoped: only some phases and/or steps.
            substitution["phases"] = draw(st.lists(st.sampled_from(
                [p["id"] for p in phases]), max_size=2, unique=True))
            substitution["steps"] = draw(st.lists(st.sampled_from(
                [s["id"] for s in steps]), max_size=2, unique=True))
        kept = draw(st.integers(0, 2))
        if kept == 1:
            # Limited to a body: the burgemeester's seat in the college only.
            substitution["bodies"] = ["college"]
        elif kept == 2:
            # Only where the burgemeester is named, never his seat in the college.
            substitution["named_only"] = True
        substitutions.append(substitution)
    ids = [s["id"] for s in steps]
    silences: list[dict[str, Any]] = []
    if draw(st.booleans()):
        start = draw(st.integers(0, len(ids) - 1))
        silence: dict[str, Any] = {"id": "stilte", "roles": ["melder", "betrokkene"],
                                   "audience": "pers", "source": "art. 6"}
        if draw(st.booleans()):
            silence["from"] = ids[start]
        if draw(st.booleans()):
            silence["until"] = draw(st.sampled_from(ids[start:]))
        if draw(st.booleans()):
            silence["when"] = draw(guards())
        silences.append(silence)
    open_points: list[dict[str, Any]] = []
    if draw(st.booleans()):
        open_points.append({"id": "open_termijn", "topic": "termijn",
                            "question": "Welke termijn?", "reasoning": "Nog te bepalen.",
                            "affects": [draw(st.sampled_from(ids))], "source": "art. 4"})
        marked = draw(st.sampled_from(steps))
        if isinstance(marked["actor"], list):
            marked["actor"][0]["open"] = "open_termijn"
        else:
            marked["open"] = "open_termijn"
    ambiguities: list[dict[str, Any]] = []
    if draw(st.booleans()):
        ambiguities.append({
            "id": "lezing", "question": "Welke lezing?",
            "readings": [{"id": "een", "text": "De ene."}, {"id": "twee", "text": "De andere."}],
            "chosen": draw(st.sampled_from(["een", "twee"])), "reason": "Zo staat het er.",
            "affects": [draw(st.sampled_from(ids))], "source": "art. 5"})
    sanctions = [{"id": "motie_van_afkeuring", "name": "Motie van afkeuring",
                  "imposed_by": ["gemeenteraad"], "applies_to": ["wethouder", "burgemeester"],
                  "severity": 3, "source": "art. 7"}]
    data: dict[str, Any] = {
        "protocol": {"municipality": "Gegenereerd", "title": "Gegenereerd protocol",
                     "version": str(draw(st.integers(1, 99))), "status": "concept",
                     "sources": [{"id": "gen", "title": "Gegenereerd"}]},
        "sections": [{"id": s, **({"text": draw(section_texts())} if draw(st.booleans()) else {})}
                     for s in SECTIONS],
        "roles": _roles(),
        "scenarios": {**draw(scenario_spaces()),
                      **({"aliases": [{"id": "fractievolger", "role": "raadslid",
                                       "source": "art. 1"}]} if draw(st.booleans()) else {}),
                      **({"exclude": [{"when": {"reporter": "griffier", "act": "voorgenomen"},
                                       "reason": "elders geregeld", "source": "art. 2"}]}
                         if draw(st.booleans()) else {})},
        "phases": phases,
        "steps": steps,
        "entry_routes": [{"id": "alle", "when": {}, "step": "s0", "source": "art. 2"}],
        "substitutions": substitutions,
        "sanctions": sanctions,
        "silences": silences,
        "open_points": open_points,
        "ambiguities": ambiguities,
        "principles": [{"id": "onpartijdig", "name": "Onpartijdig", "text": "Niemand oordeelt "
                        "over zichzelf.", "source": "art. 1"}],
    }
    if with_facts:
        data["facts"] = [{"id": fact, "type": "date", "label": f"Datum {fact}",
                          "source": draw(st.sampled_from(SECTIONS))} for fact in FACTS]
    if draw(st.integers(0, 3)) == 0:
        data["calendar"] = draw(calendars())
    return data


#: The facts of a case that generated protocols declare (when ``with_facts``).
FACTS = ["datum_feiten", "datum_kennisname"]


@st.composite
def fact_conditions(draw: st.DrawFn, earlier: list[str]) -> dict[str, Any]:
    """A condition on a date fact: older than or within a period, at a reference date."""
    period = {"amount": draw(st.integers(1, 10)),
              "unit": draw(st.sampled_from(["jaren", "maanden", "weken", "dagen"]))}
    at: Any = draw(st.sampled_from(["step", "ontvangst", *earlier]))
    if at not in ("step", "ontvangst") and draw(st.booleans()):
        at = [at]
    return {"fact": draw(st.sampled_from(FACTS)),
            draw(st.sampled_from(["older_than", "within"])): period,
            "at": at, "source": draw(st.sampled_from(SECTIONS))}


@st.composite
def handoffs(draw: st.DrawFn) -> Any:
    """Where a case goes when it leaves the protocol: a regime string, or a structured
    handoff whose deciders and communicators may be unassigned (``None``)."""
    if draw(st.booleans()):
        return "Ambtelijke meldregeling"
    def assigned() -> Any:
        choice = draw(st.integers(0, 2))
        if choice == 0:
            return None
        if choice == 1:
            return draw(st.sampled_from(PERSONS + NEUTRAL))
        return [{"when": draw(guards()), "role": draw(st.sampled_from(PERSONS))},
                {"role": draw(st.sampled_from(NEUTRAL))}]
    return {"regime": "Ambtelijke meldregeling", "decides": assigned(),
            "communicates_with_melder": assigned(), "source": draw(st.sampled_from(SECTIONS))}


@st.composite
def calendars(draw: st.DrawFn) -> dict[str, Any]:
    """A working-day calendar: the Atw base plus some closing days of the municipality."""
    closed = draw(st.lists(st.dates(min_value=dt.date(2024, 1, 1),
                                    max_value=dt.date(2028, 12, 31)), max_size=3, unique=True))
    return {"base": "algemene_termijnenwet", "closed": [d.isoformat() for d in closed],
            "source": draw(st.sampled_from(SECTIONS))}


@st.composite
def scenario_spaces(draw: st.DrawFn) -> dict[str, Any]:
    """The persons as reporters and subjects, sometimes with an extra attribute that has
    a default (its first value) or is ``required``."""
    space: dict[str, Any] = {"reporters": list(PERSONS), "subjects": list(PERSONS)}
    if draw(st.integers(0, 3)) == 0:
        space["attributes"] = {"ernst": draw(st.permutations(["licht", "zwaar"]))}
        if draw(st.booleans()):
            space["required"] = ["ernst"]
    return space


def protocols(conflict_free: bool = False, self_judging: bool = False) -> st.SearchStrategy[Protocol]:
    """Validated generated protocols."""
    return protocol_data(conflict_free=conflict_free, self_judging=self_judging).map(
        Protocol.model_validate)


# --------------------------------------------------------------------------- mutations

def _mutate_deadline(data: dict[str, Any], index: int) -> str:
    steps = [s for s in data["steps"] if s.get("deadline", {}).get("amount")]
    if not steps:
        return "none"
    step = steps[index % len(steps)]
    step["deadline"] = {**step["deadline"], "amount": step["deadline"]["amount"] + 1}
    return f"deadline:{step['id']}"


def _drop_substitution(data: dict[str, Any], index: int) -> str:
    subs = data.get("substitutions") or []
    if not subs:
        return "none"
    removed = subs.pop(index % len(subs))
    return f"substitution:{removed['id']}"


def _change_actor(data: dict[str, Any], index: int) -> str:
    steps = [s for s in data["steps"] if isinstance(s.get("actor"), str) and not s.get("end")]
    step = steps[index % len(steps)]
    step["actor"] = "onderzoeker" if step["actor"] != "onderzoeker" else "cvdk"
    return f"actor:{step['id']}"


def _toggle_member_entry(data: dict[str, Any], index: int, field: str, kind: str,
                         **extra: Any) -> str:
    """Add an entry ``{role: <member>, **extra, source}`` for one of a body's members
    under ``field`` of the body, or take the member's entry away: ``kind:<body>``."""
    seats = [(role, member) for role in data["roles"] for member in role.get("members", [])]
    if not seats:
        return "none"
    body, member = seats[index % len(seats)]
    kept = [m for m in body.get(field, []) if m["role"] != member]
    if len(kept) == len(body.get(field, [])):
        per = next(r["id"] for r in data["roles"] if r["id"] not in (member, body["id"]))
        kept.append({"role": member, **{k: per if v is None else v for k, v in extra.items()},
                     "source": body.get("source") or data["sections"][0]["id"]})
    body[field] = kept
    return f"{kind}:{body['id']}"


def _toggle_optional_member(data: dict[str, Any], index: int) -> str:
    """Make a body's member optional ("desgewenst"), or an optional one required."""
    return _toggle_member_entry(data, index, "optional_members", "optional")


def _toggle_seat_per(data: dict[str, Any], index: int) -> str:
    """Give a body's member one seat per holder of another role (the fractievoorzitters,
    one per fractie: ``per`` another role of the file), or take that away."""
    return _toggle_member_entry(data, index, "seat_per", "seat", per=None)


def _toggle_optional_consultation(data: dict[str, Any], index: int) -> str:
    """Make a step's consultation optional ("kan ... inschakelen"), or an optional one
    required."""
    steps = [s for s in data["steps"] if s.get("consulted")]
    if not steps:
        return "none"
    step = steps[index % len(steps)]
    entries = []
    for entry in step["consulted"]:
        case = {"role": entry} if isinstance(entry, str) else dict(entry)
        if not case.pop("optional", False):
            own = step["source"]
            case["optional"] = True
            case.setdefault("source", own if isinstance(own, str) else own[0])
        entries.append(case)
    step["consulted"] = entries
    return f"consult:{step['id']}"


MUTATIONS = {"deadline": _mutate_deadline, "substitution": _drop_substitution,
             "actor": _change_actor, "optional": _toggle_optional_member,
             "consult": _toggle_optional_consultation, "seat": _toggle_seat_per}


@st.composite
def mutations(draw: st.DrawFn, data: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """One targeted mutation of a protocol's data: (what changed, the new data)."""
    name = draw(st.sampled_from(sorted(MUTATIONS)))
    mutated = copy.deepcopy(data)
    what = MUTATIONS[name](mutated, draw(st.integers(0, 1000)))
    return what, mutated
