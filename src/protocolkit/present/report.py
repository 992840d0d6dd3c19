"""The stuurgroep's report: one self-contained page (HTML) or Markdown for a meeting.

Reports stage. It gathers, for one protocol, the findings of ``validate`` explained in
plain Dutch, the open points, the coverage matrix, the route diagram of each main
scenario and, with ``against``, the comparison with another version or municipality.
Everything is inline (styles and SVG): the page opens without network and can be mailed.

>>> report = build_report("tests/data/minimal.yaml")
>>> [s.scenario.label() for s in report.diagrams]
['raadslid -> raadslid, uitgevoerd', 'raadslid -> burgemeester, uitgevoerd']
>>> "<h2 id=\\"bevindingen\\">" in render_html(report)
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from protocolkit.format import escape
from protocolkit.format.diagnostics import CODES, Finding, Msg, Severity, counted, severity_word
from protocolkit.format.model import Protocol, citations
from protocolkit.format.texts import TEXTS, citation_text, text
from protocolkit.format.vocabulary import audience_words, scenario_text
from protocolkit.semantics import Scenario, scenario_space, silence_data

if TYPE_CHECKING:
    from protocolkit.analysis.matrix import CoverageMatrix
    from protocolkit.diff import ProtocolDiff
    from protocolkit.present.diagram import PhaseDrawing



@dataclass
class RouteDiagram:
    scenario: Scenario
    svg: str
    mermaid: str
    #: Whether Graphviz drew the SVG (else the simpler built-in layout, said on the page).
    graphviz: bool = True
    #: The findings that hold in this scenario and mark a step of the drawing.
    marked: list[str] = field(default_factory=list)
    #: Every main scenario this one drawing stands for (same steps, actors and marks).
    also: list[Scenario] = field(default_factory=list)
    #: Who must stay silent until when, and chosen readings, in this scenario (Dutch).
    notes: list[str] = field(default_factory=list)
    #: Where Graphviz drew it: the route one phase at a time (``svg`` joins their SVGs),
    #: each narrow enough to be read at its own size (:func:`diagram.to_phase_svgs`).
    phases: list[PhaseDrawing] = field(default_factory=list)
    #: Those of ``marked`` that the protocol acknowledges wherever they mark a step here.
    accepted: list[str] = field(default_factory=list)
    #: The protocol's role names (``Protocol.role_names``): the caption names roles by them.
    names: dict[str, str] = field(default_factory=dict)


@dataclass
class CoverageGroup:
    """Scenarios of the coverage table with the same answers and the same status."""

    text: str
    count: int
    first_contact: list[str]
    decides_follow_up: list[str]
    status: str
    codes: list[str]
    sources: list[str]
    #: Where these situations leave the protocol: the regime, with its sections.
    outside: str | None = None
    #: The topics of the open points these answers wait for (a concept's proposals).
    open_points: list[str] = field(default_factory=list)
    #: Question (``first_contact``, ``decides_follow_up``) -> where its proposed answer
    #: is taken from (the other text's name), for answers that are still open.
    proposed: dict[str, str] = field(default_factory=dict)


@dataclass
class Report:
    path: str
    protocol: Protocol | None
    findings: list[Finding]
    generated: dt.date | None   # the day it was made; None: not shown (no clock read here)
    matrix: CoverageMatrix | None = None
    diagrams: list[RouteDiagram] = field(default_factory=list)
    diff: ProtocolDiff | None = None
    against: str | None = None
    against_name: str | None = None
    against_version: str | None = None
    coverage: list[CoverageGroup] = field(default_factory=list)
    #: What the page could not do as usual (a Graphviz timeout), shown at its top.
    notices: list[str] = field(default_factory=list)
    #: The language of the page: ``nl`` (the default: a raad reads it) or ``en``.
    lang: str = "nl"

    def counts(self) -> dict[str, int]:
        counts = {s.value: 0 for s in Severity}
        for f in self.findings:
            counts[f.severity.value] += 1
        return counts


def main_scenarios(protocol: Protocol) -> list[Scenario]:
    """One scenario per subject: a performed act reported by someone else, with the
    default extra attributes — the routes a stuurgroep walks through first."""
    chosen: dict[str, Scenario] = {}
    defaults = {k: v[0] for k, v in protocol.scenarios.attributes.items() if v}
    space = scenario_space(protocol)
    for preferred in (True, False):
        for scenario in space:
            if scenario.subject in chosen:
                continue
            typical = (scenario.act == "uitgevoerd" and not scenario.own
                       and dict(scenario.attributes) == defaults)
            if typical or not preferred:
                chosen[scenario.subject] = scenario
    order = {s: i for i, s in enumerate(protocol.scenarios.subjects)}
    return sorted(chosen.values(), key=lambda s: order.get(s.subject, 0))


def _svg(drawing: Any, notices: list[str], lang: str = "nl",
         require_graphviz: bool = False) -> tuple[str, list[PhaseDrawing], bool]:
    """The SVG of a drawing, phase by phase, and whether Graphviz made it. Without
    Graphviz, or after a Graphviz timeout (then the rest of the page's diagrams at once,
    with a notice in ``notices``, so the report stays bounded), each phase is drawn
    plainly — unless ``require_graphviz``: then :class:`diagram.GraphvizMissing` and
    :class:`diagram.GraphvizTimeout` reach the caller."""
    from protocolkit.present import diagram

    phases: list[PhaseDrawing] = []
    if not notices:
        try:
            phases = diagram.to_phase_svgs(drawing)
            return "\n".join(part.svg for part in phases), phases, True
        except diagram.GraphvizTimeout as error:
            if require_graphviz:
                raise
            notices.append(text("report.no-graphviz-layout", lang, error=error.render(lang)))
        except (diagram.GraphvizMissing, RuntimeError, OSError):
            if require_graphviz:
                raise
    phases = diagram.to_phase_dots(drawing)
    for part in phases:
        part.svg = diagram.to_svg_without_graphviz(part.diagram or drawing)
    return "\n".join(part.svg for part in phases), phases, False


#: Status of a coverage row, worst first: what the reader sees in the table (in
#: English through ``report.status.<status>`` of the text table; the page's classes and
#: ``data-status`` keep these).
ROW_STATUS = ("fout", "geen route", "twee routes", "waarschuwing", "nog open",
              "buiten protocol", "aanvaard", "ok")


def status_words(status: str, lang: str = "nl") -> str:
    """A coverage row's status as the reader sees it: ``fout`` / ``error``."""
    return text(f"report.status.{status}", lang)


def row_status(matrix_status: str, findings: list[Finding], *, outside: bool = False,
               open_answers: bool = False) -> str:
    """A coverage row's status from the matrix, the findings that hold in its scenario,
    whether the scenario leaves the protocol and whether its answers are still open."""
    states = {"missing": "geen route", "ambiguous": "twee routes"}
    found = [states.get(matrix_status, "ok")]
    if outside:
        found.append("buiten protocol")
    if open_answers:
        found.append("nog open")
    for f in findings:
        found.append("aanvaard" if f.acknowledgement is not None else
                     "fout" if f.severity is Severity.error else "waarschuwing")
    return min(found, key=ROW_STATUS.index)


#: The questions the coverage table answers (its columns after the count).
COVERAGE_QUESTIONS = ("first_contact", "decides_follow_up")


