"""Reference and citation checks on a schema-valid protocol.

Part of the loader stage: after the model validated, every id a protocol uses must be
declared (roles, steps, phases, sanctions, sections), every guard must speak about
declared attributes and values, substitutions must not go round in circles, and every
declared section should be cited by some element (traceability both ways). All findings
are collected.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence, Sized
from typing import TYPE_CHECKING, Any

from protocolkit.format.diagnostics import Finding, Msg, did_you_mean, finding
from protocolkit.format.model import (
    DEADLINE_STARTS,
    OPTIONAL_PARTY_FIELDS,
    Exclusion,
    Guard,
    Handoff,
    NextCase,
    Protocol,
    Role,
    RoleCase,
    RoleKind,
    citations,
    open_ids,
)
from protocolkit.format.vocabulary import PSEUDO_ROLES

if TYPE_CHECKING:
    from protocolkit.format.loader import Locations

Path_ = tuple[str | int, ...]

#: Most combinations a scenario space may have. The checks, the engine and the diff
#: follow the route of every scenario (the checks once per class of scenarios that see
#: the same thing, see :func:`protocolkit.analysis.check_class`); the shipped protocols
#: have at most 768. Measured at the bound (one attribute of 12,500 values on
#: tests/data/minimal.yaml): validate 0.8 s, compiling for the engine 3.6 s, a diff 16 s.
MAX_SCENARIOS = 50_000


def attribute_domains(protocol: Protocol) -> dict[str, list[str]]:
    """Every scenario attribute (reporter, subject, act, own and the declared extra
    ones) with its finite domain, as the strings guards compare against."""
    space = protocol.scenarios
    domains: dict[str, list[str]] = {
        "reporter": list(space.reporters),
        "subject": list(space.subjects),
        "act": list(space.acts),
        "own": ["true" if v else "false" for v in space.own],
    }
    for name, values in space.attributes.items():
        domains[name] = list(values)
    return domains


def iter_guards(protocol: Protocol) -> Iterator[tuple[Path_, Guard]]:
    """Every guard in the protocol with the YAML path of its ``when``."""
    for i, entry in enumerate(protocol.scenarios.exclude):
        if isinstance(entry, Exclusion):
            yield ("scenarios", "exclude", i, "when"), entry.when
        else:
            yield ("scenarios", "exclude", i), entry
    for i, step in enumerate(protocol.steps):
        for key in PARTY_FIELDS:
            cases = getattr(step, key)
            if isinstance(cases, list):
                for j, case in enumerate(cases):
                    if isinstance(case, RoleCase) and case.when is not None:
                        yield ("steps", i, key, j, "when"), case.when
        for j, outcome in enumerate(step.outcomes):
            if outcome.when is not None:
                yield ("steps", i, "outcomes", j, "when"), outcome.when
            if isinstance(outcome.next, list):
                for k, branch in enumerate(outcome.next):
                    if branch.when is not None:
                        yield ("steps", i, "outcomes", j, "next", k, "when"), branch.when
        if isinstance(step.out_of_scope, Handoff):
            for key in ("decides", "communicates_with_melder"):
                assigned = getattr(step.out_of_scope, key)
                if isinstance(assigned, list):
                    for j, alternative in enumerate(assigned):
                        if alternative.when is not None:
                            yield (("steps", i, "out_of_scope", key, j, "when"),
                                   alternative.when)
    # The element groups whose elements carry one ``when`` (optional but for entry routes
    # and substitutions), in document order; a sanction's guarded imposed_by entries after
    # the substitutions.
    for group in ("entry_routes", "substitutions"):
        for i, element in enumerate(getattr(protocol, group)):
            if element.when is not None:
                yield (group, i, "when"), element.when
    for i, sanction in enumerate(protocol.sanctions):
        for j, case in enumerate(sanction.imposed_by):
            if isinstance(case, RoleCase) and case.when is not None:
                yield ("sanctions", i, "imposed_by", j, "when"), case.when
    for group in ("communication", "silences", "ambiguities", "acknowledged"):
        for i, element in enumerate(getattr(protocol, group)):
            if element.when is not None:
                yield (group, i, "when"), element.when
    for i, point in enumerate(protocol.open_points):
        if point.reservation is not None and point.reservation.when is not None:
            yield ("open_points", i, "reservation", "when"), point.reservation.when


#: The fields of a step that name parties (one guarded mechanism for all of them).
PARTY_FIELDS: tuple[str, ...] = ("actor", "counterpart", "consulted", "informed", "heard")


def iter_party_roles(protocol: Protocol) -> Iterator[tuple[Path_, str, str]]:
    """Every role a step's party fields name: (YAML path, role id, field)."""
    for i, step in enumerate(protocol.steps):
        for key in PARTY_FIELDS:
            value = getattr(step, key)
            if value is None:
                continue
            if isinstance(value, str):
                yield ("steps", i, key), value, key
                continue
            for j, case in enumerate(value):
                if isinstance(case, str):
                    yield ("steps", i, key, j), case, key
                elif isinstance(case.role, str):
                    yield ("steps", i, key, j, "role"), case.role, key
                else:
                    for k, role in enumerate(case.role):
                        yield ("steps", i, key, j, "role", k), role, key


