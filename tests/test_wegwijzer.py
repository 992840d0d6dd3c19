"""The wegwijzer page: its data is the API's answers, it is offline and safe, and a
person can use it with the keyboard alone (browser tests are required in CI)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest

from protocolkit.api import route
from protocolkit.format.loader import load_protocol
from protocolkit.present.wegwijzer import (
    answers,
    cell_key,
    cited_sections,
    render_wegwijzer,
    route_of,
    script_json,
)
from protocolkit.semantics import Scenario, refusal, responsibilities, scenario_space
from tests.helpers import run_cli

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = sorted((ROOT / "protocols").glob("*.yaml"))


def _embedded(page: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/json" id="wegwijzer-data">(.*?)</script>',
                      page, re.DOTALL)
    assert match is not None
    data: dict[str, Any] = json.loads(match.group(1))
    return data


def _key(scenario: Scenario, names: list[str]) -> str:
    values = dict(scenario.attributes)
    return cell_key(scenario.reporter, scenario.subject, scenario.act, scenario.own,
                    [values[n] for n in names])


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_the_embedded_data_is_the_apis_answer_for_every_scenario(path: Path) -> None:
    protocol = load_protocol(path).protocol
    assert protocol is not None
    data = _embedded(render_wegwijzer(protocol))
    names = list(protocol.scenarios.attributes)
    space = scenario_space(protocol)
    answered = 0
    for scenario in space:
        cell = data["cells"][_key(scenario, names)]
        why = refusal(protocol, scenario)
        if why is not None:
            if why.reading is None:
                assert cell["refused"]["sends_to"] == why.sends_to
            else:    # resting on a reading: no "Waar u terecht kunt", both readings said
                assert cell["refused"]["sends_to"] is None
                assert f"({why.reading[0]})" in cell["refused"]["text"]
            continue
        want = json.loads(json.dumps(responsibilities(protocol, scenario).to_dict()))
        assert answers(data, cell) == want
        assert route_of(data, cell) == json.loads(json.dumps(route(protocol, scenario).to_dict()))
        answered += 1
    assert answered > 0
    # Every combination the page offers has an answer or says why not.
    offered = 1
    for values in (protocol.scenarios.reporters, protocol.scenarios.subjects,
                   protocol.scenarios.acts, protocol.scenarios.own,
                   *protocol.scenarios.attributes.values()):
        offered *= len(values)
    assert len(data["cells"]) == offered


def test_excluded_scenarios_say_where_to_go_instead(tmp_path: Path) -> None:
    text = (ROOT / "tests" / "data" / "minimal.yaml").read_text(encoding="utf-8")
    path = tmp_path / "p.yaml"
    path.write_text(text.replace("  own: [false]\n", "  own: [false]\n  exclude:\n"
                                 "    - {when: {reporter: burgemeester}, reason: \"De "
                                 "burgemeester meldt bij de CvdK.\", source: \"art. 1\"}\n", 1),
                    encoding="utf-8")
    protocol = load_protocol(path).protocol
    assert protocol is not None
    data = _embedded(render_wegwijzer(protocol))
    cell = data["cells"][cell_key("burgemeester", "raadslid", "uitgevoerd", False, [])]
    assert cell["refused"] == {"text": "Dit protocol regelt deze situatie niet.",
                               "sends_to": "De burgemeester meldt bij de CvdK.",
                               "source": ["art. 1"]}
    # A case the protocol routes outside itself says where it goes (Oostzaan: ambtenaren).
    oostzaan = load_protocol(ROOT / "protocols" / "oostzaan.yaml").protocol
    assert oostzaan is not None
    data = _embedded(render_wegwijzer(oostzaan))
    elsewhere = [data["answers"][c["answers"]]["out_of_scope"] for c in data["cells"].values()
                 if "answers" in c and data["answers"][c["answers"]]["out_of_scope"]]
    assert any("Ambtelijke meldingsregeling" in text for text in elsewhere)


def test_the_page_is_offline_and_allows_only_its_own_script_and_style() -> None:
    protocol = load_protocol(ROOT / "protocols" / "aalsmeer_draft.yaml").protocol
    assert protocol is not None
    page = render_wegwijzer(protocol)
    assert not re.search(r"(src|href)=\"(https?:)?//", page)
    assert "http://" not in page.split("<script", 1)[0]
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert csp is not None
    policy = csp.group(1).replace("&#x27;", "'")
    assert "default-src 'none'" in policy and "connect-src 'none'" in policy
    scripts = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
    styles = re.findall(r"<style>(.*?)</style>", page, re.DOTALL)
    assert len(scripts) == 1 and len(styles) == 1
    for body, kind in ((scripts[0], "script-src"), (styles[0], "style-src")):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"{kind} 'sha256-{digest}'" in policy
    # Protocol text never becomes markup: the script builds the page with textContent.
    assert "innerHTML" not in scripts[0]


def test_protocol_text_cannot_break_out_of_the_data_block(tmp_path: Path) -> None:
    hostile = "</script><script>alert(1)</script><!--"
    assert "<" not in script_json({"x": hostile}) and "&" not in script_json({"x": "&"})
    assert json.loads(script_json({"x": hostile})) == {"x": hostile}
    text = (ROOT / "tests" / "data" / "minimal.yaml").read_text(encoding="utf-8")
    path = tmp_path / "p.yaml"
    title = next(line for line in text.splitlines() if line.strip().startswith("title:"))
    path.write_text(text.replace(title, title.split(":")[0] + ': "X </script><b>x</b>"', 1),
                    encoding="utf-8")
    protocol = load_protocol(path).protocol
    assert protocol is not None
    page = render_wegwijzer(protocol)
    assert page.count("</script>") == 2 and "<b>x</b>" not in page


def test_cli_writes_the_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "wegwijzer.html"
    code, out, _ = run_cli(capsys, "wegwijzer", "tests/data/minimal.yaml", "-o", str(target))
    assert code == 0 and "wegwijzer voor" in out
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    code, _, _ = run_cli(capsys, "wegwijzer", "nope.yaml")
    assert code == 2


# --------------------------------------------------------------------------- browser


def _shared_json(capsys: pytest.CaptureFixture[str], path: Path, scenario: Scenario,
                 protocol: Any) -> dict[str, Any]:
    argv = ["responsibilities", str(path), "--reporter", protocol.shared_id(scenario.reporter),
            "--subject", protocol.shared_id(scenario.subject), "--act", scenario.act,
            "--format", "json"]
    if scenario.own:
        argv.append("--own")
    for name, value in scenario.attributes:
        argv += ["--attr", f"{name}={value}"]
    _, out, _ = run_cli(capsys, *argv)
    result: dict[str, Any] = json.loads(out)
    return result


#: Make each choice in turn as a reader does (set the form, a change event) and read what
#: the page then shows: the result's key, the cited sections, whether it refuses, each
#: question's answer, the route's steps with their open points (id and text as shown), the
#: silences' ids and the whole result's text. One script call for a batch of choices: a WebDriver
#: round trip per element read made the Oostzaan walk (400 choices) take minutes.
#: Pick reporter, subject and act on the page as a reader does (the form's change event):
#: ``driver.execute_script(CHOOSE, reporter, subject, act)``.
CHOOSE = ("var f=document.getElementById('keuze');f.reporter.value=arguments[0];"
          "f.subject.value=arguments[1];"
          "f.querySelector('input[name=act][value='+arguments[2]+']').checked=true;"
          "f.dispatchEvent(new Event('change'));")

_CHOOSE_AND_READ = """
var f = document.getElementById('keuze');
var out = document.getElementById('uitkomst');
var all = function (root, css) { return Array.prototype.slice.call(root.querySelectorAll(css)); };
var questions = arguments[1];
return arguments[0].map(function (choice) {
  f.reporter.value = choice[0]; f.subject.value = choice[1];
  f.querySelector('input[name=act][value=' + choice[2] + ']').checked = true;
  f.own.checked = choice[3];
  choice[4].forEach(function (p) { f['attr-' + p[0]].value = p[1]; });
  f.dispatchEvent(new Event('change'));
  var answers = {}, proposals = {};
  questions.forEach(function (q) {
    var cell = out.querySelector('[data-question=' + q + '] [data-answer]');
    answers[q] = cell === null ? null : cell.getAttribute('data-answer');
    proposals[q] = cell === null ? [null, ''] : [cell.getAttribute('data-proposal'), cell.innerText];
  });
  return {
    key: out.getAttribute('data-key'),
    sections: all(out, 'details[data-section]').map(function (d) { return d.getAttribute('data-section'); }),
    refused: all(out, '[data-refused]').length,
    answers: answers,
    proposals: proposals,
    steps: all(out, 'ol.route > li').map(function (li) {
      var who = li.querySelector('.who');
      return {id: li.getAttribute('data-step'), who: who === null ? '' : who.innerText,
              outcomes: all(li, ':scope > ul > li').map(function (o) { return o.innerText; }),
              open: all(li, '[data-open-point]').map(function (m) {
                return [m.getAttribute('data-open-point'), m.innerText.trim()]; })};
    }),
    now: all(out, '.now').map(function (n) { return n.innerText; }).join(' '),
    silences: all(out, '[data-silence]').map(function (p) { return p.getAttribute('data-silence'); }),
    twice: (function () { var seen = {}, twice = [];
      all(document, '[id]').forEach(function (e) { if (seen[e.id]) { twice.push(e.id); } seen[e.id] = true; });
      return twice; })(),
    text: out.textContent
  };
});
"""

QUESTIONS = ("first_contact", "decides_follow_up", "commissions_investigation", "judges",
             "imposes_sanction", "communicates")


def _open_page(tmp_path: Path, browser: Any, name: str) -> Any:
    """The browser showing the wegwijzer of ``protocols/<name>.yaml``, written to a file."""
    protocol = load_protocol(ROOT / "protocols" / f"{name}.yaml").protocol
    assert protocol is not None
    page = tmp_path / "wegwijzer.html"
    page.write_text(render_wegwijzer(protocol), encoding="utf-8")
    browser.get(page.as_uri())
    return browser


def _choice(scenario: Scenario, names: list[str]) -> list[Any]:
    values = dict(scenario.attributes)
    return [scenario.reporter, scenario.subject, scenario.act, scenario.own,
            [[n, values[n]] for n in names]]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_choice_in_a_headless_browser(path: Path, tmp_path: Path, browser: Any,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    from selenium.webdriver.common.by import By

    protocol = load_protocol(path).protocol
    assert protocol is not None
    page = tmp_path / "wegwijzer.html"
    html = render_wegwijzer(protocol)
    page.write_text(html, encoding="utf-8")
    data = _embedded(html)
    texts = {s.id: s.text for s in protocol.sections}
    names = list(protocol.scenarios.attributes)
    space = list(scenario_space(protocol))
    driver = browser
    driver.get(page.as_uri())
    for name in names:      # each attribute asked as the protocol words it (labels)
        shown_label = driver.find_element(By.CSS_SELECTOR, f"label[for=attr-{name}]")
        assert shown_label.text == " ".join(protocol.scenarios.labels.get(name, name).split())
    seen: list[dict[str, Any]] = []
    for first in range(0, len(space), 50):
        seen += driver.execute_script(_CHOOSE_AND_READ, [_choice(s, names)
                                                         for s in space[first:first + 50]],
                                      QUESTIONS)
    checked_cli: set[tuple[str, str]] = set()
    for scenario, shown in zip(space, seen, strict=True):
        assert shown["key"] == _key(scenario, names)
        # The text of every section the answers cite, once each, collapsed.
        cited = cited_sections(data, data["cells"][_key(scenario, names)])
        assert shown["sections"] == cited
        if refusal(protocol, scenario) is not None:
            assert shown["refused"]
            continue
        want = json.loads(json.dumps(responsibilities(protocol, scenario).to_dict()))
        if (scenario.reporter, scenario.subject) not in checked_cli:
            # What `protocolkit responsibilities --format json` prints for it.
            checked_cli.add((scenario.reporter, scenario.subject))
            printed = _shared_json(capsys, path, scenario, protocol)
            assert {k: printed[k] for k in want} == want
        assert shown["answers"] == {q: ",".join(want[q]) for q in QUESTIONS}
        for question in QUESTIONS:
            # A concept's open answer taken from another text reads as a proposal
            # (issue 13: never filled in from another municipality without saying so).
            offered = want["proposals"][question]
            proposal, said = shown["proposals"][question]
            assert proposal == (offered and offered["from"])
            if offered:
                assert said.startswith(f"nog open - voorstel (ontleend aan {offered['name']})")
        way = route(protocol, scenario)
        assert [s["id"] for s in shown["steps"]] == [s.id for s in way.steps]
        # Every silence is shown, once (one sentence where one office is melder and
        # betrokkene: the ids it stands for in data-silence).
        shown_ids = [i for ids in shown["silences"] for i in (ids or "").split()]
        assert sorted(shown_ids) == sorted(s["id"] for s in want["silent"])
        # Each open point of a step is shown with its question, as the route gives it.
        for number, (item, step) in enumerate(zip(shown["steps"], way.steps, strict=True)):
            if step.proposal is not None:
                assert "voorstel (ontleend aan" in item["who"]
                if number == 0:  # "what do you do now" says it as the route does
                    assert "Wie is aan zet: nog open - voorstel (ontleend aan" in shown["now"]
            # An outcome by its label, else in words: the only way on reads "verder".
            for outcome, said in zip(step.outcomes, item["outcomes"], strict=True):
                assert said.startswith(outcome.label or (
                    "verder" if len(step.outcomes) == 1 else outcome.id.replace("_", " ")))
            assert item["open"] == [[p["id"], f"Nog open: {p['question']}"]
                                    for p in step.open_points]
        assert "[object Object]" not in shown["text"]
        assert shown["twice"] == []  # every id once, whatever the choice drew
    # A cited section opens onto its text: the first choice whose first cited section has
    # one, chosen again, its box clicked.
    scenario, cited = next((s, shown["sections"]) for s, shown in zip(space, seen, strict=True)
                           if shown["sections"] and texts[shown["sections"][0]])
    driver.execute_script(_CHOOSE_AND_READ, [_choice(scenario, names)], QUESTIONS)
    box = driver.find_element(By.ID, "uitkomst").find_element(By.CSS_SELECTOR,
                                                              "details[data-section]")
    assert box.get_attribute("data-section") == cited[0]
    heading = box.find_element(By.TAG_NAME, "summary")
    assert box.text == heading.text  # closed: only its heading shows
    heading.click()
    assert texts[cited[0]].splitlines()[0] in box.text[len(heading.text):]
    driver.save_screenshot(str(tmp_path / f"wegwijzer_{path.stem}.png"))
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []  # a CSP violation or a script error shows here


def test_keyboard_only_use(tmp_path: Path, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver = _open_page(tmp_path, browser, "arnhem")
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    active = driver.switch_to.active_element
    assert active.get_attribute("id") == "reporter"
    before = driver.find_element(By.ID, "uitkomst").get_attribute("data-key")
    active.send_keys(Keys.ARROW_DOWN)
    active.send_keys(Keys.TAB)  # leaving the select commits the change
    after = driver.find_element(By.ID, "uitkomst").get_attribute("data-key")
    assert after != before
    # Every control is reached with TAB, in reading order, up to the button.
    seen = []
    for _ in range(12):
        element = driver.switch_to.active_element
        seen.append(element.get_attribute("id") or element.get_attribute("name")
                    or element.tag_name)
        if element.tag_name == "button":
            break
        element.send_keys(Keys.TAB)
    assert seen[0] == "subject" and "act" in seen and seen[-1] == "button"
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    shown = driver.find_element(By.ID, "uitkomst")
    assert shown.get_attribute("data-key") == after
    assert shown.text.startswith(("Wat doet u nu?", "Niet in dit protocol"))


def test_a_cited_section_shows_what_the_text_says(tmp_path: Path, browser: Any) -> None:
    """Arnhem, Fase 1, 1.4 b (a raadslid doubts an act of the burgemeester that took place):
    the page cites it for the first step, and opening it shows the text's own words,
    "Het raadslid vraagt de griffier om advies" (read in the source; the shipped file quotes
    each section's first sentence only)."""
    from selenium.webdriver.common.by import By

    driver = _open_page(tmp_path, browser, "arnhem")
    driver.execute_script(CHOOSE, "raadslid", "burgemeester", "uitgevoerd")
    box = driver.find_element(By.CSS_SELECTOR, 'details[data-section="Fase 1, 1.4 b"]')
    assert "Het raadslid vraagt de griffier om advies" not in box.text
    box.find_element(By.TAG_NAME, "summary").click()
    assert "Het raadslid vraagt de griffier om advies" in box.text
    assert box.text.startswith("Fase 1, 1.4 b: ")


def test_an_attribute_is_asked_as_the_protocol_words_it(tmp_path: Path) -> None:
    """The wegwijzer asks a reader the attribute's question (``scenarios.labels``), not
    its id: Oostzaan art. 3.1 lid 3 asks whether the griffier or the gemeentesecretaris
    is "direct of indirect betrokken bij hetgeen waar de melding betrekking op heeft"."""
    from protocolkit.present.wegwijzer import wegwijzer_data

    protocol = load_protocol(ROOT / "protocols" / "oostzaan.yaml").protocol
    assert protocol is not None
    labels = wegwijzer_data(protocol)["choices"]["labels"]
    assert labels["betrokken_functionaris"].startswith("Is de griffier of de gemeentesecretaris")
    assert "betrokken_functionaris" not in labels["aanleiding"]
    page = render_wegwijzer(protocol)
    assert _embedded(page)["choices"]["labels"] == labels


def test_an_alternatives_citation_stands_beside_the_party_it_supports(
        tmp_path: Path, browser: Any) -> None:
    """Aalsmeer `oordeel_raad` (the raad's eindoordeel): for a wethouder the actor's
    alternative cites Arnhem Fase 3, 3.2 ("De raad beoordeelt zelfstandig de politieke
    consequenties"), shown beside who acts; the step as a whole cites the Samenvatting
    van rollen en taken. For the burgemeester neither 3.1 nor 3.2 is cited on the step:
    who acts there cites the Samenvatting ("Velt het eindoordeel over de uitkomsten van
    onderzoek naar een vermoedelijke schending door een raadslid, een wethouder of de
    burgemeester")."""
    from selenium.webdriver.common.by import By

    driver = _open_page(tmp_path, browser, "aalsmeer_draft")
    driver.execute_script(CHOOSE, "raadslid", "wethouder", "uitgevoerd")
    step = driver.find_element(By.CSS_SELECTOR, 'li[data-step="oordeel_raad"]')
    who = step.find_element(By.CSS_SELECTOR, "div.who")
    assert who.get_attribute("data-source-for") == "actor"
    assert "[Arnhem Fase 3, 3.2: " in who.text and "3.1" not in who.text
    assert "Arnhem Samenvatting van rollen en taken" not in who.text
    assert "Arnhem Samenvatting van rollen en taken" in step.text
    driver.execute_script(CHOOSE, "raadslid", "burgemeester", "uitgevoerd")
    step = driver.find_element(By.CSS_SELECTOR, 'li[data-step="oordeel_raad"]')
    who = step.find_element(By.CSS_SELECTOR, "div.who")
    assert who.get_attribute("data-source-for") == "actor"
    assert "Arnhem Samenvatting van rollen en taken" in who.text
    assert "Arnhem Fase 3, 3." not in step.text


def test_without_javascript_the_page_still_says_something_useful() -> None:
    """With the script off (<noscript>) the page says, in Dutch, that it needs it and
    where the plain text is, and gives each reporter's first contact by role name."""
    protocol = load_protocol(ROOT / "protocols" / "oostzaan.yaml").protocol
    page = render_wegwijzer(protocol)
    fallback = page.split("<noscript>", 1)[1].split("</noscript>", 1)[0]
    assert "Deze pagina heeft JavaScript nodig" in fallback
    assert "bij de griffie" in fallback and "protocolkit route" in fallback
    row = ("<tr><td>Inwoner, bedrijf of instelling</td><td>Burgemeester</td>"
           "<td>Raadsgriffier</td></tr>")
    assert row in fallback
    assert ">griffier<" not in fallback and ">burger<" not in fallback
