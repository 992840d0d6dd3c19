"""A diff a client reads: per question, the groups of scenarios that differ.

``protocolkit diff --summary`` answers a consultant's question — "where does Arnhem do
something else than Oostzaan, and on which article does each rest?" — on about a page.
It takes the behavioural rows of a :class:`~protocolkit.diff.rows.ProtocolDiff` for the
six questions (and where a case goes outside the protocol), and:

* folds the attributes only one side declares (Oostzaan's ``aanleiding``): the side
  that lacks such an attribute gives one answer for every value of it, so a scenario is
  read once, with the other side's answer per value where it varies ("burgemeester
  (aanleiding twijfel); raadslid (aanleiding vermoeden)"); which attributes those are is
  said once, at the top;
* groups the scenarios with the same answers on both sides and describes them in a few
  words (:func:`protocolkit.diff.grouping.describe`);
* keeps the citations of both sides.

:func:`filter_diff` narrows a diff to a subject, a reporter or a question first (the
CLI's ``--subject``, ``--reporter``, ``--question``).

>>> from protocolkit.format.loader import load_protocol
>>> from protocolkit.diff import diff_protocols
>>> a = load_protocol("protocols/arnhem.yaml").protocol
>>> b = load_protocol("protocols/oostzaan.yaml").protocol
>>> summary = summarize(diff_protocols(a, b))
>>> summary.one_sided["right"]
('aanleiding', 'betrokken_functionaris')
>>> [q.question for q in summary.questions][:2]
['first_contact', 'decides_follow_up']
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from protocolkit.diff.grouping import describe, describe_text, group_rows
from protocolkit.diff.rows import BehavioralRow, ProtocolDiff
from protocolkit.format.diagnostics import Msg, TextError
from protocolkit.format.model import Protocol
from protocolkit.format.texts import text
from protocolkit.format.vocabulary import QUESTIONS
from protocolkit.semantics import Scenario

#: The aspects a summary shows, in order: the six questions, then where a case goes
#: outside the protocol.
SUMMARY_ASPECTS: tuple[str, ...] = (*QUESTIONS, "out_of_scope")


@dataclass(frozen=True)
class Answer:
    """One side's answer for a group: the value, and (where it varies with an attribute
    only this side declares) the condition under which it holds, in words."""

    value: Any
    condition: str | None = None
    #: Where the case goes instead, when this side assigns nobody because these
    #: scenarios leave the protocol (the regime, as in the ``out_of_scope`` rows):
    #: "buiten dit protocol: …" rather than "(niemand)".
    outside: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form; ``outside`` only where the side leaves the protocol."""
        data: dict[str, Any] = {"value": self.value, "condition": self.condition}
        if self.outside is not None:
            data["outside"] = self.outside
        return data


@dataclass(frozen=True)
class SummaryGroup:
    """Scenarios (shared keys without one-sided attributes) with the same answers."""

    scenarios: tuple[Scenario, ...]
    text: str
    left: tuple[Answer, ...]
    right: tuple[Answer, ...]
    left_sources: tuple[str, ...]
    right_sources: tuple[str, ...]
    #: The boxes ``text`` is written from (``describe``), so that an output can write them
    #: in another language; ``None``: ``text`` lists the scenarios.
    description: tuple[dict[str, tuple[str, ...]], ...] | None = None

    def in_words(self, lang: str = "nl") -> str:
        """``text`` in ``lang``."""
        return describe_text(self.description, self.scenarios, lang)

    def to_dict(self) -> dict[str, Any]:
        return {"count": len(self.scenarios), "text": self.text,
                "scenarios": [s.to_dict() for s in self.scenarios],
                "left": [a.to_dict() for a in self.left],
                "right": [a.to_dict() for a in self.right],
                "sources": {"left": list(self.left_sources), "right": list(self.right_sources)}}


@dataclass(frozen=True)
class QuestionSummary:
    question: str
    groups: tuple[SummaryGroup, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"question": self.question, "groups": [g.to_dict() for g in self.groups]}