def coverage_groups(protocol: Protocol, matrix: CoverageMatrix,
                    findings: list[Finding], lang: str = "nl") -> list[CoverageGroup]:
    """The coverage table grouped: scenarios with the same first contact, the same
    decider and the same status form one row, described in a few words. A row whose
    situations leave the protocol says where to; one whose answers a concept only
    proposes says they are still open."""
    from protocolkit.diff.grouping import describe, describe_text
    from protocolkit.present.phrases import named
    from protocolkit.semantics import responsibilities

    scenario_findings = [f for f in findings if f.holds_for]
    names = protocol.role_names()          # the page names roles as the protocol does
    topics = {p.id: p.topic for p in protocol.open_points}
    buckets: dict[tuple[Any, ...], list[Any]] = {}
    for row in matrix.rows:
        holding = [f for f in scenario_findings if f.holds_in(row.scenario)]
        found = responsibilities(protocol, row.scenario)
        outside = None
        if found.out_of_scope is not None:
            handoff = found.handoff or {}
            regime = str(handoff.get("regime") or found.out_of_scope).rstrip(".")
            cited = citation_text(handoff.get("source") or [])
            outside = (text("report.status-outside", lang, regime=regime, sources=cited)
                       if cited else text("diff.outside", lang, regime=regime))
        waiting = tuple(dict.fromkeys(topics.get(i, i) for q in COVERAGE_QUESTIONS
                                      for i in found.open_points.get(q, [])))
        proposed = tuple((q, str(offer.get("name") or offer.get("title", "")))
                         for q in COVERAGE_QUESTIONS
                         if (offer := found.proposals.get(q)) is not None)
        status = row_status(row.status, holding, outside=outside is not None,
                            open_answers=bool(waiting))
        codes = tuple(sorted({f.code for f in holding}))
        key = (tuple(row.first_contact), tuple(row.decides_follow_up), status, codes,
               outside, waiting, proposed)
        buckets.setdefault(key, []).append(row)
    domain = [row.scenario for row in matrix.rows]
    groups: list[CoverageGroup] = []
    for (first, decides, status, codes, outside, waiting, proposed), rows in buckets.items():
        scenarios = [r.scenario for r in rows]
        description = describe(set(scenarios), domain) if len(rows) > 1 else None
        said = (describe_text(description, scenarios, lang, names) if description is not None
                else "; ".join(_scenario_nl(s, lang, names) for s in scenarios))
        groups.append(CoverageGroup(said, len(rows), named(first, names),
                                    named(decides, names), status,
                                    list(codes),
                                    list(dict.fromkeys(c for r in rows for c in r.sources)),
                                    outside, list(waiting), dict(proposed)))
    groups.sort(key=lambda g: (ROW_STATUS.index(g.status), -g.count))
    return groups


def coverage_cells(group: CoverageGroup, lang: str = "nl",
                   names: Mapping[str, str] | None = None) -> tuple[str, str, str]:
    """A coverage row's first contact, decider and status in words: the roles by their
    names (``names``: :meth:`Protocol.role_names`), a proposed answer as still open
    (``nog open - voorstel (ontleend aan Arnhem): Griffier``), a finding by its name
    (:func:`_explained`), a row that leaves the protocol with where it goes."""
    from protocolkit.present.phrases import named, proposal_words

    def answer(question: str, roles: list[str]) -> str:
        said = ", ".join(named(roles, names)) or "—"
        origin = group.proposed.get(question)
        return proposal_words({"name": origin}, said, lang) if origin is not None else said

    reasons = [_explained(code, lang)[0] for code in group.codes]
    status = group.outside if group.status == "buiten protocol" and group.outside else \
        status_words(group.status, lang)
    if group.open_points and group.status == "nog open":
        reasons = [*group.open_points, *reasons]
    elif group.outside and group.status != "buiten protocol":
        reasons.append(group.outside)
    return (answer("first_contact", group.first_contact),
            answer("decides_follow_up", group.decides_follow_up),
            status + (f" ({'; '.join(reasons)})" if reasons else ""))


def route_diagrams(protocol: Protocol, findings: list[Finding], lang: str = "nl",
                   scenarios: list[Scenario] | None = None, notices: list[str] | None = None,
                   require_graphviz: bool = False) -> list[RouteDiagram]:
    """The routes of ``scenarios`` (default: :func:`main_scenarios`) drawn phase by
    phase, one drawing per group of scenarios whose routes look the same (the same
    steps, outcomes, actors and marks) — what the report shows under "Routes" and
    ``protocolkit graph --format svg`` draws on one sheet. ``notices`` collects what
    could not be drawn as usual (see :func:`_svg`)."""
    from protocolkit.present import diagram

    notices = [] if notices is None else notices
    drawn: dict[Any, RouteDiagram] = {}
    names = protocol.role_names()
    for scenario in main_scenarios(protocol) if scenarios is None else scenarios:
        drawing = diagram.build(protocol, scenario, findings, lang)
        marked = sorted({code for node in drawing.nodes.values()
                         for code in [*node.highlighted, *node.accepted]})
        # Where the reporter or the subject acts, the drawing says so for each; other
        # actors must be the same for two scenarios to share a drawing.
        look = (tuple((n.id, "reporter or subject"
                       if n.actor in (scenario.subject, scenario.reporter) else n.actor,
                       tuple(n.highlighted), tuple(n.accepted))
                      for n in drawing.nodes.values()),
                tuple((e.source, e.target, e.label) for e in drawing.edges),
                scenario.reporter, scenario.act, scenario.own, scenario.attributes)
        if look in drawn:
            drawn[look].also.append(scenario)
            continue
        svg, phases, by_graphviz = _svg(drawing, notices, lang, require_graphviz)
        drawn[look] = RouteDiagram(scenario, svg, diagram.to_mermaid(drawing),
                                   by_graphviz, marked, [scenario],
                                   scenario_notes(protocol, scenario, lang), phases,
                                   sorted(set(marked) - {code for node in drawing.nodes.values()
                                                         for code in node.highlighted}),
                                   names)
    return list(drawn.values())


def build_report(path: str | Path, against: str | Path | None = None,
                 today: dt.date | None = None, lang: str = "nl") -> Report:
    """Everything the page shows, as data (the CLI and tools render it).

    ``today`` is the date the page says it was made on; the library never reads the
    clock (the CLI passes today), so without it the page names no date. ``lang`` is the
    language of the page (``nl``, the default, or ``en``).
    """
    from protocolkit.api import check
    from protocolkit.format.loader import load_protocol

    loaded = load_protocol(path)
    findings = check(loaded)
    report = Report(str(path), loaded.protocol, findings, today, lang=lang)
    protocol = loaded.protocol
    if protocol is None:
        return report
    from protocolkit.analysis.matrix import coverage_matrix

    report.matrix = coverage_matrix(protocol)
    report.coverage = coverage_groups(protocol, report.matrix, findings, lang)
    report.diagrams = route_diagrams(protocol, findings, lang, notices=report.notices)
    if against is not None:
        other = load_protocol(against)
        report.against = str(against)
        if other.protocol is not None:
            from protocolkit.diff import diff_protocols

            report.against_name = other.protocol.protocol.municipality
            report.against_version = other.protocol.protocol.version
            report.diff = diff_protocols(protocol, other.protocol)
    return report


