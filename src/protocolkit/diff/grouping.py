"""Grouping behavioural rows, and describing a set of scenarios in a few words.

Rows with the same aspect and the same values on both sides form one group, so that a
reader meets "for every scenario about the burgemeester, Arnhem … where Oostzaan …"
once instead of once per scenario. A group's scenarios are described as a union of
*boxes* — each fixes some attributes (reporter, subject, act, own, extra attributes) to
one or more values — that covers exactly the group within the *domain* the aspect is
compared on: the union of both scenario spaces for ``covered``, the scenarios both
sides cover for every other aspect. The boxes are found greedily (largest first, then
fewest fixed attributes) and merged where they differ in one attribute only; when that
does not compress the group, the scenarios are listed instead.

>>> from protocolkit.semantics import Scenario
>>> domain = [Scenario(r, s, "uitgevoerd") for r in ("raadslid", "burger")
...           for s in ("wethouder", "burgemeester")]
>>> describe({d for d in domain if d.subject == "burgemeester"}, domain)
({'subject': ('burgemeester',)},)
>>> describe_text(({'subject': ('burgemeester',)},))
'elk scenario over burgemeester'
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from protocolkit.diff.behavioral import aspect_rank
from protocolkit.diff.rows import BehavioralRow, RowGroup
from protocolkit.format.texts import text
from protocolkit.format.vocabulary import scenario_text
from protocolkit.semantics import Scenario, scenario_order
from protocolkit.semantics.boxes import Box, merge

#: A :data:`protocolkit.semantics.boxes.Box` as a description shows it: values sorted, attributes in
#: the order reporter, subject, act, own, then the extra attributes.
ShownBox = dict[str, tuple[str, ...]]

BUILTIN = ("reporter", "subject", "act", "own")
#: Above this many candidate boxes the scenarios are listed instead of described.
MAX_CANDIDATES = 50_000


def _attributes(domain: Iterable[Scenario]) -> list[str]:
    extra = sorted({name for s in domain for name, _ in s.attributes})
    return [*BUILTIN, *extra]


class _Domain:
    """What :func:`describe` needs of a domain, computed once for all its groups: each
    scenario's position, and per (attribute, value) the bitset of scenarios having it."""

    def __init__(self, domain: Sequence[Scenario]) -> None:
        self.index = {s: i for i, s in enumerate(domain)}
        self.full = (1 << len(domain)) - 1
        self.names = _attributes(domain)
        self.values = {s: [s.value(name) or "" for name in self.names] for s in domain}
        bits: dict[tuple[str, str], int] = defaultdict(int)
        for s, i in self.index.items():
            for name, value in zip(self.names, self.values[s], strict=True):
                bits[(name, value)] |= 1 << i
        self.bits = bits
        self.domain_values = {n: {v for (name, v) in bits if name == n} for n in self.names}


def describe(group: set[Scenario], domain: Sequence[Scenario], table: _Domain | None = None,
             ) -> tuple[ShownBox, ...] | None:
    """The fewest boxes whose union is exactly ``group`` within ``domain`` (greedy), or
    ``None`` when listing the scenarios is as short. (``table``: the domain's
    :class:`_Domain`, when many groups share it.)"""
    table = table or _Domain(domain)
    index, full, names, bits = table.index, table.full, table.names, table.bits
    target = 0
    for s in group:
        target |= 1 << index[s]
    options = [sorted({table.values[s][k] for s in group}) for k in range(len(names))]
    count = 1
    for values in options:
        count *= len(values) + 1
    if count > MAX_CANDIDATES:
        return None
    # Every box over the group's values that selects something and nothing outside the
    # group (none below another: see extend): depth first, attribute by attribute,
    # dropping a branch once it selects none of the group.
    candidates: list[tuple[int, tuple[tuple[str, str], ...]]] = []
    outside = ~target
    # Per attribute, each of the group's values as (attribute, value) with its bitset.
    choices = [[((name, value), bits[(name, value)]) for value in values]
               for name, values in zip(names, options, strict=True)]
    last = len(names)

    def extend(position: int, cover: int, fixed: tuple[tuple[str, str], ...]) -> None:
        if cover and not cover & outside:
            # Every box below this one fixes more attributes and selects no more of
            # the group, so the pick below always prefers this one: it alone is kept.
            candidates.append((cover, fixed))
            return
        if position == last:
            return
        extend(position + 1, cover, fixed)
        for pair, selected in choices[position]:
            narrowed = cover & selected
            if narrowed & target:   # else no box below selects any of the group
                extend(position + 1, narrowed, (*fixed, pair))

    extend(0, full, ())
    chosen: list[tuple[int, tuple[tuple[str, str], ...]]] = []
    left = target
    # The pick: most of what is left, then fewest fixed attributes, then the largest
    # fixed values; the last two do not change between picks, so are ranked once.
    ranked = [(cover, (-len(fixed), [(n, v) for n, v in fixed]), fixed)
              for cover, fixed in candidates]
    while left:
        cover, _, fixed = max(ranked, key=lambda c: ((c[0] & left).bit_count(), c[1]))
        chosen.append((cover, fixed))
        left &= ~cover
        # A box that selects nothing left is never picked again (every scenario of the
        # group is a box of its own, so a box that does is always there).
        ranked = [c for c in ranked if c[0] & left]
    boxes = merge([{n: frozenset({v}) for n, v in fixed} for _, fixed in chosen])
    boxes = _drop_redundant(boxes, bits, full)
    domain_values = table.domain_values
    result: list[ShownBox] = []
    for box in boxes:
        kept = {n: tuple(sorted(v)) for n, v in box.items() if set(v) != domain_values[n]}
        result.append({n: kept[n] for n in names if n in kept})
    if len(result) > 3 and 2 * len(result) > len(group):
        return None
    return tuple(sorted(result, key=lambda b: sorted(b.items())))