@dataclass(frozen=True)
class DiffSummary:
    """The summary of a diff: which side alone covers which scenarios, the attributes
    only one side declares, and per question the groups that differ."""

    diff: ProtocolDiff
    one_sided: dict[str, tuple[str, ...]]
    only: dict[str, tuple[str, ...]] = field(default_factory=dict)
    questions: tuple[QuestionSummary, ...] = ()
    #: How many situations both protocols answer within the filter: when it is 0 there
    #: is nothing to compare, which is not the same as both answering alike.
    compared: int | None = None
    #: The groups ``only`` is written from, per side, so that an output can write them
    #: in another language (``only_in_words``).
    only_groups: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    #: Per side, the ``covered`` groups that side has in its space but excludes: its
    #: entry route ends the case at once outside the protocol (``{excluded: {regime,
    #: source}}``). They are not "only this side covers" (``only``).
    excluded_groups: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    #: Per side, the ``covered`` groups that side covers through an alias of its own
    #: (``{read_as: [{alias, role, source}], ...}``: Arnhem's ``fractievoorzitter`` read
    #: as ``raadslid``) where the other side has them in its space: both cover them, so
    #: they are not "only the other side covers" (``only``).
    read_as_groups: dict[str, tuple[Any, ...]] = field(default_factory=dict)

    def only_in_words(self, side: str, lang: str = "nl") -> list[str]:
        """``only[side]`` in ``lang``."""
        return [f"{describe_text(g.description, g.scenarios, lang)} ({len(g.scenarios)})"
                for g in self.only_groups.get(side, ())]

    def excluded_in_words(self, side: str, lang: str = "nl") -> list[tuple[str, dict[str, Any]]]:
        """Per group ``side`` excludes: its scenarios in ``lang`` (with their count) and
        the exclusion (``{regime, source}``)."""
        return [(f"{describe_text(g.description, g.scenarios, lang)} ({len(g.scenarios)})",
                 getattr(g, side)["excluded"]) for g in self.excluded_groups.get(side, ())]

    def read_as_in_words(self, side: str, lang: str = "nl") -> list[tuple[str, dict[str, Any]]]:
        """Per group ``side`` covers through an alias: its scenarios in ``lang`` (with
        their count) and ``side``'s value (``{read_as: [...], ...}``)."""
        return [(f"{describe_text(g.description, g.scenarios, lang)} ({len(g.scenarios)})",
                 getattr(g, side)) for g in self.read_as_groups.get(side, ())]

    def open_elsewhere(self, side: str) -> list[dict[str, Any] | None]:
        """Per group of ``only_in_words(side)``, the other side's value where its open
        points leave open whether it covers them (``{open_points: [{id, question}]}``,
        :func:`~protocolkit.diff.behavioral.behavioral_rows`), else ``None``."""
        other = "right" if side == "left" else "left"
        return [getattr(g, other) if isinstance(getattr(g, other), dict) else None
                for g in self.only_groups.get(side, ())]

    def to_dict(self) -> dict[str, Any]:
        return {"left": self.diff.left.to_dict(), "right": self.diff.right.to_dict(),
                "compared": self.compared, "counts": self.diff.counts(),
                "one_sided_attributes": {k: list(v) for k, v in self.one_sided.items()},
                "only_covered_by": {k: list(v) for k, v in self.only.items()},
                "excluded_by": {k: [f"{g.text} ({len(g.scenarios)})" for g in v]
                                for k, v in self.excluded_groups.items()},
                "read_as_by": {k: [{"scenarios": f"{g.text} ({len(g.scenarios)})",
                                    "read_as": getattr(g, k)["read_as"]} for g in v]
                               for k, v in self.read_as_groups.items()},
                "questions": [q.to_dict() for q in self.questions]}


class FilterError(TextError):
    """A filter of :func:`filter_diff` names no role of the shared vocabulary (or no
    question); ``message`` says so in every language, with a did-you-mean
    (:meth:`~protocolkit.format.diagnostics.TextError.render`)."""

    def __init__(self, message: Msg) -> None:
        super().__init__(message)
        self.message = message


