"""A silence a concept only proposes is never shown as decided.

The Aalsmeer plan of approach (Stap 4, realisatie) asks "Wie brengt in welk stadium welke
informatie naar buiten?" without answering it: the open point ``pers_per_stadium``. The
concept's press rules, the silences among them, are the proposal it takes from Arnhem
(Fase 3, Communicatie). Every output that shows such a silence marks it as the answers
are marked, "nog open - voorstel (ontleend aan Arnhem): ...", with the open point; Arnhem's
own silences are decided and carry no such mark.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from protocolkit.format.loader import load_protocol
from protocolkit.format.model import Protocol
from protocolkit.semantics import Scenario, responsibilities, scenario_space
from tests.helpers import run_cli

ROOT = Path(__file__).resolve().parents[1]
DRAFT = ROOT / "protocols" / "aalsmeer_draft.yaml"
ARNHEM = ROOT / "protocols" / "arnhem.yaml"
PROPOSED = "nog open - voorstel (ontleend aan Arnhem)"
PROPOSED_EN = "still open - proposal (taken from Arnhem)"


def _load(path: Path) -> Protocol:
    result = load_protocol(path)
    assert result.protocol is not None, [f.render() for f in result.findings]
    return result.protocol


@pytest.fixture(scope="module")
def draft() -> Protocol:
    return _load(DRAFT)


@pytest.fixture(scope="module")
def arnhem() -> Protocol:
    return _load(ARNHEM)


def _press_silences(protocol: Protocol) -> set[str]:
    """The silences the open point pers_per_stadium governs (its ``affects``)."""
    point = next(p for p in protocol.open_points if p.id == "pers_per_stadium")
    found = {s.id for s in protocol.silences} & set(point.affects)
    assert found, "the draft's press proposal holds Arnhem's silences"
    return found


def _argv(scenario: Scenario) -> list[str]:
    return ["--reporter", scenario.reporter, "--subject", scenario.subject,
            "--act", scenario.act, *(["--own"] if scenario.own else [])]


def test_every_proposed_silence_carries_its_open_point_and_proposal(draft: Protocol) -> None:
    """Responsibilities.to_dict()["silent"], in every scenario of the draft: a silence under
    pers_per_stadium names it among its open points and is a proposal from Arnhem, citing
    Arnhem's sections, as a proposed answer does."""
    governed = _press_silences(draft)
    seen = set()
    for scenario in scenario_space(draft):
        for silence in responsibilities(draft, scenario).to_dict()["silent"]:
            if silence["id"] not in governed:
                continue
            seen.add(silence["id"])
            assert "pers_per_stadium" in silence["open_points"], (scenario, silence["id"])
            offered = silence["proposal"]
            assert offered is not None and offered["name"] == "Arnhem", scenario
            assert offered["open_point"] == "pers_per_stadium"
            assert offered["sections"] and set(offered["sections"]) <= set(silence["source"])
    assert seen == governed, governed - seen


def test_arnhems_silences_are_decided(arnhem: Protocol) -> None:
    """Arnhem's own text decides its silences: no open point, no proposal."""
    found = [s for scenario in scenario_space(arnhem)
             for s in responsibilities(arnhem, scenario).to_dict()["silent"]]
    assert found
    assert all(s["proposal"] is None and s["open_points"] == [] for s in found)


@pytest.mark.parametrize("subject", ["raadslid", "wethouder", "burgemeester"])
def test_responsibilities_text_and_json_mark_a_proposed_silence(
        draft: Protocol, capsys: pytest.CaptureFixture[str], subject: str) -> None:
    """The text says the silence is a proposal and names the open point under it, in
    Dutch and English; the JSON's ``silent[]`` carries ``open_points`` and ``proposal``."""
    scenario = Scenario("raadslid" if subject != "raadslid" else "burger", subject,
                        "uitgevoerd")
    code, out, _ = run_cli(capsys, "responsibilities", str(DRAFT), *_argv(scenario),
                           "--lang", "nl")
    lines = out.splitlines()
    silent = [i for i, line in enumerate(lines) if "Zwijgen tegenover pers" in line]
    assert code == 0 and silent, out
    for i in silent:
        assert f"Zwijgen tegenover pers: {PROPOSED}: " in lines[i], lines[i]
        # the silence, wrapped, ends with its citation; the open point follows it
        after = next(j for j in range(i + 1, len(lines))
                     if not lines[j].startswith("    ") or "nog open:" in lines[j])
        assert lines[after - 1].endswith("]"), lines[i:after + 1]
        assert lines[after].strip().startswith("nog open: Wie brengt in welk stadium"), \
            lines[after]
        assert lines[after].endswith("(pers_per_stadium)")
    code, out, _ = run_cli(capsys, "responsibilities", str(DRAFT), *_argv(scenario),
                           "--lang", "en")
    said = [line for line in out.splitlines() if "Silent towards the press" in line]
    assert said and all(f"Silent towards the press: {PROPOSED_EN}: " in line for line in said)
    code, out, _ = run_cli(capsys, "responsibilities", str(DRAFT), *_argv(scenario),
                           "--format", "json")
    data = json.loads(out)
    assert data["silent"] and all(s["proposal"]["name"] == "Arnhem"
                                  and "pers_per_stadium" in s["open_points"]
                                  for s in data["silent"])


