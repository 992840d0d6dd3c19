"""Route diagrams: Mermaid, Graphviz DOT and SVG, phases as bands, who acts on each step.

Reports stage. The graph of one scenario comes from :func:`protocolkit.semantics.route_adjacency`
(substitutions applied, so the diagram shows the CvdK where he acts for the burgemeester);
without a scenario, the diagram is the union over the whole scenario space, with each
step's actor as the protocol names it. Steps that findings point at are highlighted.

>>> from protocolkit.loader import load_protocol
>>> from protocolkit.semantics import Scenario
>>> p = load_protocol("tests/data/minimal.yaml").protocol
>>> d = build(p, Scenario("raadslid", "burgemeester", "uitgevoerd"))
>>> d.nodes["beoordeling"].actor
'cvdk'
>>> "flowchart TD" in to_mermaid(d)
True
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field

from protocolkit import escape
from protocolkit.diagnostics import Finding
from protocolkit.model import Protocol, Step
from protocolkit.semantics import Scenario, route_adjacency, scenario_space


class GraphvizMissing(RuntimeError):
    """Graphviz's ``dot`` is not installed; SVG needs it."""


class GraphvizTimeout(RuntimeError):
    """Graphviz's ``dot`` took longer than :data:`DOT_TIMEOUT` seconds (a dense protocol)."""


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


def _named_actor(protocol: Protocol, step: Step) -> str:
    if isinstance(step.actor, str):
        return protocol.shared_id(step.actor)
    if all(isinstance(c, str) for c in step.actor):          # roles acting together
        return " + ".join(protocol.shared_id(str(r)) for r in step.actor)
    return " / ".join(dict.fromkeys(" + ".join(protocol.shared_id(r) for r in c.roles())
                                    for c in step.actor if not isinstance(c, str)))


def finding_steps(findings: Iterable[Finding]) -> dict[str, list[str]]:
    """Step id -> codes of the findings that point at it (via their witness)."""
    marks: dict[str, list[str]] = {}
    for f in findings:
        witness = f.witness or {}
        step = witness.get("step")
        if step is None and witness.get("path"):
            last = witness["path"][-1]
            step = last.get("step") if isinstance(last, dict) else last
        if step is not None and f.code not in marks.setdefault(step, []):
            marks[step].append(f.code)
    return marks


def build(protocol: Protocol, scenario: Scenario | None = None,
          findings: Iterable[Finding] = ()) -> Diagram:
    """The diagram of a scenario's route graph, or of the whole protocol."""
    marks = finding_steps(findings)
    phases = [(p.id, p.name) for p in sorted(protocol.phases, key=lambda p: p.order)]
    nodes: dict[str, Node] = {}
    edges: dict[tuple[str, str, str], Edge] = {}
    if scenario is not None:
        graphs = [route_adjacency(protocol, scenario)]
        title = f"{protocol.protocol.municipality}: {scenario.label()}"
    else:
        graphs = [route_adjacency(protocol, s) for s in scenario_space(protocol)]
        title = f"{protocol.protocol.municipality}: alle routes"
    labels = {(s.id, o.id): (o.label or o.id.replace("_", " "))
              for s in protocol.steps for o in s.outcomes}
    for graph in graphs:
        entry = graph.graph.get("entry")
        for node_id, data in graph.nodes(data=True):
            view = data["view"]
            if node_id not in nodes:
                step = protocol.step(node_id)
                actor = (protocol.shared_id(view.actor.role) if scenario is not None
                         else _named_actor(protocol, step) if step else view.actor.role)
                nodes[node_id] = Node(node_id, view.title, view.kind.value, view.phase, actor,
                                      view.end, highlighted=marks.get(node_id, []))
            if node_id == entry:
                nodes[node_id].entry = True
        for source, target, key, data in graph.edges(keys=True, data=True):
            label = labels.get((source, data["outcome"]), data["outcome"])
            if data.get("track"):
                label += " (tegelijk)"          # a parallel track the outcome opens
            edges.setdefault((source, target, key), Edge(source, target, label))
    order = {s.id: i for i, s in enumerate(protocol.steps)}
    sorted_nodes = dict(sorted(nodes.items(), key=lambda kv: order.get(kv[0], 0)))
    return Diagram(title, phases, sorted_nodes, list(edges.values()))


# --------------------------------------------------------------------------- Mermaid


def _node(step_id: str) -> str:
    return escape.mermaid_id("s", step_id)


def to_mermaid(diagram: Diagram) -> str:
    """Mermaid flowchart: one subgraph per phase, highlighted steps in red.

    Every id is prefixed (``s_end``, ``p_default``) and every label escaped
    (:mod:`protocolkit.escape`), so no step id or title can be read as Mermaid syntax.
    """
    lines = ["---", f"title: {escape.mermaid_string(diagram.title)}", "---", "flowchart TD"]
    for phase_id, phase_name in diagram.phases:
        members = [n for n in diagram.nodes.values() if n.phase == phase_id]
        if not members:
            continue
        lines.append(f'  subgraph {escape.mermaid_id("p", phase_id)}'
                     f'["{escape.mermaid_label(phase_name)}"]')
        for node in members:
            label = escape.mermaid_label(f"{node.title}\n({node.actor})")
            shape = f'(["{label}"])' if node.end else f'["{label}"]'
            lines.append(f"    {_node(node.id)}{shape}")
        lines.append("  end")
    for edge in diagram.edges:
        lines.append(f'  {_node(edge.source)} -->|"{escape.mermaid_label(edge.label)}"| '
                     f"{_node(edge.target)}")
    lines.append("  classDef finding fill:#fde2e2,stroke:#c00,stroke-width:2px")
    lines.append("  classDef entry stroke:#036,stroke-width:3px")
    for node in diagram.nodes.values():
        if node.highlighted:
            lines.append(f"  class {_node(node.id)} finding")
        elif node.entry:
            lines.append(f"  class {_node(node.id)} entry")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- DOT


