"""Route diagrams: Mermaid, Graphviz DOT and SVG, phases as bands, who acts on each step.

Reports stage. The graph of one scenario comes from :func:`protocolkit.semantics.route_adjacency`
(substitutions applied, so the diagram shows the CvdK where he acts for the burgemeester);
without a scenario, the diagram is the union over the whole scenario space, with each
step's actor as the protocol names it. Steps that findings point at are highlighted —
in a scenario's diagram only the findings that hold in that scenario (red for errors and
warnings, green dashed for findings the protocol acknowledges).

>>> from protocolkit.format.loader import load_protocol
>>> from protocolkit.semantics import Scenario
>>> p = load_protocol("tests/data/minimal.yaml").protocol
>>> d = build(p, Scenario("raadslid", "burgemeester", "uitgevoerd"))
>>> d.nodes["beoordeling"].actor
'cvdk'
>>> "flowchart TD" in to_mermaid(d)
True
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from protocolkit.format import escape
from protocolkit.format.diagnostics import Finding, Msg
from protocolkit.format.model import FactCondition, Protocol, Step, citations
from protocolkit.format.texts import citation_text, text
from protocolkit.format.vocabulary import (
    NOT_ASSIGNED,
    not_assigned,
    outcome_words,
    scenario_text,
)
from protocolkit.semantics import Scenario, StepView, proposal, route_adjacency, scenario_space


class GraphvizError(RuntimeError):
    """Graphviz's ``dot`` could not draw an SVG. The message is data for every language:
    ``text`` (its id, ``code``, a key of :data:`protocolkit.format.texts.TEXTS`);
    ``str(error)`` is English, :meth:`render` writes either."""

    def __init__(self, message: Msg) -> None:
        self.text = message
        super().__init__(message.render("en"))

    @property
    def code(self) -> str:
        return self.text.id

    def render(self, lang: str | None = None) -> str:
        """The message in ``lang`` (``None``: :func:`protocolkit.format.texts.resolve_lang`)."""
        from protocolkit.format.texts import resolve_lang

        return self.text.render(resolve_lang(lang))


class GraphvizMissing(GraphvizError):
    """Graphviz's ``dot`` is not installed; SVG needs it (``graphviz.missing``)."""


class GraphvizTimeout(GraphvizError):
    """Graphviz's ``dot`` took longer than :data:`DOT_TIMEOUT` seconds (a dense protocol;
    ``graphviz.timeout``)."""


class GraphvizFailed(GraphvizError):
    """Graphviz's ``dot`` ended with an error (``graphviz.failed``, its own words quoted)."""


#: Seconds one ``dot`` run may take. A dense but valid protocol can keep Graphviz's
#: layout busy for minutes; past this the caller gets :class:`GraphvizTimeout`.
DOT_TIMEOUT = 20.0


@dataclass
class Node:
    id: str
    title: str
    kind: str
    phase: str
    actor: str
    end: bool
    entry: bool = False
    highlighted: list[str] = field(default_factory=list)
    #: Codes of findings the protocol acknowledges (drawn apart from the others).
    accepted: list[str] = field(default_factory=list)
    #: The step this node draws again (an end step repeated in another phase), else "".
    copy_of: str = ""
    #: Where the case goes when it ends here outside the protocol, and who acts there
    #: (lines of the label: regime, who decides, who communicates with the melder).
    handoff: list[str] = field(default_factory=list)
    #: An explicit join: the steps whose tracks it waits for before it opens.
    waits_for: list[str] = field(default_factory=list)
    #: Who acts as a reader knows them: ``actor`` with each role by its name
    #: (``Protocol.role_names``); "" where the drawing has none (then ``actor``).
    actor_words: str = ""


@dataclass
class Edge:
    source: str
    target: str
    label: str


@dataclass
class Diagram:
    title: str
    phases: list[tuple[str, str]]
    nodes: dict[str, Node]
    edges: list[Edge]
    #: The language of the drawing's own words (``nl`` or ``en``).
    lang: str = "nl"


def _role_words(protocol: Protocol, role: str, names: Mapping[str, str] | None) -> str:
    """A role in a node: its shared id, or its name from ``names`` where given."""
    shared = protocol.shared_id(role)
    return names.get(shared, shared) if names else shared


def _named_actor(protocol: Protocol, step: Step, lang: str = "nl",
                 names: Mapping[str, str] | None = None) -> str:
    def who(role: str) -> str:
        return _role_words(protocol, role, names)

    if step.actor is None:                     # an end step the text assigns to nobody
        return not_assigned(lang)
    if isinstance(step.actor, str):
        return who(step.actor)
    if all(isinstance(c, str) for c in step.actor):          # roles acting together
        return " + ".join(who(str(r)) for r in step.actor)
    return " / ".join(dict.fromkeys(
        # roles acting together "a + b"; a choice (any_of) "a en/of b"
        (text("common.and-or", lang) if c.any_of else " + ").join(
            who(r) for r in c.roles())
        for c in step.actor if not isinstance(c, str)))