def iter_open_markers(protocol: Protocol) -> Iterator[tuple[Path_, str]]:
    """Every ``open:`` marker (an open-point id) with its YAML path."""
    def marked(value: Any, path: Path_) -> Iterator[tuple[Path_, str]]:
        marker = getattr(value, "open", None)
        if marker is None:
            return
        for j, point in enumerate(open_ids(marker)):
            yield (path + ("open",) if isinstance(marker, str) else path + ("open", j)), point

    for name, items in element_groups(protocol):
        for i, item in enumerate(items):
            yield from marked(item, (name, i))
    for i, entry in enumerate(protocol.scenarios.exclude):
        yield from marked(entry, ("scenarios", "exclude", i))
    for i, step in enumerate(protocol.steps):
        if step.deadline is not None:
            yield from marked(step.deadline, ("steps", i, "deadline"))
        for j, outcome in enumerate(step.outcomes):
            yield from marked(outcome, ("steps", i, "outcomes", j))
        for key in PARTY_FIELDS:
            value = getattr(step, key)
            if isinstance(value, list):
                for j, case in enumerate(value):
                    if isinstance(case, RoleCase):
                        yield from marked(case, ("steps", i, key, j))


def element_ids(protocol: Protocol) -> set[str]:
    """Every id an ``affects`` list may name: the ids of all elements and, for
    outcomes, ``step.outcome``."""
    ids: set[str] = set()
    for _name, items in element_groups(protocol):
        ids.update(item.id for item in items)
    for step in protocol.steps:
        ids.update(f"{step.id}.{o.id}" for o in step.outcomes)
    return ids


def _guard_leaves(guard: Guard, path: Path_) -> Iterator[tuple[Path_, str, list[str]]]:
    for attribute, values in guard.conditions.items():
        yield path + (attribute,), attribute, values
    for i, sub in enumerate(guard.all):
        yield from _guard_leaves(sub, path + ("all", i))
    for i, sub in enumerate(guard.any):
        yield from _guard_leaves(sub, path + ("any", i))
    if guard.not_ is not None:
        yield from _guard_leaves(guard.not_, path + ("not",))


def element_groups(protocol: Protocol) -> list[tuple[str, list[Any]]]:
    """The lists of elements that have an id and cite a source, with their YAML key."""
    return [
        ("roles", protocol.roles),
        ("phases", protocol.phases),
        ("steps", protocol.steps),
        ("entry_routes", protocol.entry_routes),
        ("substitutions", protocol.substitutions),
        ("sanctions", protocol.sanctions),
        ("communication", protocol.communication),
        ("silences", protocol.silences),
        ("disclosure", protocol.disclosure),
        ("principles", protocol.principles),
        ("open_points", protocol.open_points),
        ("ambiguities", protocol.ambiguities),
        ("acknowledged", protocol.acknowledged),
        ("facts", protocol.facts),
    ]


