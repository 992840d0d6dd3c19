"""The scenario spaces of two protocols, lined up in shared-vocabulary terms.

A scenario of one protocol names that protocol's own role ids; to compare two
municipalities its reporter and subject are written as shared-vocabulary ids
(:meth:`~protocolkit.format.model.Protocol.shared_id`). That *key* is what the diff calls a
scenario. When two roles of one protocol map to the same shared id (a ``raadslid`` and a
``fractievolger`` both ``shared: raadslid``), the role whose id is the shared id (else
the first id in alphabetical order) takes the shared name and the others keep their
own, so that no two scenarios of a protocol collapse into one.

Extra attributes: the union space carries every attribute either side declares. A
protocol that does not declare an attribute makes no distinction on it, so its one
answer stands for every value of it (its scenarios are compared with each value the
other side declares). When both declare an attribute, a value only one side declares
is a scenario only that side covers.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field

from protocolkit.format.model import Guard, Protocol
from protocolkit.format.references import iter_guards
from protocolkit.semantics import Scenario, guard_holds, scenario_order, scenario_space
from protocolkit.semantics.step_guards import space_index, truth_rows


def scenario_role_names(protocol: Protocol) -> dict[str, str]:
    """Reporter and subject role ids -> the name a scenario key uses for them.

    >>> from protocolkit.format.loader import load_protocol
    >>> scenario_role_names(load_protocol("tests/data/minimal.yaml").protocol)["raadslid"]
    'raadslid'
    """
    space = protocol.scenarios
    by_shared: dict[str, list[str]] = defaultdict(list)
    for role_id in dict.fromkeys([*space.reporters, *space.subjects]):
        by_shared[protocol.shared_id(role_id)].append(role_id)
    names: dict[str, str] = {}
    for shared, role_ids in by_shared.items():
        winner = shared if shared in role_ids else min(role_ids)
        for role_id in role_ids:
            names[role_id] = shared if role_id == winner else role_id
    return names


@dataclass(frozen=True)
class SideSpace:
    """One protocol's scenarios, found by their shared key."""

    protocol: Protocol
    by_key: dict[Scenario, Scenario]
    attributes: frozenset[str]
    #: :meth:`own` per key asked (the diff asks for each key several times).
    _owned: dict[Scenario, Scenario | None] = field(default_factory=dict, compare=False,
                                                   repr=False)
    #: :meth:`alike`: the first scenario seen per class, and each scenario's.
    _classes: dict[Hashable, Scenario] = field(default_factory=dict, compare=False,
                                               repr=False)
    _alike: dict[Scenario, Scenario] = field(default_factory=dict, compare=False, repr=False)
    _guard_list: list[Guard] = field(default_factory=list, compare=False, repr=False)
    _rows: list[str] = field(default_factory=list, compare=False, repr=False)
    _by_fields: dict[Hashable, Scenario] = field(default_factory=dict, compare=False,
                                                 repr=False)

    @classmethod
    def of(cls, protocol: Protocol) -> SideSpace:
        names = scenario_role_names(protocol)
        by_key = {Scenario(names[s.reporter], names[s.subject], s.act, s.own, s.attributes): s
                  for s in scenario_space(protocol)}
        return cls(protocol, by_key, frozenset(protocol.scenarios.attributes))

    def own(self, key: Scenario) -> Scenario | None:
        """This protocol's scenario for a shared key, or ``None`` when it does not cover it."""
        if key in self._owned:
            return self._owned[key]
        if not self._by_fields:
            self._by_fields.update((scenario_order(k), s) for k, s in self.by_key.items())
        # The key narrowed to this protocol's attributes, as the fields of a scenario
        # (its attributes stay in their sorted order).
        found = self._owned[key] = self._by_fields.get(
            (key.reporter, key.subject, key.act, key.own,
             tuple(item for item in key.attributes if item[0] in self.attributes)))
        return found

    def alike(self, scenario: Scenario) -> Scenario:
        """The first scenario asked about that this protocol treats exactly like
        ``scenario`` (one of its own, complete): the same reporter, subject and ``own``,
        and the same truth of every guard it holds
        (:func:`~protocolkit.format.references.iter_guards`). Everything the semantics
        answers for a scenario reads it only through those — the act and the extra
        attributes through guards, the pseudo-roles through the reporter and subject, a
        refusal through ``own`` —, so the diff observes one scenario per class (Oostzaan's
        224 common scenarios are 144 classes).

        >>> from protocolkit.format.loader import load_protocol
        >>> space = SideSpace.of(load_protocol("protocols/oostzaan.yaml").protocol)
        >>> a, b, c = (Scenario("burger", "raadslid", "uitgevoerd", False,
        ...                     {"aanleiding": reason, "betrokken_functionaris": official})
        ...            for reason, official in [("vermoeden", "geen"), ("twijfel", "geen"),
        ...                                     ("vermoeden", "griffier")])
        >>> space.alike(a) is a, space.alike(b) is a, space.alike(c) is a
        (True, True, False)
        """
        found = self._alike.get(scenario)
        if found is None:
            # A scenario of the space reads its row of the guards' truth, computed for
            # the whole space at once (step_guards.truth_rows); any other tests each guard.
            at = space_index(self.protocol).get(scenario)
            truths = (self._truth_rows()[at] if at is not None else
                      "".join("1" if guard_holds(g, scenario) else "0"
                              for g in self._guards()))
            key = (scenario.reporter, scenario.subject, scenario.own, truths)
            found = self._alike[scenario] = self._classes.setdefault(key, scenario)
        return found

    def _truth_rows(self) -> list[str]:
        """:meth:`_guards`' truth per position of the space (made once)."""
        if not self._rows:
            self._rows.extend(truth_rows(self.protocol, self._guards()))
        return self._rows

    def _guards(self) -> list[Guard]:
        """Every guard of the protocol (one written twice counts twice: it tells the
        same scenarios apart)."""
        if not self._guard_list:    # (a protocol without guards asks again: cheap)
            self._guard_list.extend(g for _, g in iter_guards(self.protocol))
        return self._guard_list


def union_space(left: SideSpace, right: SideSpace) -> list[Scenario]:
    """Every scenario either side covers, as shared keys, in canonical order."""
    domains: dict[str, set[str]] = defaultdict(set)
    for side in (left, right):
        for name, values in side.protocol.scenarios.attributes.items():
            domains[name].update(values)
    # A key as its fields (scenario_order): each distinct one becomes a Scenario once.
    keys: set[tuple[str, str, str, bool, tuple[tuple[str, str], ...]]] = set()
    for side in (left, right):
        missing = sorted(set(domains) - side.attributes)
        combos = list(itertools.product(*(sorted(domains[n]) for n in missing)))
        for key in side.by_key:
            for combo in combos:
                attributes = {**dict(key.attributes), **dict(zip(missing, combo, strict=True))}
                keys.add((key.reporter, key.subject, key.act, key.own,
                          tuple(sorted(attributes.items()))))
    return [Scenario(*fields) for fields in sorted(keys)]
