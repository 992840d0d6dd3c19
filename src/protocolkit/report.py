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
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from protocolkit import escape
from protocolkit.diagnostics import Finding, Severity
from protocolkit.model import Protocol, citations
from protocolkit.semantics import Scenario, scenario_space
from protocolkit.vocabulary import scenario_text

if TYPE_CHECKING:
    from protocolkit.analysis.matrix import CoverageMatrix
    from protocolkit.diff import ProtocolDiff

#: Every finding code in plain Dutch: a title and what it means for the municipality.
UITLEG: dict[str, tuple[str, str]] = {
    "file-not-found": ("Bestand niet gevonden", "Het bestand bestaat niet."),
    "file-unreadable": ("Bestand niet leesbaar", "Het bestand bestaat, maar kan niet worden gelezen (rechten, een apparaat, een leesfout)."),
    "file-too-large": ("Bestand te groot", "Het bestand is veel groter dan een protocol kan zijn."),
    "binary-file": ("Geen tekstbestand", "Het bestand is geen UTF-8-tekst (bijvoorbeeld een Word- of PDF-bestand)."),
    "empty-file": ("Leeg bestand", "Het bestand bevat geen protocol."),
    "yaml-syntax": ("Opmaakfout", "De tekst is geen geldige YAML: een haakje, dubbele punt of inspringing klopt niet."),
    "tab-indentation": ("Tab in de inspringing", "YAML kent alleen spaties als inspringing."),
    "duplicate-key": ("Dubbel gegeven", "Hetzelfde veld staat twee keer in één blok; onduidelijk welke geldt."),
    "yaml-tag": ("Niet toegestane code", "Het bestand bevat een YAML-tag; een protocol is data, geen code."),
    "alias-bomb": ("Verwijzingen lopen uit de hand", "Herhalingen via ankers en verwijzingen worden onredelijk groot."),
    "too-deeply-nested": ("Te diep genest", "Het bestand is dieper genest dan een protocol ooit nodig heeft."),
    "multiple-documents": ("Meerdere documenten", "Het bestand bevat meer dan één protocol."),
    "root-not-mapping": ("Geen protocol", "Het bestand begint niet met de velden van een protocol."),
    "non-string-key": ("Ongeldige veldnaam", "Een veldnaam is geen gewoon woord."),
    "merge-key": ("Samenvoegsleutel niet toegestaan", "Het bestand gebruikt een YAML-samenvoegsleutel (<<); schrijf de velden voluit, zodat iedereen elke waarde ziet."),
    "hidden-character": ("Onzichtbaar teken", "Het bestand bevat een teken dat een lezer niet ziet: een regeleinde dat alleen YAML ziet, een teken dat de leesrichting omdraait, een teken zonder breedte of een stuurteken. Wat de computer leest is dan niet wat de stuurgroep leest."),
    "unknown-field": ("Onbekend veld", "Een veld dat het formaat niet kent, vaak een tikfout."),
    "missing-field": ("Ontbrekend veld", "Een verplicht veld ontbreekt."),
    "invalid-value": ("Ongeldige waarde", "Een waarde heeft de verkeerde vorm of is niet toegestaan."),
    "duplicate-id": ("Dubbele naam", "Twee onderdelen van dezelfde soort hebben dezelfde id."),
    "unknown-role": ("Onbekende rol", "Er wordt verwezen naar een rol die het protocol niet kent."),
    "unknown-step": ("Onbekende stap", "Er wordt verwezen naar een stap die niet bestaat."),
    "unknown-phase": ("Onbekende fase", "Een stap staat in een fase die niet bestaat."),
    "unknown-sanction": ("Onbekende sanctie", "Een stap biedt een sanctie die het protocol niet kent."),
    "unknown-fact": ("Onbekend feit", "Een voorwaarde noemt een feit van de zaak dat het protocol niet declareert."),
    "unknown-section": ("Onbekende bronverwijzing", "Een verwijzing naar een artikel of paragraaf die niet is vastgelegd."),
    "unknown-document": ("Onbekend brondocument", "Een paragraaf verwijst naar een document dat niet is opgenomen."),
    "unknown-attribute": ("Onbekend kenmerk", "Een voorwaarde gebruikt een kenmerk van de casus dat niet bestaat."),
    "unknown-value": ("Onmogelijke voorwaarde", "Een voorwaarde noemt een waarde die nooit voorkomt; zij geldt dus nooit."),
    "look-alike-id": ("Bijna gelijke naam", "Een artikelnummer is gespeld met letters uit een ander schrift die op gewone letters lijken; een verwijzing ernaar lijkt naar het echte artikel te wijzen."),
    "uncited-section": ("Tekstdeel niet verwerkt", "Geen onderdeel van het protocolbestand verwijst naar dit deel van de tekst."),
    "substitution-cycle": ("Vervanging in een kringetje", "Rollen vervangen elkaar in een kring, zodat niemand overblijft om te handelen."),
    "open-point": ("Open punt", "Een punt dat de stuurgroep nog moet beslissen voordat de raad het protocol vaststelt."),
    "unknown-open-point": ("Onbekend open punt", "Een onderdeel is gemarkeerd als 'nog open' onder een open punt dat het bestand niet kent."),
    "unknown-element": ("Onbekend onderdeel", "Een open punt of een notitie over twee lezingen noemt een onderdeel dat het bestand niet kent."),
    "open-point-governs-nothing": ("Open punt zonder gevolg", "Een open punt waarbij geen enkel onderdeel als 'nog open' is gemarkeerd: geen antwoord laat zien dat het nog open is."),
    "empty-scenario-space": ("Geen situaties", "Het protocol beschrijft geen enkele situatie."),
    "scenario-space-too-large": ("Te veel situaties", "Het protocol beschrijft zoveel combinaties van situaties dat ze niet allemaal te controleren zijn."),
    "missing-route": ("Geen route", "Voor deze situatie zegt het protocol niet waar iemand moet beginnen."),
    "ambiguous-route": ("Twee routes", "Voor deze situatie wijst het protocol twee verschillende routes aan."),
    "no-actor": ("Niemand aan zet", "In deze stap is voor sommige situaties niemand aangewezen."),
    "dead-end": ("Doodlopende stap", "Na deze stap zegt het protocol niet hoe het verder gaat, terwijl de zaak niet is afgerond."),
    "no-termination": ("Geen einde", "Vanaf deze stappen kan een zaak nooit worden afgerond."),
    "unreachable-step": ("Stap wordt nooit bereikt", "Geen enkele situatie leidt naar deze stap."),
    "conflict-of-interest": ("Belangenverstrengeling", "Iemand beslist, adviseert, onderzoekt of oordeelt over een zaak over zichzelf, over iemand van wie hij afhankelijk is, of over een orgaan waarvan hij deel uitmaakt."),
    "forbidden-role-action": ("Rol buiten haar boekje", "Een rol doet iets wat het protocol haar uitdrukkelijk verbiedt (een stuurgroep die onderzoekt of oordeelt)."),
    "no-hearing-before-sanction": ("Sanctie zonder hoor en wederhoor", "Een zaak kan tot een sanctie leiden zonder dat de betrokkene is gehoord of zelf heeft erkend."),
    "investigation-without-preliminary": ("Onderzoek zonder vooronderzoek", "Een zaak kan in een integriteitsonderzoek komen zonder vooronderzoek (eerste screening)."),
    "sanction-not-applicable": ("Sanctie niet van toepassing", "Een sanctie wordt aangeboden voor iemand op wie zij niet van toepassing is, of opgelegd door wie daartoe niet bevoegd is."),
    "publicity-before-judgment": ("Te vroeg naar buiten", "De pers of het publiek wordt geïnformeerd vóór het moment dat het protocol zelf noemt."),
    "disclosure-before-allowed": ("Te vroeg of te breed gedeeld", "Een stap vertelt een rol iets over een zaak (dat zij bestaat, over wie zij gaat, wie meldde) vóór of buiten wat het protocol zelf toestaat."),
    "incomplete-coverage": ("Onderdeel ontbreekt", "De handreiking voor burgemeesters vraagt dat een protocol melding, onderzoek, aangifte, registratie en nazorg regelt; dit onderdeel ontbreekt."),
    "unmatched-acknowledgement": ("Aanvaarding zonder bevinding", "Het protocol aanvaardt een bevinding die niet (meer) voorkomt."),
    "scenario-not-covered": ("Situatie niet gedekt", "Het protocol sluit deze situatie uit, ze kan niet voorkomen, of geen route dekt haar; de melding zegt waar de tekst haar heen stuurt."),
    "event-refused": ("Stap niet toegestaan", "Deze gebeurtenis past niet bij waar de zaak staat."),
    "invalid-case-input": ("Ongeldige invoer voor de zaak", "Een kenmerk of feit van de zaak dat het protocol niet kent, een waarde buiten het domein, of een verplicht kenmerk dat ontbreekt."),
}

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
    #: What the page could not do as usual (a Graphviz timeout), shown at its top.
    notices: list[str] = field(default_factory=list)

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