def iter_citations(protocol: Protocol) -> Iterator[tuple[Path_, str]]:
    """Every citation (``source`` value) with the YAML path of its ``source`` key."""
    for name, items in element_groups(protocol):
        for i, item in enumerate(items):
            for j, section in enumerate(citations(item.source)):
                path: Path_ = (name, i, "source") if isinstance(item.source, str) else (
                    name, i, "source", j)
                yield path, section
    def cited(value: str | list[str] | None, path: Path_) -> Iterator[tuple[Path_, str]]:
        for j, section in enumerate(citations(value)):
            yield (path if isinstance(value, str) else path + (j,)), section

    def alternatives(party: Any, path: Path_) -> Iterator[tuple[Path_, str]]:
        # A guarded alternative (RoleCase, NextCase) may cite what it alone encodes.
        if isinstance(party, list):
            for k, case in enumerate(party):
                if isinstance(case, (RoleCase, NextCase)):
                    yield from cited(case.source, path + (k, "source"))

    for i, step in enumerate(protocol.steps):
        for name in PARTY_FIELDS:
            yield from alternatives(getattr(step, name), ("steps", i, name))
        if step.deadline is not None:
            yield from cited(step.deadline.source, ("steps", i, "deadline", "source"))
        if isinstance(step.out_of_scope, Handoff):
            yield from cited(step.out_of_scope.source, ("steps", i, "out_of_scope", "source"))
            for name in ("decides", "communicates_with_melder"):
                yield from alternatives(getattr(step.out_of_scope, name),
                                        ("steps", i, "out_of_scope", name))
        for j, outcome in enumerate(step.outcomes):
            yield from cited(outcome.source, ("steps", i, "outcomes", j, "source"))
            yield from alternatives(outcome.next, ("steps", i, "outcomes", j, "next"))
            for k, condition in enumerate(outcome.requires):
                yield from cited(condition.source,
                                 ("steps", i, "outcomes", j, "requires", k, "source"))
    for i, sanction in enumerate(protocol.sanctions):
        yield from alternatives(sanction.imposed_by, ("sanctions", i, "imposed_by"))
    for i, ambiguity in enumerate(protocol.ambiguities):
        for j, reading in enumerate(ambiguity.readings):
            yield from cited(reading.source, ("ambiguities", i, "readings", j, "source"))
    for i, point in enumerate(protocol.open_points):
        if point.reservation is not None:
            yield from cited(point.reservation.source,
                             ("open_points", i, "reservation", "source"))
    for i, role in enumerate(protocol.roles):
        if role.composition_source is not None:
            yield from cited(role.composition_source, ("roles", i, "composition_source"))
        for j, optional in enumerate(role.optional_members):
            yield from cited(optional.source, ("roles", i, "optional_members", j, "source"))
        for j, seat in enumerate(role.seat_per):
            yield from cited(seat.source, ("roles", i, "seat_per", j, "source"))
    for i, alias in enumerate(protocol.scenarios.aliases):
        yield from cited(alias.source, ("scenarios", "aliases", i, "source"))
    for i, entry in enumerate(protocol.scenarios.exclude):
        if isinstance(entry, Exclusion):
            yield from cited(entry.source, ("scenarios", "exclude", i, "source"))