def test_arnhems_silence_is_shown_as_decided(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--reporter", "raadslid", "--subject", "wethouder", "--act", "uitgevoerd"]
    for command in ("responsibilities", "route"):
        code, out, _ = run_cli(capsys, command, str(ARNHEM), *argv, "--lang", "nl")
        said = [line for line in out.splitlines() if "zwijg" in line.lower()]
        assert code == 0 and said, out
        assert not [line for line in said if "voorstel" in line], said
        assert "pers_per_stadium" not in out


def test_route_marks_a_proposed_silence_and_its_end(capsys: pytest.CaptureFixture[str]) -> None:
    """The route says the silence at its start and where it ends; both are the proposal."""
    code, out, _ = run_cli(capsys, "route", str(DRAFT), "--reporter", "raadslid",
                           "--subject", "wethouder", "--act", "uitgevoerd", "--lang", "nl")
    lines = out.splitlines()
    starts = [i for i, line in enumerate(lines) if "Zwijgen tegenover pers" in line]
    ends = [line for line in lines if "eindigt de zwijgplicht" in line]
    assert code == 0 and starts and ends, out
    for i in starts:
        assert f"Zwijgen tegenover pers: {PROPOSED}: " in lines[i]
        assert lines[i + 1].strip() == ("Nog open: Wie brengt in welk stadium welke "
                                        "informatie naar buiten? (pers_per_stadium)")
    assert all(line.strip().startswith(f"{PROPOSED}: Hierna eindigt") for line in ends), ends


def test_the_wegwijzer_marks_every_proposed_silence(draft: Protocol, arnhem: Protocol) -> None:
    """The page's data: each silence sentence of the draft under pers_per_stadium says it
    is a proposal and carries ``proposal`` and ``open_points`` for the script (which
    shows the open point under it, as under an answer); Arnhem's carry none."""
    from protocolkit.present.wegwijzer import wegwijzer_data

    governed = _press_silences(draft)
    data = wegwijzer_data(draft)
    said = [s for group in data["silences"] for s in group if governed & set(s["ids"])]
    assert said
    for silence in said:
        assert f"Zwijgen tegenover pers: {PROPOSED}: " in silence["text"], silence["text"]
        assert silence["proposal"]["name"] == "Arnhem"
        assert "pers_per_stadium" in silence["open_points"]
    page = wegwijzer_data(arnhem)
    decided = [s for group in page["silences"] for s in group]
    assert decided and not [s for s in decided if s["proposal"] or "voorstel" in s["text"]]
    from protocolkit.present.wegwijzer import render_wegwijzer

    script = render_wegwijzer(draft)
    assert 'p.setAttribute("data-proposal", s.proposal.from)' in script


def test_the_report_marks_the_draft_silences(draft: Protocol) -> None:
    """"Wie zwijgt, tot wanneer" and the notes under each route."""
    from protocolkit.present.report import build_report, render_markdown

    page = render_markdown(build_report(DRAFT))
    part = page.split("## Wie zwijgt, tot wanneer", 1)[1].split("\n## ", 1)[0]
    said = [line for line in part.splitlines() if line.startswith("Zwijgen tegenover")]
    assert said and all(f"Zwijgen tegenover pers: {PROPOSED}: " in line for line in said)
    assert all("Nog open: Wie brengt in welk stadium welke informatie naar buiten? "
               "(pers_per_stadium)" in line for line in said), said
    # about the burgemeester, the draft's own open point on him as betrokkene too
    assert any(line.endswith("(burgemeester_als_betrokkene)") for line in said), said
    notes = [line for line in page.splitlines() if line.startswith("- Zwijgen tegenover")]
    assert notes and all(PROPOSED in line for line in notes)


def test_simulate_marks_a_proposed_silence(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """The case's silences, and what the melder reads with --as melder (there what ends
    it is withheld, and the sections with it, but not that it is only a proposal)."""
    case_file = tmp_path / "zaak.yaml"
    case_file.write_text("scenario: {reporter: raadslid, subject: wethouder, "
                         "act: uitgevoerd}\nopened: 2026-04-20\nevents: []\n",
                         encoding="utf-8")
    args = ("simulate", str(DRAFT), str(case_file), "--as-of", "2026-04-21")
    code, out, _ = run_cli(capsys, *args, "--lang", "nl")
    said = [line for line in out.splitlines() if line.startswith("Zwijgen tegenover")]
    assert code == 0 and said and all(PROPOSED in line for line in said), out
    assert "(pers_per_stadium)" in out
    code, out, _ = run_cli(capsys, *args, "--as", "melder", "--lang", "en")
    said = [line for line in out.splitlines() if "Silent towards the press" in line]
    assert code == 0 and said and all(line.startswith(PROPOSED_EN) for line in said), out
    code, out, _ = run_cli(capsys, *args, "--as", "melder", "--format", "json")
    mine = json.loads(out)["silent"]
    assert mine and all(s["withheld"] and s["proposal"]["name"] == "Arnhem"
                        and s["proposal"]["sections"] == [] for s in mine)


def test_the_diff_tells_a_proposed_silence_from_a_decided_one(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Arnhem decides what the draft only proposes: the same silence differs."""
    code, out, _ = run_cli(capsys, "diff", str(ARNHEM), str(DRAFT), "--subject",
                           "wethouder", "--lang", "nl")
    rows = out.split("Wie zwijgt tegenover de pers, tot wanneer")[1:]
    assert code == 1 and rows, out
    for row in rows:
        arnhem, draft = row.splitlines()[1:3]
        assert arnhem.strip().startswith("Arnhem:") and PROPOSED not in arnhem
        assert draft.strip().startswith(f"Aalsmeer: {PROPOSED}: "), draft