def _actor_label(protocol: Protocol, view: StepView, step: Step | None, scenario: bool,
                 lang: str = "nl", names: Mapping[str, str] | None = None) -> str:
    """Who acts in a step's node: as the scenario resolves it (``scenario``), else as the
    protocol names it; each role by its shared id, or by its name from ``names``."""
    def who(role: str) -> str:
        return _role_words(protocol, role, names)

    said = (text("common.and-or", lang).join(who(a.role) for a in view.actors)
            if scenario and view.any_of
            else who(view.actor.role) if scenario
            else _named_actor(protocol, step, lang, names) if step
            else view.actor.role)
    if said == NOT_ASSIGNED:                   # the text names nobody: in ``lang``
        said = not_assigned(lang)
    return open_actor(protocol, view, said, lang)


def handoff_label(protocol: Protocol, step: Step | None, view: StepView | None,
                  lang: str = "nl") -> list[str]:
    """The lines an end step's node shows about its handoff (``out_of_scope``): the
    regime, who decides on follow-up there and who communicates with the melder — as
    the scenario resolves them (``view``), or across scenarios with their guards."""
    from protocolkit.format.model import Handoff
    from protocolkit.present.findings import party_words

    if view is not None and view.handoff is not None:
        data = view.handoff.to_dict(protocol.shared_id)
        decides = text("common.and", lang).join(data["decides"] or []) or not_assigned(lang)
        melder = (text("common.and", lang).join(data["communicates_with_melder"] or [])
                  or not_assigned(lang))
        regime, cited = data["regime"], citation_text(data["source"])
    elif step is not None and step.out_of_scope is not None:
        spec = step.out_of_scope
        if isinstance(spec, Handoff):
            regime, decides = spec.regime, party_words(spec.decides, lang)
            melder = party_words(spec.communicates_with_melder, lang)
            cited = citation_text(citations(spec.source) or citations(step.source))
        else:
            regime, decides, melder = spec, not_assigned(lang), not_assigned(lang)
            cited = citation_text(citations(step.source))
    else:
        return []
    return [text("node.to", lang, regime=regime, sources=cited),
            text("node.decides", lang, who=decides), text("node.melder", lang, who=melder)]


def open_actor(protocol: Protocol, view: StepView, actor: str, lang: str = "nl") -> str:
    """Who acts in a step as the drawing names him: a concept's proposal (an answer taken
    from another text) as ``nog open - voorstel (ontleend aan Arnhem): griffier``, as
    every other output shows it; an answer open without a proposal with its open points
    (``stuurgroep; nog open: stuurgroep_mandaat``); a settled answer as it is."""
    from protocolkit.present.phrases import proposal_words

    if not view.open_points:
        return actor
    offered = proposal(protocol, view.open_points, view.source)
    if offered is not None:
        return proposal_words(offered, actor, lang)
    return text("diagram.open", lang, actor=actor, points=", ".join(view.open_points))


def _join_line(node: Node, lang: str = "nl") -> list[str]:
    """The label line of an explicit join: which tracks it waits for."""
    return ([text("diagram.waits-for", lang, tracks=" + ".join(node.waits_for))]
            if node.waits_for else [])


def condition_label(conditions: Iterable[FactCondition], lang: str = "nl") -> str:
    """An outcome's fact conditions as an edge shows them: ``als datum ten hoogste
    4 jaar oud [art. 2.2 lid 1]``."""
    return "; ".join(
        text("diagram.condition", lang, fact=c.fact,
             how=text("fact.more-than" if c.older_than is not None else "fact.at-most", lang),
             period=c.period.describe(), sources=citation_text(citations(c.source)))
        for c in conditions)


def finding_steps(findings: Iterable[Finding]) -> dict[str, list[str]]:
    """Step id -> codes of the findings that point at it (via their witness)."""
    marks: dict[str, list[str]] = {}
    for f in findings:
        if not f.witness and not f.holds_for:
            continue
        witness = f.witness or {}
        step = witness.get("step")
        if step is None and witness.get("path"):
            last = witness["path"][-1]
            step = last.get("step") if isinstance(last, dict) else last
        if step is not None and f.code not in marks.setdefault(step, []):
            marks[step].append(f.code)
    return marks


