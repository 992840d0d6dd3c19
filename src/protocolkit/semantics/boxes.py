"""Sets of scenarios as *boxes*: the one home of the box, for the engine and the diff.

Semantics stage. A box fixes some scenario attributes (``reporter``, ``subject``,
``act``, ``own``, the protocol's extra attributes) to one or more values each and selects
the scenarios whose values are all allowed; a union of boxes describes any set of
scenarios. The engine's compiler writes conditions as boxes (one flat durable-rules
pattern each); the diff describes a group of scenarios in words as boxes. Both merge
boxes the same way, here.

>>> from protocolkit.semantics import Scenario
>>> box = {"subject": frozenset({"burgemeester"})}
>>> selects(box, Scenario("raadslid", "burgemeester", "uitgevoerd"))
True
>>> merged = merge([{"subject": frozenset({"wethouder"}), "act": frozenset({"uitgevoerd"})},
...                 {"subject": frozenset({"burgemeester"}), "act": frozenset({"uitgevoerd"})}])
>>> [(sorted(box["subject"]), sorted(box["act"])) for box in merged]
[(['burgemeester', 'wethouder'], ['uitgevoerd'])]
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from protocolkit.semantics import Scenario

#: Attribute -> the values a scenario may have there; attributes left out are free.
Box = dict[str, frozenset[str]]


def selects(box: Box, scenario: Scenario) -> bool:
    """Whether the box holds the scenario (``own`` compared as ``"true"``/``"false"``)."""
    return all(scenario.value(attribute) in values for attribute, values in box.items())


def select(domain: Iterable[Scenario], box: Box) -> set[Scenario]:
    """The scenarios of ``domain`` the box holds."""
    return {s for s in domain if selects(box, s)}


def merge(boxes: list[Box]) -> list[Box]:
    """Join boxes that fix the same attributes and differ in the values of one only,
    until none do: the union stays exactly the same, with fewer boxes."""
    merged = list(boxes)
    changed = True
    while changed:
        changed = False
        for i in range(len(merged)):
            for j in range(i + 1, len(merged)):
                a, b = merged[i], merged[j]
                if set(a) != set(b):
                    continue
                differ = [k for k in a if a[k] != b[k]]
                if len(differ) == 1:
                    k = differ[0]
                    merged[i] = {**a, k: a[k] | b[k]}
                    del merged[j]
                    changed = True
                    break
            if changed:
                break
    return merged
