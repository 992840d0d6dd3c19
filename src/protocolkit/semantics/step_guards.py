"""Which guards can change one step's view, and a scenario's truth of them (semantics stage).

A step looks different in two scenarios only when the reporter or the subject differ
and the step names them (the pseudo-roles ``melder``, ``betrokkene``), or when a guard
of the step itself (its parties' alternatives — actor, counterpart, consulted, informed,
heard, and who decides and communicates in its handoff —, outcome conditions, ``next``
alternatives), of a substitution that can reach one
of its roles, or of an ambiguity note that affects the step, one of its outcomes or
such a substitution holds in one and not the other.
:func:`step_signature` is that, as a small hashable value, so that
:func:`protocolkit.semantics.resolve_step` resolves a step once per distinct signature
rather than once per scenario or per whole-protocol signature.

>>> from protocolkit.format.loader import load_protocol
>>> from protocolkit.semantics import Scenario, complete
>>> p = load_protocol("tests/data/minimal.yaml").protocol
>>> a = complete(p, Scenario("raadslid", "burgemeester", "uitgevoerd"))
>>> b = complete(p, Scenario("raadslid", "wethouder", "uitgevoerd"))
>>> step_signature(p, "beoordeling", a) == step_signature(p, "beoordeling", b)
False
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from protocolkit.format.model import Guard, Protocol
from protocolkit.format.vocabulary import PSEUDO_ROLES

if TYPE_CHECKING:
    from protocolkit.semantics import Scenario


def _guard_table(protocol: Protocol) -> tuple[tuple[Guard, ...], dict[str, tuple[int, ...]]]:
    """Every distinct guard (by identity) and, per step id, the positions of those that
    can change its view (its own and every substitution's)."""
    def build(p: Protocol) -> tuple[tuple[Guard, ...], dict[str, tuple[int, ...]]]:
        guards: list[Guard] = []
        position: dict[int, int] = {}

        def index(guard: Guard) -> int:
            found = position.get(id(guard))
            if found is None:
                found = position[id(guard)] = len(guards)
                guards.append(guard)
            return found

        from protocolkit.format.model import Handoff, RoleCase
        from protocolkit.semantics import party_roles

        # Ambiguity notes guard which notes a view lists (StepView.ambiguities): a step
        # gets the guard of a note that affects one of its elements (the step, its
        # outcomes, a substitution that can shape it), no other.
        notes = [(index(a.when), frozenset(a.affects)) for a in p.ambiguities
                 if a.when is not None]
        per_step: dict[str, tuple[int, ...]] = {}
        for step in p.steps:
            own: list[int] = []
            roles: set[str] = set()
            handoff = step.out_of_scope if isinstance(step.out_of_scope, Handoff) else None
            parties = [step.actor, step.counterpart, step.consulted, step.informed, step.heard]
            if handoff is not None:
                parties += [handoff.decides, handoff.communicates_with_melder]
            for party in parties:
                roles.update(party_roles(party))
                if isinstance(party, list):
                    own.extend(index(c.when) for c in party
                               if isinstance(c, RoleCase) and c.when is not None)
            for outcome in step.outcomes:
                if outcome.when is not None:
                    own.append(index(outcome.when))
                if isinstance(outcome.next, list):
                    own.extend(index(c.when) for c in outcome.next if c.when is not None)
            # The substitutions that can reach one of the step's roles, chained.
            # A body's members count as its roles: a substitution inside a body that
            # takes part (art. 3.1 lid 3: an involved griffier replaced in the
            # integriteitscommissie) changes the step's composition.
            grown = True
            while grown:
                more = {sub.by for sub in p.substitutions if sub.replaces in roles}
                for name in roles:
                    body = p.role(name)
                    if body is not None:
                        more.update(body.members)
                grown = not more <= roles
                roles |= more
            # A substitution scoped to phases or steps outside this one never reaches
            # its roles (as themselves or as members of any body): its guard cannot
            # change the view.
            own.extend(index(sub.when) for sub in p.substitutions
                       if sub.replaces in roles and sub.when is not None
                       and any(sub.applies_in(step.id, step.phase, body)
                               for body in (None, *sub.bodies)))
            named = {PSEUDO_ROLES[r] for r in roles if r in PSEUDO_ROLES}
            if notes:
                # The reporter or the subject may be a body whose members are replaced:
                # then any substitution may shape the step.
                elements = {step.id, *(f"{step.id}.{o.id}" for o in step.outcomes), *(
                    sub.id for sub in p.substitutions if named or sub.replaces in roles)}
                own.extend(at for at, affects in notes if not affects.isdisjoint(elements))
            pseudo = ((-1,) if "reporter" in named else ()) + ((-2,) if "subject" in named else ())
            per_step.setdefault(step.id, pseudo + tuple(own))
        return tuple(guards), per_step

    return protocol.derived("step_guards.table", build)


def guard_truths(protocol: Protocol, scenario: Scenario) -> str:
    """The truth of every guard of :func:`_guard_table` in ``scenario`` (complete), as
    :func:`truth_row` writes it, memoized per scenario (for the whole space at once)."""
    memo = protocol.memo("step_guards.truths")
    found: str | None = memo.get(scenario)
    if found is None:
        at = _bits(protocol).index.get(scenario)
        if at is None:
            found = truth_row(protocol, _guard_table(protocol)[0], scenario)
        else:
            found = protocol.derived("step_guards.truth_rows",
                                     lambda p: truth_rows(p, _guard_table(p)[0]))[at]
        memo[scenario] = found
    return found


def _readers(protocol: Protocol) -> dict[str, Callable[[Scenario, str], Hashable]]:
    """Per step, a function of (scenario, guard truths) giving its signature."""
    def build(p: Protocol) -> dict[str, Callable[[Scenario, str], Hashable]]:
        _, per_step = _guard_table(p)
        readers: dict[str, Callable[[Scenario, str], Hashable]] = {}
        # Steps that read the same guards share one function (most read none): a
        # function per step was three objects a step for the cyclic collector to walk.
        made: dict[tuple[int, ...], Callable[[Scenario, str], Hashable]] = {}
        for step_id, positions in per_step.items():
            shared = made.get(positions)
            if shared is not None:
                readers[step_id] = shared
                continue
            reporter, subject = -1 in positions, -2 in positions
            indices = [i for i in positions if i >= 0]
            pick: Callable[[str], Any] = (
                itemgetter(*indices) if indices else (lambda _t: ()))

            def read(scenario: Scenario, truths: str, pick: Any = pick,
                     reporter: bool = reporter, subject: bool = subject) -> Hashable:
                return (reporter and scenario.reporter, subject and scenario.subject,
                        pick(truths))

            readers[step_id] = made[positions] = read
        return readers

    return protocol.derived("step_guards.readers", build)


def step_signature(protocol: Protocol, step_id: str, scenario: Scenario) -> Hashable:
    """What of ``scenario`` (complete) can change the view of step ``step_id`` (see the
    module text): the reporter and the subject when the step names them, and the truth
    of the step's guards."""
    read = _readers(protocol).get(step_id)
    if read is None:
        return ()
    return read(scenario, guard_truths(protocol, scenario))


# --------------------------------------------------------------------------- bitsets


class _Bits:
    """A protocol's scenario space as bit positions, and the bits of each guard."""

    def __init__(self, protocol: Protocol) -> None:
        from protocolkit.semantics import scenario_space

        self.protocol = protocol
        self.index: dict[Scenario, int] = {s: i for i, s in enumerate(scenario_space(protocol))}
        self.full = (1 << len(self.index)) - 1
        #: (attribute, value) -> the scenarios with that value (as Scenario.value reads it)
        self.values: dict[tuple[str, str | None], int] = {}
        for scenario, i in self.index.items():
            for item in (("reporter", scenario.reporter), ("subject", scenario.subject),
                         ("act", scenario.act), ("own", "true" if scenario.own else "false"),
                         *scenario.attributes):
                self.values[item] = self.values.get(item, 0) | (1 << i)
        #: id(guard) -> (guard, bits): the guard kept alive with its bits
        self.guards: dict[int, tuple[Guard, int]] = {}
        #: id(guard) -> (guard, "1"/"0" per position): one scenario's truth read in
        #: constant time (shifting a big integer copies it)
        self.truths: dict[int, tuple[Guard | None, str]] = {}

    def truth(self, guard: Guard | None) -> str:
        """The guard's truth per position of the space, as a string of ``0`` and ``1``."""
        found = self.truths.get(id(guard))
        if found is None or found[0] is not guard:
            found = self.truths[id(guard)] = (
                guard, bin(self.of(guard))[:1:-1].ljust(len(self.index), "0"))
        return found[1]

    def of(self, guard: Guard | None) -> int:
        if guard is None:
            return self.full
        found = self.guards.get(id(guard))
        if found is not None and found[0] is guard:
            return found[1]
        bits = self.full
        for attribute, allowed in guard.conditions.items():
            either = 0
            for value in allowed:
                either |= self.values.get((attribute, value), 0)
            bits &= either
        for sub in guard.all:
            bits &= self.of(sub)
        if guard.any:
            either = 0
            for sub in guard.any:
                either |= self.of(sub)
            bits &= either
        if guard.not_ is not None:
            bits &= ~self.of(guard.not_) & self.full
        self.guards[id(guard)] = (guard, bits)
        return bits


def _bits(protocol: Protocol) -> _Bits:
    return protocol.derived("step_guards.bits", _Bits)


def space_index(protocol: Protocol) -> dict[Scenario, int]:
    """Position of every scenario of the scenario space (complete, as
    :func:`protocolkit.semantics.scenario_space` gives them): bit ``i`` of a
    :func:`guard_bits` value is the truth of the guard in scenario ``i``."""
    return _bits(protocol).index


def guard_bits(protocol: Protocol, guard: Guard | None) -> int:
    """The truth of ``guard`` in every scenario of the space at once (bit ``i`` for the
    scenario at :func:`space_index` ``i``): computed once per guard with a few
    operations on integers, where :func:`protocolkit.semantics.guard_holds` decides one
    scenario at a time; the two agree on every scenario of the space.

    >>> from protocolkit.format.loader import load_protocol
    >>> from protocolkit.semantics import guard_holds, scenario_space
    >>> p = load_protocol("tests/data/minimal.yaml").protocol
    >>> g = Guard.model_validate({"subject": "burgemeester"})
    >>> bits = guard_bits(p, g)
    >>> all(bool(bits >> i & 1) == guard_holds(g, s) for s, i in space_index(p).items())
    True
    """
    return _bits(protocol).of(guard)


def holds(protocol: Protocol, guard: Guard | None, scenario: Scenario) -> bool:
    """:func:`protocolkit.semantics.guard_holds` for ``scenario`` (complete), through
    :func:`guard_bits` when the scenario is in the space."""
    bits = _bits(protocol)
    at = bits.index.get(scenario)
    if at is None:
        from protocolkit.semantics import guard_holds

        return guard_holds(guard, scenario)
    return bits.truth(guard)[at] == "1"


def truth_rows(protocol: Protocol, guards: Sequence[Guard | None]) -> list[str]:
    """The truth of ``guards`` in every scenario of the space, by position
    (:func:`space_index`): a string with ``"1"`` or ``"0"`` per guard, in their order
    (:func:`truth_row` writes one scenario's alike, also outside the space). One pass
    over the guards' bits for the whole space.

    >>> from protocolkit.format.loader import load_protocol
    >>> p = load_protocol("tests/data/minimal.yaml").protocol
    >>> g = Guard.model_validate({"subject": "burgemeester"})
    >>> rows = truth_rows(p, [g, None])
    >>> all(rows[i] == truth_row(p, [g, None], s) for s, i in space_index(p).items())
    True
    """
    bits = _bits(protocol)
    if not guards:
        return [""] * len(bits.index)
    return ["".join(row) for row in zip(*(bits.truth(g) for g in guards))]


def truth_row(protocol: Protocol, guards: Sequence[Guard | None], scenario: Scenario) -> str:
    """The truth of ``guards`` in ``scenario`` (complete) as :func:`truth_rows` writes
    it."""
    bits = _bits(protocol)
    at = bits.index.get(scenario)
    if at is None:
        from protocolkit.semantics import guard_holds

        return "".join("1" if guard_holds(g, scenario) else "0" for g in guards)
    return "".join(bits.truth(g)[at] for g in guards)


def positions(bits: int) -> list[int]:
    """The positions of the set bits, lowest first (in time linear in the bits).

    >>> positions(0b10110)
    [1, 2, 4]
    """
    digits = bin(bits)[:1:-1]
    found: list[int] = []
    at = digits.find("1")
    while at >= 0:   # from set bit to set bit: the clear ones cost nothing
        found.append(at)
        at = digits.find("1", at + 1)
    return found


def step_parts(protocol: Protocol, step_id: str) -> list[int]:
    """The scenarios of the space split by :func:`step_signature` of one step, as
    bitsets (every scenario in exactly one): the scenarios of a part see the step alike.
    Computed from :func:`guard_bits` of the step's guards, without a scenario loop."""
    memo = protocol.memo("step_guards.parts")
    found: list[int] | None = memo.get(step_id)
    if found is not None:
        return found
    bits = _bits(protocol)
    parts = [bits.full] if bits.index else []
    guards, per_step = _guard_table(protocol)
    positions = per_step.get(step_id, ())
    splits: list[int] = []
    for name, flag in (("reporter", -1), ("subject", -2)):
        if flag in positions:
            splits.extend(value for (attribute, _), value in bits.values.items()
                          if attribute == name)
    for position in positions:
        if position >= 0:
            splits.append(bits.of(guards[position]))
    # A split met before (the same scenarios: guards written alike, every step's
    # ambiguity notes) cannot split a part again; steps split alike share the parts.
    distinct = tuple(dict.fromkeys(splits))
    alike = protocol.memo("step_guards.parts_by_splits")
    shared: list[int] | None = alike.get(distinct)
    if shared is None:
        for split in distinct:
            parts = [piece for part in parts for piece in (part & split, part & ~split)
                     if piece]
        shared = alike[distinct] = parts
    memo[step_id] = shared
    return shared