# --------------------------------------------------------------------------- pieces


def _title(report: Report) -> str:
    if report.protocol is None:
        return f"Protocol {Path(report.path).name}"
    meta = report.protocol.protocol
    return f"{meta.title} — {meta.municipality}"


def _explained(code: str, lang: str = "nl") -> tuple[str, str]:
    """A code's title and explanation (from :data:`protocolkit.format.diagnostics.CODES`):
    the Dutch title and explanation, or in English the code in words and its summary."""
    info = CODES.get(code)
    if info is None:
        return code, ""
    if lang == "en":
        return code.replace("-", " ").capitalize(), info.summary
    return info.title_nl, info.summary_nl


def _step_title(protocol: Protocol | None, step_id: str) -> str:
    step = protocol.step(step_id) if protocol else None
    return step.title if step else step_id


def finding_step(f: Finding) -> str | None:
    """The step a finding is about: the last step of its witness path."""
    path = (f.witness or {}).get("path") or []
    if not path:
        return None
    last = path[-1]
    return str(last.get("step")) if isinstance(last, dict) else str(last)


@dataclass
class Explained:
    """A finding as a raad reads it: in Dutch, who does what in which step, for which
    scenarios, with the section of the text the step encodes."""

    finding: Finding
    title: str
    meaning: str
    level: str
    sentence: str
    step: str | None
    step_title: str | None
    sources: list[str]
    scenarios: str | None
    route: list[str]
    hint: str | None
    accepted: str | None


def meanings(findings: list[Finding], lang: str = "nl") -> list[tuple[str, str]]:
    """Each code among ``findings`` once, as (title, what the check looks for): said
    at the top of the findings, not under every finding."""
    return [(title, meaning) for title, meaning in
            (_explained(code, lang) for code in dict.fromkeys(f.code for f in findings))
            if meaning]


def report_words(message: Msg, lang: str = "nl", **replace: Any) -> str:
    """A finding's message or hint as the report writes it: in the report's own wording
    where the text table has one (``report.msg.<id>``: words where the terminal names
    fields of the file), with the top-level arguments in ``replace`` put in instead."""
    from protocolkit.format.diagnostics import MESSAGES

    def argument(value: Any) -> Any:
        if isinstance(value, Msg):
            return report_words(value, lang)
        if isinstance(value, (list, tuple)):
            return ", ".join(str(argument(v)) for v in value)
        return value

    en, nl = TEXTS.get(f"report.msg.{message.id}") or MESSAGES[message.id]
    return (nl if lang == "nl" else en).format(
        **{k: replace[k] if k in replace else argument(v) for k, v in message.args})


#: Up to this many situations a finding names each; more are said as groups.
LISTED_SITUATIONS = 3


def holds_words(report: Report, f: Finding) -> str | None:
    """For which situations a finding holds, in words: each (up to
    :data:`LISTED_SITUATIONS`), else their groups (``elk scenario over burgemeester``),
    else the first as an example."""
    from protocolkit.diff.grouping import describe, describe_text

    lang = report.lang
    witness = f.witness or {}
    if not witness.get("scenario"):
        return None
    count = int(witness.get("scenarios") or 1)
    names = report.protocol.role_names() if report.protocol is not None else None
    first = _scenario_nl(witness["scenario"], lang, names)
    if count == 1:
        return text("report.holds-once", lang, first=first)
    holding = set(f.holds_for)
    if report.protocol is not None and holding:
        domain = scenario_space(report.protocol)
        if len(holding) <= LISTED_SITUATIONS:
            listed = [_scenario_nl(s, lang, names) for s in domain if s in holding]
            return text("report.holds-groups", lang, count=len(holding),
                        groups="; ".join(listed))
        if holding <= set(domain):
            description = describe(holding, domain)
            if description is not None:
                return text("report.holds-groups", lang, count=len(holding),
                            groups=describe_text(description, lang=lang, names=names))
    return text("report.holds-many", lang, count=count, first=first)


def explain(report: Report, f: Finding) -> Explained:
    """Everything the page says about one finding (see :class:`Explained`)."""
    lang = report.lang
    title, meaning = _explained(f.code, lang)
    step_id = finding_step(f)
    step = report.protocol.step(step_id) if report.protocol and step_id else None
    scenarios = holds_words(report, f)
    sentence = f.text.render(lang) if f.text is not None else f.message
    if step is not None:
        phase = report.protocol.phase(step.phase) if report.protocol else None
        phase_name = phase.name if phase is not None else step.phase
        if f.text is not None and dict(f.text.args).get("step") == step.id:
            # The message names the step: by its title, once, after the phase.
            sentence = text("report.phase-sentence", lang, phase=phase_name,
                            sentence=report_words(f.text, lang, step=step.title))
        else:
            sentence = text("report.step-sentence", lang, title=step.title,
                            phase=phase_name, sentence=sentence)
    accepted = None
    if f.acknowledgement is not None:
        accepted = text("report.accepted", lang, id=f.acknowledgement[0],
                        reason=f.acknowledgement[1])
    return Explained(
        finding=f, title=title, meaning=meaning, level=severity_word(f.severity, "nl"),
        sentence=sentence, step=step_id, step_title=step.title if step else None,
        sources=step.cited_sections() if step is not None else [],
        scenarios=scenarios, route=_witness_steps(report, f.witness or {}),
        hint=report_words(f.hint_text, lang) if f.hint_text is not None else f.hint_in(lang),
        accepted=accepted)