def build(protocol: Protocol, scenario: Scenario | None = None,
          findings: Iterable[Finding] = (), lang: str = "nl") -> Diagram:
    """The diagram of a scenario's route graph, or of the whole protocol.

    With a scenario, only the findings that hold in that scenario mark its steps.
    ``lang`` is the language of the drawing's own words (its title, "at the same time")."""
    if scenario is not None:
        from protocolkit.semantics import complete

        scenario = complete(protocol, scenario)
        findings = [f for f in findings if f.holds_in(scenario)]
    findings = list(findings)
    accepted_marks = finding_steps(f for f in findings if f.acknowledgement is not None)
    marks = finding_steps(f for f in findings if f.acknowledgement is None)
    phases = [(p.id, p.name) for p in sorted(protocol.phases, key=lambda p: p.order)]
    nodes: dict[str, Node] = {}
    edges: dict[tuple[str, str, str], Edge] = {}
    if scenario is not None:
        graphs = [route_adjacency(protocol, scenario)]
        title = f"{protocol.protocol.municipality}: {scenario_text(scenario.to_dict(), lang=lang)}"
    else:
        graphs = [route_adjacency(protocol, s) for s in scenario_space(protocol)]
        title = f"{protocol.protocol.municipality}: {text('diagram.all-routes', lang)}"
    labels = {(s.id, o.id): outcome_words(o.id, o.label)
              for s in protocol.steps for o in s.outcomes}
    names = protocol.role_names()
    requires = {(s.id, o.id): o.requires for s in protocol.steps for o in s.outcomes}
    for graph in graphs:
        entry = graph.graph.get("entry")
        for node_id, data in graph.nodes(data=True):
            view = data["view"]
            if node_id not in nodes:
                step = protocol.step(node_id)
                actor = _actor_label(protocol, view, step, scenario is not None, lang)
                nodes[node_id] = Node(node_id, view.title, view.kind.value, view.phase, actor,
                                      view.end, highlighted=marks.get(node_id, []),
                                      accepted=accepted_marks.get(node_id, []),
                                      handoff=handoff_label(
                                          protocol, step,
                                          view if scenario is not None else None, lang),
                                      waits_for=list(step.join.waits_for)
                                      if step is not None and step.join else [],
                                      actor_words=_actor_label(protocol, view, step,
                                                               scenario is not None, lang,
                                                               names))
            if node_id == entry:
                nodes[node_id].entry = True
        for source, target, key, data in graph.edges(keys=True, data=True):
            label = labels.get((source, data["outcome"]), data["outcome"])
            if data.get("track"):
                label += text("diagram.at-once", lang)  # a parallel track the outcome opens
            if requires.get((source, data["outcome"])):
                label += "\n" + condition_label(requires[(source, data["outcome"])], lang)
            edges.setdefault((source, target, key), Edge(source, target, label))
    order = {s.id: i for i, s in enumerate(protocol.steps)}
    sorted_nodes = dict(sorted(nodes.items(), key=lambda kv: order.get(kv[0], 0)))
    return Diagram(title, phases, sorted_nodes, list(edges.values()), lang)


# --------------------------------------------------------------------------- Mermaid


def _node(step_id: str) -> str:
    return escape.mermaid_id("s", step_id)


def to_mermaid(diagram: Diagram) -> str:
    """Mermaid flowchart: one subgraph per phase, highlighted steps in red.

    Every id is prefixed (``s_end``, ``p_default``) and every label escaped
    (:mod:`protocolkit.format.escape`), so no step id or title can be read as Mermaid syntax.
    """
    lines = ["---", f"title: {escape.mermaid_string(diagram.title)}", "---", "flowchart TD"]
    for phase_id, phase_name in diagram.phases:
        members = [n for n in diagram.nodes.values() if n.phase == phase_id]
        if not members:
            continue
        lines.append(f'  subgraph {escape.mermaid_id("p", phase_id)}'
                     f'["{escape.mermaid_label(phase_name)}"]')
        for node in members:
            label = escape.mermaid_label("\n".join([node.title,
                                                     f"({node.actor_words or node.actor})",
                                                     *_join_line(node, diagram.lang), *node.handoff]))
            shape = f'(["{label}"])' if node.end else f'["{label}"]'
            lines.append(f"    {_node(node.id)}{shape}")
        lines.append("  end")
    for edge in diagram.edges:
        lines.append(f'  {_node(edge.source)} -->|"{escape.mermaid_label(edge.label)}"| '
                     f"{_node(edge.target)}")
    lines.append("  classDef finding fill:#fde2e2,stroke:#c00,stroke-width:2px")
    lines.append("  classDef entry stroke:#036,stroke-width:3px")
    lines.append("  classDef accepted fill:#e8f5e9,stroke:#1b5e20,stroke-width:2px,"
                 "stroke-dasharray:5")
    for node in diagram.nodes.values():
        if node.highlighted:
            lines.append(f"  class {_node(node.id)} finding")
        elif node.accepted:
            lines.append(f"  class {_node(node.id)} accepted")
        elif node.entry:
            lines.append(f"  class {_node(node.id)} entry")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- DOT


_dot_string = escape.dot_string


def _node_style(node: Node) -> list[str]:
    """DOT attributes that mark a step as the legend says: an end as an oval, a finding red,
    an acknowledged finding green and dashed, the first step with a dark border."""
    attrs = ['shape=oval, fillcolor="#e8f5e9"'] if node.end else []
    if node.highlighted:
        attrs.append('fillcolor="#fde2e2", color="#cc0000", penwidth=2')
        attrs.append(f"tooltip={_dot_string(', '.join(node.highlighted))}")
    elif node.accepted:
        attrs.append('fillcolor="#e8f5e9", color="#1b5e20", penwidth=2, '
                     'style="rounded,filled,dashed"')
    elif node.entry:
        attrs.append('color="#003366", penwidth=2')
    return attrs


