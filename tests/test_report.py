"""The stuurgroep's report: built as data, rendered, and read in a real headless browser."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from protocolkit.cli import main
from protocolkit.report import build_report, main_scenarios, render_html, render_markdown
from tests.helpers import require_tool

ROOT = Path(__file__).resolve().parents[1]
DRAFT = ROOT / "protocols" / "aalsmeer_draft.yaml"
ARNHEM = ROOT / "protocols" / "arnhem.yaml"


def test_report_data_for_the_draft() -> None:
    report = build_report(DRAFT, against=ARNHEM)
    assert report.protocol is not None
    assert report.counts()["error"] == 0
    assert len(report.protocol.open_points) == 16
    # One diagram per subject the draft covers (raadslid, wethouder, burgemeester).
    assert [d.scenario.subject for d in report.diagrams] == ["raadslid", "wethouder", "burgemeester"]
    assert all(d.scenario.act == "uitgevoerd" and not d.scenario.own for d in report.diagrams)
    assert report.diff is not None and not report.diff.same


def test_main_scenarios_prefer_performed_acts_by_others() -> None:
    from protocolkit.loader import load_protocol

    protocol = load_protocol(ROOT / "protocols" / "oostzaan.yaml").protocol
    chosen = main_scenarios(protocol)
    assert len(chosen) == len(set(protocol.scenarios.subjects) & {s.subject for s in chosen})
    for scenario in chosen:
        assert scenario.act == "uitgevoerd" and not scenario.own
        assert dict(scenario.attributes) == {k: v[0] for k, v in protocol.scenarios.attributes.items()}


def test_markdown_report_has_every_section() -> None:
    text = render_markdown(build_report(DRAFT, against=ARNHEM))
    for heading in ("## Samenvatting", "## Bevindingen", "## Open punten",
                    "## Dekking: wie is aan zet?", "## Routes", "## Vergelijking met arnhem.yaml"):
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
    assert "0 fout(en)" in capsys.readouterr().out
    assert main(["report", "nope.yaml", "-o", str(html_path)]) == 2


def _browser():
    """Headless Chromium (Debian) with a fresh profile and background networking off."""
    webdriver = pytest.importorskip("selenium.webdriver")
    require_tool("chromium", "chromedriver", why="Debian: apt-get install chromium chromium-driver")
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="protocolkit-chromium-")
    options = Options()
    options.binary_location = shutil.which("chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--window-size=1280,1800",
                 f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    return driver, profile


def test_html_report_in_a_headless_browser(tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    page = tmp_path / "rapport.html"
    page.write_text(render_html(build_report(DRAFT, against=ARNHEM)), encoding="utf-8")
    driver, profile = _browser()
    try:
        driver.get(page.as_uri())
        assert driver.title.startswith("Protocol handhaving integriteit")
        headings = [h.text for h in driver.find_elements(By.TAG_NAME, "h2")]
        assert headings == ["Samenvatting", "Bevindingen", "Open punten",
                            "Dekking: wie is aan zet?", "Routes",
                            "Vergelijking met arnhem.yaml"]
        summary = driver.find_element(By.ID, "samenvatting").find_element(
            By.XPATH, "following-sibling::p").text
        assert "0 fout(en)" in summary and "16 open punt(en)" in summary
        points = driver.find_elements(By.CSS_SELECTOR, "[data-open-point]")
        assert len(points) == 16 and all(p.is_displayed() for p in points)
        rows = driver.find_elements(By.CSS_SELECTOR, "#dekking + table tbody tr")
        assert len(rows) == 25
        figures = driver.find_elements(By.CSS_SELECTOR, "figure.route")
        assert len(figures) == 3
        for figure in figures:
            svg = figure.find_element(By.TAG_NAME, "svg")
            driver.execute_script("arguments[0].scrollIntoView()", svg)
            assert svg.is_displayed()
            assert svg.size["width"] > 300 and svg.size["height"] > 200
            # The reader sees who acts: the route's step titles are drawn as text.
            texts = " ".join(t.text for t in svg.find_elements(By.TAG_NAME, "text"))
            assert "gemeenteraad" in texts
        figures[2].screenshot(str(tmp_path / "route_burgemeester.png"))
        assert "cvdk" in " ".join(t.text for t in figures[2].find_elements(By.TAG_NAME, "text"))
        comparison = driver.find_elements(By.CSS_SELECTOR, "h2#vergelijking ~ table")
        assert comparison, "the comparison with Arnhem is shown as a table"
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