def check_filter(*, subject: str | None = None, reporter: str | None = None,
                 question: str | None = None,
                 protocols: Sequence[Protocol] = ()) -> None:
    """Refuse a filter that can match nothing because it is misspelt: a ``subject`` or
    ``reporter`` that is not a shared role id (with ``protocols``: that is no subject or
    reporter of any of them), a ``question`` that is not one of the six.

    >>> check_filter(subject="burgemeestr")
    Traceback (most recent call last):
    ...
    protocolkit.diff.summary.FilterError: no compared scenario has the subject 'burgemeestr' (did you mean `burgemeester`? Choose one of: ...)
    """
    from protocolkit.diff.scenarios import scenario_role_names
    from protocolkit.format.diagnostics import listed
    from protocolkit.format.vocabulary import QUESTIONS, SHARED_ROLES

    subjects: Sequence[str] = SHARED_ROLES
    reporters: Sequence[str] = SHARED_ROLES
    if protocols:
        subjects = list(dict.fromkeys(scenario_role_names(p)[r]
                                      for p in protocols for r in p.scenarios.subjects))
        reporters = list(dict.fromkeys(scenario_role_names(p)[r]
                                       for p in protocols for r in p.scenarios.reporters))
    for value, what, choices in ((subject, "w.filter-subject", subjects),
                                 (reporter, "w.filter-reporter", reporters)):
        if value is not None and value not in choices:
            raise FilterError(Msg.of("diff.unknown-filter", value=value, what=Msg.of(what),
                                     listed=listed(value, choices, ", ".join(choices))))
    if question is not None and question not in QUESTIONS:
        raise ValueError(f"'{question}' is not one of the questions: {', '.join(QUESTIONS)}")


def filter_diff(diff: ProtocolDiff, *, subject: str | None = None,
                reporter: str | None = None, question: str | None = None) -> ProtocolDiff:
    """The diff narrowed to scenarios about ``subject`` / reported by ``reporter``
    (shared-vocabulary ids) and to one ``question`` (a key of
    :data:`~protocolkit.format.vocabulary.QUESTIONS`); groups are formed anew. Under a
    question the rows saying whether a scenario is covered and where a side sends it
    outside the protocol stay: an empty answer there means "handled elsewhere", which
    the summary says rather than "(niemand)".

    A misspelt filter is refused (:class:`FilterError`, with a did-you-mean) rather than
    answered with "nothing to compare".
    """
    if subject is None and reporter is None and question is None:
        return diff
    check_filter(subject=subject, reporter=reporter, question=question)

    def keep(row: BehavioralRow) -> bool:
        s = row.scenario
        return ((subject is None or s.subject == subject)
                and (reporter is None or s.reporter == reporter)
                and (question is None
                     or row.aspect in (question, "covered", "out_of_scope")))

    rows = tuple(r for r in diff.behavioral if keep(r))
    union = sorted({r.scenario for r in diff.behavioral} | {
        s for g in diff.groups for s in g.scenarios})
    union = [s for s in union if (subject is None or s.subject == subject)
             and (reporter is None or s.reporter == reporter)]
    covered_only = {r.scenario for r in diff.behavioral if r.aspect == "covered"}
    common = [s for s in union if s not in covered_only]
    structural = diff.structural if question is None else ()
    return replace(diff, behavioral=rows, groups=tuple(group_rows(rows, union, common)),
                   structural=structural)


def _one_sided(diff: ProtocolDiff) -> dict[str, tuple[str, ...]]:
    """Attributes only one side declares: on the side that lacks one, every value of it
    gives the same answer."""
    left, right = set(diff.left.attributes), set(diff.right.attributes)
    return {"left": tuple(sorted(left - right)), "right": tuple(sorted(right - left))}