def _witness_steps(report: Report, witness: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    for item in witness.get("path") or []:
        if isinstance(item, dict) and item.get("steps_before"):
            lines.append(text("report.steps-before", report.lang, count=item["steps_before"]))
        if isinstance(item, dict):
            title = _step_title(report.protocol, str(item.get("step")))
            who = item.get("actor", "?")
            lines.append(f"{title} ({who})")
        else:
            lines.append(_step_title(report.protocol, str(item)))
    return lines


def _scenario_nl(scenario: dict[str, Any] | Scenario, lang: str = "nl",
                 names: Mapping[str, str] | None = None) -> str:
    data = scenario.to_dict() if isinstance(scenario, Scenario) else scenario
    return scenario_text(data, prose=True, lang=lang, names=names)


def diagram_caption(d: RouteDiagram, lang: str = "nl", by_name: bool = True) -> str:
    """What a drawing shows: its scenario, or the scenarios it stands for; the roles by
    their names (``by_name``), else by their ids (an attribute such as the drawing's
    ``aria-label`` carries no protocol text)."""
    names = d.names if by_name else {}
    if len(d.also) <= 1:
        return _scenario_nl(d.scenario, lang, names)
    subjects = [names.get(s.subject, s.subject) for s in d.also]
    who = ", ".join(subjects[:-1]) + text("common.or", lang) + subjects[-1]
    first = _scenario_nl({**d.scenario.to_dict(), "subject": who}, lang, names)
    return text("report.same-route", lang, first=first,
                subject=names.get(d.scenario.subject, d.scenario.subject))


def side_names(report: Report) -> tuple[str, str]:
    """Both sides of the comparison by name, version and file: ``Aalsmeer (versie
    0.1-concept, aalsmeer_draft.yaml)`` — the comparison's heading and column heads."""
    lang = report.lang
    meta = report.protocol.protocol if report.protocol else None
    left = (text("report.version-file", lang, name=meta.municipality, version=meta.version,
                 file=Path(report.path).name)
            if meta else Path(report.path).name)
    right_file = Path(report.against or "").name
    right = (text("report.version-file", lang, name=report.against_name,
                  version=report.against_version, file=right_file)
             if report.against_name else right_file)
    return left, right


def comparison_heading(report: Report) -> str:
    """``Vergelijking van Aalsmeer (versie 0.1, aalsmeer_draft.yaml) en Aalsmeer (versie
    0.2, aalsmeer_v2.yaml)``: both sides by version and file."""
    left, right = side_names(report)
    return text("report.comparison", report.lang, left=left, right=right)


def _diff_labels(report: Report) -> tuple[str, str]:
    """Short names of both sides for the comparison's sentences: the municipalities, with
    the version where both are one municipality, and the file where that is one too."""
    left = (report.protocol.protocol.municipality if report.protocol
            else text("report.left", report.lang))
    right = report.against_name or Path(report.against or "").stem
    if left == right and report.protocol is not None:
        left = f"{left} {report.protocol.protocol.version}"
        right = f"{right} {report.against_version}"
    if left == right:
        left = f"{left} ({Path(report.path).name})"
        right = f"{right} ({Path(report.against or '').name})"
    return left, right


def _diff_markdown(report: Report) -> str:
    if report.diff is None:
        return ""
    from protocolkit.present.comparison import render_markdown

    shown = render_markdown(report.diff, _diff_labels(report), report.lang)
    # User text in it is escaped (lines of its own never start with "#"). Embedded
    # under the report's own heading: every heading one level deeper.
    return "\n".join("#" + line if line.startswith("#") else line
                     for line in shown.splitlines())


def scenario_notes(protocol: Protocol, scenario: Scenario, lang: str = "nl") -> list[str]:
    """What a person in this scenario must also know, in Dutch (or English): which answers
    a concept only proposes (taken from another text), who must stay silent until when,
    and where the text allows two readings (the one chosen and why)."""
    from protocolkit.format.vocabulary import SIX_QUESTIONS
    from protocolkit.present.phrases import (
        merged_silences,
        named,
        proposal_words,
        silence_sentence,
        with_names,
    )
    from protocolkit.semantics import responsibilities

    found = responsibilities(protocol, scenario)
    names = protocol.role_names()
    notes: list[str] = []
    for question in SIX_QUESTIONS:          # a concept's open answer: a proposal, not decided
        offered = found.proposals.get(question.key)
        if offered is not None:
            notes.append(question.heading_in(lang) + ": " + proposal_words(
                offered, ", ".join(named(found.answer(question.key), names)), lang)
                + f" [{offered['open_point']}]")
    for silence in merged_silences(found.silent):
        notes.append(silence_sentence(with_names(silence, names), lang))
    for note in found.ambiguities:
        # The readings and the reason are in full once, under "Keuzes tussen lezingen";
        # here the route says which choice it rests on (a note can bear on every route).
        notes.append(text("report.readings-note", lang, question=note["question"],
                          chosen=note["chosen"], sources=citation_text(note["source"])))
    notes.extend(route_condition_notes(protocol, scenario, lang))
    return list(dict.fromkeys(notes))


def route_condition_notes(protocol: Protocol, scenario: Scenario,
                          lang: str = "nl") -> list[str]:
    """The handoffs and fact conditions on a scenario's route, in Dutch: where the case
    goes when it leaves the protocol (the regime, who decides there, who communicates
    with the melder, as this scenario resolves them) and which outcomes hold only under
    a condition on the case's facts."""
    from protocolkit.format.vocabulary import not_assigned
    from protocolkit.present.phrases import named
    from protocolkit.semantics import route_graph

    names = protocol.role_names()

    def who(roles: list[str] | None) -> str:
        return text("common.and", lang).join(named(roles or [], names)) or not_assigned(lang)

    graph = route_graph(protocol, scenario)
    notes: list[str] = []
    for node, data in graph.nodes(data=True):
        view = data["view"]
        if view.handoff is not None:
            data = view.handoff.to_dict(protocol.shared_id)
            notes.append(text("note.handoff", lang, step=step_named(protocol, node),
                              regime=data["regime"],
                              decides=who(data["decides"]),
                              melder=who(data["communicates_with_melder"]),
                              sources=citation_text(data["source"])))
    for node in graph.nodes:
        joining = protocol.step(node)
        if joining is not None and joining.join is not None:
            notes.append(text("note.join", lang, step=step_named(protocol, node),
                              tracks=text("common.and", lang).join(
                                  step_named(protocol, s) for s in joining.join.waits_for),
                              sources=citation_text(citations(joining.join.source))))
    for step_id, outcome, conditions in fact_conditions_of(protocol, lang):
        if step_id in graph and any(d["outcome"] == outcome
                                    for _, _, d in graph.out_edges(step_id, data=True)):
            notes.append(text("note.condition", lang, step=step_named(protocol, step_id),
                              outcome=outcome_named(protocol, step_id, outcome),
                              conditions="; ".join(f"{said} [{cited}]"
                                                   for said, cited in conditions)))
    return notes


def step_named(protocol: Protocol, step_id: str) -> str:
    """A step as a reader knows it: its title, quoted (``‘Vooronderzoek’``)."""
    return f"‘{_step_title(protocol, step_id)}’"


def outcome_named(protocol: Protocol, step_id: str, outcome_id: str) -> str:
    """An outcome as a reader knows it, quoted: its label; without one, its id in words
    (:func:`~protocolkit.format.vocabulary.outcome_words`)."""
    return f"‘{protocol.outcome_label(step_id, outcome_id)}’"


def fact_conditions_of(protocol: Protocol, lang: str = "nl",
                       ) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """Every outcome that ``requires`` conditions on the case's facts: (step, outcome,
    [(the condition in ``lang``, its citations)]), in the file's order."""
    return [(step.id, outcome.id, [(c.describe(lang), citation_text(citations(c.source)))
                                   for c in outcome.requires])
            for step in protocol.steps for outcome in step.outcomes if outcome.requires]


def _counts(report: Report) -> tuple[int, int, int, int]:
    """Errors, warnings (open points included, as ``validate`` counts them), open
    points, acknowledged findings."""
    counts = report.counts()
    open_points = len(report.protocol.open_points) if report.protocol else 0
    return counts["error"], counts["warning"], open_points, counts["info"]


def _counts_text(report: Report, lang: str) -> dict[str, str]:
    """:func:`_counts` in words, a noun each, singular for one ("1 fout", "16
    waarschuwingen"): the arguments of ``report.counts``."""
    found = zip(("errors", "warnings", "open", "accepted"), _counts(report), strict=True)
    nouns = {"errors": "n.error", "warnings": "n.warning", "open": "n.open-point",
             "accepted": "n.acknowledged-finding"}
    return {key: counted(nouns[key], count).render(lang) for key, count in found}


# --------------------------------------------------------------------------- Markdown


#: The keys (in the text table) of the headings of the note sections about handoffs and
#: fact conditions. The HTML report shows every note section as a table, a row per note.
COMPACT_NOTES = ("report.handoffs", "report.fact-conditions")



def silence_heading(protocol: Protocol, silence: Mapping[str, Any], lang: str = "nl") -> str:
    """A silence's heading in the report: to whom it keeps silent and, where the protocol
    has a silence for some subjects only, the subjects it is for by their names
    (``Zwijgplicht tegenover pers — betrokkene: Wethouder``), so that the silences of
    Arnhem's four offices are told apart. ``silence`` as :func:`merged_silences` gives
    it (``ids``: the protocol's silences it stands for)."""
    from protocolkit.semantics import guard_holds

    audience = audience_words(silence["audience"], lang)
    guards = [s.when for s in protocol.silences if s.id in silence.get("ids", ())]
    space = scenario_space(protocol)
    subjects = list(dict.fromkeys(s.subject for s in space
                                  if any(guard_holds(g, s) for g in guards)))
    if not subjects or len(subjects) == len({s.subject for s in space}):
        return text("silence.title", lang, audience=audience)
    names = protocol.role_names()
    return text("silence.title-subject", lang, audience=audience,
                who=text("common.or", lang).join(names.get(r, r) for r in subjects))


def _notes(protocol: Protocol, lang: str = "nl",
           ) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """The ambiguity notes (both readings, the one chosen and why) and the silences
    that end, as (heading, [(title, text, source)]) for the report."""
    from protocolkit.present.phrases import (
        merged_silences,
        silence_open_lines,
        silence_sentence,
        with_names,
    )

    sections: list[tuple[str, list[tuple[str, str, str]]]] = []
    if protocol.ambiguities:
        items = []
        for note in protocol.ambiguities:
            readings = "; ".join(
                text("report.chosen" if r.id == note.chosen else "report.other-reading", lang)
                + r.text.strip().rstrip(".")
                for r in note.readings)
            items.append((note.question, text("report.why", lang, readings=readings,
                                              reason=note.reason.strip()),
                          citation_text(citations(note.source))))
        sections.append((text("report.readings", lang), items))
    if protocol.silences:
        items = []
        questions = {p.id: p.question for p in protocol.open_points}
        names = protocol.role_names()
        for silence in merged_silences([dict(silence_data(protocol, s), id=s.id)
                                        for s in protocol.silences]):
            said = silence_sentence(with_names(silence, names), lang, cite=False) + "."
            # a concept's proposed silence: the open points it waits for, as an answer's
            said = " ".join([said, *(line.strip() for line in silence_open_lines(
                silence, lang, questions=questions, key="common.still-open"))])
            items.append((silence_heading(protocol, silence, lang), said,
                          citation_text(silence["source"])))
        sections.append((text("report.silences", lang), items))
    handoffs = [step for step in protocol.steps if step.out_of_scope is not None]
    if handoffs:
        from protocolkit.format.model import Handoff
        from protocolkit.present.findings import party_words

        items = []
        for step in handoffs:
            spec = step.out_of_scope
            if isinstance(spec, Handoff):
                said = text("report.handoff", lang, regime=spec.regime.rstrip("."),
                            decides=party_words(spec.decides, lang),
                            melder=party_words(spec.communicates_with_melder, lang))
                cited = citations(spec.source) or citations(step.source)
            else:
                said = text("report.handoff-unassigned", lang, regime=str(spec).rstrip("."),
                            nobody=party_words(None, lang))
                cited = citations(step.source)
            items.append((text("report.step-title", lang, id=step.id, title=step.title), said,
                          citation_text(cited)))
        sections.append((text(COMPACT_NOTES[0], lang), items))
    conditions = fact_conditions_of(protocol, lang)
    if conditions:
        items = [(text("report.step-outcome", lang, id=step_named(protocol, step_id),
                       outcome=outcome_named(protocol, step_id, outcome)),
                  text("report.only-if", lang,
                       conditions=text("report.and-then", lang).join(c for c, _ in found)),
                  citation_text(dict.fromkeys(c for _, c in found)))
                 for step_id, outcome, found in conditions]
        sections.append((text(COMPACT_NOTES[1], lang), items))
    return sections


def render_markdown(report: Report) -> str:
    """The report as Markdown (diagrams as Mermaid), for a wiki or an agenda."""
    md = escape.markdown_inline
    lang = report.lang
    names = report.protocol.role_names() if report.protocol is not None else None

    def t(key: str, **args: Any) -> str:
        return text(key, lang, **args)

    out: list[str] = [f"# {md(_title(report))}", ""]
    if report.protocol is not None:
        meta = report.protocol.protocol
        out.append(t("report.meta", version=md(meta.version), status=f"**{md(meta.status)}**")
                   + (t("report.valid-from", date=meta.valid_from.isoformat())
                      if meta.valid_from else "")
                   + (t("report.made-on", date=report.generated.isoformat())
                      if report.generated else "")
                   + t("report.file", file=escape.markdown_code(report.path)))
        out.append("")
    for notice in report.notices:
        out += [f"> **{t('report.notice')}** {md(notice)}", ""]
    out += [f"## {t('report.summary')}", "",
            "- " + t("report.counts", **_counts_text(report, lang)), ""]
    out += [f"## {t('report.findings')}", ""]
    shown = [f for f in report.findings if f.code != "open-point"]
    if not shown:
        out += [t("report.no-findings"), ""]
    else:
        out += [t("report.meanings"), ""] + [f"- **{md(title)}**: {md(meaning)}"
                                              for title, meaning in meanings(shown, lang)]
        out.append("")
    for f in shown:
        e = explain(report, f)
        out.append("### " + t("report.finding-head", title=md(e.title),
                              level=severity_word(f.severity, lang), line=f.location.line))
        out += ["", md(e.sentence) + ".", ""]
        if e.scenarios:
            out += [t("report.this", scenarios=md(e.scenarios)), ""]
        if e.sources:
            out += [t("report.source", sources=md(citation_text(e.sources))) + ".", ""]
        if e.accepted:
            out += [md(e.accepted), ""]
        elif e.hint:
            out += [t("report.todo", hint=md(e.hint)), ""]
    if report.protocol is not None:
        out += [f"## {t('report.open-points')}", ""]
        if not report.protocol.open_points:
            out += [t("report.no-open-points"), ""]
        for point in report.protocol.open_points:
            out += [f"### {md(point.topic)}: {md(point.question)}", "",
                    escape.markdown_paragraphs(point.reasoning), "",
                    t("report.source", sources=md(citation_text(citations(point.source)))), ""]
    if report.protocol is not None:
        for heading, items in _notes(report.protocol, lang):
            out += [f"## {md(heading)}", ""]
            for title, said, source in items:
                out += [f"### {md(title)}", "", md(said), "",
                        t("report.source", sources=md(source)), ""]
    if report.coverage:
        columns = [t("report.col.situations"), t("report.col.count"),
                   t("matrix.first-contact"), t("matrix.decides"), t("matrix.status")]
        out += [f"## {t('report.coverage')}", "",
                "| " + " | ".join(columns) + " |",
                "| --- | --- | --- | --- | --- |"]
        for group in report.coverage:
            first, decides, status = coverage_cells(group, lang, names)
            out.append(f"| {md(group.text)} | {group.count} | {md(first)} | {md(decides)} "
                       f"| {md(status)} |")
        out.append("")
    if report.diagrams:
        out += [f"## {t('report.routes')}", ""]
        for d in report.diagrams:
            out += [f"### {md(diagram_caption(d, lang))}", "",
                    escape.markdown_fence(d.mermaid, "mermaid"), ""]
            out += [f"- {md(note)}" for note in d.notes] + ([""] if d.notes else [])
    if report.against is not None:
        out += [f"## {md(comparison_heading(report))}", ""]
        out.append(_diff_markdown(report) or t("report.other-unreadable"))
        out.append("")
    return "\n".join(out)


# --------------------------------------------------------------------------- HTML

_CSS = """
body{font-family:Helvetica,Arial,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;
color:#1d1d1b;line-height:1.45;font-size:16px}
h1{font-size:1.7em;margin-bottom:.2em}h2{border-bottom:2px solid #036;padding-bottom:.2em;
margin-top:2em}h3{font-size:1.05em;margin-bottom:.3em}
.meta{color:#444}.badge{display:inline-block;padding:.1em .6em;border-radius:1em;font-size:.85em;
font-weight:bold;margin-right:.4em}
.fout{background:#fde2e2;color:#8a0000}.waarschuwing{background:#fff3cd;color:#5c4400}
.aanvaard{background:#e8f5e9;color:#1b5e20}.open{background:#e3ecfa;color:#033366}
.finding{border-left:4px solid #ccc;padding:.3em .8em;margin:1em 0}
.finding.fout{border-color:#c00;background:#fff8f8}
.finding.waarschuwing{border-color:#b58500;background:#fffdf5}
.finding.aanvaard{border-color:#2e7d32;background:#f7fbf7}
.finding h3{margin:.2em 0 .3em}.finding p{margin:.35em 0}.finding details{margin:.35em 0}
table{line-height:1.3}
.detail{color:#444;font-size:.9em}table{border-collapse:collapse;width:100%;font-size:.92em}
th,td{border:1px solid #bbb;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#eef2f7}td.status{min-width:9em}
tr.s-fout td.status{background:#fde2e2;color:#8a0000;font-weight:bold}
tr.s-geen-route td.status,tr.s-twee-routes td.status{background:#fde2e2;color:#8a0000}
tr.s-aanvaard td.status{background:#e8f5e9;color:#1b5e20}
tr.s-waarschuwing td.status,tr.s-nog-open td.status{background:#fff3cd;color:#5c4400}
tr.s-buiten-protocol td.status{background:#e3ecfa;color:#033366}
figure{margin:1.5em 0;overflow-x:auto;border:1px solid #ddd;padding:.5em}
figure svg{max-width:100%;height:auto;min-width:720px}
figcaption{font-weight:bold;margin-bottom:.4em}
figure.phase{border:0;padding:0;margin:.6em 0 1.2em}figure.phase figcaption{color:#033366}
figure.route{display:flex;flex-wrap:wrap;column-gap:1.5em;align-items:flex-start}
details.route{border:1px solid #ccd;border-radius:4px;margin:.8em 0;padding:0 .6em}
details.route>summary{font-weight:bold;padding:.5em 0}details.route .detail{font-weight:normal}
details.route>figure.route{border:0;padding:0;margin:0 0 .5em}
.notice{border:2px solid #b58500;background:#fff3cd;color:#5c4400;padding:.5em .8em}
.legend{display:flex;gap:1.2em;flex-wrap:wrap;font-size:.92em;margin:.5em 0 1em}
.legend span::before{content:"";display:inline-block;width:1.1em;height:.9em;margin-right:.35em;
vertical-align:middle;border:2px solid #335;background:#eef3fb;border-radius:3px}
.legend .l-fout::before{background:#fde2e2;border-color:#b00000}
.legend .l-aanvaard::before{background:#e8f5e9;border:2px dashed #1b5e20}
.legend .l-eind::before{background:#e8f5e9;border-color:#335;border-radius:50%}
.legend .l-start::before{border:3px solid #036}
.legend .l-fase::before{background:#fff;border:2px dashed #555}
details summary{cursor:pointer;color:#03428c}
dl.meanings dt{font-weight:bold}dl.meanings dd{margin:0 0 .4em 1.2em}
details.bron blockquote{margin:.4em 0 .6em 1em;padding-left:.8em;border-left:3px solid #bbb}
@page{size:A4;margin:15mm 12mm}
@media print{body{max-width:none;margin:0;font-size:10.5pt}
h2{break-after:avoid}h3{break-after:avoid}.finding,figure,tr{break-inside:avoid}
figure{overflow:visible;border:0}figure svg{min-width:0 !important;max-width:100%}
figure.route{display:block}
details{display:block}details>summary{display:none}details>*{display:block}
details::details-content{content-visibility:visible;display:block}
details.route>summary{display:block;list-style:none;break-after:avoid}
details.route>summary::marker{content:""}figure.route{break-inside:auto}
details.bron>summary{display:block;color:inherit}details.bron>blockquote{display:none}}
"""


def _e(text: Any) -> str:
    return escape.html_text(text)


def _html_text(key: str, lang: str, **html: str) -> str:
    """The text ``key`` as HTML: its own words escaped, the arguments (already HTML,
    escaped by the caller) put in as they are."""
    import string

    en, nl = TEXTS[key]
    out = []
    for literal, name, _, _ in string.Formatter().parse(nl if lang == "nl" else en):
        out.append(_e(literal))
        if name is not None:
            out.append(html[name])
    return "".join(out)


def _svg_accessible(svg: str, label: str) -> str:
    """The SVG with ``role="img"`` and a text alternative (what a screen reader says)."""
    start = svg.find("<svg")
    if start < 0:
        return svg
    return (svg[:start] + f'<svg role="img" aria-label="{_e(label)}"'
            + svg[start + 4:])


def _route_html(d: RouteDiagram, opened: bool, lang: str = "nl", number: int = 1) -> str:
    """One route as a folding section (the first one open): its caption and marks in the
    summary, then the drawing — phase by phase where Graphviz drew it, each phase at its
    own size (shrunk to no less than 85 %, else the figure scrolls sideways), so step
    text stays about 11-13 px at 1280 px; phases narrow enough stand side by side, and
    the page stays short with the others folded. Every id inside a drawing is prefixed
    with the route's ``number`` and the phase's (:func:`diagram.scope_ids`), so the
    page's ids stay unique. The caller closes the ``<details>`` after the notes."""
    from protocolkit.present.diagram import scope_ids, svg_width

    caption = diagram_caption(d, lang)
    marked = route_marks(d, lang)
    label = text("report.route-label", lang, caption=diagram_caption(d, lang, by_name=False),
                 marked=marked)
    out = [(f'<details class="route"{" open" if opened else ""}>'
            f'<summary>{_e(caption)}<span class="detail">{_e(marked)}</span></summary>'
            f'<figure class="route" data-marked="{_e(" ".join(d.marked))}">')]
    if not d.phases:
        out.append(_svg_accessible(scope_ids(d.svg, f"r{number}-"), label))
    for part_number, part in enumerate(d.phases, 1):
        size = f"min-width:{round(svg_width(part.svg) * 0.85)}px"
        # Two phases that fit side by side at 90 % of their size or more share a line.
        room = f"flex:1 0 {round(svg_width(part.svg) * 0.9)}px"
        # The phase's name is the figure's caption; the label says which part this is.
        svg = _svg_accessible(scope_ids(part.svg, f"r{number}p{part_number}-"),
                              label + text("report.part", lang, number=part_number,
                                           count=len(d.phases)))
        out.append(f'<figure class="phase" data-phase="{_e(part.phase)}" style="{room}">'
                   f"<figcaption>{_e(part.name)}</figcaption>"
                   + svg.replace("<svg ", f'<svg style="{size}" ', 1) + "</figure>")
    out.append("</figure>")
    return "".join(out)


def route_marks(d: RouteDiagram, lang: str = "nl") -> str:
    """What a route's drawing marks, as its summary says it: `` Gemarkeerd:
    Belangenverstrengeling (aanvaard).`` or `` Geen bevindingen in deze situatie.``"""
    accepted = f" ({text('report.status.aanvaard', lang)})"
    return (text("report.marked", lang, codes=", ".join(
        _explained(c, lang)[0] + (accepted if c in d.accepted else "") for c in d.marked))
            if d.marked else text("report.unmarked", lang))


def route_sheet(diagrams: list[RouteDiagram], title: str, lang: str = "nl") -> str:
    """The routes the report draws (:func:`route_diagrams`) on one SVG sheet, phase by
    phase, each headed by its situation and marks, with the report's legend — what
    ``protocolkit graph --format svg`` writes (:func:`diagram.to_sheet_svg`)."""
    from protocolkit.present.diagram import LEGEND_MARKS, to_sheet_svg

    legend = {mark[0]: text(f"report.legend.{mark[0]}", lang) for mark in LEGEND_MARKS}
    sections = [(diagram_caption(d, lang) + "." + route_marks(d, lang), d.phases)
                for d in diagrams]
    # the sheet's aria-label names the roles by id: an attribute carries no protocol text
    label = " ".join(diagram_caption(d, lang, by_name=False) + "." + route_marks(d, lang)
                     for d in diagrams)
    return to_sheet_svg(title, sections, legend, label=f"{title}. {label}")


def _comparison_html(report: Report) -> list[str]:
    """The comparison as a raad reads it: per question, the groups of situations whose
    answers differ (``protocolkit diff --summary``), with both answers and sections."""
    from protocolkit.diff.summary import summarize
    from protocolkit.present.comparison import (
        answers_text,
        aspect_label,
        coverage_notes,
        kind_label,
    )

    assert report.diff is not None
    lang = report.lang

    def t(key: str, **args: Any) -> str:
        return text(key, lang, **args)

    left, right = _diff_labels(report)
    left_head, right_head = side_names(report)
    summary = summarize(report.diff)
    parts: list[str] = []
    if report.diff.same:
        return [f"<p>{_e(t('report.same-meaning'))}</p>"]
    for side, label, other_label in (("left", left, right), ("right", right, left)):
        parts.extend(f"<p>{_e(note)}</p>"
                     for note in coverage_notes(summary, side, label, other_label, lang))
    if not summary.questions:
        parts.append(f"<p>{_e(t('report.same-six'))}</p>")
    for question in summary.questions:
        parts.append(f"<h3>{_e(aspect_label(question.question, lang))}</h3>")
        parts.append(f'<table><thead><tr><th scope="col">{_e(t("report.col.situations"))}</th>'
                     f'<th scope="col">{_e(left_head)}</th><th scope="col">{_e(right_head)}</th>'
                     "</tr></thead><tbody>")
        for group in question.groups:
            cells = []
            for answers, other, cites, names in (
                    (group.left, group.right, group.left_sources, report.diff.left.names),
                    (group.right, group.left, group.right_sources, report.diff.right.names)):
                said = answers_text(question.question, answers, other, lang,
                                    names=dict(names)) or "—"
                cells.append(_e(said) + (
                    f'<br><span class="detail">{_e(citation_text(cites))}</span>' if cites else ""))
            parts.append(f"<tr><td>{_e(group.in_words(lang))} ({len(group.scenarios)})</td>"
                         f"<td>{cells[0]}</td><td>{cells[1]}</td></tr>")
        parts.append("</tbody></table>")
    if report.diff.structural:
        counts: dict[str, list[int]] = {}
        for change in report.diff.structural:
            row = counts.setdefault(change.kind, [0, 0, 0])
            row[("removed", "added", "changed").index(change.change)] += 1
        parts.append(f"<h3>{_e(t('report.structure'))}</h3><p>"
                     + _html_text("report.structure-differs", lang,
                                  count=_e(len(report.diff.structural)),
                                  command="<code>protocolkit diff</code>")
                     + "</p>")
        parts.append(f'<table><thead><tr><th scope="col">{_e(t("report.col.element"))}</th>'
                     f'<th scope="col">{_e(t("diff.only-in", label=left_head))}</th>'
                     f'<th scope="col">{_e(t("diff.only-in", label=right_head))}</th>'
                     f'<th scope="col">{_e(t("report.col.different"))}</th></tr></thead><tbody>'
                     + "".join(f"<tr><td>{_e(kind_label(kind, lang))}</td><td>{a}</td>"
                               f"<td>{b}</td><td>{c}</td></tr>"
                               for kind, (a, b, c) in counts.items())
                     + "</tbody></table>")
    return parts


def _sources_html(protocol: Protocol | None, ids: list[str], citation: str) -> str:
    """A finding's citation (``citation``: "Bron: …" in the page's language); where the
    cited sections carry their text, the citation opens onto it (collapsed on screen,
    the citation alone in print), so a raad reads what the text says beside what the
    check found without a taller page."""
    line = f"{_e(citation)}."
    known = {s.id: s for s in protocol.sections} if protocol is not None else {}
    quoted = [known[i] for i in ids if i in known and known[i].text]
    if not quoted:
        return f"<p>{line}</p>"
    body = "".join(
        # The section id is shown as text only: an id is the file author's free text,
        # and no attribute of the page carries it (not even a data attribute).
        '<blockquote><p class="detail">'
        f"{_e(s.id + (': ' + s.title if s.title else ''))}</p>"
        + "".join(f"<p>{_e(paragraph)}</p>" for paragraph in (s.text or "").splitlines())
        + "</blockquote>" for s in quoted)
    return f'<details class="bron"><summary>{line}</summary>{body}</details>'


def render_html(report: Report) -> str:
    """One self-contained HTML page: inline styles and inline SVG diagrams, no scripts."""
    lang = report.lang
    names = report.protocol.role_names() if report.protocol is not None else None

    def t(key: str, **args: Any) -> str:
        return text(key, lang, **args)

    def th(key: str) -> str:
        return f'<th scope="col">{_e(t(key))}</th>'

    errors, _, open_points, accepted = _counts(report)
    said = _counts_text(report, lang)
    parts: list[str] = [
        "<!DOCTYPE html>", f'<html lang="{_e(lang)}"><head><meta charset="utf-8">',
        escape.csp_meta(),
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(_title(report))}</title>", f"<style>{_CSS}</style></head><body>",
        f"<header><h1>{_e(_title(report))}</h1>",
    ]
    if report.protocol is not None:
        meta = report.protocol.protocol
        valid = t("report.valid-from", date=meta.valid_from.isoformat()) if meta.valid_from else ""
        parts.append('<p class="meta">'
                     + _html_text("report.meta", lang, version=_e(meta.version),
                                  status=f"<strong>{_e(meta.status)}</strong>")
                     + _e(valid)
                     + (_e(t("report.made-on", date=report.generated.isoformat()))
                        if report.generated else "")
                     + _html_text("report.file", lang, file=f"<code>{_e(report.path)}</code>")
                     + "</p>")
    parts.append("</header>")
    parts.append("<main>")
    parts += [f'<p class="notice">{_e(notice)}</p>' for notice in report.notices]
    parts += [
        f'<h2 id="samenvatting">{_e(t("report.summary"))}</h2><p>',
        f'<span class="badge fout">{_e(said["errors"])}</span>',
        f'<span class="badge waarschuwing">{_e(said["warnings"])}</span>',
        f'<span class="badge open">{_e(t("report.badge.open", open=said["open"]))}</span>',
        (f'<span class="badge aanvaard">{_e(t("report.badge.accepted", count=accepted))}'
         "</span></p>"),
    ]
    if errors == 0 and open_points == 0:
        parts.append(f"<p>{_e(t('report.clean'))}</p>")
    elif errors == 0:
        parts.append(f"<p>{_e(t('report.open-left'))}</p>")
    parts.append(f'<h2 id="bevindingen">{_e(t("report.findings"))}</h2>')
    shown = [f for f in report.findings if f.code != "open-point"]
    if not shown:
        parts.append(f"<p>{_e(t('report.no-findings'))}</p>")
    else:   # what each check means, once, not under every finding it made
        parts.append(f"<p>{_e(t('report.meanings'))}</p><dl class=\"meanings\">" + "".join(
            f"<dt>{_e(title)}</dt><dd>{_e(meaning)}</dd>"
            for title, meaning in meanings(shown, lang)) + "</dl>")
    for f in shown:
        e = explain(report, f)
        where = (t("report.line-step", line=f.location.line, id=e.step) if e.step_title
                 else t("report.line", line=f.location.line))
        parts.append(f'<section class="finding {e.level}" data-code="{_e(f.code)}"'
                     + (f' data-step="{_e(e.step)}"' if e.step else "") + ">")
        parts.append(f'<h3><span class="badge {e.level}">'
                     f"{_e(severity_word(f.severity, lang))}</span>{_e(e.title)} "
                     f'<span class="detail">{_e(where)}'
                     "</span></h3>")
        parts.append(f'<p class="sentence">{_e(e.sentence)}.</p>')
        if e.scenarios:
            parts.append(f"<p>{_e(t('report.this', scenarios=e.scenarios))}</p>")
        if e.sources:
            parts.append(_sources_html(report.protocol, e.sources,
                                       t('report.source', sources=citation_text(e.sources))))
        if e.accepted:
            parts.append(f"<p>{_e(e.accepted)}</p>")
        elif e.hint:
            parts.append(f"<p>{_e(t('report.todo', hint=e.hint))}</p>")
        if e.route:
            parts.append(f"<details><summary>{_e(t('report.route-to-step'))}</summary><ol>"
                         + "".join(f"<li>{_e(s)}</li>" for s in e.route) + "</ol></details>")
        parts.append("</section>")
    if report.protocol is not None:
        parts.append(f'<h2 id="open-punten">{_e(t("report.open-points"))}</h2>')
        if not report.protocol.open_points:
            parts.append(f"<p>{_e(t('report.no-open-points'))}</p>")
        for point in report.protocol.open_points:
            source = citation_text(citations(point.source))
            parts.append(f'<section class="finding waarschuwing" data-open-point="{_e(point.id)}">'
                         f"<h3>{_e(point.topic)}: {_e(point.question)}</h3>"
                         f"<p>{_e(point.reasoning.strip())}</p>"
                         f'<p class="detail">{_e(t("report.source", sources=source))}</p>'
                         "</section>")
    if report.protocol is not None:
        for heading, items in _notes(report.protocol, lang):
            parts.append(f"<h2>{_e(heading)}</h2>")
            # One table row each (a section per note made the page twice as tall); the
            # readings are long: folded on screen (a question per line), printed in full.
            folded = heading == text("report.readings", lang)
            parts.append('<table class="notes"><tbody>' + "".join(
                f'<tr><th scope="row">{_e(title)}</th><td>'
                + (f"<details><summary>{_e(t('report.readings-fold'))}</summary>"
                   f"<p>{_e(said)}</p></details>" if folded else _e(said))
                + f'</td><td class="detail">{_e(source)}</td></tr>'
                for title, said, source in items) + "</tbody></table>")
    if report.coverage:
        rows = sum(g.count for g in report.coverage)
        parts.append(f'<h2 id="dekking">{_e(t("report.coverage"))}</h2>')
        parts.append(f"<p>{_e(t('report.coverage-intro', rows=rows, groups=len(report.coverage)))}"
                     "</p>")
        parts.append(f'<table><caption class="detail">{_e(t("report.coverage-caption"))}'
                     f"</caption><thead><tr>{th('report.col.situations')}"
                     f"{th('report.col.count')}{th('matrix.first-contact')}"
                     f"{th('matrix.decides')}{th('matrix.status')}"
                     "</tr></thead><tbody>")
        for group in report.coverage:
            first, decides, status = coverage_cells(group, lang, names)
            css = "s-" + group.status.replace(" ", "-")
            codes = f' title="{_e(", ".join(group.codes))}"' if group.codes else ""
            parts.append(f'<tr class="{css}" data-status="{_e(group.status)}">'
                         f"<td>{_e(group.text)}</td><td>{group.count}</td>"
                         f"<td>{_e(first)}</td><td>{_e(decides)}</td>"
                         f'<td class="status"{codes}>{_e(status)}</td></tr>')
        parts.append("</tbody></table>")
    if report.diagrams:
        parts.append(f'<h2 id="routes">{_e(t("report.routes"))}</h2>')
        parts.append(f"<p>{_e(t('report.routes-intro'))}</p>")
        parts.append(f'<p class="legend" aria-label="{_e(t("report.legend"))}">'
                     f'<span class="l-start">{_e(t("report.legend.start"))}</span>'
                     f'<span class="l-eind">{_e(t("report.legend.end"))}</span>'
                     f'<span class="l-fout">{_e(t("report.legend.finding"))}</span>'
                     f'<span class="l-aanvaard">{_e(t("report.legend.accepted"))}</span>'
                     f'<span class="l-fase">{_e(t("report.legend.phase"))}</span></p>')
        if any(not d.graphviz for d in report.diagrams):
            parts.append('<p class="notice" role="note">'
                         + _html_text("report.no-graphviz", lang, dot="<code>dot</code>",
                                      apt="<code>apt-get install graphviz</code>") + "</p>")
        # Open at first: the first route with findings (else the first route); the others
        # are folded so the page stays short, and print open.
        unfolded = next((d for d in report.diagrams if d.marked), report.diagrams[0])
        for number, d in enumerate(report.diagrams, 1):
            parts.append(_route_html(d, opened=d is unfolded, lang=lang, number=number))
            if d.notes:
                parts.append('<ul class="notes">' + "".join(
                    f'<li data-note="1">{_e(note)}</li>' for note in d.notes) + "</ul>")
            parts.append("</details>")
    if report.against is not None:
        parts.append(f'<h2 id="vergelijking">{_e(comparison_heading(report))}</h2>')
        if report.diff is None:
            parts.append(f"<p>{_e(t('report.other-unreadable'))}</p>")
        else:
            parts.extend(_comparison_html(report))
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"
