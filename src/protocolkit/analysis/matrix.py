"""The scenario coverage matrix: for every scenario, where the case starts, whom the
reporter turns to first, and who decides on follow-up — with the cells that no entry
route serves (``missing``) or that two entry routes send different ways (``ambiguous``).

It is the table a stuurgroep reads next to the findings of ``protocolkit validate``:
Arnhem's Fase 1 is such a table over reporter x subject x act.

>>> from protocolkit.format.loader import load_protocol
>>> m = coverage_matrix(load_protocol("tests/data/minimal.yaml").protocol)
>>> [(r.scenario.label(), r.entry_step, r.first_contact, r.decides_follow_up) for r in m.rows][2]
('burgemeester -> raadslid, uitgevoerd', 'melding', ['burgemeester'], ['burgemeester'])
>>> m.counts()
{'ok': 3, 'missing': 0, 'ambiguous': 0}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from protocolkit.format.model import Protocol
from protocolkit.semantics import Scenario, entry_routes, responsibilities, scenario_space

STATUSES = ("ok", "missing", "ambiguous")

#: The questions the matrix answers (keys of ``MatrixRow.open_points`` and ``proposals``).
_ASKED = ("first_contact", "decides_follow_up")


@dataclass
class MatrixRow:
    """One scenario: its entry, first contact and who decides on follow-up."""

    scenario: Scenario
    status: str
    entry_routes: list[str]
    entry_step: str | None
    first_contact: list[str]
    decides_follow_up: list[str]
    sources: list[str] = field(default_factory=list)
    #: The title of each step the entry routes start at (one, or several when
    #: ``ambiguous``): the entry as a reader knows it, where ``entry_step`` is its id.
    entry_titles: list[str] = field(default_factory=list)
    #: Question (``first_contact``, ``decides_follow_up``) -> the open points governing
    #: its answer, and the proposal that answer is (a concept's answer taken from another
    #: text, :func:`~protocolkit.semantics.proposal`), as ``responsibilities`` gives them:
    #: a concept's open answer is never shown as decided.
    open_points: dict[str, list[str]] = field(default_factory=dict)
    proposals: dict[str, dict[str, Any] | None] = field(default_factory=dict)

    @property
    def open(self) -> bool:
        """Whether an answer of this row is still open (a proposal or an open point)."""
        return any(self.open_points.values()) or any(self.proposals.values())

    def outcome(self) -> tuple[Any, ...]:
        """What the row says, without the scenario (to fold rows that say the same)."""
        return (self.status, tuple(self.entry_routes), self.entry_step,
                tuple(self.first_contact), tuple(self.decides_follow_up),
                tuple((k, tuple(v)) for k, v in self.open_points.items()),
                tuple((k, (v or {}).get("name")) for k, v in self.proposals.items()))

    def to_dict(self) -> dict[str, Any]:
        return {"scenario": self.scenario.to_dict(), "status": self.status,
                "entry_routes": list(self.entry_routes), "entry_step": self.entry_step,
                "first_contact": list(self.first_contact),
                "decides_follow_up": list(self.decides_follow_up),
                "sources": list(self.sources), "entry_titles": list(self.entry_titles),
                "open_points": {k: list(v) for k, v in self.open_points.items()},
                "proposals": {k: (dict(v) if v else None) for k, v in self.proposals.items()}}


@dataclass
class CoverageMatrix:
    municipality: str
    attributes: dict[str, list[str]]
    rows: list[MatrixRow]

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        for row in self.rows:
            counts[row.status] += 1
        return counts

    @property
    def complete(self) -> bool:
        """Every scenario has exactly one way in."""
        return all(row.status == "ok" for row in self.rows)

    @property
    def open_rows(self) -> int:
        """How many scenarios have an answer that is still open (a concept's proposal)."""
        return sum(row.open for row in self.rows)

    def to_dict(self) -> dict[str, Any]:
        return {"municipality": self.municipality,
                "attributes": {k: list(v) for k, v in self.attributes.items()},
                "counts": self.counts(), "open_rows": self.open_rows, "rows": [r.to_dict() for r in self.rows]}


def coverage_matrix(protocol: Protocol) -> CoverageMatrix:
    """The coverage matrix of a protocol, in scenario-space order (roles as
    shared-vocabulary ids in the answers, as :func:`~protocolkit.semantics.responsibilities`
    gives them)."""
    rows: list[MatrixRow] = []
    for scenario in scenario_space(protocol):
        routes = entry_routes(protocol, scenario)
        steps = list(dict.fromkeys(r.step for r in routes))
        status = "missing" if not routes else "ambiguous" if len(steps) > 1 else "ok"
        answers = responsibilities(protocol, scenario)
        sources = list(dict.fromkeys(
            answers.sources.get("first_contact", []) + answers.sources.get("decides_follow_up", [])))
        rows.append(MatrixRow(
            scenario=scenario, status=status, entry_routes=[r.id for r in routes],
            entry_step=routes[0].step if routes else None,
            first_contact=answers.first_contact,
            decides_follow_up=answers.decides_follow_up, sources=sources,
            entry_titles=[found.title if (found := protocol.step(step)) else step
                          for step in steps],
            open_points={q: list(answers.open_points.get(q, [])) for q in _ASKED},
            proposals={q: answers.proposals.get(q) for q in _ASKED}))
    return CoverageMatrix(protocol.protocol.municipality,
                          {k: list(v) for k, v in protocol.scenarios.attributes.items()}, rows)
