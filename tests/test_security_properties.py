"""The injection property test (issue 12): hostile strings in every text field of a
generated protocol, every output format checked.

Hypothesis draws a valid protocol (``tests/strategies.py``) and puts hostile strings —
HTML, Markdown, Mermaid directives, DOT keywords, terminal escapes, bidi controls — into
its municipality, title, version, source and section titles, section ids (and so every
citation), role, phase, sanction and principle names and texts, step titles and outcome
labels. The protocol is built through the API (``Protocol.model_validate``), which refuses
control characters as the loader does (they become U+FFFD in the protocol's text; the file
name still carries them).
Then: the HTML report is parsed and no element or attribute the payload could add
survives; the Markdown report and ``diff --format markdown`` rendered with raw HTML on
hold no injected element and no heading of their own; Mermaid passes a grammar check and
DOT parses (and ``dot`` lays it out where Graphviz is installed); terminal output holds
no control or bidi character; SARIF validates against the OASIS schema.
"""

from __future__ import annotations

import copy
import datetime as dt
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from protocolkit.api import route
from protocolkit.cli.route import render_route
from protocolkit.diff import diff_protocols
from protocolkit.format.diagnostics import FileReport, Finding, Location, Severity, ValidationReport
from protocolkit.format.model import CONTROL_CHARACTERS, Protocol
from protocolkit.present import diagram
from protocolkit.present.comparison import render_markdown, render_text
from protocolkit.present.findings import findings_json, findings_sarif, findings_text
from protocolkit.present.report import Report, RouteDiagram, main_scenarios, render_html
from protocolkit.present.report import render_markdown as report_markdown
from protocolkit.semantics import scenario_space
from tests.strategies import examples, protocol_data
from tests.test_security import (
    _dot_check,
    _markdown_to_html,
    _mermaid_check,
    _terminal_clean,
    assert_no_injected_markup,
    assert_valid_sarif,
    html_elements,
    load_with_probe,
)

#: pydot's parser uses pyparsing names that pyparsing 3.3 deprecates.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

#: Hostile pieces per output language; hypothesis combines them with plain text.
PIECES = [
    "<script>document.title='PWNED'</script>", '<img src=x onerror="document.title=1">',
    "<svg/onload=alert(1)>", "</td></tr></table>", "<!--", "]]>", "&amp;", "&#60;",
    "[x](javascript:alert(1))", "![i](https://evil.example/i.png)", "\n# Kop\n", "| a |",
    "`code`", "```", "*", "_", "~~", "\\", "<b>", "\n\n    code",
    "%%{init: {'theme':'dark'}}%%", "%%", "end", "graph", "style", "click", "subgraph",
    "classDef", "-->", "|", '"', "#quot;", "[", "]", "(", ")", "{", "}", ";",
    "node", "edge", "digraph", "strict", "->", "\\N", "\\G", "\\l",
    "\x1b]0;PWNED\x07", "\x1b[31m", "\x1b[2J", "\x9b31m", "\r", "\x00", "\x7f", "\t",
    "\u202e", "\u2066", "\u200b", "\ufeff", "\u2028", "\u2029", "\x85",
    "[link=https://evil.example]", "[/]", "[bold]",
    "x.yaml:1:1: error[dead-end]: vervalst",
]

hostile = st.lists(st.one_of(st.sampled_from(PIECES), st.text(min_size=0, max_size=4)),
                   min_size=1, max_size=5).map("".join)
#: The same in a protocol's own text: the model refuses control characters (issue 12;
#: tests/test_loader.py), so they become U+FFFD there; every other piece stays.
hostile_text = hostile.map(lambda text: CONTROL_CHARACTERS.sub("\ufffd", text))


@st.composite
def hostile_protocols(draw: st.DrawFn) -> Protocol:
    data = copy.deepcopy(draw(protocol_data()))
    meta = data["protocol"]
    for key in ("municipality", "title", "version"):
        meta[key] = draw(hostile_text)
    meta["notes"] = draw(hostile_text)
    for source in meta["sources"]:
        source["title"] = draw(hostile_text)
    # Section ids are free text: every citation changes with them.
    renamed = {s["id"]: f"{s['id']} {draw(hostile_text)}"[:120] for s in data["sections"]}

    def cite(element: dict[str, Any]) -> None:
        if isinstance(element.get("source"), str):
            element["source"] = renamed[element["source"]]

    for section in data["sections"]:
        section["id"] = renamed[section["id"]]
        section["title"] = draw(hostile_text)
    for group in ("roles", "phases", "steps", "entry_routes", "substitutions", "sanctions",
                  "principles"):
        for element in data.get(group, []):
            cite(element)
    for role in data["roles"]:
        role["name"] = draw(hostile_text)
    for phase in data["phases"]:
        phase["name"] = draw(hostile_text)
    for step in data["steps"]:
        step["title"] = draw(hostile_text)
        for outcome in step.get("outcomes", []):
            outcome["label"] = draw(hostile_text)
    for sanction in data["sanctions"]:
        sanction["name"] = draw(hostile_text)
    for principle in data["principles"]:
        principle["name"] = draw(hostile_text)
        principle["text"] = draw(hostile_text)
    return Protocol.model_validate(data)