#: Cyrillic and Greek letters that look like Latin ones (a small part of Unicode's
#: confusables: the ones a Dutch citation such as ``art. 2`` can be spelled with).
_LOOK_ALIKE = dict(zip(
    "аеорсухіјѕԁԛԝАВЕКМНОРСТХУІЈЅаеоοαρνικτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "aeopcyxijsdqwABEKMHOPCTXYIJSaeooapviktuxABEZHIKMNOPTYX", strict=True))


def _skeleton(text: str) -> str:
    return "".join(_LOOK_ALIKE.get(c, c) for c in text)


def _script(char: str) -> str | None:
    import unicodedata

    if not char.isalpha():
        return None
    return unicodedata.name(char, "?").split()[0]


def look_alike_sections(protocol: Protocol, locations: Locations) -> list[Finding]:
    """Warn on section ids that mix scripts (``аrt. 2`` with a Cyrillic а) or that look
    the same as another: a citation of the look-alike would read as the real one."""
    findings: list[Finding] = []
    seen: dict[str, str] = {}
    for i, section in enumerate(protocol.sections):
        if section.id.isascii():    # Latin letters only: its own skeleton
            scripts: set[str] = set()
            foreign: list[str] = []
            skeleton = section.id
        else:
            scripts = {s for s in map(_script, section.id) if s}
            foreign = [c for c in section.id if c in _LOOK_ALIKE]
            skeleton = _skeleton(section.id)
        twin = seen.get(skeleton)
        if (len(scripts) > 1 and foreign) or (twin is not None and twin != section.id):
            chars = ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(foreign)) or "letters"
            findings.append(finding(
                "look-alike-id",
                f"section '{section.id}' looks like '{skeleton}' but is spelled with "
                f"{chars} from another script", locations.at(("sections", i, "id")),
                hint="retype the id in Latin letters" + (
                    f"; it would be confused with section '{twin}'" if twin else "")))
        seen.setdefault(skeleton, section.id)
    return findings


def repeats(values: Sequence[str]) -> Iterator[tuple[int, int, str]]:
    """Each value named again in ``values``: (its index, the index of its first naming,
    the value). A list of roles names each role once.

    >>> list(repeats(["griffier", "burgemeester", "griffier"]))
    [(2, 0, 'griffier')]
    """
    first: dict[str, int] = {}
    for index, value in enumerate(values):
        if value in first:
            yield index, first[value], value
        else:
            first[value] = index


def check_references(protocol: Protocol, locations: Locations) -> list[Finding]:
    """All reference, domain and citation findings of a schema-valid protocol."""
    findings: list[Finding] = []
    at = locations.at

    # Unique ids per kind.
    for name, items in [*element_groups(protocol), ("sections", protocol.sections)]:
        for i, earlier, item_id in repeats([item.id for item in items]):
            first_line = at((name, earlier, "id")).line
            findings.append(finding(
                "duplicate-id", Msg.of("duplicate-id", group=Msg.of(f"g.{name}"), id=item_id),
                at((name, i, "id")), hint=Msg.of("hint.first-on-line", line=first_line)))
    for i, step in enumerate(protocol.steps):
        seen: set[str] = set()
        for j, outcome in enumerate(step.outcomes):
            if outcome.id in seen and outcome.when is None:
                findings.append(finding(
                    "duplicate-id", Msg.of("duplicate-id.outcome", step=step.id,
                                           outcome=outcome.id),
                    at(("steps", i, "outcomes", j, "id"))))
            seen.add(outcome.id)
        # A party's role list names each role once; "en/of" (any_of) is a choice
        # among an actor's roles: two distinct roles or more, actor only.
        for key in PARTY_FIELDS:
            value = getattr(step, key)
            for j, case in enumerate(value if isinstance(value, list) else ()):
                if not isinstance(case, RoleCase):
                    continue
                if isinstance(case.role, list):
                    for k, earlier, named in repeats(case.role):
                        findings.append(finding(
                            "duplicate-id", Msg.of("duplicate-id.party", step=step.id,
                                                   field=key, value=named),
                            at(("steps", i, key, j, "role", k)),
                            hint=Msg.of("hint.name-once", n=earlier + 1)))
                if case.optional and key not in OPTIONAL_PARTY_FIELDS:
                    findings.append(finding(
                        "invalid-value", Msg.of("invalid-value.optional-party", step=step.id,
                                                field=key),
                        at(("steps", i, key, j, "optional")),
                        hint=Msg.of("hint.optional-party")))
                elif case.optional and case.source is None:
                    findings.append(finding(
                        "invalid-value", Msg.of("invalid-value.optional-uncited", step=step.id),
                        at(("steps", i, key, j, "optional")),
                        hint=Msg.of("hint.optional-uncited")))
                if not case.any_of:
                    continue
                if key != "actor":
                    findings.append(finding(
                        "any-of-misplaced", Msg.of("any-of-not-actor", step=step.id, field=key),
                        at(("steps", i, key, j, "any_of"))))
                elif len(set(case.roles())) < 2:
                    findings.append(finding(
                        "any-of-misplaced", Msg.of("any-of-one-role", step=step.id),
                        at(("steps", i, key, j, "any_of")), hint=Msg.of("hint.any-of")))

    role_ids = [r.id for r in protocol.roles]
    declared_roles = set(role_ids)
    known_roles = declared_roles | set(PSEUDO_ROLES)

    def role_ref(value: str, path: Path_, what: Msg | str, pseudo: bool = True) -> None:
        allowed = known_roles if pseudo else declared_roles
        if value not in allowed:
            candidates = list(allowed)
            findings.append(finding(
                "unknown-role", Msg.of("unknown-role", what=what, value=value),
                at(path), hint=did_you_mean(value, candidates)
                or Msg.of("hint.declare-role")))

    def listed_once(role: Role, i: int, field: str, values: Sequence[str],
                    tail: tuple[str, ...] = ()) -> None:
        """A role's list names each role once: a member listed twice (or optional
        twice) says nothing more, and is a slip to refuse, not to read past."""
        for j, earlier, value in repeats(values):
            findings.append(finding(
                "duplicate-id", Msg.of("duplicate-id.entry", role=role.id, field=field,
                                       value=value),
                at(("roles", i, field, j, *tail)),
                hint=Msg.of("hint.name-once", n=earlier + 1)))

    for i, role in enumerate(protocol.roles):
        for rel in ("members", "employed_by", "accountable_to", "part_of"):
            for j, other in enumerate(getattr(role, rel)):
                role_ref(other, ("roles", i, rel, j),
                         Msg.of("w.role-field", role=role.id, field=rel), pseudo=False)
            listed_once(role, i, rel, getattr(role, rel))
        listed_once(role, i, "optional_members", [m.role for m in role.optional_members],
                    ("role",))
        listed_once(role, i, "seat_per", [m.role for m in role.seat_per], ("role",))
        for j, seat in enumerate(role.seat_per):
            role_ref(seat.per, ("roles", i, "seat_per", j, "per"),
                     Msg.of("w.role-field", role=role.id, field="seat_per"), pseudo=False)
        # Only a body has a composition: optional members and where the text says who
        # sits on it are refused on a person or an external role, where they stand.
        if role.kind is not RoleKind.body:
            for field in ("optional_members", "seat_per", "composition_source"):
                if getattr(role, field):
                    findings.append(finding(
                        "body-field-not-body",
                        Msg.of("body-field-not-body", role=role.id, field=field,
                               kind=role.kind.value),
                        at(("roles", i, field)), hint=Msg.of("hint.body-field", field=field)))
            continue
        # An optional member ("desgewenst") and a seat per holder of another role (one
        # fractievoorzitter per fractie) are each one of the body's own members.
        for field, code, said, add in (
                ("optional_members", "optional-member-not-member", "optional-member-not-member",
                 "hint.add-to-members"),
                ("seat_per", "invalid-value", "invalid-value.seat-per",
                 "hint.add-seat-per-to-members")):
            for j, entry in enumerate(getattr(role, field)):
                if entry.role not in role.members:
                    findings.append(finding(
                        code, Msg.of(said, body=role.id, value=entry.role),
                        at(("roles", i, field, j, "role")),
                        hint=did_you_mean(entry.role, role.members)
                        or Msg.of(add, value=entry.role)))
        # one seat per holder of the body itself says nothing about who sits on it
        for j, seat in enumerate(role.seat_per):
            if seat.per == role.id:
                findings.append(finding(
                    "invalid-value", Msg.of("invalid-value.seat-per-self", body=role.id,
                                            value=seat.role),
                    at(("roles", i, "seat_per", j, "per")),
                    hint=Msg.of("hint.seat-per-self")))

    space = protocol.scenarios
    for key in ("reporters", "subjects"):
        for j, value in enumerate(getattr(space, key)):
            role_ref(value, ("scenarios", key, j), Msg.of("w.space-field", field=key),
                     pseudo=False)

    step_ids = [s.id for s in protocol.steps]
    phase_ids = [p.id for p in protocol.phases]
    sanction_ids = [s.id for s in protocol.sanctions]
    fact_ids = [f.id for f in protocol.facts]

    # Sets for membership: a protocol may have thousands of steps.
    known_steps, known_phases, known_sanctions = set(step_ids), set(phase_ids), set(sanction_ids)

    def step_ref(value: str, path: Path_, what: Msg | str) -> None:
        if value not in known_steps:
            findings.append(finding(
                "unknown-step", Msg.of("unknown-step", what=what, value=value),
                at(path), hint=did_you_mean(value, step_ids)))

    for i, need in enumerate(protocol.disclosure):
        for j, value in enumerate(need.roles):
            role_ref(value, ("disclosure", i, "roles", j), f"disclosure '{need.id}'")
        for j, value in enumerate(need.from_):
            step_ref(value, ("disclosure", i, "from", j), f"disclosure '{need.id}' (from)")

    for i, step in enumerate(protocol.steps):
        def where(field: str, step_id: str = step.id) -> Msg:
            return Msg.of("w.step-field", step=step_id, field=field)

        if step.phase not in known_phases:
            findings.append(finding(
                "unknown-phase", Msg.of("unknown-phase", step=step.id, phase=step.phase),
                at(("steps", i, "phase")), hint=did_you_mean(step.phase, phase_ids)))
        if isinstance(step.out_of_scope, Handoff):
            for key in ("decides", "communicates_with_melder"):
                assigned = getattr(step.out_of_scope, key)
                if isinstance(assigned, str):
                    role_ref(assigned, ("steps", i, "out_of_scope", key),
                             where(f"out_of_scope {key}"))
                elif isinstance(assigned, list):
                    for j, alternative in enumerate(assigned):
                        base: Path_ = ("steps", i, "out_of_scope", key, j, "role")
                        for m, named in enumerate(alternative.roles()):
                            role_ref(named, base + ((m,) if isinstance(alternative.role, list)
                                                    else ()), where(f"out_of_scope {key}"))
        for j, offered in enumerate(step.sanctions):
            if offered not in known_sanctions:
                findings.append(finding(
                    "unknown-sanction", Msg.of("unknown-sanction", step=step.id,
                                               sanction=offered),
                    at(("steps", i, "sanctions", j)),
                    hint=did_you_mean(offered, sanction_ids)))
        if step.deadline is not None and step.deadline.from_ not in DEADLINE_STARTS:
            step_ref(step.deadline.from_, ("steps", i, "deadline", "from"),
                     Msg.of("w.deadline", step=step.id))
        if step.join is not None:
            for k, waited in enumerate(step.join.waits_for):
                step_ref(waited, ("steps", i, "join", "waits_for", k),
                         Msg.of("w.join", step=step.id))
        for j, outcome in enumerate(step.outcomes):
            what = Msg.of("w.outcome", outcome=outcome.id, step=step.id)
            if isinstance(outcome.next, str):
                step_ref(outcome.next, ("steps", i, "outcomes", j, "next"), what)
            else:
                for k, case in enumerate(outcome.next):
                    step_ref(case.step, ("steps", i, "outcomes", j, "next", k, "step"), what)
            for k, track in enumerate(outcome.tracks):
                step_ref(track, ("steps", i, "outcomes", j, "tracks", k),
                         Msg.of("w.outcome-track", outcome=outcome.id, step=step.id))
            for k, condition in enumerate(outcome.requires):
                here = ("steps", i, "outcomes", j, "requires", k)
                if condition.fact not in fact_ids:
                    findings.append(finding(
                        "unknown-fact", Msg.of("unknown-fact", what=what, fact=condition.fact),
                        at(here + ("fact",)), hint=did_you_mean(condition.fact, fact_ids)
                        or Msg.of("hint.declared-facts", facts=sorted(fact_ids) or ["-"])))
                for m, ref in enumerate(condition.at_steps()):
                    step_ref(ref, here + (("at", m) if isinstance(condition.at, list)
                                          else ("at",)), Msg.of("w.fact-condition", what=what))
    for path, party_role, key in iter_party_roles(protocol):
        step_index = path[1]
        assert isinstance(step_index, int)
        role_ref(party_role, path, Msg.of("w.step-field", step=protocol.steps[step_index].id,
                                          field=key))

    for i, route in enumerate(protocol.entry_routes):
        step_ref(route.step, ("entry_routes", i, "step"), Msg.of("w.entry-route", id=route.id))
    for i, sub in enumerate(protocol.substitutions):
        role_ref(sub.replaces, ("substitutions", i, "replaces"),
                 Msg.of("w.substitution", id=sub.id), pseudo=False)
        role_ref(sub.by, ("substitutions", i, "by"), Msg.of("w.substitution", id=sub.id),
                 pseudo=False)
        for j, phase in enumerate(sub.phases):
            if phase not in known_phases:
                findings.append(finding(
                    "unknown-phase", Msg.of("unknown-phase.substitution", id=sub.id,
                                            phase=phase), at(("substitutions", i, "phases", j)),
                    hint=did_you_mean(phase, phase_ids)))
        for j, step_id in enumerate(sub.steps):
            step_ref(step_id, ("substitutions", i, "steps", j),
                     Msg.of("w.substitution", id=sub.id))
        for j, body in enumerate(sub.bodies):
            role_ref(body, ("substitutions", i, "bodies", j),
                     Msg.of("w.substitution", id=sub.id), pseudo=False)
    for i, silence in enumerate(protocol.silences):
        for j, silent_role in enumerate(silence.roles):
            role_ref(silent_role, ("silences", i, "roles", j), Msg.of("w.silence", id=silence.id))
        if silence.from_ is not None:
            step_ref(silence.from_, ("silences", i, "from"), Msg.of("w.silence", id=silence.id))
        for k, end in enumerate(silence.ends()):
            until_at: tuple[str | int, ...] = ("silences", i, "until") + (
                () if isinstance(silence.until, str) else (k,))
            until, _, until_outcome = end.partition(".")
            step_ref(until, until_at, Msg.of("w.silence", id=silence.id))
            until_found = protocol.step(until)
            if until_outcome and until_found is not None and until_outcome not in [
                    o.id for o in until_found.outcomes]:
                findings.append(finding(
                    "unknown-step", Msg.of("unknown-step.silence-outcome", id=silence.id,
                                           outcome=until_outcome, step=until),
                    at(until_at),
                    hint=did_you_mean(until_outcome, [o.id for o in until_found.outcomes])))
    for i, alias in enumerate(space.aliases):
        if alias.role not in space.reporters and alias.role not in space.subjects:
            findings.append(finding(
                "unknown-role", Msg.of("unknown-role.alias", id=alias.id, role=alias.role),
                at(("scenarios", "aliases", i, "role")),
                hint=did_you_mean(alias.role, [*space.reporters, *space.subjects])))
    for i, sanction in enumerate(protocol.sanctions):
        for j, value in enumerate(sanction.applies_to):
            role_ref(value, ("sanctions", i, "applies_to", j),
                     Msg.of("w.sanction-field", id=sanction.id, field="applies_to"))
        for j, imposer in enumerate(sanction.imposed_by):
            if isinstance(imposer, str):
                role_ref(imposer, ("sanctions", i, "imposed_by", j),
                         Msg.of("w.sanction-field", id=sanction.id, field="imposed_by"))
                continue
            for k, imposer_id in enumerate(imposer.roles()):
                path = ("sanctions", i, "imposed_by", j, "role") + (
                    () if isinstance(imposer.role, str) else (k,))
                role_ref(imposer_id, path,
                         Msg.of("w.sanction-field", id=sanction.id, field="imposed_by"))
    for i, rule in enumerate(protocol.communication):
        role_ref(rule.speaker, ("communication", i, "speaker"),
                 Msg.of("w.communication", id=rule.id))
        if rule.from_step is not None:
            step_ref(rule.from_step, ("communication", i, "from_step"),
                     Msg.of("w.communication", id=rule.id))
    for i, ack in enumerate(protocol.acknowledged):
        if ack.step is not None:
            step_ref(ack.step, ("acknowledged", i, "step"), Msg.of("w.acknowledgement", id=ack.id))
        if ack.role is not None:
            role_ref(ack.role, ("acknowledged", i, "role"), Msg.of("w.acknowledgement", id=ack.id))

    # Guards speak about declared attributes and values.
    domains = attribute_domains(protocol)
    for path, guard in iter_guards(protocol):
        for leaf_path, attribute, values in _guard_leaves(guard, path):
            if attribute not in domains:
                findings.append(finding(
                    "unknown-attribute",
                    Msg.of("unknown-attribute", attribute=attribute),
                    at(leaf_path, key=True),
                    hint=did_you_mean(attribute, domains) or
                    Msg.of("hint.attributes", names=list(domains))))
                continue
            for j, value in enumerate(values):
                if value not in domains[attribute]:
                    findings.append(finding(
                        "unknown-value",
                        Msg.of("unknown-value", value=value, attribute=attribute),
                        at(leaf_path + (j,)),
                        hint=did_you_mean(value, domains[attribute])
                        or Msg.of("hint.declared-values", values=list(domains[attribute]))))

    for name, values in space.attributes.items():
        if not values:
            findings.append(finding(
                "empty-scenario-space", Msg.of("empty-scenario-space", name=name),
                at(("scenarios", "attributes", name))))
    dimensions: list[Sized] = [space.reporters, space.subjects, space.acts, space.own,
                               *space.attributes.values()]
    cells = math.prod(len(values) for values in dimensions)
    if cells > MAX_SCENARIOS:
        findings.append(finding(
            "scenario-space-too-large",
            Msg.of("scenario-space-too-large", cells=cells, max=MAX_SCENARIOS),
            at(("scenarios",), key=True), hint=Msg.of("hint.fewer-values")))

    # Citations both ways.
    sections = {s.id: s for s in protocol.sections}
    documents = {d.id for d in protocol.protocol.sources}
    for i, section in enumerate(protocol.sections):
        if section.document is not None and section.document not in documents:
            findings.append(finding(
                "unknown-document",
                Msg.of("unknown-document", section=section.id, document=section.document),
                at(("sections", i, "document")),
                hint=did_you_mean(section.document, documents)))
    for i, point in enumerate(protocol.open_points):
        if point.proposal_from is not None and point.proposal_from not in documents:
            findings.append(finding(
                "unknown-document",
                Msg.of("unknown-document.open-point", id=point.id, document=point.proposal_from),
                at(("open_points", i, "proposal_from")),
                hint=did_you_mean(point.proposal_from, documents)))
    findings.extend(look_alike_sections(protocol, locations))
    cited: set[str] = set()
    for path, section_id in iter_citations(protocol):
        cited.add(section_id)
        if section_id not in sections:
            findings.append(finding(
                "unknown-section",
                Msg.of("unknown-section", section=section_id),
                at(path), hint=did_you_mean(section_id, sections)
                or Msg.of("hint.declare-section")))
    for i, section in enumerate(protocol.sections):
        if not section.informative and section.id not in cited:
            findings.append(finding(
                "uncited-section",
                Msg.of("uncited-section", section=section.id),
                at(("sections", i, "id")), hint=Msg.of("hint.cite")))

    # Substitution cycles (a -> b -> a) would leave nobody to act.
    edges: dict[str, set[str]] = {}
    for sub in protocol.substitutions:
        edges.setdefault(sub.replaces, set()).add(sub.by)
    for i, sub in enumerate(protocol.substitutions):
        stack: list[str] = [sub.by]
        seen_roles: set[str] = set()
        while stack:
            current = stack.pop()
            if current == sub.replaces:
                findings.append(finding(
                    "substitution-cycle",
                    Msg.of("substitution-cycle", id=sub.id, by=sub.by, replaces=sub.replaces),
                    at(("substitutions", i, "by")), hint=Msg.of("hint.cycle")))
                break
            if current in seen_roles:
                continue
            seen_roles.add(current)
            stack.extend(edges.get(current, ()))

    # An exclusion without a reason refuses a question with nothing but "excluded".
    for i, entry in enumerate(protocol.scenarios.exclude):
        if not isinstance(entry, Exclusion):
            said = ", ".join(f"{k}: {'/'.join(v)}" for k, v in entry.conditions.items())
            findings.append(finding(
                "exclude-without-reason",
                Msg.of("exclude-without-reason", n=i + 1, guard="{" + (said or "…") + "}"),
                at(("scenarios", "exclude", i)), hint=Msg.of("hint.exclude-reason")))

    # Open answers: every marker names a declared open point, every open point governs
    # something, every affects id exists.
    point_ids = [p.id for p in protocol.open_points]
    marked: set[str] = set()
    for path, point_id in iter_open_markers(protocol):
        marked.add(point_id)
        if point_id not in point_ids:
            findings.append(finding(
                "unknown-open-point", Msg.of("unknown-open-point", id=point_id),
                at(path), hint=did_you_mean(point_id, point_ids)))
    known = element_ids(protocol)
    for i, point in enumerate(protocol.open_points):
        for j, element in enumerate(point.affects):
            if element not in known:
                findings.append(finding(
                    "unknown-element", Msg.of("unknown-element.open-point", id=point.id,
                                              element=element),
                    at(("open_points", i, "affects", j)),
                    hint=did_you_mean(element, known)))
        if (point.id not in marked and not point.scope_roles
                and not any(e in known for e in point.affects)):
            findings.append(finding(
                "open-point-governs-nothing", Msg.of("open-point-governs-nothing", id=point.id),
                at(("open_points", i, "id")),
                hint=Msg.of("hint.governs-nothing", id=point.id)))
    findings.extend(_exclusion_readings(protocol, locations))
    for i, ambiguity in enumerate(protocol.ambiguities):
        reading_ids = [r.id for r in ambiguity.readings]
        if ambiguity.chosen not in reading_ids:
            findings.append(finding(
                "invalid-value", Msg.of("invalid-value.reading", id=ambiguity.id,
                                        chosen=ambiguity.chosen),
                at(("ambiguities", i, "chosen")),
                hint=did_you_mean(ambiguity.chosen, reading_ids)))
        for j, element in enumerate(ambiguity.affects):
            if element not in known:
                findings.append(finding(
                    "unknown-element", Msg.of("unknown-element.ambiguity", id=ambiguity.id,
                                              element=element),
                    at(("ambiguities", i, "affects", j)),
                    hint=did_you_mean(element, known)))

    # A concept's open points are left to decide.
    for i, point in enumerate(protocol.open_points):
        findings.append(finding(
            "open-point",
            Msg.of("open-point", id=point.id, topic=point.topic, question=point.question),
            at(("open_points", i, "id")),
            hint=Msg.of("w.text", text=point.reasoning.strip().splitlines()[0])
            if point.reasoning.strip() else None))
    return findings


def _exclusion_readings(protocol: Protocol, locations: Locations) -> Iterator[Finding]:
    """An exclusion's ``reading``: a note of the file, one of its readings, the chosen
    one (else the exclusion excludes nothing, which is said where it is written)."""
    notes = {a.id: a for a in protocol.ambiguities}
    for i, entry in enumerate(protocol.scenarios.exclude):
        if not isinstance(entry, Exclusion) or entry.reading is None:
            continue
        path = ("scenarios", "exclude", i, "reading")
        at = locations.at
        note = notes.get(entry.reading.note)
        if note is None:
            yield finding("unknown-element", Msg.of(
                "unknown-element.exclusion-reading", n=i + 1, reading=entry.reading.note),
                at((*path, "note")), hint=did_you_mean(entry.reading.note, list(notes)))
            continue
        reading_ids = [r.id for r in note.readings]
        if entry.reading.follows not in reading_ids:
            yield finding("invalid-value", Msg.of(
                "invalid-value.exclusion-follows", n=i + 1, note=note.id,
                follows=entry.reading.follows),
                at((*path, "follows")), hint=did_you_mean(entry.reading.follows, reading_ids))
        elif entry.reading.follows != note.chosen:
            yield finding("exclusion-reading-not-chosen", Msg.of(
                "exclusion-reading-not-chosen", n=i + 1, note=note.id,
                follows=entry.reading.follows, chosen=note.chosen),
                at((*path, "follows")), hint=Msg.of("hint.exclusion-reading-not-chosen"))