def _box_bits(box: Box, bits: dict[tuple[str, str], int],
              full: int) -> int:
    cover = full
    for name, values in box.items():
        any_of = 0
        for v in values:
            any_of |= bits.get((name, v), 0)
        cover &= any_of
    return cover


def _drop_redundant(boxes: list[Box], bits: dict[tuple[str, str], int],
                    full: int) -> list[Box]:
    kept = list(boxes)
    for box in sorted(boxes, key=lambda b: (len(b), sorted((n, sorted(v)) for n, v in b.items())),
                      reverse=True):
        others = [b for b in kept if b is not box]
        union = 0
        for other in others:
            union |= _box_bits(other, bits, full)
        if others and not _box_bits(box, bits, full) & ~union:
            kept = others
    return kept


def _values(values: Sequence[str], lang: str = "nl",
            names: Mapping[str, str] | None = None) -> str:
    if names:
        values = [names.get(v, v) for v in values]
    return values[0] if len(values) == 1 else (
        ", ".join(values[:-1]) + text("common.or", lang) + values[-1])


def box_text(box: ShownBox, lang: str = "nl", names: Mapping[str, str] | None = None) -> str:
    """A box in words: ``elk scenario gemeld door raadslid, over burgemeester, uitgevoerd``
    (``lang="en"``: ``every scenario reported by raadslid, about burgemeester, uitgevoerd``);
    with ``names`` (``Protocol.role_names``) the reporter and subject by their names."""
    parts: list[str] = []
    own = box.get("own")
    for name, values in box.items():
        if name == "reporter" and own != ("true",):
            parts.append(text("group.reported-by", lang, who=_values(values, lang, names)))
        elif name == "subject":
            parts.append(text("group.about-own" if own == ("true",) else "group.about", lang,
                              who=_values(values, lang, names)))
        elif name == "act":
            parts.append(_values(values, lang))
        elif name == "own" and "subject" not in box:
            parts.append(text("group.own" if own == ("true",) else "group.not-own", lang))
        elif name not in BUILTIN:
            parts.append(f"{name} {_values(values, lang)}")
    return text("group.every", lang) + (" " + ", ".join(parts) if parts else "")


def describe_text(description: tuple[ShownBox, ...] | None,
                  scenarios: Sequence[Scenario] = (), lang: str = "nl",
                  names: Mapping[str, str] | None = None) -> str:
    """A group's scenarios in words: its boxes, or the list of scenarios; ``names``: the
    roles of the boxes by their names (one protocol's page)."""
    if description is None:
        return "; ".join(scenario_text(s.to_dict(), lang=lang) for s in scenarios)
    return "; ".join(box_text(box, lang, names) for box in description)


def group_rows(rows: Sequence[BehavioralRow], union: Sequence[Scenario],
               common: Sequence[Scenario]) -> list[RowGroup]:
    """Rows with the same aspect and values, as groups with a compact description."""
    buckets: dict[tuple[str, str, str], list[BehavioralRow]] = defaultdict(list)
    # Rows of scenarios that a side treats alike share their values: each written once
    # (the value is kept with its text, so its id is not reused while this runs).
    written: dict[int, tuple[Any, str]] = {}

    def dump(value: Any) -> str:
        found = written.get(id(value))
        if found is None:
            found = written[id(value)] = (value, json.dumps(value, sort_keys=True))
        return found[1]

    for row in rows:
        buckets[(row.aspect, dump(row.left), dump(row.right))].append(row)
    groups: list[RowGroup] = []
    tables: dict[bool, _Domain] = {}
    # Groups of different aspects often hold the same scenarios (Arnhem and Oostzaan:
    # 101 groups, 64 sets): each set is described once per domain.
    described: dict[tuple[bool, tuple[Scenario, ...]],
                    tuple[tuple[ShownBox, ...] | None, str]] = {}
    for (aspect, _, _), members in buckets.items():
        scenarios = tuple(sorted({r.scenario for r in members}, key=scenario_order))
        covered = aspect == "covered"
        if covered not in tables:
            tables[covered] = _Domain(union if covered else common)
        found = described.get((covered, scenarios))
        if found is None:
            description = describe(set(scenarios), union if covered else common,
                                   tables[covered])
            found = described[(covered, scenarios)] = (
                description, describe_text(description, scenarios))
        description, words = found
        groups.append(RowGroup(
            aspect=aspect,
            left=members[0].left,
            right=members[0].right,
            scenarios=scenarios,
            description=description,
            text=words,
            left_sources=_union(r.left_sources for r in members),
            right_sources=_union(r.right_sources for r in members),
        ))
    return sorted(groups, key=_group_order)


def _union(lists: Iterable[Iterable[str]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c for items in lists for c in items))


def _group_order(group: RowGroup) -> tuple[Any, ...]:
    return (aspect_rank(group.aspect), group.aspect, -len(group.scenarios),
            scenario_order(group.scenarios[0]))