def _report(protocol: Protocol, other: Protocol, path: str) -> Report:
    """The report a tool would get for these protocols (built through the API)."""
    from protocolkit.analysis import run_checks
    from protocolkit.analysis.matrix import coverage_matrix

    findings = run_checks(protocol)
    report = Report(path, protocol, findings, dt.date(2026, 1, 1))
    report.matrix = coverage_matrix(protocol)
    for scenario in main_scenarios(protocol):
        drawing = diagram.build(protocol, scenario, findings)
        report.diagrams.append(RouteDiagram(scenario, diagram.to_svg_without_graphviz(drawing),
                                            diagram.to_mermaid(drawing)))
    report.against, report.against_name = "ander.yaml", other.protocol.municipality
    report.diff = diff_protocols(protocol, other)
    return report


@settings(max_examples=examples(12), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(hostile_protocols(), hostile_protocols(), hostile)
def test_hostile_text_stays_text_in_every_output(protocol: Protocol, other: Protocol,
                                                 name: str) -> None:
    check_outputs(protocol, other, name)


def check_outputs(protocol: Protocol, other: Protocol, name: str) -> None:
    """Every output of ``protocol`` (compared with ``other``; ``name`` as a file name and
    in a finding) checked for injected markup, commands and control characters. Shared
    with the fuzz job's ``renderers`` target (``fuzz/targets.py``)."""
    path = f"{name}.yaml"
    report = _report(protocol, other, path)

    page = render_html(report)
    assert_no_injected_markup(page, expect_styles=1)
    assert "script-src 'none'" in page
    titles = [t for t, _ in html_elements(page) if t == "title"]
    assert titles == ["title"]

    # The report's diff is diff_protocols(protocol, other) (see _report): computed once.
    diff = report.diff or diff_protocols(protocol, other)
    for markdown in (report_markdown(report), render_markdown(diff)):
        rendered = _markdown_to_html(markdown)
        assert_no_injected_markup(rendered)
        headings = [t for t, _ in html_elements(rendered) if t in ("h1", "h2", "h3", "h4")]
        assert len(headings) == markdown.count("\n#") + markdown.startswith("#")

    drawing = diagram.build(protocol)
    _mermaid_check(diagram.to_mermaid(drawing))
    dot_text = diagram.to_dot(drawing)
    _dot_check(dot_text, drawing)
    if shutil.which("dot"):
        done = subprocess.run(["dot", "-Tsvg"], input=dot_text, capture_output=True, text=True,
                              timeout=60, check=False)
        assert done.returncode == 0, done.stderr
        assert_no_injected_markup(done.stdout)

    scenario = next(iter(scenario_space(protocol)))
    _terminal_clean(render_route(protocol.protocol.municipality, route(protocol, scenario)))
    _terminal_clean(render_text(diff))
    message = f"{protocol.protocol.title} {name}"
    validation = ValidationReport([FileReport(path, [
        Finding("dead-end", Severity.error, message, Location(path, 3, 4), hint=name,
                witness={"scenario": scenario.to_dict(),
                         "path": [{"step": protocol.steps[0].id, "kind": "melding",
                                   "actor": name, "outcome": None}]})])])
    _terminal_clean(findings_text(validation))
    _terminal_clean(findings_json(validation))
    assert_valid_sarif(findings_sarif(validation))


def test_hostile_report_in_chromium_runs_no_script(tmp_path: Path, browser: Any) -> None:
    """One hostile protocol of each payload loaded in headless Chromium with a page-wide
    probe (``tests.test_security.PROBE``): an ``error`` listener, a CSP-violation counter
    and the DOM title."""
    driver = browser
    for piece in PIECES[:12]:
        protocol = Protocol.model_validate(_with_text(piece))
        page = tmp_path / "r.html"
        page.write_text(render_html(_report(protocol, protocol, "r.yaml")), encoding="utf-8")
        load_with_probe(driver, page)


def _with_text(piece: str) -> dict[str, Any]:
    from tests.test_security import hostile_data

    return hostile_data(piece)
