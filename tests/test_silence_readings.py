"""A silence shows the reading it rests on wherever it is shown, as ``route`` does.

Oostzaan art. 2.1 lid 4: "De melder ontvangt binnen tien werkdagen na zijn melding een
schriftelijke ontvangstbevestiging waarin de melder ook wordt aangespoord om niet de
publiciteit te zoeken of zich anderszins naar derden uit te laten over de melding en de
opvolging daarvan". The file shows this as the melder's silence towards pers and derden
and records the other reading (ambiguity ``melder_aangespoord``: "Aangespoord" is een
oproep, geen verbod). A melder who asks ``simulate --as melder`` "may I talk to the
press?" must hear that too, not a bare "Zwijgen tegenover pers: u".
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from protocolkit.engine import CaseEngine
from protocolkit.engine.case import Case
from protocolkit.format.loader import load_protocol
from protocolkit.format.model import Protocol
from tests.helpers import run_cli

ROOT = Path(__file__).resolve().parents[1]
OOSTZAAN_PATH = ROOT / "protocols" / "oostzaan.yaml"
KERST = ROOT / "tests" / "data" / "cases" / "oostzaan_kerst.yaml"
EXHORTATION = '"Aangespoord" is een oproep, geen verbod'


@pytest.fixture(scope="module")
def oostzaan() -> Protocol:
    protocol = load_protocol(OOSTZAAN_PATH).protocol
    assert protocol is not None
    return protocol


def _acknowledged(protocol: Protocol, engine: CaseEngine) -> Case:
    case = engine.open(protocol, {"reporter": "burger", "subject": "wethouder",
                                  "act": "uitgevoerd", "attributes": {"aanleiding": "vermoeden"}},
                       "2025-12-19")
    case.record("melding", "gemeld", "2025-12-19")
    case.record("ontvangstbevestiging", "bevestigd", "2025-12-22")
    return case


def test_the_melders_view_carries_the_reading(oostzaan: Protocol) -> None:
    engine = CaseEngine(max_live=2)
    case = _acknowledged(oostzaan, engine)
    silent = case.view("melder", "2026-01-05")["silent"]
    assert {s["audience"] for s in silent} == {"pers", "derden"}
    for silence in silent:
        (note,) = silence["ambiguities"]
        assert note["id"] == "melder_aangespoord"
        assert note["source"] == ["art. 2.1 lid 4"]
        assert any(EXHORTATION in r["text"] for r in note["readings"])
    # case.silent() (what simulate prints without --as) carries it too.
    assert all(s["ambiguities"][0]["id"] == "melder_aangespoord"
               for s in case.silent("2026-01-05") if s["id"].startswith("melder_"))
    engine.close()


def test_a_withheld_silence_tells_no_reading(tmp_path: Path) -> None:
    # Whoever may not see a silence's section may not see its reading either (it can
    # tell what the case is about, as the section can): Aalsmeer's melder, before the
    # case has begun, reads the silence withheld (tests/test_silence_proposals.py).
    text = (ROOT / "protocols" / "aalsmeer_draft.yaml").read_text(encoding="utf-8")
    assert text.count("\nambiguities:\n") == 1  # the concept has its own notes: add one
    text = text.replace("\nambiguities:\n", """
ambiguities:
  - id: stilte_lezing
    question: Zwijgt de melder over een wethouder?
    readings:
      - {id: ja, text: Ja.}
      - {id: nee, text: Nee.}
    chosen: ja
    reason: Zo.
    affects: [stilte_wethouder_melder]
    source: "Arnhem Fase 3, Communicatie, wethouder"
""", 1)
    path = tmp_path / "aalsmeer.yaml"
    path.write_text(text, encoding="utf-8")
    protocol = load_protocol(path).protocol
    assert protocol is not None
    engine = CaseEngine(max_live=2)
    case = engine.open(protocol, {"reporter": "raadslid", "subject": "wethouder",
                                  "act": "uitgevoerd"}, "2026-04-20")
    held = [s for s in case.silent("2026-04-21") if s["id"] == "stilte_wethouder_melder"]
    assert [n["id"] for s in held for n in s["ambiguities"]] == ["stilte_lezing"]
    mine = [s for s in case.view("melder", "2026-04-21")["silent"]
            if s["id"] == "stilte_wethouder_melder"]
    assert mine and all(s["withheld"] and s["ambiguities"] == [] for s in mine)
    engine.close()


@pytest.mark.parametrize("extra", [("--as", "melder"), ()])
def test_simulate_shows_the_reading_with_the_silence(
        capsys: pytest.CaptureFixture[str], extra: tuple[str, ...]) -> None:
    code, out, _ = run_cli(capsys, "simulate", "--lang", "nl", str(OOSTZAAN_PATH), str(KERST),
                           *extra, "--as-of", "2026-01-05")
    assert code == 0
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("Zwijgen tegenover pers"))
    assert lines[at + 1] == ("   Keuze tussen lezingen (melder_aangespoord): Moet de melder "
                             "na de ontvangstbevestiging zwijgen tegenover pers en derden, of "
                             "wordt hij daartoe alleen aangespoord?")
    assert EXHORTATION in out
    # The second silence names the same reading instead of repeating it.
    assert ("   Rust op een keuze tussen lezingen: Moet de melder na de "
            "ontvangstbevestiging zwijgen tegenover pers en derden, of wordt hij daartoe "
            "alleen aangespoord? (melder_aangespoord, zie boven)") in lines


def test_simulate_json_carries_the_reading(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "simulate", "--format", "json", str(OOSTZAAN_PATH),
                           str(KERST), "--as", "melder", "--as-of", "2026-01-05")
    assert code == 0
    silent = json.loads(out)["silent"]
    assert [n["id"] for s in silent for n in s["ambiguities"]] == ["melder_aangespoord"] * 2
