"""The data a diff consists of: structural changes, behavioural rows and their groups.

These are plain, frozen records; computing them is :mod:`protocolkit.diff.core`'s job
and turning them into text is :mod:`protocolkit.present.comparison`'s. Every record has a
``to_dict`` that is the JSON form of ``protocolkit diff --format json``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from protocolkit.format.model import Protocol
from protocolkit.semantics import Scenario

Change = Literal["added", "removed", "changed"]

#: The kinds of protocol element the structural diff compares, in report order.
STRUCTURAL_KINDS: tuple[str, ...] = (
    "scenarios",
    "role",
    "phase",
    "step",
    "deadline",
    "fact",
    "fact_condition",
    "join",
    "calendar",
    "entry_route",
    "substitution",
    "sanction",
    "communication",
    "silence",
    "open_point",
    "ambiguity",
    "principle",
    "section",
)


@dataclass(frozen=True)
class StructuralChange:
    """One element added, removed or changed between the two protocols.

    ``id`` is the element's id; when the two sides matched elements with different ids
    (by shared vocabulary or step kind) it is both ids, sorted, joined by ``" / "``, so
    that it reads the same whichever side is left. ``left`` and ``right`` are the element
    as each file writes it (``None`` on the side that lacks it); ``fields`` names the
    keys whose meaning differs.
    """

    kind: str
    change: Change
    id: str
    left: Any
    right: Any
    fields: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "change": self.change, "id": self.id,
                "left": self.left, "right": self.right, "fields": list(self.fields)}


@dataclass(frozen=True)
class BehavioralRow:
    """What differs for one scenario in one aspect, with both sides and their citations.

    ``scenario`` is in shared-vocabulary terms. ``left``/``right`` are the values of the
    aspect on each side (``None`` where it has no value); ``sources`` holds the section
    ids behind each side's value.
    """

    scenario: Scenario
    aspect: str
    left: Any
    right: Any
    left_sources: tuple[str, ...] = ()
    right_sources: tuple[str, ...] = ()

    @property
    def open_side(self) -> str | None:
        """``"left"`` or ``"right"`` when the row differs only in that side's answer
        being still open: a concept's proposal (``{proposal, roles}``) naming the very
        roles the other side decided. ``None`` for a real difference."""
        return open_side(self.left, self.right)

    def to_dict(self) -> dict[str, Any]:
        return {"scenario": self.scenario.to_dict(), "aspect": self.aspect,
                "left": self.left, "right": self.right,
                "sources": {"left": list(self.left_sources),
                            "right": list(self.right_sources)}}


def open_side(left: Any, right: Any) -> str | None:
    """Which side's value is a proposal (``{proposal, roles}``, still open) with the
    roles the other side's decided answer names, if one is: the two differ only in
    being open.

    >>> open_side({"proposal": "Arnhem", "roles": ["griffier"]}, ["griffier"])
    'left'
    >>> open_side(["griffier"], {"proposal": "Arnhem", "roles": ["burgemeester"]}) is None
    True
    """
    for side, value, other in (("left", left, right), ("right", right, left)):
        if (isinstance(value, dict) and "proposal" in value and isinstance(other, list)
                and set(value["roles"]) == set(other)):
            return side
    return None


@dataclass(frozen=True)
class RowGroup:
    """Behavioural rows with the same aspect and the same values on both sides.

    ``description`` describes the group's scenarios compactly as a list of *boxes*
    (attribute -> allowed values; an attribute left out may take any value), whose
    union is exactly the group within the scenarios the aspect is compared on; it is
    ``None`` when listing the scenarios reads better. ``text`` says the same in Dutch.
    """

    aspect: str
    left: Any
    right: Any
    scenarios: tuple[Scenario, ...]
    description: tuple[dict[str, tuple[str, ...]], ...] | None
    text: str
    left_sources: tuple[str, ...] = ()
    right_sources: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "aspect": self.aspect,
            "left": self.left,
            "right": self.right,
            "count": len(self.scenarios),
            "scenarios": [s.to_dict() for s in self.scenarios],
            "description": None if self.description is None else
            [{k: list(v) for k, v in box.items()} for box in self.description],
            "text": self.text,
            "sources": {"left": list(self.left_sources), "right": list(self.right_sources)},
        }


@dataclass(frozen=True)
class Side:
    """Which protocol a side of the diff is: its municipality and version."""

    municipality: str
    version: str
    #: The extra scenario attributes this protocol declares.
    attributes: tuple[str, ...] = ()
    #: The file it was read from, when known (for headings that name the version).
    path: str | None = None
    #: Each role's name by its id and shared id (``Protocol.role_names``), as
    #: :func:`~protocolkit.diff.diff_protocols` fills it: the text summary names roles
    #: as the protocol does; the JSON keeps the ids.
    names: tuple[tuple[str, str], ...] = ()
    #: The protocol itself, as :func:`~protocolkit.diff.diff_protocols` fills it: the text
    #: and Markdown name its steps by title, its outcomes by label, its phases and
    #: sanctions by name where the data holds their ids (never in the JSON).
    protocol: Protocol | None = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {"municipality": self.municipality, "version": self.version,
                "attributes": list(self.attributes)}


@dataclass(frozen=True)
class ProtocolDiff:
    """The difference in meaning between two protocols.

    ``same`` is true when there is neither a structural nor a behavioural difference;
    ``groups`` partitions ``behavioral``.
    """

    left: Side
    right: Side
    structural: tuple[StructuralChange, ...] = ()
    behavioral: tuple[BehavioralRow, ...] = ()
    groups: tuple[RowGroup, ...] = field(default=())
    #: The scenarios both protocols cover (shared keys), in canonical order.
    common: tuple[Scenario, ...] = ()

    @property
    def same(self) -> bool:
        return not self.structural and not self.behavioral

    def _cases(self) -> Iterator[BehavioralRow]:
        """The rows that count: one per case (a scenario and a question). The ``open``
        aspect's rows only say which of those questions are still open, each already
        counted by its own row: shown as detail, counted neither as a difference nor as
        an open point."""
        return (row for row in self.behavioral if row.aspect != "open")

    def open_only(self, side: str) -> int:
        """How many cases (a scenario and a question) differ only in ``side``'s answer
        being still open (a proposal equal to the other side's answer,
        :meth:`row_open_side`)."""
        return sum(self.row_open_side(row) == side for row in self._cases())

    @property
    def different(self) -> int:
        """The cases (a scenario and a question) that differ in more than being open:
        something else happens."""
        return sum(self.row_open_side(row) is None for row in self._cases())

    def row_open_side(self, row: BehavioralRow) -> str | None:
        """``"left"`` or ``"right"`` when ``row`` differs only in that side being still
        open, ``None`` for a real difference.

        An answer's row is open-only when the open side proposes what the other side
        decided (:attr:`BehavioralRow.open_side`). The ``open`` aspect lists the
        questions still open on each side: a difference in status, not in what the texts
        assign. Its row is open-only on the side that leaves questions open the other
        decided (and the other leaves none open this side decided), when each of those
        questions differs in that scenario only in being open there (its own row is
        open-only on that side, or there is none): the Aalsmeer concept's "nog open"
        against Arnhem's decided answers, each proposal equal to Arnhem's. Where a
        proposal differs, its own row is the difference and the status row is not
        open-only either. Either way the status row is detail: :attr:`different` and
        :meth:`open_only` count cases, and its questions are counted by their own rows."""
        if row.aspect != "open":
            return row.open_side
        left, right = set(row.left or ()), set(row.right or ())
        side, extra = (("left", left - right) if not right - left else
                       ("right", right - left) if not left - right else (None, set()))
        if side is None:
            return None
        answers = self._answer_rows()
        for question in extra:
            found = answers.get((row.scenario, question))
            if found is not None and found.open_side != side:
                return None
        return side

    def _answer_rows(self) -> dict[tuple[Scenario, str], BehavioralRow]:
        """The behavioural rows by scenario and aspect (made once per diff)."""
        found: dict[tuple[Scenario, str], BehavioralRow] | None = \
            self.__dict__.get("_answer_rows_memo")
        if found is None:
            found = {(r.scenario, r.aspect): r for r in self.behavioral}
            object.__setattr__(self, "_answer_rows_memo", found)
        return found

    def labels(self) -> tuple[str, str]:
        """Names for the two sides as a reader knows them: the municipalities, with the
        version added when the municipalities are the same."""
        left, right = self.left.municipality, self.right.municipality
        if left == right:
            left, right = f"{left} {self.left.version}", f"{right} {self.right.version}"
        return left, right

    def to_dict(self) -> dict[str, Any]:
        return {
            "left": self.left.to_dict(),
            "right": self.right.to_dict(),
            "same": self.same,
            "structural": [c.to_dict() for c in self.structural],
            "behavioral": [r.to_dict() for r in self.behavioral],
            "groups": [g.to_dict() for g in self.groups],
            "counts": self.counts(),
        }

    def counts(self) -> dict[str, Any]:
        """What really differs and, per side, what differs only in being open."""
        return {"different": self.different,
                "open_only": {"left": self.open_only("left"), "right": self.open_only("right")}}