def to_dot(diagram: Diagram) -> str:
    """Graphviz DOT: phases as clusters (bands), highlighted steps in red."""
    lines = [
        "digraph route {",
        f"  label={_dot_string(diagram.title)}; labelloc=t; fontname=Helvetica; fontsize=20;",
        "  rankdir=TB; newrank=true; ranksep=0.35; nodesep=0.3;",
        ('  node [shape=box, style="rounded,filled", fillcolor="#eef3fb", fontname=Helvetica, '
        "fontsize=16];"),
        "  edge [fontname=Helvetica, fontsize=13];",
    ]
    for index, (phase_id, phase_name) in enumerate(diagram.phases):
        members = [n for n in diagram.nodes.values() if n.phase == phase_id]
        if not members:
            continue
        fill = "#f7f7f7" if index % 2 == 0 else "#ffffff"
        lines.append(f"  subgraph {_dot_string('cluster_' + phase_id)} {{")
        lines.append(f'    label={_dot_string(phase_name)}; style=filled; color="#cccccc"; '
                     f'fillcolor="{fill}";')
        for node in members:
            attrs = [f"label={_dot_string(chr(10).join([_wrap(node.title), f'({node.actor})', *_join_line(node, diagram.lang), *(_wrap(line, 40) for line in node.handoff)]))}",
                     *_node_style(node)]
            lines.append(f"    {_dot_string(node.id)} [{', '.join(attrs)}];")
        lines.append("  }")
    for edge in diagram.edges:
        lines.append(f"  {_dot_string(edge.source)} -> {_dot_string(edge.target)} "
                     f"[label={_dot_string(edge.label)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_svg(diagram: Diagram, timeout: float | None = None) -> str:
    """SVG through Graphviz ``dot``; raises :class:`GraphvizMissing` where it is not and
    :class:`GraphvizTimeout` when it takes longer than ``timeout`` (default
    :data:`DOT_TIMEOUT`) seconds; the ``dot`` process is then killed."""
    return _run_dot(to_dot(diagram), timeout)


def _run_dot(source: str, timeout: float | None = None) -> str:
    """Graphviz's SVG of one DOT text (see :func:`to_svg` for what it raises)."""
    dot = shutil.which("dot")
    if dot is None:
        raise GraphvizMissing(Msg.of("graphviz.missing"))
    limit = DOT_TIMEOUT if timeout is None else timeout
    try:
        done = subprocess.run([dot, "-Tsvg"], input=source, capture_output=True,
                              text=True, timeout=limit, check=False)
    except subprocess.TimeoutExpired:
        raise GraphvizTimeout(Msg.of("graphviz.timeout", seconds=f"{limit:g}")) from None
    except OSError as error:   # there, but not a program this user may run
        raise GraphvizFailed(Msg.of("graphviz.cannot-run", path=dot,
                                    error=error.strerror or str(error))) from error
    if done.returncode != 0:
        raise GraphvizFailed(Msg.of("graphviz.failed", code=done.returncode,
                                    error=done.stderr.strip()))
    svg = done.stdout
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg


# --------------------------------------------------------------------------- per phase

#: Type sizes of the per-phase drawings, in CSS px when the SVG is shown at its own size
#: (:func:`to_phase_svgs` makes one Graphviz point one px): steps 13 px, outcomes and the
#: boxes that lead to or come from another phase 11 px — legible at a normal zoom.
STEP_FONT, LABEL_FONT = 13, 11
#: Characters per line of a step title and of an outcome on an arrow (narrow layouts).
STEP_WRAP, LABEL_WRAP = 24, 20
#: Inches between steps side by side in a phase drawing; :data:`TIGHT_NODESEP` for a
#: phase still too wide with half lines (Oostzaan's Eerste screening with its two
#: kennisgevingen, 1051 px for a 1040 px column).
NODESEP, TIGHT_NODESEP = 0.18, 0.08
#: Width (px) a phase drawing should keep within: the report's column at 1280 px. A phase
#: drawn wider is drawn again with shorter lines (:func:`to_phase_svgs`).
PAGE_WIDTH = 1040


@dataclass
class PhaseDrawing:
    """The part of a route that lies in one phase: its own small diagram (with boxes for
    the arrows to and from other phases), as DOT and, once drawn, SVG."""

    phase: str
    name: str
    dot: str
    svg: str = ""
    diagram: Diagram | None = None


#: ``Node.kind`` of a box that stands for a step in another phase (``naar``/``uit``).
STUB = "stub"


def split_by_phase(diagram: Diagram) -> list[tuple[str, str, Diagram]]:
    """The route cut into one diagram per phase, in phase order (phases without steps left
    out) — each narrow enough to be read at its own size, where the whole route in one
    drawing is three to four times wider than a page.

    An arrow to a step in another phase ends in a box ``naar <fase>: <stap>`` (id
    ``naar:<step>``); arrows from another phase start at one box ``uit <fase>`` per phase
    (id ``uit:<phase>``); an end step reached from another phase is drawn again in that
    phase (id ``end:<step>``), so arrows to "de zaak is afgedaan" stay short. Arrows
    between the same two steps become one, their outcomes joined by ``;``.

    >>> from protocolkit.format.loader import load_protocol
    >>> p = load_protocol("tests/data/minimal.yaml").protocol
    >>> phase, name, melden = split_by_phase(build(p))[0]
    >>> sorted(melden.nodes)
    ['beoordeling', 'end:afgedaan', 'melding', 'naar:opdracht']
    >>> melden.nodes["naar:opdracht"].title
    'naar Onderzoeken:\\nOpdracht tot onderzoek'
    """
    names = dict(diagram.phases)
    joined: dict[tuple[str, str], list[str]] = {}
    for edge in diagram.edges:
        labels = joined.setdefault((edge.source, edge.target), [])
        if edge.label not in labels:
            labels.append(edge.label)
    parts: list[tuple[str, str, Diagram]] = []
    for phase_id, phase_name in diagram.phases:
        nodes = {n.id: n for n in diagram.nodes.values() if n.phase == phase_id}
        if not nodes:
            continue
        mine = set(nodes)
        stubs: dict[str, Node] = {}
        edges: list[Edge] = []
        for (source, target), labels in joined.items():
            label = "; ".join(labels)
            if source in mine and target in mine:
                edges.append(Edge(source, target, label))
            elif source in mine:
                other = diagram.nodes[target]
                where = names.get(other.phase, other.phase)
                stub = ("end:" if other.end else "naar:") + target
                stubs.setdefault(stub, replace(other, id=stub, phase=phase_id, copy_of=target)
                                 if other.end
                                 else Node(stub, f"naar {where}:\n{other.title}", STUB,
                                           phase_id, "", False))
                edges.append(Edge(source, stub, label))
            elif target in mine:
                origin = diagram.nodes[source].phase
                stub = "uit:" + origin
                stubs.setdefault(stub, Node(stub, f"uit {names.get(origin, origin)}", STUB,
                                            phase_id, "", False))
                if not any(e.source == stub and e.target == target for e in edges):
                    edges.append(Edge(stub, target, ""))
        parts.append((phase_id, phase_name,
                      Diagram(f"{diagram.title} — {phase_name}", [(phase_id, phase_name)],
                              {**{k: v for k, v in stubs.items() if k.startswith("uit:")},
                               **nodes, **stubs}, edges)))
    return parts


def _phase_node(node: Node, wrap: int) -> str:
    if node.kind == STUB:
        text = "\n".join(_wrap(line, wrap) for line in node.title.split("\n"))
        return (f"  {_dot_string(node.id)} [label={_dot_string(text)}, class=\"stub\", "
                f'style="rounded,dashed", color="#555555", fontsize={LABEL_FONT}];')
    actor = _wrap("(" + node.actor.replace("_", " ") + ")", wrap)
    attrs = [f"label={_dot_string(_wrap(node.title, wrap) + chr(10) + actor)}",
             *_node_style(node)]
    return f"  {_dot_string(node.id)} [{', '.join(attrs)}];"


def to_phase_dots(diagram: Diagram, step_wrap: int = STEP_WRAP,
                  label_wrap: int = LABEL_WRAP, nodesep: float = NODESEP) -> list[PhaseDrawing]:
    """:func:`split_by_phase` as one small DOT graph per phase: steps at
    :data:`STEP_FONT`, outcomes and the boxes to and from other phases at
    :data:`LABEL_FONT`, lines wrapped at ``step_wrap`` and ``label_wrap`` characters,
    steps side by side ``nodesep`` inches apart.

    >>> from protocolkit.format.loader import load_protocol
    >>> p = load_protocol("tests/data/minimal.yaml").protocol
    >>> [part.name for part in to_phase_dots(build(p))]
    ['Melden', 'Onderzoeken', 'Oordelen']
    """
    parts: list[PhaseDrawing] = []
    for phase_id, phase_name, part in split_by_phase(diagram):
        arrows = [f"  {_dot_string(e.source)} -> {_dot_string(e.target)} "
                  + (f"[label={_dot_string(_wrap(e.label, label_wrap))}];"
                     if part.nodes[e.source].kind != STUB else "[style=dashed];")
                  for e in part.edges]
        lines = [
            "digraph route {",
            f"  rankdir=TB; ranksep=0.22; nodesep={nodesep}; margin=0; pad=0.05;",
            ('  node [shape=box, style="rounded,filled", fillcolor="#eef3fb", '
             f'fontname=Helvetica, fontsize={STEP_FONT}, margin="0.08,0.03"];'),
            f"  edge [fontname=Helvetica, fontsize={LABEL_FONT}, arrowsize=0.7];",
            *(_phase_node(n, step_wrap) for n in part.nodes.values()), *arrows, "}"]
        parts.append(PhaseDrawing(phase_id, phase_name, "\n".join(lines) + "\n",
                                  diagram=part))
    return parts


def _in_px(svg: str) -> str:
    """Graphviz's SVG with its width and height in px instead of pt (1 pt becomes 1 px)."""
    head = svg.find(">")
    return re.sub(r'\b(width|height)="([0-9.]+)pt"', r'\1="\2"', svg[:head]) + svg[head:]


def to_phase_svgs(diagram: Diagram, timeout: float | None = None) -> list[PhaseDrawing]:
    """:func:`to_phase_dots` drawn by Graphviz (raises as :func:`to_svg` does), each SVG
    sized in px (one Graphviz point is one px), so :data:`STEP_FONT` is the type size a
    reader sees where the page leaves the drawing its own width. A phase wider than
    :data:`PAGE_WIDTH` is drawn again with shorter lines, three quarters and then half
    as long, and last with half lines and the steps closer together
    (:data:`TIGHT_NODESEP`), until it fits (each kept if it is narrower)."""
    parts = to_phase_dots(diagram)
    narrower: dict[tuple[int, float], list[PhaseDrawing]] = {}
    for index, part in enumerate(parts):
        part.svg = _in_px(_run_dot(part.dot, timeout))
        for quarters, nodesep in ((3, NODESEP), (2, NODESEP), (2, TIGHT_NODESEP)):
            if svg_width(parts[index].svg) <= PAGE_WIDTH:
                break
            if (quarters, nodesep) not in narrower:
                narrower[quarters, nodesep] = to_phase_dots(
                    diagram, STEP_WRAP * quarters // 4, LABEL_WRAP * quarters // 4, nodesep)
            again = narrower[quarters, nodesep][index]
            again.svg = _in_px(_run_dot(again.dot, timeout))
            if svg_width(again.svg) < svg_width(parts[index].svg):
                parts[index] = again
    return parts


def svg_width(svg: str) -> float:
    """The width an SVG (in px) declares; 0 when it declares none."""
    found = re.search(r'<svg[^>]*?\bwidth="([0-9.]+)"', svg)
    return float(found.group(1)) if found else 0.0


def _wrap(text: str, width: int = 28) -> str:
    """A step title on lines of about ``width`` characters (labels stay readable)."""
    import textwrap

    return "\n".join(textwrap.wrap(text, width, break_long_words=False)) or text


#: The built-in layout (no Graphviz): box width, type sizes (px) of steps and outcomes,
#: characters per line of a step title and of an outcome, width of the outcome column.
PLAIN_BOX, PLAIN_STEP_FONT, PLAIN_LABEL_FONT = 250, 14, 13
PLAIN_STEP_WRAP, PLAIN_LABEL_WRAP, PLAIN_LABEL_COLUMN = 28, 28, 215


def to_svg_without_graphviz(diagram: Diagram) -> str:
    """A plain SVG for machines without Graphviz, drawn so nothing can overlap: the
    steps in one column in file order (one band per phase, named where there are
    several), titles wrapped (never cut); every arrow leaves its step on the right at a
    height of its own, with its outcome written just above it in a column beside the
    step, runs down or up a lane no other arrow uses at that height and ends with an
    arrowhead at the right side of the step it leads to. Simpler than ``dot``'s layout; the report says so where it
    uses it.

    >>> from protocolkit.format.loader import load_protocol
    >>> p = load_protocol("tests/data/minimal.yaml").protocol
    >>> svg = to_svg_without_graphviz(build(p))
    >>> svg.count('class="outcome"') == len([e for e in build(p).edges if e.label])
    True
    """
    import textwrap

    if not diagram.nodes:
        return '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>'
    names = dict(diagram.phases)
    bands = [pid for pid, _ in diagram.phases
             if any(n.phase == pid for n in diagram.nodes.values())]
    ordered = [n for pid in bands for n in diagram.nodes.values() if n.phase == pid]
    ordered += [n for n in diagram.nodes.values() if n not in ordered]
    headed = len(bands) > 1
    step_h, label_h = PLAIN_STEP_FONT + 4, PLAIN_LABEL_FONT + 3
    lines = {n.id: [part for line in n.title.split("\n")
                    for part in textwrap.wrap(line, PLAIN_STEP_WRAP, break_long_words=False) or [line]]
             + ([f"({n.actor})"] if n.kind != STUB else []) for n in ordered}
    edges = [e for e in diagram.edges if e.source in diagram.nodes and e.target in diagram.nodes]
    labels = [[part for line in e.label.split("\n")
               for part in textwrap.wrap(line, PLAIN_LABEL_WRAP, break_long_words=False) or [line]] if e.label else []
              for e in edges]
    row = {n.id: i for i, n in enumerate(ordered)}
    # Each step's ports on its right side: arrows in at the top, arrows out below, each
    # out-port high enough for its outcome's lines (written just above the arrow).
    ports: dict[str, list[tuple[int, str]]] = {n.id: [] for n in ordered}
    for index, edge in sorted(enumerate(edges), key=lambda ie: row[ie[1].source]):
        ports[edge.target].append((index, "in"))
    for index, edge in sorted(enumerate(edges), key=lambda ie: row[ie[1].target]):
        ports[edge.source].append((index, "out"))
    for own in ports.values():
        own.sort(key=lambda port: port[1] == "out")
    slot = {(i, way): (len(labels[i]) * label_h + 6 if way == "out" and labels[i] else 10)
            for i in range(len(edges)) for way in ("in", "out")}
    x_box, gap, top_pad = 10, 16, 8
    parts: list[str] = []
    heights: dict[str, float] = {}
    tops: dict[str, float] = {}
    at: dict[tuple[int, str], float] = {}
    y = 10.0
    previous = None
    for node in ordered:
        if headed and node.phase != previous:
            y += 22
            parts.append(f'<text x="{x_box}" y="{y - 6:.0f}" font-weight="bold" fill="#333">'
                         f"{escape.html_text(names.get(node.phase, node.phase))}</text>")
            previous = node.phase
        text_h = len(lines[node.id]) * step_h + 12
        ports_h = top_pad + sum(slot[p] for p in ports[node.id]) + top_pad
        tops[node.id], heights[node.id] = y, max(text_h, ports_h, 36)
        cursor = y + top_pad
        for port in ports[node.id]:
            cursor += slot[port]
            at[port] = cursor - (4 if port[1] == "out" else 5)
        y += heights[node.id] + gap
    height = y
    x_right = x_box + PLAIN_BOX
    x_lanes = x_right + PLAIN_LABEL_COLUMN + 8
    # Lanes: shortest arrows nearest the steps; arrows whose spans do not meet share one.
    lanes: list[list[tuple[float, float]]] = []
    lane_of: dict[int, int] = {}
    spans = {i: tuple(sorted((at[(i, "out")], at[(i, "in")]))) for i in range(len(edges))}
    for i in sorted(spans, key=lambda i: spans[i][1] - spans[i][0]):
        low, high = spans[i]
        for number, taken in enumerate(lanes):
            if all(high + 6 < a or low - 6 > b for a, b in taken):
                taken.append((low, high))
                lane_of[i] = number
                break
        else:
            lane_of[i] = len(lanes)
            lanes.append([(low, high)])
    width = x_lanes + 12 * max(len(lanes), 1) + 10
    arrows: list[str] = []
    for i, edge in enumerate(edges):
        lane = x_lanes + 12 * lane_of[i]
        y_out, y_in = at[(i, "out")], at[(i, "in")]
        dash = ' stroke-dasharray="5 3"' if diagram.nodes[edge.source].kind == STUB else ""
        said = "".join(
            f'<text x="{x_right + 6}" y="{y_out - 4 - (len(labels[i]) - 1 - k) * label_h:.0f}" '
            f'font-size="{PLAIN_LABEL_FONT}" fill="#222">{escape.html_text(line)}</text>'
            for k, line in enumerate(labels[i]))
        arrows.append(
            f'<g class="edge"><path d="M{x_right},{y_out:.0f} H{lane} V{y_in:.0f} '
            f'H{x_right + 2}" fill="none" stroke="#555" stroke-width="1.4"{dash} '
            'marker-end="url(#arrow)"/>'
            + (f'<g class="outcome">{said}</g>' if said else "") + "</g>")
    boxes: list[str] = []
    for node in ordered:
        top, h = tops[node.id], heights[node.id]
        if node.kind == STUB:
            fill, stroke, dash = "#ffffff", "#555555", ' stroke-dasharray="5 3"'
        elif node.highlighted:
            fill, stroke, dash = "#fde2e2", "#b00000", ""
        elif node.accepted:
            fill, stroke, dash = "#e8f5e9", "#1b5e20", ' stroke-dasharray="6 3"'
        else:
            fill, stroke, dash = ("#e8f5e9" if node.end else "#eef3fb"), "#335", ""
        centre = x_box + PLAIN_BOX / 2
        written = "".join(
            f'<text x="{centre:.0f}" y="{top + 20 + k * step_h:.0f}" text-anchor="middle"'
            + (' fill="#444"' if node.kind != STUB and k == len(lines[node.id]) - 1 else "")
            + f">{escape.html_text(line)}</text>" for k, line in enumerate(lines[node.id]))
        finding_attr = (f' data-finding="{escape.html_text(" ".join(node.highlighted))}"'
                        if node.highlighted else "")
        what = ('class="stub"' if node.kind == STUB else
                f'class="step" data-step="{escape.html_text(node.copy_of or node.id)}"')
        width_of_stroke = 3 if node.entry and not (node.highlighted or node.accepted) else (
            2 if node.highlighted or node.accepted else 1)
        boxes.append(f"<g {what}{finding_attr}>"
                     f'<rect x="{x_box}" y="{top:.0f}" width="{PLAIN_BOX}" height="{h:.0f}" '
                     f'rx="{14 if node.end else 6}" fill="{fill}" '
                     f'stroke="{"#003366" if node.entry and fill == "#eef3fb" else stroke}" '
                     f'stroke-width="{width_of_stroke}"{dash}/>{written}</g>')
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height:.0f}" '
            f'viewBox="0 0 {width} {height:.0f}" font-family="Helvetica, Arial, sans-serif" '
            f'font-size="{PLAIN_STEP_FONT}">'
            '<defs><marker id="arrow" markerWidth="10" markerHeight="10" refX="9" refY="5" '
            'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#444"/></marker></defs>')
    return "".join([head, *parts, *boxes, *arrows, "</svg>"])


