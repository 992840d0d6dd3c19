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
import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from protocolkit.diagnostics import CODES, Finding, Severity
from protocolkit.model import Protocol, citations
from protocolkit.semantics import Scenario, scenario_space
from protocolkit.vocabulary import scenario_text

if TYPE_CHECKING:
    from protocolkit.analysis.matrix import CoverageMatrix
    from protocolkit.diff import ProtocolDiff

SEVERITY_NL = {Severity.error: "fout", Severity.warning: "waarschuwing", Severity.info: "aanvaard"}


@dataclass
class RouteDiagram:
    scenario: Scenario
    svg: str
    mermaid: str


@dataclass
class Report:
    path: str
    protocol: Protocol | None
    findings: list[Finding]
    generated: dt.date
    matrix: CoverageMatrix | None = None
    diagrams: list[RouteDiagram] = field(default_factory=list)
    diff: ProtocolDiff | None = None
    against: str | None = None
    against_name: str | None = None

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


def _svg(drawing: Any) -> str:
    from protocolkit import diagram

    try:
        return diagram.to_svg(drawing)
    except (diagram.GraphvizMissing, RuntimeError, OSError):
        return diagram.to_svg_without_graphviz(drawing)


def build_report(path: str | Path, against: str | Path | None = None,
                 today: dt.date | None = None) -> Report:
    """Everything the page shows, as data (the CLI and tools render it)."""
    from protocolkit import diagram
    from protocolkit.api import check
    from protocolkit.loader import load_protocol

    loaded = load_protocol(path)
    findings = check(loaded)
    report = Report(str(path), loaded.protocol, findings, today or dt.date.today())
    protocol = loaded.protocol
    if protocol is None:
        return report
    from protocolkit.analysis.matrix import coverage_matrix

    report.matrix = coverage_matrix(protocol)
    for scenario in main_scenarios(protocol):
        drawing = diagram.build(protocol, scenario, findings)
        report.diagrams.append(RouteDiagram(scenario, _svg(drawing), diagram.to_mermaid(drawing)))
    if against is not None:
        other = load_protocol(against)
        report.against = str(against)
        if other.protocol is not None:
            from protocolkit.diff import diff_protocols

            report.against_name = other.protocol.protocol.municipality
            report.diff = diff_protocols(protocol, other.protocol)
    return report


# --------------------------------------------------------------------------- pieces


def _title(report: Report) -> str:
    if report.protocol is None:
        return f"Protocol {Path(report.path).name}"
    meta = report.protocol.protocol
    return f"{meta.title} — {meta.municipality}"


def _explained(code: str) -> tuple[str, str]:
    """A code's Dutch title and explanation (from :data:`protocolkit.diagnostics.CODES`)."""
    info = CODES.get(code)
    return (info.title_nl, info.summary_nl) if info else (code, "")


def _step_title(protocol: Protocol | None, step_id: str) -> str:
    step = protocol.step(step_id) if protocol else None
    return step.title if step else step_id


