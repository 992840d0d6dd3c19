"""The stuurgroep's report: built as data, rendered, and read in a real headless browser."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from protocolkit.cli import main
from protocolkit.present.report import build_report, main_scenarios, render_html, render_markdown
from protocolkit.semantics import scenario_space
from tests.helpers import require_tool, start_browser

ROOT = Path(__file__).resolve().parents[1]
DRAFT = ROOT / "protocols" / "aalsmeer_draft.yaml"
ARNHEM = ROOT / "protocols" / "arnhem.yaml"


def test_report_data_for_the_draft() -> None:
    report = build_report(DRAFT, against=ARNHEM)
    assert report.protocol is not None
    assert report.counts()["error"] == 0
    assert len(report.protocol.open_points) == 18
    # One diagram per subject the draft covers (raadslid, wethouder, burgemeester).
    assert [d.scenario.subject for d in report.diagrams] == ["raadslid", "wethouder", "burgemeester"]
    assert all(d.scenario.act == "uitgevoerd" and not d.scenario.own for d in report.diagrams)
    assert report.diff is not None and not report.diff.same


def test_main_scenarios_prefer_performed_acts_by_others() -> None:
    from protocolkit.format.loader import load_protocol

    protocol = load_protocol(ROOT / "protocols" / "oostzaan.yaml").protocol
    chosen = main_scenarios(protocol)
    assert len(chosen) == len(set(protocol.scenarios.subjects) & {s.subject for s in chosen})
    for scenario in chosen:
        assert scenario.act == "uitgevoerd" and not scenario.own
        assert dict(scenario.attributes) == {k: v[0] for k, v in protocol.scenarios.attributes.items()}


def test_markdown_report_has_every_section() -> None:
    text = render_markdown(build_report(DRAFT, against=ARNHEM))
    for heading in ("## Samenvatting", "## Bevindingen", "## Open punten",
                    "## Dekking: wie is aan zet?", "## Routes",
                    ("## Vergelijking van Aalsmeer (versie 0.1-concept, aalsmeer_draft.yaml) en "
                    "Arnhem (versie ")):
        assert heading in text
    assert text.count("```mermaid") == 3


def test_report_of_a_broken_protocol_lists_its_errors(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(DRAFT.read_text(encoding="utf-8").replace("status: concept", "status: klad"))
    page = render_html(build_report(broken))
    assert "Ongeldige waarde" in page
    assert 'id="routes"' not in page


def test_cli_writes_html_and_markdown(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    html_path, md_path = tmp_path / "r.html", tmp_path / "r.md"
    assert main(["report", str(DRAFT), "-o", str(html_path)]) == 0
    assert main(["report", str(DRAFT), "--against", str(ARNHEM), "-o", str(md_path)]) == 0
    assert html_path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert md_path.read_text(encoding="utf-8").startswith("# ")
    assert "0 fouten, " in capsys.readouterr().out
    assert main(["report", "nope.yaml", "-o", str(html_path)]) == 2


@pytest.mark.parametrize(("argv", "said"), [
    (["-o", "rapport.pdf"], ("een rapport is HTML (.html) of Markdown (.md), geen .pdf; "
                             "geef -o BESTAND.html")),
    (["-o", "rapport.md", "--format", "html"], ("rapport.md eindigt op .md, maar --format "
                                                "html schrijft .html-bestanden"))])
def test_an_extension_the_format_does_not_write_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], argv: list[str], said: str) -> None:
    """HTML written into rapport.pdf (exit 0) would open as a broken PDF: exit 2, with
    the file names that fit, and nothing written."""
    monkeypatch.chdir(tmp_path)
    assert main(["report", "--lang", "nl", str(DRAFT), *argv]) == 2
    assert said in capsys.readouterr().err
    assert not list(tmp_path.iterdir())
    assert main(["report", "--lang", "nl", str(DRAFT), "-o", "rapport",
                 "--format", "markdown"]) == 0
    assert (tmp_path / "rapport").read_text(encoding="utf-8").startswith("# ")


def _browser() -> tuple[object, str]:
    """A fresh headless Chromium: ``(driver, profile folder)`` (see ``tests.helpers``)."""
    return start_browser()


CHECKS = ROOT / "tests" / "data" / "checks"
SHIPPED = sorted((ROOT / "protocols").glob("*.yaml"))


def test_every_finding_is_a_dutch_sentence_with_step_scenarios_and_section() -> None:
    report = build_report(CHECKS / "conflict.yaml")
    page = render_html(report)
    (finding,) = [f for f in report.findings if f.code == "conflict-of-interest"]
    sentence = page.split('<p class="sentence">', 1)[1].split("</p>", 1)[0]
    # Who does what in which step, in Dutch, and for which scenarios, with the section.
    # The phase by its name, the step once, by its title (its id in small print).
    assert sentence.startswith("Fase ‘Onderzoeken’ — in stap &#x27;Vooronderzoek door de "
                               "burgemeester&#x27;: ")
    assert sentence.count("stap") == 1 and "fase onderzoeken" not in sentence
    assert "regel 71, stap vooronderzoek" in page
    assert "gemeentesecretaris adviseert over een zaak over burgemeester" in sentence
    assert "legt verantwoording af aan" in sentence and "accountable_to" not in sentence
    # Few situations: each named, not one as an example.
    # The situations name the roles as the protocol does (names, not ids).
    assert "Dit geldt voor 2 situaties: Raadslid over een uitgevoerde handeling van " \
        "Burgemeester; Burger over een uitgevoerde handeling van Burgemeester." in page
    assert "Bron: " in page.split('data-code="conflict-of-interest"', 1)[1]
    # What to do, in words: no YAML.
    assert "Wat te doen: voeg een vervanging toe voor deze situaties: in een zaak over de " \
        "burgemeester neemt een onafhankelijke rol de plaats in van de gemeentesecretaris" in page
    assert "when:" not in page and "replaces:" not in page
    assert finding.message not in page  # the English message is not what a raad reads


def test_what_a_check_looks_for_is_said_once_and_many_situations_by_group() -> None:
    report = build_report(ROOT / "protocols" / "oostzaan.yaml")
    meaning = "Iemand beslist, adviseert, onderzoekt of oordeelt over een zaak over zichzelf"
    for page in (render_html(report), render_markdown(report)):
        assert page.count(meaning) == 1
        findings = page.split("Bevindingen", 1)[1]
        # before the first conflict finding (located by its line in the file)
        first = re.search(r"regel \d+", findings.split(meaning, 1)[1])
        assert first is not None and not re.search(r"regel \d+", findings.split(meaning, 1)[0])
    page = html.unescape(render_html(report))
    assert "Dit geldt voor 16 situaties: elk scenario over eigen handelen van Burgemeester." \
        in page
    assert "bijvoorbeeld" not in page.split('id="bevindingen"', 1)[1].split('id="open-punten"')[0]


def test_a_guard_in_the_report_reads_as_words() -> None:
    """Arnhem Fase 1, 1.6: a handoff whose deciders depend on the scenario."""
    page = html.unescape(render_html(build_report(ARNHEM)))
    assert "gemeentesecretaris (als de handeling uitgevoerd is); anders niet toegewezen" in page
    assert "gemeentesecretaris (als de melder burgemeester is); anders burgemeester" in page
    assert "(als act " not in page and "(als reporter " not in page


def test_a_findings_citation_opens_onto_the_text_of_its_sections() -> None:
    """Oostzaan art. 3.3 lid 3 (read in the source): "Als de burgemeester na de eerste
    screening concludeert dat een feitenonderzoek nodig is, adviseert de
    integriteitscommissie over een concept-onderzoeksopdracht." The finding on the step
    that encodes it cites the article; the citation opens onto the article's words,
    collapsed (no taller page), and print shows the citation alone."""
    page = render_html(build_report(ROOT / "protocols" / "oostzaan.yaml"))
    finding = page.split('data-step="concept_onderzoeksopdracht"', 1)[1].split(
        "</section>", 1)[0]
    cited = finding.split('<details class="bron"><summary>', 1)[1]
    assert cited.startswith("Bron: art. 3.3 lid 3.</summary>")
    quoted = cited.split('<blockquote><p class="detail">art. 3.3 lid 3: ', 1)[1].split(
        "</blockquote>")[0]
    assert "adviseert de integriteitscommissie over een concept-onderzoeksopdracht." in quoted
    assert "details.bron>blockquote{display:none}" in page.split("@media print", 1)[1]


def test_a_citation_without_a_text_stays_one_line() -> None:
    page = render_html(build_report(CHECKS / "conflict.yaml"))
    assert '<details class="bron">' not in page and "<p>Bron: " in page


def test_coverage_status_reflects_the_findings_of_each_row() -> None:
    report = build_report(CHECKS / "conflict.yaml")
    statuses = {g.text: (g.status, g.codes) for g in report.coverage}
    assert statuses["elk scenario over Burgemeester"] == ("fout", ["conflict-of-interest"])
    assert statuses["elk scenario over Raadslid"] == ("ok", [])
    page = render_html(report)
    assert 'data-status="fout"' in page


def test_a_coverage_row_sent_outside_the_protocol_says_where_to() -> None:
    """Oostzaan art. 2.1 lid 2: a melding by an ambtenaar goes to the ambtelijke
    meldregeling, not this protocol; its row says so, with the section, not "ok"."""
    report = build_report(ROOT / "protocols" / "oostzaan.yaml")
    reporter = "Medewerker van de ambtelijke organisatie (OVER-gemeenten)"   # by its name
    (group,) = [g for g in report.coverage if g.text == f"elk scenario gemeld door {reporter}"]
    assert group.status == "buiten protocol"
    row = render_markdown(report).split(f"| elk scenario gemeld door {reporter} |", 1)[1]
    assert row.split("\n", 1)[0].endswith(
        "| buiten het protocol: naar Ambtelijke meldingsregelingen en -kanalen "
        "(medewerkers van de OVER-gemeenten) (art. 2.1 lid 2) |")


def test_a_coverage_row_with_open_answers_says_still_open() -> None:
    report = build_report(DRAFT)
    assert {g.status for g in report.coverage} == {"nog open"}
    page = html.unescape(render_html(report).split('id="dekking"', 1)[1])
    assert "<td>nog open - voorstel (ontleend aan Arnhem): Griffier</td>" in page
    assert "ontleend aan Arnhem): cvdk" not in page      # the role by its name
    assert '<td class="status">nog open (herkomst van de routes' in page
    assert 'data-status="ok"' not in page


def test_a_coverage_status_names_the_finding_in_the_pages_language() -> None:
    report = build_report(ROOT / "protocols" / "oostzaan.yaml")
    page = render_html(report).split('id="dekking"', 1)[1].split("</table>", 1)[0]
    assert ('<td class="status" title="conflict-of-interest">aanvaard '
            "(Belangenverstrengeling)</td>") in page
    assert "(conflict-of-interest)" not in page


def test_a_diagram_marks_only_its_own_scenarios_findings() -> None:
    report = build_report(CHECKS / "conflict.yaml")
    marks = {d.scenario.subject: d.marked for d in report.diagrams}
    assert marks == {"raadslid": [], "burgemeester": ["conflict-of-interest"]}
    assert all(d.accepted == [] for d in report.diagrams)


def test_a_route_says_which_of_its_marks_the_protocol_accepts() -> None:
    report = build_report(ARNHEM)
    burgemeester = next(d for d in report.diagrams if d.scenario.subject == "burgemeester")
    # The protocol file acknowledges the conflicts in a case about the burgemeester (the
    # gemeentesecretaris, who depends on him, advises or takes part: Fase 1, 2.4 and 3.1).
    assert burgemeester.marked == burgemeester.accepted == ["conflict-of-interest"]
    assert "Gemarkeerd: Belangenverstrengeling (aanvaard)." in render_html(report)


@pytest.mark.parametrize("scenario, marked", [
    ("raadslid:raadslid:uitgevoerd", False),
    ("raadslid:burgemeester:uitgevoerd", True),
])
def test_graph_of_a_scenario_marks_only_its_findings(
        scenario: str, marked: bool, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", str(CHECKS / "conflict.yaml"), "--scenario", scenario,
                 "--format", "mermaid"]) == 0
    out = capsys.readouterr().out
    assert ("  class s_vooronderzoek finding" in out) is marked
    assert out.count(" finding\n") == (1 if marked else 0)


def test_graph_of_shipped_protocols_does_not_mark_other_scenarios(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", str(ROOT / "protocols" / "oostzaan.yaml"), "--scenario",
                 "raadslid:raadslid:uitgevoerd", "--attr", "aanleiding=vermoeden",
                 "--attr", "betrokken_functionaris=geen", "--format", "mermaid"]) == 0
    out = capsys.readouterr().out
    # Oostzaan's findings (acknowledged) are all about the burgemeester as subject: none
    # is marked in a raadslid's graph, though the same steps are in it.
    assert "s_concept_onderzoeksopdracht" in out
    assert " finding\n" not in out.replace("classDef finding", "")
    assert " accepted\n" not in out.replace("classDef accepted", "")
    assert main(["graph", str(ROOT / "protocols" / "oostzaan.yaml"), "--scenario",
                 "raadslid:burgemeester:uitgevoerd", "--attr", "aanleiding=vermoeden",
                 "--attr", "betrokken_functionaris=geen", "--format", "mermaid"]) == 0
    assert "class s_concept_onderzoeksopdracht accepted" in capsys.readouterr().out


def test_comparing_two_versions_names_version_and_file(tmp_path: Path) -> None:
    newer = tmp_path / "aalsmeer_v2.yaml"
    newer.write_text(DRAFT.read_text(encoding="utf-8").replace(
        'version: "0.1-concept"', 'version: "0.2-concept"'), encoding="utf-8")
    report = build_report(DRAFT, against=newer)
    page = render_html(report)
    assert ("Vergelijking van Aalsmeer (versie 0.1-concept, aalsmeer_draft.yaml) en Aalsmeer "
            "(versie 0.2-concept, aalsmeer_v2.yaml)") in page
    assert "van Aalsmeer en Aalsmeer" not in page


def test_a_copy_compared_with_its_original_heads_each_column_by_its_file(
        tmp_path: Path) -> None:
    copy = tmp_path / "mijn_concept.yaml"
    copy.write_text(DRAFT.read_text(encoding="utf-8").replace(
        "role: griffier,", "role: gemeentesecretaris,", 1), encoding="utf-8")
    page = render_html(build_report(copy, against=DRAFT))
    heads = re.findall(r'<th scope="col">([^<]*)</th>', page.split('id="vergelijking"', 1)[1])
    assert "Aalsmeer (versie 0.1-concept, mijn_concept.yaml)" in heads
    assert "Aalsmeer (versie 0.1-concept, aalsmeer_draft.yaml)" in heads
    assert "Aalsmeer 0.1-concept" not in heads


@pytest.mark.parametrize("lang, proposal", [
    ("nl", "nog open - voorstel (ontleend aan Arnhem): burgemeester"),
    ("en", "still open - proposal (taken from Arnhem): burgemeester")])
def test_a_proposed_answer_in_the_comparison_reads_as_the_markdown_says_it(
        lang: str, proposal: str) -> None:
    """The proposal in the same words in both; the page's summary names the role as the
    protocol does ("Burgemeester", as ``diff --summary``), the Markdown's full diff by
    its id (as ``diff --format markdown``)."""
    report = build_report(DRAFT, against=ARNHEM, lang=lang)
    table = html.unescape(render_html(report).split('id="vergelijking"', 1)[1])
    assert "<td>" + proposal.replace(": burgemeester", ": Burgemeester") + "<br>" in table
    assert proposal in render_markdown(report)
    assert "'proposal'" not in table


def test_the_badges_count_as_validate_does() -> None:
    page = render_html(build_report(DRAFT))
    assert "18 waarschuwingen" in page and "waarvan 18 open punten" in page


def test_without_graphviz_the_page_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    from protocolkit.present import diagram

    which = shutil.which
    monkeypatch.setattr(diagram.shutil, "which",
                        lambda name: None if name == "dot" else which(name))
    page = render_html(build_report(DRAFT))
    assert 'class="notice"' in page and "Graphviz" in page
    # The simple drawing keeps whole titles (wrapped, not cut) and has arrowheads.
    routes = page.split('id="routes"', 1)[1]
    # Phase by phase as with Graphviz: every route in at least three drawings.
    assert routes.count('<figure class="phase"') >= 3 * routes.count('<figure class="route"')
    assert "naar Fase 2" in routes
    # Each drawing's arrowhead is its own (ids prefixed per route and phase).
    assert 'marker-end="url(#r1p1-arrow)"' in routes and 'id="r1p1-arrow"' in routes
    assert 'url(#arrow)' not in routes
    protocol = build_report(DRAFT).protocol
    assert protocol is not None
    drawn_ids = set(re.findall(r'data-step="([^"]+)"', routes))
    longest = max((protocol.step(i).title for i in drawn_ids), key=len)  # type: ignore[union-attr]
    assert len(longest) > 40
    drawn = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", routes))
    assert all(html.escape(word) in drawn for word in longest.split())


class _Ids:
    """Every ``id`` of an HTML page, and every ``url(#…)`` and ``href="#…"`` it refers
    to, as the HTML parser reads them (inline SVG included)."""

    def __init__(self, page: str) -> None:
        from html.parser import HTMLParser

        self.ids: list[str] = []
        self.references: list[str] = []
        ids, references = self.ids, self.references

        class Parser(HTMLParser):
            def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
                for name, value in attrs:
                    if name == "id" and value is not None:
                        ids.append(value)
                    elif value is not None:
                        references.extend(re.findall(r"url\(#([^)]+)\)", value))
                        if name.endswith("href") and value.startswith("#"):
                            references.append(value[1:])

        Parser().feed(page)


@pytest.mark.parametrize("graphviz", [True, False], ids=["graphviz", "plain"])
def test_every_id_of_the_page_is_unique(graphviz: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """Several drawings on one page: each keeps ids of its own (Graphviz calls every
    drawing's group 'graph0' and the plain layout every arrowhead 'arrow'), and every
    arrow points at an arrowhead of its own drawing."""
    from protocolkit.present import diagram

    if graphviz:
        require_tool("dot", why="Debian: apt-get install graphviz")
    else:
        which = shutil.which
        monkeypatch.setattr(diagram.shutil, "which",
                            lambda name: None if name == "dot" else which(name))
    page = render_html(build_report(ARNHEM, against=ROOT / "protocols" / "oostzaan.yaml"))
    found = _Ids(page)
    assert page.count("<svg ") >= 7 and len(found.ids) > page.count("<svg ")
    repeated = sorted({i for i in found.ids if found.ids.count(i) > 1})
    assert repeated == []
    assert set(found.references) <= set(found.ids)
    if not graphviz:  # the plain layout's arrows: each to the arrowhead in its own drawing
        for svg in re.findall(r"<svg .*?</svg>", page, flags=re.DOTALL):
            own = set(re.findall(r'<marker id="([^"]+)"', svg))
            assert own and set(re.findall(r"url\(#([^)]+)\)", svg)) == own


def test_with_graphviz_there_is_no_notice() -> None:
    require_tool("dot", why="Debian: apt-get install graphviz")
    page = render_html(build_report(DRAFT))
    assert 'class="notice"' not in page


def _contrast(foreground: str, background: str) -> float:
    def luminance(color: str) -> float:
        channels = [int(color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_text_colours_have_enough_contrast() -> None:
    import re

    from protocolkit.present.report import _CSS

    pairs = re.findall(r"background:(#[0-9a-f]{6});color:(#[0-9a-f]{6})", _CSS)
    assert len(pairs) >= 6
    for background, foreground in pairs:
        assert _contrast(foreground, background) >= 4.5, (foreground, background)
    assert _contrast("#444444", "#ffffff") >= 4.5  # .detail, .meta


def test_the_page_prints_on_a4_and_is_accessible() -> None:
    page = render_html(build_report(DRAFT, against=ARNHEM))
    assert "@page{size:A4" in page and "@media print" in page
    assert page.count("<h1>") == 1 and '<html lang="nl">' in page
    svgs = page.count("<svg ")
    # Every drawing (one per phase of each route) says what it shows to a screen reader.
    assert svgs >= 3 and page.count('role="img" aria-label="Route: ') == svgs
    assert 'scope="col"' in page


def _every_route_open(driver: Any, page: Path, height: int) -> list[Any]:
    """The page at 1280 px with every folded route opened: the drawings (one a phase)."""
    from selenium.webdriver.common.by import By

    driver.set_window_size(1280, height)
    driver.get(page.as_uri())
    driver.execute_script("document.querySelectorAll('details.route').forEach(d => d.open = true)")
    return list(driver.find_elements(By.CSS_SELECTOR, "figure.route svg"))


def _marks_only_own_findings(driver: Any, report: Any) -> None:
    """Steps are marked only in drawings whose scenario has findings: red where a
    finding holds that the protocol does not acknowledge, nowhere else."""
    from selenium.webdriver.common.by import By

    figures = driver.find_elements(By.CSS_SELECTOR, "figure.route")
    for figure, drawn in zip(figures, report.diagrams, strict=True):
        marked = figure.get_attribute("data-marked") or ""
        assert marked.split() == drawn.marked
        red = figure.get_attribute("innerHTML").count('fill="#fde2e2"')
        unaccepted = [f for f in report.findings if f.acknowledgement is None
                      and f.code in drawn.marked and f.holds_in(drawn.scenario)]
        assert (red > 0) == bool(unaccepted), drawn.scenario.label()


def _height(driver: object) -> int:
    return int(driver.execute_script(  # type: ignore[attr-defined]
        "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)"))


def test_html_report_in_a_headless_browser(tmp_path: Path, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    page = tmp_path / "rapport.html"
    report = build_report(DRAFT, against=ARNHEM)
    page.write_text(render_html(report), encoding="utf-8")
    driver = browser
    driver.get(page.as_uri())
    assert driver.title.startswith("Protocol handhaving integriteit")
    headings = [h.text for h in driver.find_elements(By.TAG_NAME, "h2")]
    # The draft's press proposal holds silences (Arnhem Fase 3, Communicatie): the
    # report says who stays silent until when. Its proposal for the burgemeester as
    # subject carries Arnhem's two readings of who judges him (eindoordeel_burgemeester).
    assert headings[:7] == ["Samenvatting", "Bevindingen", "Open punten", "Keuzes tussen lezingen",
                            "Wie zwijgt, tot wanneer", "Dekking: wie is aan zet?", "Routes"]
    assert headings[7].startswith("Vergelijking van Aalsmeer (versie 0.1-concept")
    summary = driver.find_element(By.ID, "samenvatting").find_element(
        By.XPATH, "following-sibling::p").text
    assert "0 fouten" in summary and "18 open punten" in summary
    points = driver.find_elements(By.CSS_SELECTOR, "[data-open-point]")
    assert len(points) == 18 and all(p.is_displayed() for p in points)
    rows = driver.find_element(By.ID, "dekking").find_elements(
        By.XPATH, "following-sibling::table[1]/tbody/tr")
    # grouped: one row per scenario group, fewer rows than scenarios
    assert report.protocol is not None
    assert len(rows) == len(report.coverage) < len(scenario_space(report.protocol))
    routes = driver.find_elements(By.CSS_SELECTOR, "details.route")
    assert len(routes) == 3
    # One route is open at first; a reader opens the others by their summary.
    assert len([r for r in routes if r.get_attribute("open") is not None]) == 1
    for route in routes:
        if route.get_attribute("open") is None:
            figure = route.find_element(By.TAG_NAME, "figure")
            assert not figure.is_displayed()
            summary = route.find_element(By.TAG_NAME, "summary")
            driver.execute_script("arguments[0].scrollIntoView()", summary)
            summary.click()
        svgs = route.find_elements(By.CSS_SELECTOR, "figure.route svg")
        assert len(svgs) >= 3  # phase by phase
        for svg in svgs:
            driver.execute_script("arguments[0].scrollIntoView()", svg)
            assert svg.is_displayed() and svg.get_attribute("aria-label")
            assert svg.size["width"] > 200 and svg.size["height"] > 100
        texts = " ".join(t.text for svg in svgs for t in svg.find_elements(By.TAG_NAME,
                                                                          "text"))
        assert "gemeenteraad" in texts
    figures = driver.find_elements(By.CSS_SELECTOR, "figure.route")
    figures[2].screenshot(str(tmp_path / "route_burgemeester.png"))
    driver.save_screenshot(str(tmp_path / "rapport.png"))
    comparison = driver.find_elements(By.CSS_SELECTOR, "h2#vergelijking ~ table")
    assert comparison, "the comparison with Arnhem is shown as a table"
    logs = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    assert logs == []


#: Each shipped protocol alone, and the two comparisons a stuurgroep and a consultant make.
PAGES = [(path, None) for path in SHIPPED] + [(DRAFT, ARNHEM), (ARNHEM, ROOT / "protocols" / "oostzaan.yaml")]


@pytest.mark.parametrize("path, against", PAGES,
                         ids=lambda p: p.stem if isinstance(p, Path) else "alone")
def test_each_shipped_report_is_under_15000_px_at_1280(path: Path, against: Path | None,
                                                       tmp_path: Path, browser: Any) -> None:

    require_tool("dot", why="the report draws its routes with Graphviz when it is there")
    report = build_report(path, against=against)
    page = tmp_path / f"{path.stem}.html"
    page.write_text(render_html(report), encoding="utf-8")
    driver = browser
    driver.set_window_size(1280, 1800)
    driver.get(page.as_uri())
    assert _height(driver) < 15_000
    _marks_only_own_findings(driver, report)
    driver.save_screenshot(str(tmp_path / f"{path.stem}.png"))


def test_each_route_says_who_must_stay_silent_in_that_situation() -> None:
    report = build_report(ARNHEM)
    raadslid = next(d for d in report.diagrams if d.scenario.subject == "raadslid")
    # Arnhem Fase 3, Communicatie: the fractievoorzitters keep silent until the raad judged.
    assert any(n.startswith("Zwijgen tegenover pers: ") and "Fractievoorzitters" in n and "tot na " in n
               and "Fase 3, Communicatie, raadslid" in n for n in raadslid.notes)
    page = render_html(report)
    assert page.count('data-note="1"') >= len(raadslid.notes)
    assert len(raadslid.notes) == len(set(raadslid.notes))


def test_silences_and_coverage_name_roles_and_say_whom_each_silence_is_for() -> None:
    """Audit 10: the draft's report had three identical headings "Zwijgplicht tegenover
    pers" (which subject?), and listed role ids ("fractievoorzitters", "cvdk") where the
    protocol gives names."""
    text = render_markdown(build_report(DRAFT))
    silences = text.split("## Wie zwijgt, tot wanneer", 1)[1].split("\n## ", 1)[0]
    headings = [line for line in silences.splitlines() if line.startswith("### ")]
    assert headings == [f"### Zwijgplicht tegenover pers — betrokkene: {who}"
                        for who in ("Raadslid", "Wethouder", "Burgemeester")]
    assert "Fractievoorzitters, Raadslid, Eigen fractie / politieke partij" in silences
    coverage = text.split("## Dekking: wie is aan zet?", 1)[1].split("\n## ", 1)[0]
    assert ": Commissaris van de Koning (Noord-Holland) |" in coverage
    assert not re.search(r"\| (nog open - voorstel \(ontleend aan Arnhem\): )?(cvdk|griffier) \|",
                         coverage)
    # Oostzaan's one silence holds whoever the subject is: no subject in its heading.
    oostzaan = render_markdown(build_report(ROOT / "protocols" / "oostzaan.yaml"))
    assert "### Zwijgplicht tegenover pers\n" in oostzaan


def test_a_silence_with_several_ends_reads_as_words() -> None:
    """Arnhem's Basisprincipe 2 silences end at a sanction or at a judgment without
    one: the report names both steps in words, never as a Python list."""
    page = render_html(build_report(ARNHEM))
    silences = page.split("<h2>Wie zwijgt, tot wanneer</h2>", 1)[1].split("</table>", 1)[0]
    assert "['" not in silences and "[&#x27;" not in silences
    assert "met de uitkomst &#x27;Geen sanctie&#x27;, of stap &#x27;" in silences


def test_routes_that_look_the_same_are_drawn_once() -> None:
    report = build_report(ROOT / "protocols" / "oostzaan.yaml")
    merged = [d for d in report.diagrams if len(d.also) > 1]
    assert merged and all(d.also[0] == d.scenario for d in merged)
    drawn = [s.subject for d in report.diagrams for s in d.also]
    assert len(drawn) == len(set(drawn))  # every main scenario exactly once


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_route_diagrams_are_legible_at_1280_px(path: Path, tmp_path: Path,
                                                browser: Any) -> None:
    """Step text in the report's Graphviz diagrams is drawn 13 px high or more (outcomes and
    the boxes to other phases 10 px or more) in every route, folded ones opened, measured
    as Chromium lays the page out at 1280 px (it was about 5 px in one graph per route)."""

    require_tool("dot", why="the report draws its routes with Graphviz when it is there")
    page = tmp_path / "rapport.html"
    page.write_text(render_html(build_report(path)), encoding="utf-8")
    driver = browser
    svgs = _every_route_open(driver, page, 1000)
    assert svgs
    for svg in svgs:
        steps, every = driver.execute_script(
            "const h = q => Array.from(arguments[0].querySelectorAll(q)).map("
            "t => t.getBoundingClientRect().height);"
            "return [h('g.node:not(.stub) text'), h('text')]", svg)
        assert min(steps) >= 13, svg.get_attribute("aria-label")  # 13 px type
        assert min(every) >= 10, svg.get_attribute("aria-label")  # outcomes: 11 px type


def test_the_printed_page_shows_every_route(tmp_path: Path, browser: Any) -> None:
    """In print (A4) the folded routes are unfolded: every drawing is visible."""
    from selenium.webdriver.common.by import By

    page = tmp_path / "rapport.html"
    page.write_text(render_html(build_report(DRAFT)), encoding="utf-8")
    driver = browser
    driver.get(page.as_uri())
    visible = ("return Array.from(document.querySelectorAll('figure.route svg'))"
               ".map(s => s.checkVisibility())")
    on_screen = driver.execute_script(visible)
    assert True in on_screen and False in on_screen  # some routes folded on screen
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert all(driver.execute_script(visible))
    # As wide as an A4 page's text (about 700 px), no drawing runs off the paper.
    driver.set_window_size(700, 1000)
    assert driver.execute_script(
        "return Math.max(...Array.from(document.querySelectorAll('figure.route svg'))"
        ".map(s => s.getBoundingClientRect().right))"
        " <= document.documentElement.clientWidth")
    # Each route still says which situation it shows.
    routes = driver.find_elements(By.CSS_SELECTOR, "details.route > summary")
    assert routes and all(s.is_displayed() and s.text for s in routes)


def test_without_graphviz_every_arrow_says_its_outcome_without_overlaps(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, browser: Any) -> None:
    """The plain drawing (no Graphviz) writes each arrow's outcome beside it, readable
    (13 px type, at least 12 px as shown), and no outcome overlaps another or a step, in every route of a
    report as Chromium lays it out at 1280 px (folded routes opened)."""
    from selenium.webdriver.common.by import By

    from protocolkit.present import diagram

    which = shutil.which
    monkeypatch.setattr(diagram.shutil, "which",
                        lambda name: None if name == "dot" else which(name))
    report = build_report(ROOT / "protocols" / "oostzaan.yaml")
    assert report.diagrams and not any(d.graphviz for d in report.diagrams)
    page = tmp_path / "rapport.html"
    page.write_text(render_html(report), encoding="utf-8")
    monkeypatch.undo()  # the browser itself needs the real PATH lookups
    driver = browser
    svgs = _every_route_open(driver, page, 1800)
    assert len(svgs) == sum(len(d.phases) for d in report.diagrams)
    _marks_only_own_findings(driver, report)
    for svg, part in zip(svgs, [p for d in report.diagrams for p in d.phases], strict=True):
        boxes, outcomes, words = driver.execute_script(
            "const r = e => {const b = e.getBoundingClientRect();"
            " return [b.left, b.top, b.right, b.bottom]};"
            "const s = arguments[0];"
            "return [Array.from(s.querySelectorAll('g.step rect, g.stub rect')).map(r),"
            " Array.from(s.querySelectorAll('g.outcome text')).map(r),"
            " Array.from(s.querySelectorAll('g.edge')).map("
            "   g => Array.from(g.querySelectorAll('text')).map(t => t.textContent)"
            "   .join(' '))]", svg)
        # The outcomes stay left of the lanes the arrows run along (drawing units).
        right, lanes = driver.execute_script(
            "const s = arguments[0];"
            "return [Math.max(0, ...Array.from(s.querySelectorAll('g.outcome text'))"
            "  .map(t => t.getBBox().x + t.getBBox().width)),"
            " Array.from(s.querySelectorAll('g.edge path')).map("
            "   p => parseFloat(p.getAttribute('d').split(' H')[1]))]", svg)
        assert not lanes or right < min(lanes), part.name
        assert part.diagram is not None
        said = [e.label for e in part.diagram.edges]
        # Every arrow that has an outcome says it, whole (wrapped, never cut).
        assert [" ".join(w.split()) for w in words] == [" ".join(s.split()) for s in said]
        for left, top, right, bottom in outcomes:
            assert bottom - top >= 12, part.name
        for i, a in enumerate(outcomes):
            for b in outcomes[i + 1:] + boxes:
                overlap = min(a[2], b[2]) - max(a[0], b[0]), min(a[3], b[3]) - max(a[1], b[1])
                assert overlap[0] <= 0.5 or overlap[1] <= 0.5, (part.name, a, b)
    figures = driver.find_elements(By.CSS_SELECTOR, "figure.route")
    driver.execute_script("arguments[0].scrollIntoView()", figures[0])
    figures[0].screenshot(str(tmp_path / "route_without_graphviz.png"))
    logs = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    assert logs == []


@pytest.mark.parametrize("lang, said", [
    ("nl", "- 0 fouten, 18 waarschuwingen (waarvan 18 open punten), 0 aanvaarde bevindingen"),
    ("en", "- 0 errors, 18 warnings (of which 18 open points), 0 acknowledged findings")])
def test_the_summary_counts_in_words_not_with_plural_brackets(lang: str, said: str) -> None:
    """The report's counts read as validate's do: a noun in the plural ("16 open
    punten"), singular for one, never "fout(en)" or "open point(s)"."""
    text = render_markdown(build_report(DRAFT, lang=lang))
    assert said in text.splitlines()
    assert "(en)" not in text.split("## ", 3)[2] and "(s)" not in text.split("## ", 3)[2]