_dot_string = escape.dot_string


def to_dot(diagram: Diagram) -> str:
    """Graphviz DOT: phases as clusters (bands), highlighted steps in red."""
    lines = [
        "digraph route {",
        f"  label={_dot_string(diagram.title)}; labelloc=t; fontname=Helvetica;",
        "  rankdir=TB; newrank=true;",
        ('  node [shape=box, style="rounded,filled", fillcolor="#eef3fb", fontname=Helvetica, '
        "fontsize=11];"),
        "  edge [fontname=Helvetica, fontsize=9];",
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
            attrs = [f"label={_dot_string(node.title + chr(10) + '(' + node.actor + ')')}"]
            if node.end:
                attrs.append('shape=oval, fillcolor="#e8f5e9"')
            if node.highlighted:
                attrs.append('fillcolor="#fde2e2", color="#cc0000", penwidth=2')
                attrs.append(f"tooltip={_dot_string(', '.join(node.highlighted))}")
            elif node.entry:
                attrs.append('color="#003366", penwidth=2')
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
    dot = shutil.which("dot")
    if dot is None:
        raise GraphvizMissing(
            "SVG needs Graphviz's 'dot', which is not installed (Debian: apt-get install "
            "graphviz); --format mermaid or --format dot need nothing")
    limit = DOT_TIMEOUT if timeout is None else timeout
    try:
        done = subprocess.run([dot, "-Tsvg"], input=to_dot(diagram), capture_output=True,
                              text=True, timeout=limit, check=False)
    except subprocess.TimeoutExpired:
        raise GraphvizTimeout(
            f"Graphviz's 'dot' did not finish the layout within {limit:g} s (the diagram is "
            "too dense for it); --format mermaid or --format dot give the diagram "
            "without a layout") from None
    if done.returncode != 0:
        raise RuntimeError(f"dot failed: {done.stderr.strip()}")
    svg = done.stdout
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg


def to_svg_without_graphviz(diagram: Diagram) -> str:
    """A plain SVG for reports on machines without Graphviz: one horizontal band per
    phase, steps in file order within it. Less pretty than ``dot``, never missing."""
    if not diagram.nodes:
        return '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>'
    bands = [pid for pid, _ in diagram.phases if any(n.phase == pid for n in diagram.nodes.values())]
    rows = {pid: [n.id for n in diagram.nodes.values() if n.phase == pid] for pid in bands}
    box_w, box_h, gap_x, band_h = 180, 46, 24, 110
    width = max(len(r) for r in rows.values()) * (box_w + gap_x) + 2 * gap_x
    height = len(bands) * band_h + 40
    places: dict[str, tuple[float, float]] = {}
    for band, pid in enumerate(bands):
        for i, node_id in enumerate(rows[pid]):
            places[node_id] = (gap_x + box_w / 2 + i * (box_w + gap_x), 40 + band * band_h + box_h)

    def place(node_id: str) -> tuple[float, float]:
        return places[node_id]

    parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="Helvetica" font-size="11">'),
             ('<defs><marker id="arrow" markerWidth="8" markerHeight="8" refX="8" refY="4" '
             'orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#555"/></marker></defs>')]
    for edge in diagram.edges:
        (x1, y1), (x2, y2) = place(edge.source), place(edge.target)
        parts.append(f'<line x1="{x1:.0f}" y1="{y1:.0f}" x2="{x2:.0f}" y2="{y2:.0f}" '
                     'stroke="#888" marker-end="url(#arrow)"/>')
    for node in diagram.nodes.values():
        x, y = place(node.id)
        fill = "#fde2e2" if node.highlighted else "#e8f5e9" if node.end else "#eef3fb"
        stroke = "#cc0000" if node.highlighted else "#335"
        parts.append(f'<g class="step" data-step="{escape.html_text(node.id)}">'
                     f'<rect x="{x - box_w / 2:.0f}" y="{y - box_h / 2:.0f}" width="{box_w}" '
                     f'height="{box_h}" rx="8" fill="{fill}" stroke="{stroke}"/>'
                     f'<text x="{x:.0f}" y="{y - 4:.0f}" text-anchor="middle">'
                     f'{escape.html_text(node.title[:30])}</text>'
                     f'<text x="{x:.0f}" y="{y + 12:.0f}" text-anchor="middle" fill="#555">'
                     f'({escape.html_text(node.actor)})</text></g>')
    parts.append("</svg>")
    return "".join(parts)