def svg_height(svg: str) -> float:
    """The height an SVG (in px) declares; 0 when it declares none."""
    found = re.search(r'<svg[^>]*?\bheight="([0-9.]+)"', svg)
    return float(found.group(1)) if found else 0.0


_TAG = re.compile(r"<[^>]*>")
_ID_REFERENCE = re.compile(r'(\sid="|url\(#|href="#)([^")]+)')


def scope_ids(svg: str, prefix: str) -> str:
    """The SVG with every ``id`` and every reference to one (``url(#…)``,
    ``href="#…"``) prefixed with ``prefix``, in tags only (never in the text shown),
    so several drawings in one HTML page or one sheet keep unique ids and each
    arrowhead is its own drawing's (Graphviz calls every drawing's group ``graph0``,
    the plain layout every arrowhead ``arrow``).

    >>> scope_ids('<svg><marker id="arrow"/><path marker-end="url(#arrow)"/>'
    ...           '<text>url(#arrow)</text></svg>', "r1-")
    '<svg><marker id="r1-arrow"/><path marker-end="url(#r1-arrow)"/><text>url(#arrow)</text></svg>'
    """
    def tag(found: re.Match[str]) -> str:
        return _ID_REFERENCE.sub(lambda m: m.group(1) + prefix + m.group(2), found.group(0))

    return _TAG.sub(tag, svg)