def _condition(values: dict[tuple[tuple[str, str], ...], Any], value: Any) -> str | None:
    """The attribute values under which ``value`` holds, in words; ``None`` when always."""
    combos = [c for c, v in values.items() if v == value]
    if len(combos) == len(values):
        return None
    per_name: dict[str, list[str]] = defaultdict(list)
    for combo in combos:
        for name, v in combo:
            if v not in per_name[name]:
                per_name[name].append(v)
    size = 1
    for items in per_name.values():
        size *= len(items)
    names = {name for combo in values for name, _ in combo}
    domain = {name: sorted({v for combo in values for n, v in combo if n == name})
              for name in names}
    if size == len(combos):
        parts = [f"{name} {text('common.or', 'nl').join(vs)}"
                 for name, vs in sorted(per_name.items())
                 if sorted(vs) != domain[name]]
        return ", ".join(parts)
    return "; ".join(", ".join(f"{n} {v}" for n, v in combo) for combo in combos)


def summarize(diff: ProtocolDiff, *, subject: str | None = None,
              reporter: str | None = None) -> DiffSummary:
    """Per question, the groups of scenarios whose answers differ (see the module).

    ``subject``/``reporter`` are those the diff was narrowed to (:func:`filter_diff`):
    ``compared`` then counts the situations both protocols answer within them."""
    one_sided = _one_sided(diff)
    folded = {name for names in one_sided.values() for name in names}
    only: dict[str, list[str]] = {"left": [], "right": []}
    only_groups: dict[str, list[Any]] = {"left": [], "right": []}
    excluded_groups: dict[str, list[Any]] = {"left": [], "right": []}
    read_as_groups: dict[str, list[Any]] = {"left": [], "right": []}
    for group in diff.groups:
        if group.aspect == "covered":
            read = next((s for s in ("left", "right") if isinstance(getattr(group, s), dict)
                         and "read_as" in getattr(group, s)), None)
            if read is not None and (group.left is True or group.right is True):
                read_as_groups[read].append(group)      # both cover it, one by an alias
            elif group.left is True or group.right is True:   # the other False or open
                side = "left" if group.left is True else "right"
                only[side].append(f"{group.text} ({len(group.scenarios)})")
                only_groups[side].append(group)
            else:       # the side that has the scenarios excludes them
                side = "left" if isinstance(group.left, dict) and "excluded" in group.left \
                    else "right"
                excluded_groups[side].append(group)
    # A combination of folded values with no row is one where both sides agree. When
    # the folded attributes are all one side's, the other side answers the same for
    # every value, so such a combination's answer is that side's one answer: fill it
    # in, or the side that distinguishes would seem to give one answer throughout.
    declared = {"left": set(diff.left.attributes), "right": set(diff.right.attributes)}
    constant_side = next((side for side in ("left", "right")
                          if folded and not (declared[side] & folded)), None)
    all_combos: dict[Scenario, set[tuple[tuple[str, str], ...]]] = defaultdict(set)
    for scenario in _scenarios(diff):
        all_combos[_project(scenario, folded)].add(
            tuple((k, v) for k, v in scenario.attributes if k in folded))
    # Where a side sends a scenario outside the protocol (the ``out_of_scope`` rows): an
    # empty answer there means "handled elsewhere", not "nobody", and says so.
    outside: dict[tuple[Scenario, str], tuple[str, tuple[str, ...]]] = {}
    for row in diff.behavioral:
        if row.aspect == "out_of_scope":
            for side in ("left", "right"):
                if getattr(row, side):
                    outside[(row.scenario, side)] = (
                        str(getattr(row, side)), tuple(getattr(row, f"{side}_sources")))
    questions: list[QuestionSummary] = []
    for aspect in SUMMARY_ASPECTS:
        rows = [r for r in diff.behavioral if r.aspect == aspect]
        if not rows:
            continue
        # Fold the one-sided attributes: per projected scenario, each side's answer for
        # every value combination (a missing row means both sides answer the same).
        per_key: dict[Scenario, dict[tuple[tuple[str, str], ...], BehavioralRow]] = \
            defaultdict(dict)
        for row in rows:
            kept = {k: v for k, v in row.scenario.attributes if k not in folded}
            combo = tuple((k, v) for k, v in row.scenario.attributes if k in folded)
            key = Scenario(row.scenario.reporter, row.scenario.subject, row.scenario.act,
                           row.scenario.own, kept)
            per_key[key][combo] = row
        if constant_side is not None:
            for key, combos in per_key.items():
                present = next(iter(combos.values()))
                agreed = getattr(present, constant_side)
                for combo in all_combos.get(key, ()):
                    if combo not in combos:
                        combos[combo] = BehavioralRow(
                            present.scenario, aspect, agreed, agreed,
                            present.left_sources if constant_side == "left" else (),
                            present.right_sources if constant_side == "right" else ())
        buckets: dict[str, list[tuple[Scenario, tuple[Answer, ...], tuple[Answer, ...],
                                      list[BehavioralRow]]]] = defaultdict(list)
        extra_sources: dict[Scenario, dict[str, list[str]]] = defaultdict(
            lambda: {"left": [], "right": []})
        for key, combos in per_key.items():
            sides = []
            for side in ("left", "right"):
                values: dict[tuple[tuple[str, str], ...], tuple[str, str | None]] = {}
                for c, r in combos.items():
                    value = getattr(r, side)
                    gone = (outside.get((r.scenario, side))
                            if aspect in QUESTIONS and value == [] else None)
                    values[c] = (json.dumps(value, sort_keys=True), gone and gone[0])
                    if gone:
                        extra_sources[key][side].extend(gone[1])
                distinct = list(dict.fromkeys(values.values()))
                sides.append(tuple(Answer(json.loads(v), _condition(values, (v, regime)),
                                          regime) for v, regime in distinct))
            signature = json.dumps([[a.__dict__ for a in s] for s in sides], sort_keys=True)
            buckets[signature].append((key, sides[0], sides[1], list(combos.values())))
        domain = sorted({_project(s, folded) for s in _scenarios(diff)})
        groups: list[SummaryGroup] = []
        for members in buckets.values():
            scenarios = tuple(sorted(m[0] for m in members))
            description = describe(set(scenarios), domain)
            all_rows = [r for m in members for r in m[3]]
            extra = [extra_sources.get(m[0], {"left": [], "right": []}) for m in members]
            groups.append(SummaryGroup(
                scenarios, describe_text(description, scenarios), members[0][1],
                members[0][2],
                _cites([*(r.left_sources for r in all_rows), *(e["left"] for e in extra)]),
                _cites([*(r.right_sources for r in all_rows), *(e["right"] for e in extra)]),
                description))
        groups.sort(key=lambda g: (-len(g.scenarios), g.scenarios[0]))
        questions.append(QuestionSummary(aspect, tuple(groups)))
    compared = sum(1 for s in _scenarios(diff)
                   if (subject is None or s.subject == subject)
                   and (reporter is None or s.reporter == reporter))
    return DiffSummary(diff, one_sided, {k: tuple(v) for k, v in only.items()},
                       tuple(questions), compared,
                       {k: tuple(v) for k, v in only_groups.items()},
                       {k: tuple(v) for k, v in excluded_groups.items()},
                       {k: tuple(v) for k, v in read_as_groups.items()})


def _project(scenario: Scenario, folded: set[str]) -> Scenario:
    kept = {k: v for k, v in scenario.attributes if k not in folded}
    return Scenario(scenario.reporter, scenario.subject, scenario.act, scenario.own, kept)


def _scenarios(diff: ProtocolDiff) -> set[Scenario]:
    """The scenarios both sides cover (the domain the questions are compared on)."""
    covered_only = {r.scenario for r in diff.behavioral if r.aspect == "covered"}
    return set(diff.common) - covered_only if diff.common else {
        r.scenario for r in diff.behavioral if r.aspect != "covered"}


def _cites(lists: Sequence[Sequence[str]] | Any) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c for items in lists for c in items))