def _witness_steps(report: Report, witness: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    for item in witness.get("path") or []:
        if isinstance(item, dict):
            title = _step_title(report.protocol, str(item.get("step")))
            who = item.get("actor", "?")
            lines.append(f"{title} ({who})")
        else:
            lines.append(_step_title(report.protocol, str(item)))
    return lines


def _scenario_nl(scenario: dict[str, Any] | Scenario) -> str:
    data = scenario.to_dict() if isinstance(scenario, Scenario) else scenario
    return scenario_text(data, prose=True)


def _diff_markdown(report: Report) -> str:
    if report.diff is None:
        return ""
    from protocolkit.diff import render_markdown

    labels = (report.protocol.protocol.municipality if report.protocol else "links",
              report.against_name or Path(report.against or "").stem)
    text = render_markdown(report.diff, labels)
    # Embedded under the report's own heading: every heading one level deeper.
    return "\n".join("#" + line if line.startswith("#") else line for line in text.splitlines())


# --------------------------------------------------------------------------- Markdown


def render_markdown(report: Report) -> str:
    """The report as Markdown (diagrams as Mermaid), for a wiki or an agenda."""
    out: list[str] = [f"# {_title(report)}", ""]
    if report.protocol is not None:
        meta = report.protocol.protocol
        out.append(f"Versie {meta.version}, status **{meta.status}**"
                   + (f", geldig vanaf {meta.valid_from.isoformat()}" if meta.valid_from else "")
                   + f". Rapport van {report.generated.isoformat()}, bestand `{report.path}`.")
        out.append("")
    counts = report.counts()
    out += ["## Samenvatting", "",
            (f"- {counts['error']} fout(en), {counts['warning']} waarschuwing(en), "
            f"{counts['info']} aanvaarde bevinding(en)"),
            f"- {len(report.protocol.open_points) if report.protocol else 0} open punt(en)", ""]
    out += ["## Bevindingen", ""]
    shown = [f for f in report.findings if f.code != "open-point"]
    if not shown:
        out += ["Geen bevindingen.", ""]
    for f in shown:
        title, meaning = _explained(f.code)
        out.append(f"### {title} ({SEVERITY_NL[f.severity]}, regel {f.location.line})")
        out += ["", meaning, "", f"> {f.message}", ""]
        if f.witness:
            if f.witness.get("scenario"):
                out.append(f"Bijvoorbeeld: {_scenario_nl(f.witness['scenario'])}.")
            for i, step in enumerate(_witness_steps(report, f.witness), start=1):
                out.append(f"{i}. {step}")
            out.append("")
    if report.protocol is not None:
        out += ["## Open punten", ""]
        if not report.protocol.open_points:
            out += ["Geen open punten.", ""]
        for point in report.protocol.open_points:
            out += [f"### {point.topic}: {point.question}", "", point.reasoning.strip(), "",
                    f"Bron: {', '.join(citations(point.source))}", ""]
    if report.matrix is not None:
        out += ["## Dekking: wie is aan zet?", "",
                "| situatie | eerste aanspreekpunt | beslist over vervolg | status |",
                "| --- | --- | --- | --- |"]
        for row in report.matrix.rows:
            out.append(f"| {_scenario_nl(row.scenario)} | {', '.join(row.first_contact) or '—'} "
                       f"| {', '.join(row.decides_follow_up) or '—'} | {row.status} |")
        out.append("")
    if report.diagrams:
        out += ["## Routes", ""]
        for d in report.diagrams:
            out += [f"### {_scenario_nl(d.scenario)}", "", "```mermaid", d.mermaid.rstrip(), "```", ""]
    if report.against is not None:
        out += [f"## Vergelijking met {Path(report.against).name}", ""]
        out.append(_diff_markdown(report) or "Het andere protocol kan niet worden gelezen.")
        out.append("")
    return "\n".join(out)


# --------------------------------------------------------------------------- HTML

_CSS = """
body{font-family:Helvetica,Arial,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;
color:#1d1d1b;line-height:1.45}
h1{font-size:1.7em;margin-bottom:.2em}h2{border-bottom:2px solid #036;padding-bottom:.2em;
margin-top:2em}h3{font-size:1.05em;margin-bottom:.3em}
.meta{color:#555}.badge{display:inline-block;padding:.1em .6em;border-radius:1em;font-size:.85em;
font-weight:bold;margin-right:.4em}
.fout{background:#fde2e2;color:#900}.waarschuwing{background:#fff3cd;color:#7a5b00}
.aanvaard{background:#e8f5e9;color:#1b5e20}.open{background:#e3ecfa;color:#036}
.finding{border-left:4px solid #ccc;padding:.3em .8em;margin:1em 0}
.finding.fout{border-color:#c00;background:#fff8f8}
.finding.waarschuwing{border-color:#e0a800;background:#fffdf5}
.finding.aanvaard{border-color:#2e7d32;background:#f7fbf7}
.detail{color:#555;font-size:.9em}table{border-collapse:collapse;width:100%;font-size:.9em}
th,td{border:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f2f5f9}tr.missing td,tr.ambiguous td{background:#fde2e2}
figure{margin:1.5em 0;overflow-x:auto}figure svg{max-width:100%;height:auto}
figcaption{font-weight:bold;margin-bottom:.4em}
"""


def _e(text: Any) -> str:
    return html.escape(str(text))


def render_html(report: Report) -> str:
    """One self-contained HTML page: inline styles and inline SVG diagrams, no scripts."""
    counts = report.counts()
    parts: list[str] = [
        "<!DOCTYPE html>", '<html lang="nl"><head><meta charset="utf-8">',
        f"<title>{_e(_title(report))}</title>", f"<style>{_CSS}</style></head><body>",
        f"<h1>{_e(_title(report))}</h1>",
    ]
    if report.protocol is not None:
        meta = report.protocol.protocol
        valid = f", geldig vanaf {meta.valid_from.isoformat()}" if meta.valid_from else ""
        parts.append(f'<p class="meta">Versie {_e(meta.version)}, status '
                     f"<strong>{_e(meta.status)}</strong>{_e(valid)}. Rapport van "
                     f"{report.generated.isoformat()}, bestand <code>{_e(report.path)}</code>.</p>")
    open_points = len(report.protocol.open_points) if report.protocol else 0
    parts += [
        '<h2 id="samenvatting">Samenvatting</h2><p>',
        f'<span class="badge fout">{counts["error"]} fout(en)</span>',
        f'<span class="badge waarschuwing">{counts["warning"] - open_points} waarschuwing(en)</span>',
        f'<span class="badge open">{open_points} open punt(en)</span>',
        f'<span class="badge aanvaard">{counts["info"]} aanvaard</span></p>',
    ]
    if counts["error"] == 0 and open_points == 0:
        parts.append("<p>Het protocol heeft geen fouten en geen open punten.</p>")
    elif counts["error"] == 0:
        parts.append("<p>Het protocol heeft geen fouten. De open punten moeten nog worden "
                     "beslist voordat de raad het vaststelt.</p>")
    parts.append('<h2 id="bevindingen">Bevindingen</h2>')
    shown = [f for f in report.findings if f.code != "open-point"]
    if not shown:
        parts.append("<p>Geen bevindingen.</p>")
    for f in shown:
        title, meaning = _explained(f.code)
        level = SEVERITY_NL[f.severity]
        parts.append(f'<div class="finding {level}" data-code="{_e(f.code)}">')
        parts.append(f'<h3><span class="badge {level}">{_e(level)}</span>{_e(title)} '
                     f'<span class="detail">regel {_e(f.location.line)}</span></h3>')
        parts.append(f"<p>{_e(meaning)}</p>")
        if f.witness:
            if f.witness.get("scenario"):
                parts.append(f"<p>Bijvoorbeeld: {_e(_scenario_nl(f.witness['scenario']))}:</p>")
            steps = _witness_steps(report, f.witness)
            if steps:
                parts.append("<ol>" + "".join(f"<li>{_e(s)}</li>" for s in steps) + "</ol>")
        parts.append(f'<p class="detail">{_e(f.message)}'
                     + (f" — {_e(f.hint)}" if f.hint else "") + "</p></div>")
    if report.protocol is not None:
        parts.append('<h2 id="open-punten">Open punten</h2>')
        if not report.protocol.open_points:
            parts.append("<p>Geen open punten.</p>")
        for point in report.protocol.open_points:
            source = ", ".join(citations(point.source))
            parts.append(f'<div class="finding waarschuwing" data-open-point="{_e(point.id)}">'
                         f"<h3>{_e(point.topic)}: {_e(point.question)}</h3>"
                         f"<p>{_e(point.reasoning.strip())}</p>"
                         f'<p class="detail">Bron: {_e(source)}</p></div>')
    if report.matrix is not None:
        parts.append('<h2 id="dekking">Dekking: wie is aan zet?</h2>')
        parts.append("<table><thead><tr><th>situatie</th><th>eerste aanspreekpunt</th>"
                     "<th>beslist over vervolg</th><th>status</th></tr></thead><tbody>")
        for row in report.matrix.rows:
            parts.append(f'<tr class="{_e(row.status)}"><td>{_e(_scenario_nl(row.scenario))}</td>'
                         f"<td>{_e(', '.join(row.first_contact) or '—')}</td>"
                         f"<td>{_e(', '.join(row.decides_follow_up) or '—')}</td>"
                         f"<td>{_e(row.status)}</td></tr>")
        parts.append("</tbody></table>")
    if report.diagrams:
        parts.append('<h2 id="routes">Routes</h2>')
        for d in report.diagrams:
            parts.append(f'<figure class="route"><figcaption>{_e(_scenario_nl(d.scenario))}'
                         f"</figcaption>{d.svg}</figure>")
    if report.against is not None:
        parts.append(f'<h2 id="vergelijking">Vergelijking met {_e(Path(report.against).name)}</h2>')
        markdown = _diff_markdown(report)
        if markdown:
            from markdown_it import MarkdownIt

            parts.append(MarkdownIt("commonmark").enable("table").render(markdown))
        else:
            parts.append("<p>Het andere protocol kan niet worden gelezen.</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