#: The marks of a drawing, in the order a legend names them, with how a step so marked
#: looks (fill, border, border width, dashes, corner radius) in both layouts.
LEGEND_MARKS = (("start", "#eef3fb", "#003366", 3, "", 4),
                ("end", "#e8f5e9", "#333355", 1, "", 9),
                ("finding", "#fde2e2", "#cc0000", 2, "", 4),
                ("accepted", "#e8f5e9", "#1b5e20", 2, "5 3", 4),
                ("phase", "#ffffff", "#555555", 1, "5 3", 4))


def to_sheet_svg(title: str, sections: list[tuple[str, list[PhaseDrawing]]],
                 legend: dict[str, str], label: str = "") -> str:
    """One SVG sheet of routes drawn phase by phase, as the report shows them: the
    title, a legend (``legend`` gives the words for each of :data:`LEGEND_MARKS`), and
    per section (a route, or a group of scenarios with the same route) its heading and
    each phase's drawing under the phase's name, each at its own size — no wider than
    the widest phase (about :data:`PAGE_WIDTH`), so at 1280 px step text is
    :data:`STEP_FONT` px. Every drawing's ids are prefixed (:func:`scope_ids`).

    >>> from protocolkit.format.loader import load_protocol
    >>> p = load_protocol("tests/data/minimal.yaml").protocol
    >>> phases = to_phase_dots(build(p))
    >>> for part in phases:
    ...     part.svg = to_svg_without_graphviz(part.diagram or build(p))
    >>> sheet = to_sheet_svg("Minimal", [("Alle routes", phases)], {"start": "eerste stap"})
    >>> sheet.count("<svg ") == 1 + len(phases), 'id="s1p1-arrow"' in sheet
    (True, True)
    """
    import textwrap

    margin, heading_font, phase_font, legend_font = 16, 17, 14, 13
    widest = max([svg_width(part.svg) for _, parts in sections for part in parts] or [0])
    width = max(round(widest) + 2 * margin, 640)
    chars = int((width - 2 * margin) / (heading_font * 0.55))
    out: list[str] = []
    y = float(margin)
    for line in textwrap.wrap(title, int((width - 2 * margin) / (21 * 0.55)),
                              break_long_words=False) or [title]:
        y += 26
        out.append(f'<text x="{margin}" y="{y:.0f}" font-size="21" font-weight="bold" '
                   f'fill="#1d1d1b">{escape.html_text(line)}</text>')
    y += 12
    x = float(margin)
    for mark, fill, stroke, stroke_width, dash, radius in LEGEND_MARKS:
        words = legend.get(mark)
        if not words:
            continue
        room = 30 + len(words) * legend_font * 0.5
        if x + room > width - margin:
            x, y = float(margin), y + 24
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<g class="legend"><rect x="{x:.0f}" y="{y:.0f}" width="22" height="15" '
                   f'rx="{radius}" fill="{fill}" stroke="{stroke}" '
                   f'stroke-width="{stroke_width}"{dashes}/>'
                   f'<text x="{x + 28:.0f}" y="{y + 12:.0f}" font-size="{legend_font}">'
                   f"{escape.html_text(words)}</text></g>")
        x += room + 18
    y += 30
    for number, (heading, parts) in enumerate(sections, 1):
        y += 14
        for line in textwrap.wrap(heading, chars, break_long_words=False) or [heading]:
            y += heading_font + 5
            out.append(f'<text x="{margin}" y="{y:.0f}" font-size="{heading_font}" '
                       f'font-weight="bold" fill="#03428c">{escape.html_text(line)}</text>')
        y += 6
        out.append(f'<line x1="{margin}" y1="{y:.0f}" x2="{width - margin}" y2="{y:.0f}" '
                   'stroke="#003366" stroke-width="2"/>')
        for part_number, part in enumerate(parts, 1):
            y += phase_font + 12
            out.append(f'<text x="{margin}" y="{y:.0f}" font-size="{phase_font}" '
                       f'font-weight="bold" fill="#033366">{escape.html_text(part.name)}</text>')
            y += 6
            drawn = scope_ids(part.svg, f"s{number}p{part_number}-")
            out.append(drawn.replace("<svg ", f'<svg x="{margin}" y="{y:.0f}" ', 1))
            y += svg_height(part.svg) + 4
    height = round(y + margin)
    aria = f' role="img" aria-label="{escape.html_text(label)}"' if label else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif"{aria}>'
            f'<rect width="{width}" height="{height}" fill="#ffffff"/>'
            + "".join(out) + "</svg>\n")