def _svg(drawing: Any, report: Report) -> str:
    """Graphviz's SVG, or the plain one; after a Graphviz timeout the rest of the page's
    diagrams are drawn plainly at once (with a notice), so the report stays bounded."""
    from protocolkit import diagram

    if report.notices:
        return diagram.to_svg_without_graphviz(drawing)
    try:
        return diagram.to_svg(drawing)
    except diagram.GraphvizTimeout as error:
        report.notices.append(f"Routes zonder Graphviz-opmaak: {error}")
    except (diagram.GraphvizMissing, RuntimeError, OSError):
        pass
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
        report.diagrams.append(RouteDiagram(scenario, _svg(drawing, report),
                                            diagram.to_mermaid(drawing)))
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


def _step_title(protocol: Protocol | None, step_id: str) -> str:
    step = protocol.step(step_id) if protocol else None
    return step.title if step else step_id


def _witness_steps(report: Report, witness: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    for item in witness.get("path") or []:
        if isinstance(item, dict) and item.get("steps_before"):
            lines.append(f"… {item['steps_before']} eerdere stappen …")
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
    # User text in it is escaped (lines of its own never start with "#"). Embedded under the report's own heading: every heading one level deeper.
    return "\n".join("#" + line if line.startswith("#") else line for line in text.splitlines())


# --------------------------------------------------------------------------- Markdown


def _notes(protocol: Protocol) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """The ambiguity notes (both readings, the one chosen and why) and the silences
    that end, as (heading, [(title, text, source)]) for the report."""
    sections: list[tuple[str, list[tuple[str, str, str]]]] = []
    if protocol.ambiguities:
        items = []
        for note in protocol.ambiguities:
            readings = "; ".join(
                ("gekozen: " if r.id == note.chosen else "andere lezing: ")
                + r.text.strip().rstrip(".")
                for r in note.readings)
            items.append((note.question, f"{readings}. Waarom: {note.reason.strip()}",
                          ", ".join(citations(note.source))))
        sections.append(("Keuzes tussen lezingen", items))
    if protocol.silences:
        items = []
        for silence in protocol.silences:
            since = f"vanaf stap {silence.from_}" if silence.from_ else "vanaf het begin"
            until = f"tot na {silence.until}" if silence.until else "zonder einde in de tekst"
            items.append((f"Zwijgplicht tegenover {silence.audience}",
                          f"{', '.join(silence.roles)}: {since}, {until}.",
                          ", ".join(citations(silence.source))))
        sections.append(("Wie zwijgt, tot wanneer", items))
    return sections


def render_markdown(report: Report) -> str:
    """The report as Markdown (diagrams as Mermaid), for a wiki or an agenda."""
    md = escape.markdown_inline
    out: list[str] = [f"# {md(_title(report))}", ""]
    if report.protocol is not None:
        meta = report.protocol.protocol
        out.append(f"Versie {md(meta.version)}, status **{md(meta.status)}**"
                   + (f", geldig vanaf {meta.valid_from.isoformat()}" if meta.valid_from else "")
                   + f". Rapport van {report.generated.isoformat()}, bestand "
                   f"{escape.markdown_code(report.path)}.")
        out.append("")
    for notice in report.notices:
        out += [f"> **Let op:** {md(notice)}", ""]
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
        title, meaning = UITLEG.get(f.code, (f.code, ""))
        out.append(f"### {md(title)} ({SEVERITY_NL[f.severity]}, regel {f.location.line})")
        out += ["", md(meaning), "", f"> {md(f.message)}", ""]
        if f.witness:
            if f.witness.get("scenario"):
                out.append(f"Bijvoorbeeld: {md(_scenario_nl(f.witness['scenario']))}.")
            for i, step in enumerate(_witness_steps(report, f.witness), start=1):
                out.append(f"{i}. {md(step)}")
            out.append("")
    if report.protocol is not None:
        out += ["## Open punten", ""]
        if not report.protocol.open_points:
            out += ["Geen open punten.", ""]
        for point in report.protocol.open_points:
            out += [f"### {md(point.topic)}: {md(point.question)}", "",
                    escape.markdown_paragraphs(point.reasoning), "",
                    f"Bron: {md(', '.join(citations(point.source)))}", ""]
    if report.protocol is not None:
        for heading, items in _notes(report.protocol):
            out += [f"## {md(heading)}", ""]
            for title, text, source in items:
                out += [f"### {md(title)}", "", md(text), "", f"Bron: {md(source)}", ""]
    if report.matrix is not None:
        out += ["## Dekking: wie is aan zet?", "",
                "| situatie | eerste aanspreekpunt | beslist over vervolg | status |",
                "| --- | --- | --- | --- |"]
        for row in report.matrix.rows:
            out.append(f"| {md(_scenario_nl(row.scenario))} "
                       f"| {md(', '.join(row.first_contact) or '—')} "
                       f"| {md(', '.join(row.decides_follow_up) or '—')} | {md(row.status)} |")
        out.append("")
    if report.diagrams:
        out += ["## Routes", ""]
        for d in report.diagrams:
            out += [f"### {md(_scenario_nl(d.scenario))}", "",
                    escape.markdown_fence(d.mermaid, "mermaid"), ""]
    if report.against is not None:
        out += [f"## Vergelijking met {md(Path(report.against).name)}", ""]
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
.notice{border:1px solid #e0a800;background:#fffdf5;padding:.4em .8em}
"""


def _e(text: Any) -> str:
    return escape.html_text(text)


def render_html(report: Report) -> str:
    """One self-contained HTML page: inline styles and inline SVG diagrams, no scripts."""
    counts = report.counts()
    parts: list[str] = [
        "<!DOCTYPE html>", '<html lang="nl"><head><meta charset="utf-8">', escape.csp_meta(),
        f"<title>{_e(_title(report))}</title>", f"<style>{_CSS}</style></head><body>",
        f"<h1>{_e(_title(report))}</h1>",
    ]
    if report.protocol is not None:
        meta = report.protocol.protocol
        valid = f", geldig vanaf {meta.valid_from.isoformat()}" if meta.valid_from else ""
        parts.append(f'<p class="meta">Versie {_e(meta.version)}, status '
                     f"<strong>{_e(meta.status)}</strong>{_e(valid)}. Rapport van "
                     f"{report.generated.isoformat()}, bestand <code>{_e(report.path)}</code>.</p>")
    parts += [f'<p class="notice">{_e(notice)}</p>' for notice in report.notices]
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
        title, meaning = UITLEG.get(f.code, (f.code, ""))
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
    if report.protocol is not None:
        for heading, items in _notes(report.protocol):
            parts.append(f"<h2>{_e(heading)}</h2>")
            for title, text, source in items:
                parts.append(f'<div class="finding info"><h3>{_e(title)}</h3><p>{_e(text)}</p>'
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

            # Raw HTML off: the Markdown's user text is escaped already, and no HTML
            # in it may ever reach the page.
            parts.append(MarkdownIt("commonmark", {"html": False}).enable("table")
                         .render(markdown))
        else:
            parts.append("<p>Het andere protocol kan niet worden gelezen.</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
