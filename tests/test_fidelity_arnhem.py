"""Fidelity of protocols/arnhem.yaml to the Arnhem *Procesafspraken Integriteit*.

The table below was written from reading the source text
(shared/sources/arnhem_procesafspraken_integriteit.txt), not from running the code: for
every route cell of Fase 1 (31 cells: Sectie 1 raadslid 1.1-1.6, Sectie 2 wethouder
2.1-2.6, Sectie 3 burgemeester 3.1-3.5; a) voorgenomen, b) uitgevoerd; the ambtenaar
cells cover both acts), for footnote 5 (griffiemedewerkers), footnote 8 (burgers and
ambtenaren as reporters) and the cases where the CvdK takes the burgemeester's place,
it says who acts, with the citation that justifies it. Where the text is read in a way
that needs explaining, see docs/protocols/arnhem.md.

Keys not given for a case are expected to be empty. An intended act (a) never leaves
Fase 1 (advice, no melding), so for a cells only ``first_contact`` is set.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pytest

from protocolkit.format.loader import load_protocol, load_text
from protocolkit.format.model import Protocol, StepKind, citations
from protocolkit.semantics import Scenario, refusal, resolve_step, responsibilities, route_graph
from tests.helpers import run_cli, unwrapped

ROOT = Path(__file__).resolve().parents[1]
PROTOCOL = ROOT / "protocols" / "arnhem.yaml"

KEYS = ("first_contact", "decides_follow_up", "commissions_investigation", "judges",
        "imposes_sanction", "communicates")


@dataclass(frozen=True)
class Case:
    id: str
    reporter: str
    subject: str
    act: str
    own: bool
    expected: dict[str, list[str]]
    source: str  # the section(s) of the source that justify the expectation
    out_of_scope: str | None = None  # a word the out_of_scope text must contain
    extra: dict[str, str] = field(default_factory=dict)


def intended(first: str) -> dict[str, list[str]]:
    """An intended act: only a first contact; the route ends in advice."""
    return {"first_contact": [first]}


def performed(first: str, decides: str, judges: str, communicates: str | None,
              sanctions: str | None = None) -> dict[str, list[str]]:
    """A performed act: melding, decision and vooronderzoek, investigation ordered by the
    one who decides, judgment and (unless ``sanctions`` says otherwise) sanction by the
    same body, press per subject."""
    return {
        "first_contact": [first],
        "decides_follow_up": [decides],
        "commissions_investigation": [decides],
        "judges": [judges],
        "imposes_sanction": [sanctions or judges],
        "communicates": [communicates] if communicates else [],
    }


CASES: list[Case] = [
    # ---------------------------------------------------------------- Sectie 1: raadslid
    Case("1.1 a raadslid over eigen handelen, voorgenomen", "raadslid", "raadslid",
         "voorgenomen", True, intended("griffier"),
         "Fase 1, 1.1 a: 'Het raadslid vraagt de griffier om advies'"),
    Case("1.1 b raadslid over eigen handelen, uitgevoerd", "raadslid", "raadslid",
         "uitgevoerd", True, performed("griffier", "burgemeester", "gemeenteraad", "burgemeester"),
         "Fase 1, 1.1 b (griffier; 'aan de burgemeester om te besluiten'; 'De raad velt het "
         "eindoordeel'); Fase 2, 2.1 (opdracht door de burgemeester); Fase 3, Communicatie, raadslid"),
    Case("1.2 a raadslid over collega-raadslid, voorgenomen", "raadslid", "raadslid",
         "voorgenomen", False, intended("raadslid"),
         "Fase 1, 1.2 a: 'Het raadslid bespreekt dit met de ander'"),
    Case("1.2 b raadslid over collega-raadslid, uitgevoerd", "raadslid", "raadslid",
         "uitgevoerd", False, performed("griffier", "burgemeester", "gemeenteraad", "burgemeester"),
         "Fase 1, 1.2 b (griffier eerst, dan gesprek; melding bij de burgemeester); Fase 3, 3.1"),
    Case("1.3 a raadslid over wethouder, voorgenomen", "raadslid", "wethouder",
         "voorgenomen", False, intended("wethouder"),
         "Fase 1, 1.3 a: 'Het raadslid bespreekt dit met de wethouder'"),
    Case("1.3 b raadslid over wethouder, uitgevoerd", "raadslid", "wethouder",
         "uitgevoerd", False, performed("griffier", "burgemeester", "gemeenteraad", "burgemeester"),
         "Fase 1, 1.3 b; Fase 3, 3.2 ('De raad beoordeelt zelfstandig'); Fase 3, Communicatie, wethouder"),
    Case("1.4 a raadslid over burgemeester, voorgenomen", "raadslid", "burgemeester",
         "voorgenomen", False, intended("griffier"),
         "Fase 1, 1.4 a: 'Het raadslid vraagt de griffier om advies'"),
    Case("1.4 b raadslid over burgemeester, uitgevoerd", "raadslid", "burgemeester",
         "uitgevoerd", False, performed("griffier", "cvdk", "gemeenteraad", "cvdk"),
         "Fase 1, 1.4 b ('aan de CvdK om te besluiten'); Fase 2, 1.2 en 2.2 (CvdK); "
         "Fase 3, 3.3 (the steps after the investigation are left to the CvdK: the CvdK "
         "judges; the raad keeps its political sanctions); "
         "Fase 3, Communicatie, burgemeester ('aan de CvdK overgelaten')"),
    Case("1.5 a raadslid over griffier, voorgenomen", "raadslid", "griffier",
         "voorgenomen", False, intended("griffier"),
         "Fase 1, 1.5 a: 'Het raadslid bespreekt dit met de griffier'"),
    Case("1.5 b raadslid over griffier, uitgevoerd", "raadslid", "griffier",
         "uitgevoerd", False,
         performed("griffier", "burgemeester", "werkgeverscommissie", "burgemeester"),
         "Fase 1, 1.5 b; Fase 3, 3.4 (werkgeverscommissie besluit); Fase 3, Communicatie, griffier"),
    Case("1.6 raadslid over ambtenaar, uitgevoerd", "raadslid", "ambtenaar",
         "uitgevoerd", False, {"first_contact": ["burgemeester"]},
         "Fase 1, 1.6: 'bespreekt zijn/haar twijfels met de burgemeester'; buiten het bestek",
         out_of_scope="Meldpunt"),
    # ---------------------------------------------------------------- Sectie 2: wethouder
    Case("2.1 a wethouder over eigen handelen, voorgenomen", "wethouder", "wethouder",
         "voorgenomen", True, intended("gemeentesecretaris"),
         "Fase 1, 2.1 a: 'De wethouder vraagt de gemeentesecretaris om advies'"),
    Case("2.1 b wethouder over eigen handelen, uitgevoerd", "wethouder", "wethouder",
         "uitgevoerd", True,
         performed("gemeentesecretaris", "burgemeester", "gemeenteraad", "burgemeester"),
         "Fase 1, 2.1 b; Fase 3, 3.2; Fase 3, Communicatie, wethouder"),
    Case("2.2 a wethouder over raadslid, voorgenomen", "wethouder", "raadslid",
         "voorgenomen", False, intended("raadslid"),
         "Fase 1, 2.2 a: 'De wethouder bespreekt dit met het raadslid'"),
    Case("2.2 b wethouder over raadslid, uitgevoerd", "wethouder", "raadslid",
         "uitgevoerd", False, performed("griffier", "burgemeester", "gemeenteraad", "burgemeester"),
         "Fase 1, 2.2 b: 'De wethouder vraagt de griffier om advies'; Fase 3, 3.1"),
    Case("2.3 a wethouder over collega-wethouder, voorgenomen", "wethouder", "wethouder",
         "voorgenomen", False, intended("wethouder"),
         "Fase 1, 2.3 a: 'bespreekt dit met de andere wethouder'"),
    Case("2.3 b wethouder over collega-wethouder, uitgevoerd", "wethouder", "wethouder",
         "uitgevoerd", False,
         performed("gemeentesecretaris", "burgemeester", "gemeenteraad", "burgemeester"),
         "Fase 1, 2.3 b; Fase 3, 3.2"),
    Case("2.4 a wethouder over burgemeester, voorgenomen", "wethouder", "burgemeester",
         "voorgenomen", False, intended("gemeentesecretaris"),
         "Fase 1, 2.4 a: 'De wethouder vraagt de gemeentesecretaris om advies'"),
    Case("2.4 b wethouder over burgemeester, uitgevoerd", "wethouder", "burgemeester",
         "uitgevoerd", False, performed("gemeentesecretaris", "cvdk", "gemeenteraad", "cvdk"),
         "Fase 1, 2.4 b ('aan de CvdK om te besluiten'); Fase 2, 2.2; Samenvatting van rollen "
         "en taken; Fase 3, Communicatie, burgemeester"),
    Case("2.5 a wethouder over griffier, voorgenomen", "wethouder", "griffier",
         "voorgenomen", False, intended("griffier"),
         "Fase 1, 2.5 a: 'De wethouder bespreekt dit met de griffier'"),
    Case("2.5 b wethouder over griffier, uitgevoerd", "wethouder", "griffier",
         "uitgevoerd", False,
         performed("griffier", "burgemeester", "werkgeverscommissie", "burgemeester"),
         "Fase 1, 2.5 b; Fase 3, 3.4; Fase 3, Communicatie, griffier"),
    Case("2.6 wethouder over ambtenaar, uitgevoerd", "wethouder", "ambtenaar",
         "uitgevoerd", False, {"first_contact": ["burgemeester"]},
         "Fase 1, 2.6: 'De wethouder bespreekt zijn/haar twijfels met de burgemeester'",
         out_of_scope="Meldpunt"),
    # ------------------------------------------------------------- Sectie 3: burgemeester
    Case("3.1 a burgemeester over eigen handelen, voorgenomen", "burgemeester", "burgemeester",
         "voorgenomen", True, {"first_contact": ["griffier", "gemeentesecretaris"]},
         "Fase 1, 3.1 a: 'advies in het driehoeksoverleg met de griffier en de "
         "gemeentesecretaris' (a joint step, in the text's order)"),
    Case("3.1 b burgemeester over eigen handelen, uitgevoerd", "burgemeester", "burgemeester",
         "uitgevoerd", True,
         {**performed("griffier", "cvdk", "gemeenteraad", "cvdk"),
          "first_contact": ["griffier", "gemeentesecretaris"]},
         "Fase 1, 3.1 b (driehoeksoverleg; 'aan de CvdK om te besluiten'; 'De raad beoordeelt zelfstandig de "
         "politieke consequenties'); Fase 2, 2.2; Fase 3, Communicatie, burgemeester"),
    Case("3.2 a burgemeester over raadslid, voorgenomen", "burgemeester", "raadslid",
         "voorgenomen", False, intended("raadslid"),
         "Fase 1, 3.2 a: 'bespreekt ... zijn/haar twijfels met het raadslid'"),
    Case("3.2 b burgemeester over raadslid, uitgevoerd", "burgemeester", "raadslid",
         "uitgevoerd", False, performed("raadslid", "burgemeester", "gemeenteraad", "burgemeester"),
         "Fase 1, 3.2 b ('is het aan de burgemeester om te besluiten'); Fase 3, 3.1"),
    Case("3.3 a burgemeester over wethouder, voorgenomen", "burgemeester", "wethouder",
         "voorgenomen", False, intended("wethouder"),
         "Fase 1, 3.3 a: 'bespreekt ... zijn/haar twijfels met de wethouder'"),
    Case("3.3 b burgemeester over wethouder, uitgevoerd", "burgemeester", "wethouder",
         "uitgevoerd", False,
         performed("wethouder", "burgemeester", "gemeenteraad", "burgemeester"),
         "Fase 1, 3.3 b; Fase 3, 3.2; Fase 3, Communicatie, wethouder"),
    Case("3.4 a burgemeester over griffier, voorgenomen", "burgemeester", "griffier",
         "voorgenomen", False, intended("griffier"),
         "Fase 1, 3.4 a: 'De burgemeester bespreekt dit met de griffier ... en formuleert een advies'"),
    Case("3.4 b burgemeester over griffier, uitgevoerd", "burgemeester", "griffier",
         "uitgevoerd", False,
         performed("griffier", "burgemeester", "werkgeverscommissie", "burgemeester"),
         "Fase 1, 3.4 b; Fase 3, 3.4; Fase 3, Communicatie, griffier"),
    Case("3.5 burgemeester over ambtenaar, uitgevoerd", "burgemeester", "ambtenaar",
         "uitgevoerd", False, {"first_contact": ["gemeentesecretaris"]},
         "Fase 1, 3.5: 'De burgemeester informeert de gemeentesecretaris'",
         out_of_scope="Meldpunt"),
    # --------------------------------- the ambtenaar cells cover both acts (1.6, 2.6, 3.5)
    Case("1.6 raadslid over ambtenaar, voorgenomen", "raadslid", "ambtenaar",
         "voorgenomen", False, {"first_contact": ["burgemeester"]},
         "Fase 1, 1.6 '(voorgenomen of uitgevoerde)'", out_of_scope="bestek"),
    Case("2.6 wethouder over ambtenaar, voorgenomen", "wethouder", "ambtenaar",
         "voorgenomen", False, {"first_contact": ["burgemeester"]},
         "Fase 1, 2.6 '(voorgenomen of uitgevoerde)'", out_of_scope="bestek"),
    Case("3.5 burgemeester over ambtenaar, voorgenomen", "burgemeester", "ambtenaar",
         "voorgenomen", False, {"first_contact": ["gemeentesecretaris"]},
         "Fase 1, 3.5 '(voorgenomen of uitgevoerde)'", out_of_scope="bestek"),
    # ------------------------------- the gemeentesecretaris himself (1.6, 2.6, 3.5, bullet 2)
    Case("1.6 raadslid over de gemeentesecretaris", "raadslid", "gemeentesecretaris",
         "uitgevoerd", False, {"first_contact": ["burgemeester"]},
         "Fase 1, 1.6: 'informeert de burgemeester de andere leden van het college'",
         out_of_scope="college"),
    Case("2.6 wethouder over de gemeentesecretaris", "wethouder", "gemeentesecretaris",
         "voorgenomen", False, {"first_contact": ["burgemeester"]},
         "Fase 1, 2.6, tweede bullet", out_of_scope="college"),
    Case("3.5 burgemeester over de gemeentesecretaris", "burgemeester", "gemeentesecretaris",
         "uitgevoerd", False, {"first_contact": ["college"]},
         "Fase 1, 3.5: 'informeert de burgemeester het college van wethouders'",
         out_of_scope="college"),
    # --------------------------------------------- voetnoot 5 (6, 7): griffiemedewerker
    Case("voetnoot 5 raadslid over griffiemedewerker, uitgevoerd", "raadslid",
         "griffiemedewerker", "uitgevoerd", False,
         {"first_contact": ["griffier"], "decides_follow_up": ["griffier"],
          "commissions_investigation": ["griffier"], "judges": ["griffier"],
          "imposes_sanction": ["griffier"]},
         "Voetnoot 5 ('bespreekt het raadslid dit met de griffier'; 'De griffier besluit, in "
         "overleg met de burgemeester'); Fase 3, 3.4 tweede alinea (de griffier besluit na "
         "consultatie van de werkgeverscommissie); geen persafspraak"),
    Case("voetnoot 6 wethouder over griffiemedewerker, uitgevoerd", "wethouder",
         "griffiemedewerker", "uitgevoerd", False,
         {"first_contact": ["griffier"], "decides_follow_up": ["griffier"],
          "commissions_investigation": ["griffier"], "judges": ["griffier"],
          "imposes_sanction": ["griffier"]},
         "Voetnoot 6 (zie voetnoot 5), Fase 3, 3.4"),
    Case("voetnoot 7 burgemeester over griffiemedewerker, uitgevoerd", "burgemeester",
         "griffiemedewerker", "uitgevoerd", False,
         {"first_contact": ["griffier"], "decides_follow_up": ["griffier"],
          "commissions_investigation": ["griffier"], "judges": ["griffier"],
          "imposes_sanction": ["griffier"]},
         "Voetnoot 7 (zie voetnoot 5), Fase 3, 3.4"),
    Case("voetnoot 5 raadslid over griffiemedewerker, voorgenomen", "raadslid",
         "griffiemedewerker", "voorgenomen", False, {"first_contact": ["griffier"]},
         "Voetnoot 5: the griffier decides only 'bij een uitgevoerde handeling'",
         out_of_scope="bevoegd gezag"),
    # -------------------------------------------- voetnoot 8: burgers, bedrijven, instanties
    Case("voetnoot 8 burger over raadslid", "burger", "raadslid", "uitgevoerd", False,
         performed("burgemeester", "burgemeester", "gemeenteraad", "burgemeester"),
         "Voetnoot 8 ('via de gemeentelijke klachtenprocedure of rechtstreeks bij de "
         "burgemeester, treedt fase 2 ... in werking'); Fase 3, 3.1"),
    Case("voetnoot 8 burger over wethouder", "burger", "wethouder", "uitgevoerd", False,
         performed("burgemeester", "burgemeester", "gemeenteraad", "burgemeester"),
         "Voetnoot 8; Fase 3, 3.2"),
    Case("voetnoot 8 burger over burgemeester (CvdK)", "burger", "burgemeester",
         "uitgevoerd", False,
         {**performed("cvdk", "cvdk", "gemeenteraad", "cvdk"), "first_contact": ["burgemeester"]},
         "Voetnoot 8 ('rechtstreeks bij de burgemeester') with Fase 2, 1.2: from Fase 2 on "
         "the CvdK is eindverantwoordelijk"),
    Case("voetnoot 8 ambtenaar over wethouder", "ambtenaar", "wethouder", "uitgevoerd",
         False,
         performed("gemeentesecretaris", "burgemeester", "gemeenteraad", "burgemeester"),
         "Voetnoot 8: 'Ambtenaren ... informeren de gemeentesecretaris voordat zij zich tot de "
         "burgemeester wenden'"),
    Case("voetnoot 8 ambtenaar over burgemeester (CvdK)", "ambtenaar", "burgemeester",
         "uitgevoerd", False, performed("gemeentesecretaris", "cvdk", "gemeenteraad", "cvdk"),
         "Voetnoot 8; Fase 2, 1.2 en 2.2"),
]


@pytest.fixture(scope="module")
def protocol():
    result = load_protocol(PROTOCOL)
    assert result.protocol is not None, [str(f) for f in result.findings]
    return result.protocol


def cell_of(case: Case) -> str | None:
    """'1.3 b' for '1.3 b raadslid over ...', '1.6' for '1.6 raadslid over ...'."""
    words = case.id.split()
    if not words[0][0].isdigit():
        return None
    return f"{words[0]} {words[1]}" if words[1] in ("a", "b") else words[0]


def test_table_covers_every_route_cell() -> None:
    cells = {cell_of(c) for c in CASES}
    expected = {f"{s}.{n} {a}" for s in (1, 2) for n in range(1, 6) for a in "ab"}
    expected |= {f"3.{n} {a}" for n in range(1, 5) for a in "ab"}
    expected |= {"1.6", "2.6", "3.5"}
    assert len(expected) == 31
    assert expected <= cells


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_who_acts(protocol, case: Case) -> None:
    r = responsibilities(protocol, Scenario(reporter=case.reporter, subject=case.subject,
                                            act=case.act, own=case.own))
    got = {key: list(getattr(r, key)) for key in KEYS}
    want = {key: case.expected.get(key, []) for key in KEYS}
    assert got == want, f"{case.id} (source: {case.source})"
    if case.out_of_scope is None:
        assert r.out_of_scope is None, f"{case.id}: unexpectedly out of scope ({case.source})"
    else:
        assert r.out_of_scope is not None and case.out_of_scope in r.out_of_scope, \
            f"{case.id}: expected out of scope ({case.source})"


def test_cvdk_takes_the_burgemeesters_place(protocol) -> None:
    """Fase 2, 1.2 / 2.2 and Fase 3, 3.3: with the burgemeester as subject the CvdK decides,
    orders the investigation and hears him; the burgemeester is still addressed himself."""
    sc = Scenario("raadslid", "burgemeester", "uitgevoerd", False)
    # 1.4 b: "Het is dan aan de CvdK om te besluiten of de stap naar fase 2 wordt gezet".
    assert resolve_step(protocol, "r14b_besluit_fase2", sc).actor.role == "cvdk"
    # Shared Fase 2 steps that name the burgemeester: the CvdK acts in his place.
    assert resolve_step(protocol, "melder_informeren", sc).actor.role == "cvdk"
    assert resolve_step(protocol, "aangifte_vooronderzoek", sc).actor.role == "cvdk"
    assert resolve_step(protocol, "vooronderzoek_burgemeester", sc).actor.role == "cvdk"
    assert resolve_step(protocol, "wederhoor_burgemeester", sc).counterpart.role == "burgemeester"
    assert resolve_step(protocol, "r14b_aanspreken", sc).counterpart.role == "burgemeester"


def test_the_cvdks_moment_to_speak_is_not_set_by_the_text(protocol, tmp_path: Path,
                                                          capsys) -> None:
    """Fase 3, Communicatie: "Bij sanctionering van de burgemeester: Dit wordt aan de
    CvdK overgelaten." The CvdK speaks, but the text sets no moment, and Basisprincipe 2
    wants no kwestie "in een te vroeg stadium in de publiciteit": the answer says the
    moment is not set by the text, never "in elk stadium" (at every stage)."""
    answers = responsibilities(protocol, Scenario("raadslid", "burgemeester", "uitgevoerd"))
    assert answers.communicates == ["cvdk"]
    assert [(s["role"], s["from"], s["moment_not_set"]) for s in answers.speakers] == [
        ("cvdk", None, True)]
    argv = ("responsibilities", str(PROTOCOL), "--reporter", "raadslid", "--subject",
            "burgemeester", "--act", "uitgevoerd")
    _, out, _ = run_cli(capsys, *argv, "--lang", "nl")
    out = unwrapped(out)
    assert ("moment niet bepaald door de tekst: Commissaris van de Koning (Gelderland) "
            "(pers)") in out
    assert "in elk stadium" not in out
    _, out, _ = run_cli(capsys, *argv, "--lang", "en")
    out = unwrapped(out)
    assert "moment not set by the text: Commissaris van de Koning (Gelderland) (the press)" in out
    assert "at every stage" not in out
    # The flag is strict: with a from_step, or on a silence, it is an invalid-value error.
    text = PROTOCOL.read_text(encoding="utf-8")
    rule = "    moment_not_set: true\n    when: {subject: burgemeester, act: uitgevoerd}\n"
    assert rule in text
    for extra, said in (("    from_step: vooronderzoek_burgemeester\n", "from_step"),
                        ("    allowed: false\n", "allowed: false")):
        bad = tmp_path / "bad.yaml"
        bad.write_text(text.replace(rule, extra + rule), encoding="utf-8")
        code, out, _ = run_cli(capsys, "validate", str(bad), "--lang", "en")
        line = next(l for l in out.splitlines() if "error[invalid-value]" in l)
        assert code == 1 and "pers_burgemeester_cvdk" in line and said in line, line
    bad.write_text(text.replace(rule, "    from_step: vooronderzoek_burgemeester\n" + rule),
                   encoding="utf-8")
    _, out, _ = run_cli(capsys, "validate", str(bad), "--lang", "nl")
    assert "kies het een of het ander" in out, out


def test_who_suspends_or_dismisses_the_burgemeester_is_not_set_by_the_text(
        protocol, tmp_path: Path, capsys) -> None:
    """Sanctiemogelijkheden lists "schorsing / ontslag (alleen voor burgemeester, wethouder
    en griffier)" without saying who imposes it on the burgemeester; 3.3 only says "De
    stappen die moeten worden ondernomen naar aanleiding van een ingesteld onderzoek naar
    het handelen van de burgemeester is aan de Commissaris van de Koning in de provincie
    overgelaten", which names no power to suspend. The answer names no one (it said
    "opgelegd door cvdk")."""
    answers = responsibilities(protocol, Scenario("raadslid", "burgemeester", "uitgevoerd"))
    found = [s for s in answers.sanctions if s["id"] == "schorsing_ontslag_burgemeester"]
    assert [(s["imposed_by"], s["imposer_not_set"]) for s in found] == [([], True)]
    argv = ("responsibilities", str(PROTOCOL), "--reporter", "raadslid", "--subject",
            "burgemeester", "--act", "uitgevoerd")
    _, out, _ = run_cli(capsys, *argv, "--lang", "nl")
    line = next(l for l in out.splitlines() if "Schorsing / ontslag van de burgemeester" in l)
    assert "de tekst bepaalt niet wie haar oplegt" in line and "cvdk" not in line, line
    _, out, _ = run_cli(capsys, "route", *argv[1:], "--lang", "en")
    line = next(l for l in out.splitlines() if "Schorsing / ontslag van de burgemeester" in l)
    assert "the text does not say who imposes it" in line and "cvdk" not in line, line
    # Strict: the flag with a role, or neither, is an invalid-value error.
    text = PROTOCOL.read_text(encoding="utf-8")
    flag = "    imposer_not_set: true\n    applies_to: [burgemeester]\n"
    assert flag in text
    both = "    imposer_not_set: true\n    imposed_by: [cvdk]\n    applies_to: [burgemeester]\n"
    offered = "    imposer_not_set: true\n    offered: true\n    applies_to: [burgemeester]\n"
    for replacement, said in ((both, "kies het een of het ander"),
                              (offered, "de tekst niemand noemt"),
                              ("    applies_to: [burgemeester]\n", "imposer_not_set: true")):
        bad = tmp_path / "bad.yaml"
        bad.write_text(text.replace(flag, replacement), encoding="utf-8")
        code, out, _ = run_cli(capsys, "validate", str(bad), "--lang", "nl")
        line = next(l for l in out.splitlines() if "fout[invalid-value]" in l)
        assert code == 1 and said in line, line


def test_deadlines(protocol) -> None:
    """Fase 2, 1.1: 'maximaal vier weken'; Fase 2, 2.1: 'maximaal acht weken'."""
    for step_id in ("vooronderzoek", "vooronderzoek_griffier"):
        d = protocol.step(step_id).deadline
        assert (d.amount, d.unit) == (4, "weken")
    d = protocol.step("onderzoek").deadline
    assert (d.amount, d.unit) == (8, "weken")


def test_schorsing_ontslag_only_for_named_roles(protocol) -> None:
    """Fase 3, Sanctiemogelijkheden: 'schorsing / ontslag (alleen voor burgemeester,
    wethouder en griffier)' (src l. 992). The list says for whom, not by whom: for the
    burgemeester it is a separate entry that the raad does not impose (issue 14, item 2)."""
    covered = {role for s in protocol.sanctions if s.name.lower().startswith("schorsing")
               for role in s.applies_to}
    assert covered == {"burgemeester", "griffier", "wethouder"}
    for s in protocol.sanctions:
        if s.name.lower().startswith("schorsing") and "burgemeester" in s.applies_to:
            assert "gemeenteraad" not in s.imposed_by


def test_validates_without_errors_or_warnings() -> None:
    from protocolkit.api import validate_files

    report = validate_files([PROTOCOL])
    bad = [f for f in report.findings if f.severity.value in ("error", "warning")]
    assert not bad, "\n".join(str(f) for f in bad)


# =====================================================================================
# Issue 14: the re-read. Each row below was written from the source text (line numbers of
# shared/sources/arnhem_procesafspraken_integriteit.txt), not from running the code.
# =====================================================================================


def performed_by(reporter: str, subject: str, own: bool = False) -> Scenario:
    return Scenario(reporter=reporter, subject=subject, act="uitgevoerd", own=own)


# ---------------------------------------------------------------- item 11: citations

@pytest.mark.parametrize(("subject", "section", "not_cited"), [
    # Fase 3, 3.1 (l. 1025-1028): the raad judges a raadslid.
    ("raadslid", "Fase 3, 3.1", ["Fase 3, 3.2", "Fase 3, 3.3", "Fase 3, 3.4"]),
    # Fase 3, 3.2 (l. 1036-1038): "De raad beoordeelt zelfstandig".
    ("wethouder", "Fase 3, 3.2", ["Fase 3, 3.1", "Fase 3, 3.3", "Fase 3, 3.4"]),
    # Samenvatting van rollen en taken (l. 1475): "Velt het eindoordeel over ... de
    # burgemeester"; 3.3 (l. 1042-1044) leaves the steps to the CvdK and is no source
    # for the raad's judgment.
    ("burgemeester", "Samenvatting van rollen en taken",
     ["Fase 3, 3.1", "Fase 3, 3.2", "Fase 3, 3.3", "Fase 3, 3.4"]),
    # Fase 3, 3.4 (l. 1048-1051): the werkgeverscommissie decides on the griffier.
    ("griffier", "Fase 3, 3.4", ["Fase 3, 3.1", "Fase 3, 3.2", "Fase 3, 3.3"]),
])
def test_the_eindoordeel_cites_the_section_for_its_subject(protocol: Protocol, subject: str,
                                                            section: str,
                                                            not_cited: list[str]) -> None:
    r = responsibilities(protocol, performed_by("raadslid", subject))
    assert section in r.sources["judges"]
    assert not set(not_cited) & set(r.sources["judges"]), r.sources["judges"]


def test_the_raads_sanction_on_the_burgemeester_does_not_cite_3_3(protocol: Protocol) -> None:
    """Item 2: Fase 3, 3.3 (l. 1042-1044) leaves the steps after an investigation to the
    CvdK: it cannot be the source for a sanction of the raad; schorsing / ontslag (l. 992)
    is listed without saying who imposes it, so the raad does not offer it."""
    sc = performed_by("raadslid", "burgemeester")
    r = responsibilities(protocol, sc)
    assert "Fase 3, 3.3" not in r.sources["imposes_sanction"]
    graph = route_graph(protocol, sc)
    for node in graph:
        view = graph.nodes[node]["view"]
        if view.kind is StepKind.sanctie and view.actor.role == "gemeenteraad":
            offered = {protocol.sanction(s).name.lower() for s in protocol.step(node).sanctions}
            assert not [n for n in offered if n.startswith("schorsing")], node


def test_voetnoot_8_is_cited_only_on_the_routes_it_governs(protocol: Protocol) -> None:
    """Item 11 / item 5: footnote 8 (l. 847-851) concerns burgers, bedrijven, instanties
    and ambtenaren as melders; a raadslid's route does not rest on it."""
    for sc, cited in ((performed_by("raadslid", "raadslid"), False),
                      (performed_by("raadslid", "wethouder"), False),
                      (performed_by("burger", "raadslid"), True)):
        graph = route_graph(protocol, sc)
        on_route = any("Voetnoot 8" in (graph.nodes[n]["view"].source or []) for n in graph)
        assert on_route is cited, sc.label()


def test_the_melding_cites_fase_2_1_2_only_on_the_burgemeesters_route(
        protocol: Protocol) -> None:
    """Fase 2, 1.2 (l. 879-882) speaks of the burgemeester only: "Bij een vermoeden van een
    integriteitsschending door de burgemeester is de CvdK eindverantwoordelijk voor een
    zorgvuldige procesgang." A burger's melding about a raadslid goes to the burgemeester's
    vooronderzoek (1.1, l. 812: "door een raadslid, een wethouder of een
    griffiefunctionaris beoordeelt de burgemeester"); its reader is not pointed to 1.2.
    The melding itself rests on footnote 8 (l. 847-849: "Als zij daarvan melding doen via
    de gemeentelijke klachtenprocedure of rechtstreeks bij de burgemeester, treedt fase 2
    van de Procesafspraken Integriteit in werking")."""
    def cited(subject: str) -> tuple[set[str], set[str]]:
        view = resolve_step(protocol, "melding_fase2", performed_by("burger", subject))
        return set(view.source), {c for o in view.outcomes for c in o.source}

    step, outcomes = cited("burgemeester")
    assert step == {"Voetnoot 8"} and outcomes == {"Fase 2, 1.2"}
    for subject in ("raadslid", "wethouder"):
        step, outcomes = cited(subject)
        assert step == {"Voetnoot 8"} and not outcomes, subject
        assert "Fase 2, 1.2" not in route_citations(protocol, "burger", subject), subject
    assert "Fase 2, 1.2" in route_citations(protocol, "burger", "burgemeester")


def route_citations(protocol: Protocol, reporter: str, subject: str) -> set[str]:
    """Every section the route of ``reporter -> subject`` (performed) cites on its steps
    and outcomes, as ``route --format json`` gives it (what the wegwijzer's Bron lists)."""
    from protocolkit.api import route

    data = route(protocol, performed_by(reporter, subject)).to_dict()
    return {c for step in data["steps"] for c in [
        *step["source"], *(c for o in step["outcomes"] for c in o["source"])]}


def test_afgedaan_does_not_cite_one_cell_for_every_route(protocol: Protocol) -> None:
    """Item 11: "is de zaak afgedaan" is said per cell (1.1 a, 1.1 b, ...); the shared end
    step must not cite cell 1.1 a for every route."""
    cites = citations(protocol.step("afgedaan").source)
    assert not [c for c in cites if c.startswith("Fase 1,")], cites



def test_the_outcome_afgedaan_cites_its_own_cell(protocol: Protocol) -> None:
    """Item 11: 1.1 a (l. 229-231): "Als de gedeelde conclusie is dat de voorgenomen
    handeling geen schending is, is de zaak afgedaan"."""
    outcome = next(o for o in protocol.step("r11a_advies_griffier").outcomes
                   if o.id == "geen_schending")
    assert "Fase 1, 1.1 a" in citations(outcome.source)


# ---------------------------------------------------------------- item 12: honest titles

def admission_paths(protocol: Protocol, sc: Scenario) -> Iterator[list[str]]:
    """Every path from an admission edge to the eindoordeel, in ``sc``'s route graph."""
    graph = route_graph(protocol, sc)
    judged = [n for n in graph if graph.nodes[n]["view"].kind is StepKind.oordeel]
    for u, v, admission in graph.edges(data="admission"):
        if admission:
            for target in judged:
                yield from ([u, *p] for p in nx.all_simple_paths(graph, v, target))


@pytest.mark.parametrize("subject", ["raadslid", "wethouder", "griffier"])
def test_titles_on_admission_paths_do_not_claim_a_report(protocol: Protocol, subject: str) -> None:
    """Item 12: after an admission (1.1 b l. 266-271, 2.1 b l. 470-474, Fase 2 scenario 2
    l. 859-861) there is no investigation report; a step on that path must not say that
    someone reads "het definitieve rapport" unless it says "na een onderzoek"."""
    seen = 0
    for path in admission_paths(protocol, performed_by("raadslid", subject)):
        seen += 1
        for node in path:
            title = protocol.step(node).title
            for m in re.finditer(r"definitieve (onderzoeks)?rapport", title):
                assert "na een onderzoek" in title[:m.start()].lower(), (path, title)
            assert protocol.step(node).kind is not StepKind.rapportage, path
    assert seen


def test_a_wethouder_who_admits_goes_to_the_raad_without_a_zwaarte_oordeel(protocol: Protocol) -> None:
    """Item 12: 2.1 b (l. 473-474): "De raad beoordeelt zelfstandig de politieke
    consequenties, zonder dat de burgemeester eerst een zwaarte-oordeel heeft geveld"."""
    graph = route_graph(protocol, performed_by("wethouder", "wethouder", own=True))
    paths = list(nx.all_simple_paths(graph, "erkenning_wethouder", "oordeel_wethouder"))
    assert paths
    for path in paths:
        assert not [n for n in path if protocol.step(n).kind is StepKind.zwaarte_oordeel], path


# ---------------------------------------------------------------- item 3: who is consulted

def test_griffier_takes_part_in_1_4_a_only_when_he_goes_along(protocol: Protocol) -> None:
    """Item 3: 1.4 a (l. 1296): "Indien het raadslid en de griffier concluderen dat de
    handeling een schending kan zijn, gaan zij samen naar de burgemeester. Bij een verschil
    van inzicht met de griffier, gaat het raadslid zelf naar de burgemeester". Going
    together, the griffier acts with the raadslid (issue 13 L2: a joint step), not as
    someone consulted."""
    sc = Scenario("raadslid", "burgemeester", "voorgenomen", False)
    outcomes = {o.id: o.next for o in protocol.step("r14a_advies_griffier").outcomes}
    together = resolve_step(protocol, outcomes["mogelijk_schending"], sc)
    alone = resolve_step(protocol, outcomes["verschil_van_inzicht"], sc)
    assert "griffier" in [a.role for a in together.actors]
    assert "griffier" not in [a.role for a in alone.actors + alone.consulted]


def test_the_cvdk_does_not_close_a_talk_it_never_saw(protocol: Protocol) -> None:
    """Item 3: in 1.4 a (l. 1294-1298) a talk between raadslid, griffier and burgemeester
    can end without the CvdK; the CvdK acts only where the text puts it (Fase 2 1.2, 2.2,
    Fase 3 3.3, "aan de CvdK om te besluiten")."""
    sc = Scenario("raadslid", "burgemeester", "voorgenomen", False)
    graph = route_graph(protocol, sc)
    for node in graph:
        view = graph.nodes[node]["view"]
        if view.kind in (StepKind.afgedaan, StepKind.registratie):
            assert view.actor.role != "cvdk", node


def test_a_burger_reports_about_the_burgemeester_to_the_burgemeester(protocol: Protocol) -> None:
    """Item 5: footnote 8 (l. 848): "via de gemeentelijke klachtenprocedure of
    rechtstreeks bij de burgemeester"; the CvdK is eindverantwoordelijk from Fase 2 (1.2)."""
    r = responsibilities(protocol, performed_by("burger", "burgemeester"))
    assert r.first_contact == ["burgemeester"]
    assert r.decides_follow_up == ["cvdk"]


def test_a_melding_about_the_burgemeester_lodged_with_himself_is_shown(protocol: Protocol) -> None:
    """Audit 10, A1. Voetnoot 8: "Als zij daarvan melding doen via de gemeentelijke
    klachtenprocedure of rechtstreeks bij de burgemeester, treedt fase 2 ... in werking" -
    no exception for the burgemeester as subject, and no word on how the melding then
    reaches the CvdK, who "is ... eindverantwoordelijk" (Fase 2, 1.2). The route keeps the
    text's words and shows that the subject receives the melding about himself."""
    view = resolve_step(protocol, "melding_fase2", performed_by("burger", "burgemeester"))
    assert view.counterpart is not None and view.counterpart.role == "burgemeester"
    assert "melding_over_burgemeester_bij_burgemeester" in view.ambiguities
    other = resolve_step(protocol, "melding_fase2", performed_by("burger", "raadslid"))
    assert "melding_over_burgemeester_bij_burgemeester" not in other.ambiguities


def test_who_investigates_the_burgemeester_is_not_taken_from_2_1(protocol: Protocol) -> None:
    """Audit 10, A1. Fase 2, 2.2: "Een onderzoek naar het handelen van de burgemeester is
    aan de Commissaris van de Koning in de provincie overgelaten." The "professionele
    onderzoekers uit de ambtelijke organisatie van de gemeente" and the "extern bureau" are
    2.1's, "Betreft: handelen van een raadslid, een wethouder of de griffier": the
    burgemeester's onderzoek names the CvdK, cited 2.2, and no onderzoeker."""
    graph = route_graph(protocol, performed_by("burger", "burgemeester"))
    for node in graph:
        view = graph.nodes[node]["view"]
        assert view.actor.role != "onderzoeker", node
        if view.kind in (StepKind.onderzoek, StepKind.rapportage):
            assert view.actor.role == "cvdk" and "Fase 2, 2.2" in view.actor_source, node
            assert not any(c.startswith("Fase 2, 2.1") for c in view.source or []), node


# ---------------------------------------------------------------- item 8: aangifte

def test_aangifte_does_not_end_the_integrity_procedure(protocol: Protocol) -> None:
    """Item 8: "kan de burgemeester hiervan aangifte doen ... verplicht" (l. 874-876): the
    text invents no branch in which the criminal case replaces the procedure; after an
    aangifte the vooronderzoek's own scenarios (l. 854-872) continue."""
    for subject in ("raadslid", "wethouder", "griffier", "burgemeester"):
        graph = route_graph(protocol, performed_by("raadslid", subject))
        screening = next(n for n in graph
                         if graph.nodes[n]["view"].kind is StepKind.vooronderzoek)
        aangifte = [v for _, v in graph.out_edges(screening)
                    if graph.nodes[v]["view"].kind is StepKind.aangifte]
        assert aangifte, subject
        continuing = {v for _, v in graph.out_edges(screening)} - set(aangifte)
        admitted = {v for _, v, a in graph.out_edges(screening, data="admission") if a}
        for step in aangifte:
            after = {v for _, v, track in graph.out_edges(step, data="track") if not track}
            assert after <= continuing, (subject, after - continuing)
            # scenario 2 (erkenning) continues too: the procedure is not cut short
            assert admitted <= after, (subject, admitted - after)


def test_aangifte_runs_as_a_track_beside_the_procedure(protocol: Protocol) -> None:
    """Item 8: the aangifte with politie/OM runs alongside the integrity procedure: every
    continuation after an aangifte also opens the criminal track, which ends on its own."""
    for step_id in ("aangifte_vooronderzoek", "aangifte_onderzoek"):
        for outcome in protocol.step(step_id).outcomes:
            assert outcome.tracks, (step_id, outcome.id)
            for track in outcome.tracks:
                assert protocol.step(track).end, track


# ---------------------------------------------------------------- item 9: Fase 4

@pytest.mark.parametrize(("subject", "offered"), [
    ("raadslid", True), ("wethouder", True), ("burgemeester", False), ("griffier", False)])
def test_the_evaluatiegesprek_is_with_a_raadslid_or_wethouder(protocol: Protocol, subject: str,
                                                             offered: bool) -> None:
    """Item 9: 4.1 (l. 1097-1099): "kan de burgemeester een evaluatiegesprek met dit
    raadslid of deze wethouder inplannen"."""
    graph = route_graph(protocol, performed_by("raadslid", subject))
    talks = [n for n in graph if graph.nodes[n]["view"].phase == "fase4"
             and graph.nodes[n]["view"].counterpart is not None
             and graph.nodes[n]["view"].counterpart.named == "betrokkene"]
    assert bool(talks) is offered, talks


def test_griffier_and_gemeentesecretaris_register_together(capsys: pytest.CaptureFixture[str]) -> None:
    """Item 9: 4.2 (l. 1103): "maken de griffier en de gemeentesecretaris ... een
    geanonimiseerd overzicht"."""
    _, out, _ = run_cli(capsys, "route", str(PROTOCOL), "--reporter", "raadslid",
                           "--subject", "wethouder", "--act", "uitgevoerd", "--format", "json")
    steps = json.loads(out)["steps"]
    registratie = next(s for s in steps if s["id"] == "registratie")
    assert {"griffier", "gemeentesecretaris"} <= set(registratie["actors"])


# ---------------------------------------------------------------- item 7: driehoeksoverleg

@pytest.mark.parametrize("act", ["voorgenomen", "uitgevoerd"])
def test_the_driehoeksoverleg_is_griffier_and_gemeentesecretaris(protocol: Protocol, act: str) -> None:
    """Item 7: 3.1 a/b (l. 1379, 1382): "advies in het driehoeksoverleg met de griffier en
    de gemeentesecretaris", in that order."""
    r = responsibilities(protocol, Scenario("burgemeester", "burgemeester", act, True))
    assert r.first_contact == ["griffier", "gemeentesecretaris"]


# ---------------------------------------------------------------- item 1: press silence

def test_everyone_else_waits_until_after_the_raadsvergadering(protocol: Protocol) -> None:
    """Item 1: Communicatie (l. 1434): "Tot die tijd spreekt geen van de betrokkenen (zoals
    de melder, het raadslid wiens handelen is onderzocht, fractievoorzitters, raadsleden,
    politieke partijen) met de pers. Allen wachten daarmee tot na de raadsvergadering"."""
    data = responsibilities(protocol, performed_by("wethouder", "raadslid")).to_dict()
    silent = [s for s in data["silent"]
              if "Fase 3, Communicatie, raadslid" in citations(s["source"])]
    assert silent
    named = {role for s in silent for role in s["named"]}
    # named as the text names them: the melder, the raadslid concerned (betrokkene),
    # fractievoorzitters, raadsleden, politieke partijen
    assert {"melder", "betrokkene", "fractievoorzitters", "raadslid", "fractie"} <= named
    # and resolved for this case: the wethouder who reported and the raadslid concerned
    roles = {role for s in silent for role in s["roles"]}
    assert {"wethouder", "raadslid", "fractievoorzitters", "fractie"} <= roles
    for s in silent:
        assert s["until"] and all(protocol.step(e["step"]).kind is StepKind.oordeel
                                  for e in s["until"])


# ---------------------------------------------------------------- item 4: fractie sanctions

def test_sanctions_by_the_fractie_are_shown_for_a_raadslid(protocol: Protocol) -> None:
    """Item 4: category 2, "sancties opgelegd door de eigen fractie/partij" (l. 980):
    royement, verwijdering uit de raadsfractie (l. 994, 999)."""
    data = responsibilities(protocol, performed_by("wethouder", "raadslid")).to_dict()
    by_fractie = {s["id"] for s in data["sanctions"] if "fractie" in s["imposed_by"]}
    assert {"royement", "verwijdering_uit_fractie"} <= by_fractie


# ---------------------------------------------------------------- item 10: fractievolger

def test_a_fractievolger_reads_as_a_raadslid(capsys: pytest.CaptureFixture[str]) -> None:
    """Item 10: "Overal waar ... 'raadslid' staat geschreven, kan ook 'fractievolger'
    worden gelezen" (l. 1227)."""
    argv = ["--subject", "wethouder", "--act", "uitgevoerd", "--format", "json"]
    code, alias, _ = run_cli(capsys, "responsibilities", str(PROTOCOL),
                             "--reporter", "fractievolger", *argv)
    assert code == 0
    _, raadslid, _ = run_cli(capsys, "responsibilities", str(PROTOCOL),
                             "--reporter", "raadslid", *argv)
    assert json.loads(alias)["first_contact"] == json.loads(raadslid)["first_contact"]


# ---------------------------------------------------------------- items 2, 5, 6: readings

def test_a_burger_about_the_griffier_is_refused_with_where_the_text_sends_it(capsys: pytest.CaptureFixture[str]) -> None:
    """Item 5: footnote 8 (l. 847) speaks of "het handelen van een politieke ambtsdrager";
    the chosen reading excludes the griffier, so no command answers that scenario."""
    code, out, err = run_cli(capsys, "responsibilities", str(PROTOCOL), "--reporter",
                             "burger", "--subject", "griffier", "--act", "uitgevoerd")
    assert code == 1 and "scenario-not-covered" in out + err
    # Audit 10, A12: the footnote also sits on "Bij een melding van een mogelijke
    # integriteitsschending door een raadslid, een wethouder of een griffiefunctionaris
    # beoordeelt de burgemeester" (Fase 2, 1.1): the refusal rests on a reading, says so
    # and gives the other one; it does not send a citizen to the Fase 1 routes
    # (1.5, 2.5, 3.4), which only a raadslid, a wethouder or the burgemeester can take.
    code, out, err = run_cli(capsys, "responsibilities", str(PROTOCOL), "--reporter",
                             "burger", "--subject", "griffier", "--act", "uitgevoerd",
                             "--lang", "nl")
    said = out + err
    assert code == 1
    assert "dit rust op een keuze tussen lezingen (voetnoot_8_reikwijdte)" in said
    assert "Gekozen (politieke_ambtsdragers)" in said
    assert "De andere lezing (ook_griffiefunctionaris)" in said
    assert "hoort het elders" not in said
    # about griffie staff the text does send it elsewhere: "de interne regeling ... die
    # voor alle ambtenaren geldt" (voetnoot 5)
    code, out, err = run_cli(capsys, "responsibilities", str(PROTOCOL), "--reporter",
                             "burger", "--subject", "griffiemedewerker", "--act",
                             "uitgevoerd", "--lang", "nl")
    assert code == 1 and "volgens de tekst hoort het elders" in out + err


def test_the_scope_of_voetnoot_8_is_noted_only_where_it_matters(protocol: Protocol) -> None:
    """Audit 10, A1/A8. Voetnoot 8 speaks of "het handelen van een politieke
    ambtsdrager" and sits on the sentence naming "een raadslid, een wethouder of een
    griffiefunctionaris": the two readings differ only for the griffier. A burger's or
    an ambtenaar's case about a raadslid, a wethouder or the burgemeester does not rest
    on that choice and does not show it; the griffier's refusal does."""
    for reporter in ("burger", "ambtenaar"):
        for subject in ("raadslid", "wethouder", "burgemeester"):
            sc = performed_by(reporter, subject)
            data = responsibilities(protocol, sc).to_dict()
            assert all(n["id"] != "voetnoot_8_reikwijdte" for n in data["ambiguities"]), sc
            graph = route_graph(protocol, sc)
            assert all("voetnoot_8_reikwijdte" not in graph.nodes[n]["view"].ambiguities
                       for n in graph), sc
        why = refusal(protocol, performed_by(reporter, "griffier"))
        assert why is not None and why.reading is not None
        assert why.reading[0] == "voetnoot_8_reikwijdte"


def test_the_griffier_exclusion_holds_only_under_the_reading_it_follows() -> None:
    """Review 7, item 1. The exclusion of a burger's melding about the griffier follows
    the reading politieke_ambtsdragers of voetnoot_8_reikwijdte. Were the note to
    choose ook_griffiefunctionaris (under which a burger can report about the
    griffier), the exclusion excludes nothing: the question is answered, not refused
    with "Gekozen (ook_griffiefunctionaris): ... geen route", and validate says so at
    the reading the entry follows."""
    text = PROTOCOL.read_text(encoding="utf-8")
    follows = "      reading: {note: voetnoot_8_reikwijdte, follows: politieke_ambtsdragers}"
    assert text.count(follows) == 1 and text.count("    chosen: politieke_ambtsdragers\n") == 1
    flipped = text.replace("    chosen: politieke_ambtsdragers\n",
                           "    chosen: ook_griffiefunctionaris\n")
    result = load_text(flipped, "arnhem.yaml")
    assert result.protocol is not None
    assert refusal(result.protocol, performed_by("burger", "griffier")) is None
    line = flipped.splitlines().index(follows) + 1
    (found,) = [f for f in result.findings if f.code == "exclusion-reading-not-chosen"]
    assert found.location.line == line
    assert ("follows the reading 'politieke_ambtsdragers' of 'voetnoot_8_reikwijdte', but "
            "the note chooses 'ook_griffiefunctionaris'") in found.message
    # as written, the entry follows the chosen reading and refuses
    result = load_text(text, "arnhem.yaml")
    assert result.protocol is not None
    assert not [f for f in result.findings if f.code == "exclusion-reading-not-chosen"]
    assert refusal(result.protocol, performed_by("burger", "griffier")) is not None


@pytest.mark.parametrize(("reporter", "subject", "cited"), [
    # item 2: 3.3 (l. 1042-1044) against the Samenvatting (l. 1475-1476)
    ("raadslid", "burgemeester", "Fase 3, 3.3"),
    # item 5: footnote 8 (l. 847-851) attached to l. 813-817
    ("burger", "raadslid", "Voetnoot 8"),
    # item 6: footnote 5 (l. 415-421) against Fase 2, 2.1 (l. 1420)
    ("raadslid", "griffiemedewerker", "Voetnoot 5"),
])
def test_ambiguities_are_shown_with_both_readings(protocol: Protocol, reporter: str, subject: str,
                                                  cited: str) -> None:
    data = responsibilities(protocol, performed_by(reporter, subject)).to_dict()
    notes = data["ambiguities"]
    assert any(cited in citations(n["source"]) for n in notes)


# ------------------------------------------- fidelity pass: who closes the case (issue 13/16)

def test_nobody_is_named_who_closes_the_case(protocol: Protocol,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """1.4 a (l. 326-327): "Als de gedeelde conclusie is dat de handeling geen schending
    is, is de zaak afgedaan" - passive; where a decision is needed it is "aan de
    burgemeester" (or "aan de CvdK") in its own step. On the branch only the raadslid and
    the griffier saw, the burgemeester must not appear as the one who closes the case."""
    for act in ("voorgenomen", "uitgevoerd"):
        sc = Scenario("raadslid", "burgemeester", act, False)
        graph = route_graph(protocol, sc)
        end = graph.nodes["afgedaan"]["view"]
        assert end.actors == () and end.actor.role not in {r.id for r in protocol.roles}
        assert "wie_sluit_de_zaak" in end.ambiguities
    code, out, _ = run_cli(capsys, "route", str(PROTOCOL), "--reporter", "raadslid", "--subject",
                           "burgemeester", "--act", "voorgenomen", "--lang", "nl")
    assert code == 0
    closing = out.split("De zaak is afgedaan")[-1]
    assert "Wie: niet toegewezen in de tekst" in closing
    assert "Wie: burgemeester" not in closing


def test_the_burgemeester_as_subject_sees_what_the_betrokkene_sees(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """1.4 a (l. 322-331): after "geen schending" with the griffier, the case is closed
    without the burgemeester taking part; when raadslid and griffier go "samen naar de
    burgemeester", he knows of it. He is the betrokkene: --as burgemeester and
    --as betrokkene must agree in both."""
    talks = {"geen_schending": False, "mogelijk_schending": True}
    for outcome, knows in talks.items():
        case = tmp_path / f"{outcome}.yaml"
        case.write_text("scenario: {reporter: raadslid, subject: burgemeester, act: voorgenomen}\n"
                        "opened: 2026-03-02\nevents:\n"
                        f"  - {{step: r14a_advies_griffier, outcome: {outcome}, date: 2026-03-03}}\n")
        views = []
        for role in ("burgemeester", "betrokkene"):
            code, out, _ = run_cli(capsys, "simulate", str(PROTOCOL), str(case), "--as-of",
                                   "2026-03-05", "--as", role, "--format", "json")
            assert code == 0
            data = json.loads(out)
            assert data["knows_case"] is knows, (outcome, role)
            data.pop("role"), data.pop("case", None)
            views.append(data)
        assert views[0] == views[1], outcome


def _imposers(protocol: Protocol, subject: str) -> dict[str, list[str]]:
    sc = Scenario("raadslid", subject, "uitgevoerd", False)
    return {s["id"]: s["imposed_by"] for s in responsibilities(protocol, sc).sanctions}


def test_who_imposes_a_sanction_depends_on_the_subject(
        protocol: Protocol, capsys: pytest.CaptureFixture[str]) -> None:
    """Fase 3: "1) politieke sancties opgelegd door de gemeenteraad" (l. 981-983); 3.4
    (l. 1095-1098): for the griffier the werkgeverscommissie "besluit over een eventuele
    sanctie". The werkgeverscommissie never imposes a sanction on a wethouder or raadslid,
    and the raad never the ones 3.4 leaves to the werkgeverscommissie."""
    for subject in ("wethouder", "raadslid"):
        for sanction, imposers in _imposers(protocol, subject).items():
            assert "werkgeverscommissie" not in imposers, (subject, sanction)
    wethouder = _imposers(protocol, "wethouder")
    assert wethouder["corrigerend_toespreken"] == ["gemeenteraad"]
    assert wethouder["schorsing_ontslag"] == ["gemeenteraad"]
    griffier = _imposers(protocol, "griffier")
    for sanction in ("corrigerend_toespreken", "publieke_excuses", "schorsing_ontslag"):
        assert griffier[sanction] == ["werkgeverscommissie"], sanction
    code, out, _ = run_cli(capsys, "responsibilities", str(PROTOCOL), "--reporter",
                           "raadslid", "--subject", "wethouder", "--act", "uitgevoerd")
    assert code == 0 and "werkgeverscommissie" not in out


def test_a_burger_melder_plays_no_further_role(protocol: Protocol) -> None:
    """Voetnoot 8 (l. 846-849): "De melder speelt in het traject verder geen rol; wel wordt
    hij geinformeerd over wat er met de melding is gedaan." The vooronderzoek does not turn
    to a burger melder (for a raadslid who reports, 1.1's "altijd een gesprek met de
    melder" holds); he is informed."""
    for subject in ("raadslid", "wethouder", "burgemeester"):
        sc = Scenario("burger", subject, "uitgevoerd", False)
        graph = route_graph(protocol, sc)
        for node in graph:
            view = graph.nodes[node]["view"]
            if view.kind is StepKind.vooronderzoek:
                assert all(c.named != "melder" for c in view.counterparts), (subject, node)
                assert "gesprek_met_melder_voetnoot_8" in view.ambiguities
        assert any("melder" in [r.named for r in graph.nodes[n]["view"].informed]
                   or graph.nodes[n]["view"].counterpart is not None
                   and graph.nodes[n]["view"].counterpart.named == "melder"
                   for n in graph if graph.nodes[n]["view"].kind is StepKind.informeren)
    view = resolve_step(protocol, "vooronderzoek", Scenario("raadslid", "wethouder",
                                                           "uitgevoerd", False))
    assert view.counterpart is not None and view.counterpart.named == "melder"


def test_a_burger_melder_is_informed_on_every_branch(protocol: Protocol) -> None:
    """Audit 10, A14. Voetnoot 8: "De melder speelt in het traject verder geen rol; wel
    wordt hij geinformeerd over wat er met de melding is gedaan." No branch of a burger's
    case - geen grond, erkenning, integriteitsonderzoek, sanctie - ends without the melder
    having been informed, and the informing cites the footnote."""
    for subject in ("raadslid", "wethouder", "burgemeester"):
        sc = Scenario("burger", subject, "uitgevoerd", False)
        graph = route_graph(protocol, sc)
        main = nx.DiGraph([(u, v) for u, v, track in graph.edges(data="track") if not track])
        informing = {n for n in main
                     if "melder" in [r.named for r in graph.nodes[n]["view"].informed]}
        entry = next(n for n in main if main.in_degree(n) == 0)
        ends = [n for n in main if main.out_degree(n) == 0]
        uninformed = main.subgraph(set(main) - informing)
        assert entry not in informing
        for end in ends:
            assert not nx.has_path(uninformed, entry, end), (subject, end)
        for node in informing & {"vooronderzoek", "vooronderzoek_burgemeester"}:
            assert "Voetnoot 8" in graph.nodes[node]["view"].cited("informed"), node
        assert "melder_voetnoot_8_moment" in graph.nodes[
            "vooronderzoek_burgemeester" if subject == "burgemeester" else "vooronderzoek"
        ]["view"].ambiguities


def test_a_fractievoorzitter_as_subject_and_the_silence_about_his_seat(
        protocol: Protocol, capsys: pytest.CaptureFixture[str]) -> None:
    """Audit 10, A13. Fractievoorzitters "Informeren fractiegenoten" (Samenvatting van
    rollen en taken): he is a raadslid, with no route of his own, and is answered as one.
    Fase 3, 3.1: "In een vertrouwelijk overleg van de burgemeester en de
    fractievoorzitters wordt gesproken over: 1) het onderzoek en de resultaten daarvan"
    - the text names no exception for the subject who is one of them (or whose own
    fractievoorzitter sits there) and no one in his place: a gap, shown at the overleg
    and where the results are shared, not filled in."""
    code, out, err = run_cli(capsys, "responsibilities", str(PROTOCOL), "--reporter", "raadslid",
                             "--subject", "fractievoorzitter", "--act", "uitgevoerd", "--lang", "nl")
    assert code == 0, err
    assert "fractievoorzitter wordt gelezen als raadslid" in out
    graph = route_graph(protocol, performed_by("raadslid", "raadslid"))
    for step in ("overleg_fractievoorzitters", "resultaten_delen_raadslid"):
        view = graph.nodes[step]["view"]
        assert "fractievoorzitters" in [r.named for r in view.informed], step
        assert "fractievoorzitter_in_eigen_overleg" in view.ambiguities, step
    note = next(a for a in protocol.ambiguities if a.id == "fractievoorzitter_in_eigen_overleg")
    assert len(note.readings) == 2
    for subject in ("wethouder", "burgemeester", "griffier"):
        graph = route_graph(protocol, performed_by("raadslid", subject))
        assert all("fractievoorzitter_in_eigen_overleg" not in graph.nodes[n]["view"].ambiguities
                   for n in graph), subject


# ------------------------------------------------ who is heard, joint steps (#13 M2, L2)

def test_the_vooronderzoek_talks_with_melder_and_betrokkene(protocol: Protocol) -> None:
    """Fase 2, 1.1: "Om de onderzoekswaardigheid te kunnen bepalen vindt vervolgens altijd
    een gesprek met de melder plaats ... Ook een gesprek met degene op wie de melding
    betrekking heeft, zal deel uitmaken van het vooronderzoek." (A burger "speelt in het
    traject verder geen rol", voetnoot 8.)"""
    view = resolve_step(protocol, "vooronderzoek", Scenario("raadslid", "wethouder", "uitgevoerd"))
    assert [(p.named, p.role) for p in view.heard] == [("melder", "raadslid"),
                                                      ("betrokkene", "wethouder")]
    burger = resolve_step(protocol, "vooronderzoek", Scenario("burger", "wethouder", "uitgevoerd"))
    assert [p.named for p in burger.heard] == ["betrokkene"]


def test_the_integriteitsonderzoek_interviews_the_betrokkene(protocol: Protocol) -> None:
    """Fase 2, 2.1: "In het kader van het onderzoek wordt in ieder geval degene
    geinterviewd op wie de melding betrekking heeft", and the concept report "wordt ...
    ter inzage voorgelegd aan degene wiens handelen is onderzocht in het kader van hoor en
    wederhoor"."""
    sc = Scenario("raadslid", "raadslid", "uitgevoerd")
    for step in ("onderzoek", "wederhoor"):
        assert [p.named for p in resolve_step(protocol, step, sc).heard] == ["betrokkene"]


@pytest.mark.parametrize("act", ["voorgenomen", "uitgevoerd"])
def test_the_driehoeksoverleg_is_the_three_together(protocol: Protocol, act: str) -> None:
    """Fase 1, 3.1 a/b: "De burgemeester vraagt om advies in het driehoeksoverleg met de
    griffier en de gemeentesecretaris ... Als de gedeelde conclusie is ...": the three take
    part, griffier and gemeentesecretaris advising together in the text's order, the
    burgemeester the one who asks the advice."""
    step = "b31a_driehoeksoverleg" if act == "voorgenomen" else "b31b_driehoeksoverleg"
    view = resolve_step(protocol, step, Scenario("burgemeester", "burgemeester", act, True))
    assert [a.role for a in view.actors] == ["griffier", "gemeentesecretaris"]
    assert [c.role for c in view.counterparts] == ["burgemeester"]


def test_raadslid_and_griffier_go_together_to_the_burgemeester(protocol: Protocol) -> None:
    """Fase 1, 1.4 a: "Indien het raadslid en de griffier concluderen dat de handeling een
    schending kan zijn, gaan zij samen naar de burgemeester. Bij een verschil van inzicht
    met de griffier, gaat het raadslid zelf naar de burgemeester.\""""
    sc = Scenario("raadslid", "burgemeester", "voorgenomen")
    together = resolve_step(protocol, "r14a_samen_naar_burgemeester", sc)
    assert [a.role for a in together.actors] == ["raadslid", "griffier"]
    alone = resolve_step(protocol, "r14a_zelf_naar_burgemeester", sc)
    assert [a.role for a in alone.actors] == ["raadslid"]


@pytest.mark.parametrize(("reporter", "companion", "steps"), [
    ("raadslid", "griffier", ("r11a_advies_burgemeester", "r11b_gesprek_burgemeester")),
    ("wethouder", "gemeentesecretaris", ("w21a_advies_burgemeester",
                                          "w21b_gesprek_burgemeester")),
])
def test_about_an_own_act_both_come_to_the_burgemeester_together(
        protocol: Protocol, reporter: str, companion: str, steps: tuple[str, str]) -> None:
    """Fase 1, 1.1 a/b (raadslid) and 2.1 a/b (wethouder): "Als het raadslid en de griffier
    er niet uitkomen ... gaan ze samen naar de burgemeester. De burgemeester formuleert
    ... een advies" (and: "Als de wethouder en de gemeentesecretaris er niet uitkomen ...
    gaan ze samen naar de burgemeester"). The burgemeester acts (he advises, or the
    conversation is his); the politician and his adviser come to him together, in the
    text's order — the adviser is not someone the burgemeester consults."""
    for act, step in zip(("voorgenomen", "uitgevoerd"), steps, strict=True):
        view = resolve_step(protocol, step, Scenario(reporter, reporter, act, True))
        assert [a.role for a in view.actors] == ["burgemeester"]
        assert [c.role for c in view.counterparts] == [reporter, companion]
        assert companion not in [c.role for c in view.consulted]


def test_wethouder_and_gemeentesecretaris_go_together_to_the_burgemeester(
        protocol: Protocol) -> None:
    """Fase 1, 2.4 a: "Indien de wethouder en de gemeentesecretaris concluderen dat de
    handeling een schending kan zijn, gaan zij samen naar de burgemeester. Bij een
    verschil van inzicht met de gemeentesecretaris, gaat de wethouder, eventueel
    vergezeld door de gemeentesecretaris, naar de burgemeester.\""""
    sc = Scenario("wethouder", "burgemeester", "voorgenomen")
    together = resolve_step(protocol, "w24a_samen_naar_burgemeester", sc)
    assert [a.role for a in together.actors] == ["wethouder", "gemeentesecretaris"]
    alone = resolve_step(protocol, "w24a_naar_burgemeester", sc)
    assert [a.role for a in alone.actors] == ["wethouder"]
    # "eventueel vergezeld" (src l. 1354): he may go along; the text gives him no task
    # there, so he is neither consulted nor a party of the step, and the file says so.
    assert "gemeentesecretaris" not in [
        r.role for r in (*alone.actors, *alone.counterparts, *alone.consulted, *alone.informed)]
    note = next(a for a in protocol.ambiguities if a.id == "gemeentesecretaris_vergezelt")
    assert "w24a_naar_burgemeester" in note.affects
    assert "eventueel vergezeld door de gemeentesecretaris" in " ".join(
        r.text for r in note.readings if r.id == note.chosen)


def test_who_is_silent_about_a_wethouder_is_a_recorded_choice(protocol: Protocol) -> None:
    """Fase 3, Communicatie (src l. 1434-1436): about a raadslid "spreekt geen van de
    betrokkenen (zoals de melder, het raadslid wiens handelen is onderzocht,
    fractievoorzitters, raadsleden, politieke partijen) met de pers"; about a wethouder
    only "Tot die tijd spreekt geen van de betrokkenen met de pers". Two readings: the
    file silences the melder and the wethouder, and records the other reading."""
    answers = responsibilities(protocol, Scenario("raadslid", "wethouder", "uitgevoerd"))
    silent = {name for s in answers.to_dict()["silent"] for name in s["named"]}
    assert silent == {"melder", "betrokkene"}
    note = next(a for a in protocol.ambiguities if a.id == "betrokkenen_bij_wethouder")
    assert {"stilte_wethouder", "stilte_wethouder_melder"} <= set(note.affects)
    other = next(r for r in note.readings if r.id != note.chosen)
    assert "fractievoorzitters, raadsleden, politieke partijen" in other.text
    assert [a["id"] for a in answers.to_dict()["ambiguities"]
            ].count("betrokkenen_bij_wethouder") == 1


def test_the_external_vertrouwenspersoon_is_the_politicians_own_choice(
        protocol: Protocol) -> None:
    """Samenvatting, toelichting: "Een raadslid dat twijfelt ... overlegt met de griffier.
    Een wethouder overlegt in zo'n geval met de gemeentesecretaris. Zij kunnen ook gebruik
    maken van aanwezige externe vertrouwenspersonen." The politician may use one; the text
    never has the griffier or the gemeentesecretaris consult one."""
    for sc in [Scenario("raadslid", "raadslid", "voorgenomen", True),
               Scenario("wethouder", "wethouder", "uitgevoerd", True)]:
        for node in route_graph(protocol, sc):
            view = resolve_step(protocol, node, sc)
            assert "vertrouwenspersoon" not in [c.role for c in view.consulted], node


#: The cells that say "Als de gedeelde conclusie is dat ... geen schending ..., is de zaak
#: afgedaan" of the advice that opens them (l. 1264, 1270, 1280, 1291, 1295, 1300, 1322,
#: 1328, 1338, 1347, 1353, 1358, 1379, 1382).
AFGEDAAN_CELLS = {f"Fase 1, {c}" for c in (
    "1.1 a", "1.1 b", "1.2 b", "1.3 b", "1.4 a", "1.4 b",
    "2.1 a", "2.1 b", "2.2 b", "2.3 b", "2.4 a", "2.4 b", "3.1 a", "3.1 b")}
#: The cells of an intended act that have no such sentence: a conversation, the advice of
#: the griffier or gemeentesecretaris and the burgemeester's advice (1.2 a l. 1274-1277,
#: 1.3 a l. 1285-1288, 1.5 a l. 1305-1307, 2.2 a, 2.3 a l. 1341-1344, 2.5 a l. 1363-1365,
#: 3.2 a l. 1386-1388, 3.3 a l. 1395-1397, 3.4 a l. 1404-1405).
ADVICE_ONLY_CELLS = {f"Fase 1, {c}" for c in (
    "1.2 a", "1.3 a", "1.5 a", "2.2 a", "2.3 a", "2.5 a", "3.2 a", "3.3 a", "3.4 a")}


def _fase1_cells(cites: list[str] | tuple[str, ...]) -> set[str]:
    return {c for c in cites if re.fullmatch(r"Fase 1, \d\.\d [ab]", c)}


def test_no_breach_in_fase_1_ends_the_case(protocol: Protocol) -> None:
    """1.1 a t/m 3.1 b (e.g. 1.3 b, l. 1291): "Als de gedeelde conclusie is dat er geen
    sprake is van een schending, is de zaak afgedaan." Where a cell says so, the outcome
    of its advice that cites the cell goes to the end; the four-yearly overview of 4.2
    ("Eens per vier jaar ...") is made after the case, not a step the case waits for."""
    ends = {s.id for s in protocol.steps if s.end}
    seen: set[str] = set()
    for step in protocol.steps:
        if step.phase != "fase1":
            continue
        for outcome in step.outcomes:
            cells = _fase1_cells(citations(outcome.source)) & AFGEDAAN_CELLS
            if cells and outcome.id == "geen_schending":
                seen |= cells
                assert outcome.next in ends, (step.id, outcome.id, outcome.next)
    assert seen == AFGEDAAN_CELLS, sorted(AFGEDAAN_CELLS - seen)


def test_without_the_sentence_an_intended_act_does_not_end_at_afgedaan(
        protocol: Protocol) -> None:
    """The cells of ADVICE_ONLY_CELLS never say "is de zaak afgedaan", and 1.4 a / 2.4 a
    (l. 1293-1297, 1351-1355) say it only of the advice of the griffier or
    gemeentesecretaris, not of "Indien de burgemeester afziet van advisering door de
    CvdK" without "ernstige twijfels": those outcomes keep registratie (Fase 4, 4.2).
    In a cell of an intended act, only an outcome that cites a cell of AFGEDAAN_CELLS
    itself goes to afgedaan."""
    checked = 0
    for step in protocol.steps:
        cells = _fase1_cells(citations(step.source))
        if step.phase != "fase1" or not cells or not all(c.endswith(" a") for c in cells):
            continue
        for outcome in step.outcomes:
            if _fase1_cells(citations(outcome.source)) & AFGEDAAN_CELLS:
                continue
            checked += 1
            assert outcome.next != "afgedaan", (step.id, outcome.id, sorted(cells))
    assert checked >= 16
    for step_id in ("r12a_aanspreken", "r12a_advies_griffier", "r14a_samen_naar_burgemeester",
                    "w24a_naar_burgemeester", "b32a_aanspreken"):
        assert _fase1_cells(citations(protocol.step(step_id).source)) <= (
            ADVICE_ONLY_CELLS | {"Fase 1, 1.4 a", "Fase 1, 2.4 a"}), step_id
        assert "registratie" in {o.next for o in protocol.step(step_id).outcomes}, step_id


#: Outcomes after the talk that follows the advice (or, in 1.5 b, 2.5 b, 3.2 b - 3.4 b, 1.6
#: and 2.6, the only talk): the text never says "is de zaak afgedaan" there. 1.2 b: "Als
#: na dit gesprek de twijfel niet is weggenomen, gaat het raadslid in gesprek met het
#: collega-raadslid" ... "Bij aanhoudende twijfel doet het raadslid melding"; 1.1 b: "Als
#: de gedeelde conclusie van dit gesprek is dat er inderdaad sprake is van een schending"
#: ... "Als er geen sprake is van een gedeelde conclusie"; 1.6: "Als de burgemeester daar
#: reden toe ziet, informeert de burgemeester de gemeentesecretaris".
AFTER_THE_TALK = {
    ("r11b_gesprek_burgemeester", "geen_schending"): "Fase 1, 1.1 b",
    ("r12b_aanspreken", "twijfel_weggenomen"): "Fase 1, 1.2 b",
    ("r14b_aanspreken", "twijfel_weggenomen"): "Fase 1, 1.4 b",
    ("r15b_aanspreken", "twijfel_weggenomen"): "Fase 1, 1.5 b",
    ("amb_melding", "geen_aanleiding"): "Fase 1, 1.6",
    ("w21b_gesprek_burgemeester", "geen_schending"): "Fase 1, 2.1 b",
    ("w23b_aanspreken", "twijfel_weggenomen"): "Fase 1, 2.3 b",
    ("w24b_aanspreken", "twijfel_weggenomen"): "Fase 1, 2.4 b",
    ("w25b_aanspreken", "twijfel_weggenomen"): "Fase 1, 2.5 b",
    ("b31b_gesprek_cvdk", "geen_schending"): "Fase 1, 3.1 b",
    ("b32b_aanspreken", "twijfel_weggenomen"): "Fase 1, 3.2 b",
    ("b33b_aanspreken", "twijfel_weggenomen"): "Fase 1, 3.3 b",
    ("b34b_aanspreken", "twijfel_weggenomen"): "Fase 1, 3.4 b",
}


def test_after_the_talk_the_case_is_not_said_to_be_afgedaan(protocol: Protocol) -> None:
    """The sentence "Als de gedeelde conclusie is dat er geen sprake is van een schending,
    is de zaak afgedaan" stands with the advice (ambiguity afgedaan_na_gesprek); the talk
    that follows, and the cells without the sentence, say no such thing: those outcomes
    pass registratie (Fase 4, 4.2 "lessen ... uit adviezen die zijn gegeven") like the
    other advice-only routes. Conversely, in Fase 1 only an outcome that cites a cell's
    own "is de zaak afgedaan" goes straight to the end."""
    for (step_id, outcome_id), cell in AFTER_THE_TALK.items():
        step = protocol.step(step_id)
        assert cell in citations(step.source), (step_id, cell)
        [outcome] = [o for o in step.outcomes if o.id == outcome_id]
        assert outcome.next == "registratie", (step_id, outcome_id, outcome.next)
    ends = {s.id for s in protocol.steps if s.kind == "afgedaan" and s.out_of_scope is None}
    straight = set()
    for step in protocol.steps:
        if step.phase != "fase1":
            continue
        for outcome in step.outcomes:
            nexts = ({outcome.next} if isinstance(outcome.next, str)
                     else {alt.step for alt in outcome.next})
            if nexts & ends:
                cells = _fase1_cells(citations(outcome.source))
                assert cells and cells <= AFGEDAAN_CELLS, (step.id, outcome.id)
                straight |= cells
    assert straight == AFGEDAAN_CELLS
    [note] = [a for a in protocol.ambiguities if a.id == "afgedaan_na_gesprek"]
    assert note.chosen == "alleen_na_advies"


def test_no_breach_in_1_3_b_closes_the_case(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """1.3 b (l. 340-343, 1290-1291): the raadslid asks the griffier about a wethouder's performed
    act; "geen schending" means "is de zaak afgedaan": the route leads there and a case
    with that outcome is closed on the day of the advice, with nothing left open."""
    code, out, _ = run_cli(capsys, "route", str(PROTOCOL), "--reporter", "raadslid",
                           "--subject", "wethouder", "--act", "uitgevoerd", "--format", "json")
    assert code == 0
    steps = {s["id"]: s for s in json.loads(out)["steps"]}
    outcome = next(o for o in steps["r13b_advies_griffier"]["outcomes"]
                   if o["id"] == "geen_schending")
    end = steps[outcome["next_step"]]
    assert (end["kind"], end["end"]) == ("afgedaan", True)
    case = tmp_path / "geen_schending.yaml"
    case.write_text("scenario: {reporter: raadslid, subject: wethouder, act: uitgevoerd}\n"
                    "opened: 2026-03-02\nevents:\n"
                    "  - {step: r13b_advies_griffier, outcome: geen_schending, date: 2026-03-03}\n")
    code, out, _ = run_cli(capsys, "simulate", str(PROTOCOL), str(case), "--as-of",
                           "2026-03-05", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["open_steps"] == []
    assert (data["closed"]["step"], data["closed"]["date"]) == ("afgedaan", "2026-03-03")


def test_the_cvdk_takes_the_burgemeesters_tasks_not_his_seat(protocol: Protocol) -> None:
    """Fase 2 1.2 ("is de CvdK eindverantwoordelijk voor een zorgvuldige procesgang"),
    2.2 and 3.3 ("is aan de Commissaris van de Koning ... overgelaten") and Communicatie
    ("Dit wordt aan de CvdK overgelaten") hand the CvdK tasks; no passage seats him in a
    body of the gemeente. Where the text names the burgemeester in Fase 3, the CvdK acts;
    the burgemeester's seat in the college stays his own."""
    from protocolkit.semantics import effective_role

    sub = next(s for s in protocol.substitutions if s.id == "cvdk_voor_burgemeester")
    assert sub.named_only
    sc = Scenario("raadslid", "burgemeester", "uitgevoerd", False)
    fase3 = next(s.id for s in protocol.steps if s.phase == "fase3")
    assert effective_role(protocol, "burgemeester", sc, fase3).role == "cvdk"
    assert effective_role(protocol, "burgemeester", sc, fase3, body="college").role \
        == "burgemeester"
@pytest.mark.parametrize("sanction_id", ["corrigerend_toespreken", "publieke_excuses",
                                         "schorsing_ontslag"])
def test_werkgeverscommissie_section_is_cited_only_for_the_griffier(protocol,
                                                                     sanction_id: str) -> None:
    """Fase 3, 3.4 is about the griffier alone: the burgemeester "stelt ... het
    onderzoeksrapport ter beschikking aan de werkgeverscommissie, die besluit over een
    eventuele sanctie". For a wethouder the raad imposes these sanctions ("1) politieke
    sancties opgelegd door de gemeenteraad", Sanctiemogelijkheden) and 3.4 is not cited."""
    def cited(subject: str) -> tuple[list[str], list[str]]:
        answers = responsibilities(protocol, Scenario("raadslid", subject, "uitgevoerd"))
        found = next(s for s in answers.sanctions if s["id"] == sanction_id)
        return found["imposed_by"], found["source"]

    imposers, sources = cited("griffier")
    assert imposers == ["werkgeverscommissie"] and "Fase 3, 3.4" in sources
    imposers, sources = cited("wethouder")
    assert imposers == ["gemeenteraad"]
    assert sources == ["Fase 3, Sanctiemogelijkheden"] and "Fase 3, 3.4" not in sources


def test_the_reading_of_a_motie_against_the_griffier_is_shown_with_the_sanction(
        protocol, capsys) -> None:
    """Sanctiemogelijkheden lists the "motie van treurnis / afkeuring / wantrouwen" for
    "politieke ambtsdragers en de griffier"; 3.4 says the werkgeverscommissie "besluit over
    een eventuele sanctie" for the griffier. The file chose the first reading
    (motie_tegen_griffier); wherever that sanction is shown for a griffier both readings
    and the choice are shown, never for a wethouder (the note does not bear on him)."""
    griffier = Scenario("raadslid", "griffier", "uitgevoerd")
    answers = responsibilities(protocol, griffier)
    motie = next(s for s in answers.sanctions
                 if s["id"] == "motie_treurnis_afkeuring_wantrouwen")
    assert [n["id"] for n in motie["ambiguities"]] == ["motie_tegen_griffier"]
    assert motie["ambiguities"][0]["chosen"] == "raad_motie"
    note = next(n for n in answers.ambiguities if n["id"] == "motie_tegen_griffier")
    assert note["questions"] == ["imposes_sanction"]
    wethouder = responsibilities(protocol, Scenario("raadslid", "wethouder", "uitgevoerd"))
    assert all(not s["ambiguities"] for s in wethouder.sanctions)
    assert "motie_tegen_griffier" not in {n["id"] for n in wethouder.ambiguities}
    argv = ("--reporter", "raadslid", "--subject", "griffier", "--act", "uitgevoerd")
    for lang, chosen, other in (("nl", "gekozen:", "andere lezing:"),
                                ("en", "chosen:", "other reading:")):
        _, out, _ = run_cli(capsys, "responsibilities", str(PROTOCOL), *argv, "--lang", lang)
        lines = out.splitlines()
        at = next(i for i, l in enumerate(lines) if "Motie van treurnis" in l)
        below = " ".join(line.strip() for line in lines[at + 1:at + 12])   # wrapped
        assert "(motie_tegen_griffier)" in below and chosen in below and other in below, below
        assert "werkgeverscommissie, die besluit over een eventuele sanctie" in below, below
        assert out.count("(motie_tegen_griffier)") == 1, out      # shown once, in full
        _, out, _ = run_cli(capsys, "route", str(PROTOCOL), *argv, "--lang", lang)
        lines = out.splitlines()
        at = next(i for i, l in enumerate(lines) if "Motie van treurnis" in l)
        assert "motie_tegen_griffier" in lines[at + 1], lines[at + 1]
        tail = "\n".join(lines[at + 1:])
        assert chosen in tail and other in tail, tail
    data = json.loads(run_cli(capsys, "route", str(PROTOCOL), *argv, "--format", "json")[1])
    assert "motie_tegen_griffier" in {n["id"] for n in data["ambiguities"]}


def test_a_step_cites_the_fase_1_cell_of_its_scenario_only(protocol) -> None:
    """Fase 1 is a table of cells by who doubts, whom it concerns and the act; a step
    that several cells describe (the betrokkene reporting a deviation from the advice,
    "meldt het raadslid dit zelf aan de gemeenteraad", 1.1 a, 1.2 a, 2.2 a, 3.2 a) cites,
    in a scenario, only that scenario's cell (the one its route cites), never another
    reporter's or subject's."""
    from tests.helpers import REFERS_TO, routed_views

    checked = 0
    for scenario, own, node, view in routed_views(protocol):
        cells = {c for c in view.source if re.fullmatch(r"Fase 1, \d\.\d [ab]", c)}
        checked += len(cells)
        allowed = own | {REFERS_TO[c] for c in own if c in REFERS_TO}
        assert cells <= allowed, (scenario.label(), node, cells - allowed)
    assert checked
    wethouder = Scenario("wethouder", "raadslid", "voorgenomen")
    view = resolve_step(protocol, "afwijking_raadslid", wethouder)
    assert "Fase 1, 2.2 a" in view.actor_source and "Fase 1, 1.2 a" not in view.source


@pytest.mark.parametrize(("scenario", "step", "cell"), [
    # 1.4 a (l. 1293-1297): "De burgemeester overweegt of advies van de CvdK gewenst is";
    # the inleiding of Fase 1 (l. 1256-1259) does not mention the CvdK.
    (Scenario("raadslid", "burgemeester", "voorgenomen"), "cvdk_advies_voorgenomen",
     "Fase 1, 1.4 a"),
    (Scenario("wethouder", "burgemeester", "voorgenomen"), "cvdk_advies_voorgenomen",
     "Fase 1, 2.4 a"),
    # 1.2 a (l. 1277): "Laat het raadslid dit na, dan doet de burgemeester het"; the
    # inleiding says nothing of a departure from the advice.
    (Scenario("raadslid", "raadslid", "voorgenomen"), "afwijking_raadslid_burgemeester",
     "Fase 1, 1.2 a"),
    # 1.3 a (l. 1288): "Laat de wethouder dit na, dan doet de burgemeester het".
    (Scenario("raadslid", "wethouder", "voorgenomen"), "afwijking_wethouder_burgemeester",
     "Fase 1, 1.3 a"),
    # 2.5 a (l. 1365): "Laat de griffier dit na, dan doet de burgemeester het".
    (Scenario("wethouder", "griffier", "voorgenomen"), "afwijking_griffier_burgemeester",
     "Fase 1, 2.5 a"),
    # 3.4 a (l. 1405): "meldt de griffier dit zelf aan de werkgeverscommissie".
    (Scenario("burgemeester", "griffier", "voorgenomen"), "afwijking_griffier",
     "Fase 1, 3.4 a"),
])
def test_a_departure_from_the_advice_cites_its_cell_not_the_inleiding(
        protocol: Protocol, scenario: Scenario, step: str, cell: str) -> None:
    """The inleiding of Fase 1 (l. 1256-1259) speaks of asking advice and of a melding;
    who reports a departure from the burgemeester's advice, and the CvdK's advice to the
    burgemeester, are in the cells only."""
    from protocolkit.api import route

    steps = {s["id"]: s for s in route(protocol, scenario).to_dict()["steps"]}
    assert step in steps, (scenario.label(), sorted(steps))
    assert "Fase 1, inleiding" not in steps[step]["source"], steps[step]["source"]
    assert cell in steps[step]["source_for"]["actor"], steps[step]["source_for"]


def test_the_cvdks_advice_shows_its_cell_in_the_route(
        capsys: pytest.CaptureFixture[str]) -> None:
    """1.4 a (l. 1293-1297), as the reader of ``route`` sees it."""
    code, out, _ = run_cli(capsys, "route", "--lang", "nl", "--reporter", "raadslid",
                           "--subject", "burgemeester", "--act", "voorgenomen", str(PROTOCOL))
    assert code == 0
    block = out.split("De CvdK adviseert de burgemeester", 1)[1].split("\n\n", 1)[0]
    assert "Fase 1, inleiding" not in block, block
    assert "Bron voor wie handelt: Fase 1, 1.4 a" in block, block


# ------------------------------------------- the aangifte when the burgemeester is the subject

@pytest.mark.parametrize("step", ["aangifte_vooronderzoek", "aangifte_onderzoek"])
def test_aangifte_about_the_burgemeester_rests_on_a_reading_note(
        protocol: Protocol, capsys: pytest.CaptureFixture[str], step: str) -> None:
    """Fase 2, 1.1 and Fase 3: "dan kan de burgemeester hiervan aangifte doen bij de
    politie. Gaat het om een redelijk vermoeden van een ambtsmisdrijf, dan is de
    burgemeester hiertoe verplicht" - only the burgemeester is named; Fase 2, 1.2 makes the
    CvdK "eindverantwoordelijk voor een zorgvuldige procesgang". Where the route shows the
    CvdK in his place, a note gives both readings and the choice; about others, no note."""
    about_bm = Scenario("raadslid", "burgemeester", "uitgevoerd")
    view = resolve_step(protocol, step, about_bm)
    assert view.actor is not None and view.actor.role == "cvdk"
    [note] = [a for a in protocol.ambiguities if a.id in view.ambiguities]
    assert note.chosen == "cvdk"
    readings = {r.id: (" ".join(r.text.split()), citations(r.source)) for r in note.readings}
    assert len(readings) == 2
    assert "Fase 2, 1.2" in readings["cvdk"][1]
    other_text, other_source = next(v for k, v in readings.items() if k != note.chosen)
    assert "dan is de burgemeester hiertoe verplicht" in other_text
    assert "Fase 2, 1.1, aangifte" in other_source
    about_wethouder = Scenario("raadslid", "wethouder", "uitgevoerd")
    assert note.id not in resolve_step(protocol, step, about_wethouder).ambiguities
    code, out, _ = run_cli(capsys, "route", str(PROTOCOL), "--reporter", "raadslid",
                           "--subject", "burgemeester", "--act", "uitgevoerd", "--lang", "nl")
    assert code == 0
    title = next(s.title for s in protocol.steps if s.id == step)
    phase_id = next(s.phase for s in protocol.steps if s.id == step)
    phase = next(p.name for p in protocol.phases if p.id == phase_id)   # shown by its name
    [shown] = [b for b in out.split("\n\n") if f". {title}  [aangifte, {phase}]" in b.splitlines()[0]]
    assert "Commissaris van de Koning" in shown and f"({note.id}, zie onder)" in shown


def test_who_decides_on_the_burgemeesters_own_act_cites_no_aangifte_paragraph(
        protocol: Protocol) -> None:
    """Fase 1, 3.1 b ("is het aan de CvdK om te besluiten") and Fase 2, 1.2 say the CvdK
    decides on the vooronderzoek of the burgemeester's own act. The aangifte paragraph
    under Fase 2, 1.1 (l. 874-876: "Blijkt uit het vooronderzoek dat er sprake kan zijn
    van een strafbaar feit, dan kan de burgemeester hiervan aangifte doen") supports the
    outcomes that lead to an aangifte, not who decides (audit)."""
    own = Scenario("burgemeester", "burgemeester", "uitgevoerd", own=True)
    r = responsibilities(protocol, own)
    assert r.decides_follow_up == ["cvdk"], r.decides_follow_up
    assert "Fase 2, 1.2" in r.sources["decides_follow_up"]
    assert "Fase 2, 1.1, aangifte" not in r.sources["decides_follow_up"]
    step = protocol.step("vooronderzoek_burgemeester")
    assert step is not None
    cited = {o.id: citations(o.source) for o in step.outcomes}
    assert "Fase 2, 1.1, aangifte" in cited["strafbaar_feit"]
    assert "Fase 2, 1.1, aangifte" in cited["ambtsmisdrijf"]


def test_a_cells_melding_and_decision_are_its_own(protocol: Protocol) -> None:
    """1.2 b and 1.5 b say the same sentence of different subjects: "Bij aanhoudende
    twijfel doet het raadslid melding bij de burgemeester. Het is aan de burgemeester om
    te besluiten of de stap naar fase 2 wordt gezet dan wel dat de zaak is afgedaan" (of
    a collega-raadslid in 1.2 b, of the griffier in 1.5 b). Each cell has its own melding
    and decision step, titled and cited by its own cell only, and reached only in its
    own scenario: r12b_melding is not shared with 1.5 b."""
    for step in protocol.steps:
        numbered = re.match(r"(\d\.\d [ab]): ", step.title)
        if numbered:
            cell = f"Fase 1, {numbered.group(1)}"
            assert _fase1_cells(citations(step.source)) == {cell}, (step.id, cell)
            assert step.id.startswith(f"{'rwb'[int(cell[8]) - 1]}{cell[8]}{cell[10]}"
                                      f"{cell[12]}_"), (step.id, cell)
    for step_id, cell, subject in (("r12b_melding", "Fase 1, 1.2 b", "raadslid"),
                                   ("r15b_melding", "Fase 1, 1.5 b", "griffier")):
        step = protocol.step(step_id)
        assert not re.match(r"\d\.\d [ab]: ", step.title), step.title
        assert citations(step.source) == [cell], step_id
        reached = [sc for sc in (Scenario("raadslid", s, "uitgevoerd") for s in
                                 ("raadslid", "wethouder", "burgemeester", "griffier"))
                   if step_id in route_graph(protocol, sc)]
        assert [sc.subject for sc in reached] == [subject], step_id


def test_the_cvdk_is_cited_for_each_step_by_its_own_phase(protocol: Protocol) -> None:
    """Where the CvdK takes the burgemeester's place in a shared step, the step cites what
    supports it there: after the vooronderzoek (the melder informed, an aangifte) Fase 2,
    1.2 "Bij een vermoeden van een integriteitsschending door de burgemeester is de CvdK
    eindverantwoordelijk voor een zorgvuldige procesgang"; after the onderzoek (Fase 3)
    3.3 "De stappen die moeten worden ondernomen naar aanleiding van een ingesteld
    onderzoek naar het handelen van de burgemeester is aan de Commissaris van de Koning in
    de provincie overgelaten". Neither 2.2 (the onderzoek, opdracht_cvdk) nor
    Communicatie (the press, its own rule) is cited for these steps."""
    expected = {"melder_informeren": ("Fase 2, 1.2",), "aangifte_vooronderzoek": ("Fase 2, 1.2",),
                "aangifte_onderzoek": ("Fase 3, 3.3",)}
    seen = set()
    for reporter in ("raadslid", "wethouder", "burger"):
        scenario = Scenario(reporter, "burgemeester", "uitgevoerd")
        graph = route_graph(protocol, scenario)
        for node in graph:
            view = graph.nodes[node]["view"]
            if node in expected:
                assert view.actor.role == "cvdk", (node, view.actor)
                assert view.cited("actor") == expected[node], (node, view.cited("actor"))
                seen.add(node)
    assert seen == set(expected)


@pytest.mark.parametrize("reporter", ["raadslid", "wethouder", "burgemeester", "burger"])
def test_no_press_step_after_a_wethouder_is_cleared(
        protocol: Protocol, capsys: pytest.CaptureFixture[str], reporter: str) -> None:
    """Fase 3, 3.2: "Vervolgens stelt hij/zij het onderzoeksrapport ter beschikking aan de
    gemeenteraad, met daarbij een gemotiveerd zwaarte-oordeel over een eventueel
    vastgestelde schending." Communicatie: "Bij sanctionering van een wethouder: Kort voor
    de raadsvergadering stelt de burgemeester de pers op de hoogte van de kwestie."
    Basisprincipe 2: "Als er uiteindelijk werkelijk sprake blijkt te zijn van een
    integriteitsschending en er een oordeel is gevormd over de ernst daarvan en over een
    passende sanctie, mag en moet de kwestie naar buiten worden gebracht." A cleared
    wethouder's report reaches the raad, but no press step lies on that way; with a breach
    the press step stays. The other reading is recorded (pers_na_geen_schending_wethouder)
    and route shows it."""
    scenario = Scenario(reporter, "wethouder", "uitgevoerd")
    graph = route_graph(protocol, scenario)
    cleared = {v for _, v, d in graph.out_edges("zwaarte_oordeel_wethouder", data=True)
               if d["outcome"] == "geen_schending"}
    assert cleared == {"voorleggen_raad_wethouder_geen_schending"}
    to_raad = resolve_step(protocol, "voorleggen_raad_wethouder_geen_schending", scenario)
    assert [r.role for r in to_raad.informed] == ["gemeenteraad"]
    assert "Fase 3, 3.2" in citations(protocol.step(to_raad.id).source)
    after = nx.descendants(graph, "voorleggen_raad_wethouder_geen_schending")
    assert "oordeel_wethouder" in after
    assert not {n for n in after | cleared
                if graph.nodes[n]["view"].kind is StepKind.communicatie}, reporter
    breach = {v for _, v, d in graph.out_edges("zwaarte_oordeel_wethouder", data=True)
              if d["outcome"] == "zwaarte_oordeel"}
    assert breach == {"voorleggen_raad_wethouder"}
    assert "pers_wethouder" in nx.descendants(graph, "voorleggen_raad_wethouder")
    [note] = [a for a in protocol.ambiguities if a.id == "pers_na_geen_schending_wethouder"]
    assert note.chosen == "alleen_bij_sanctionering"
    assert {r.id for r in note.readings} == {"alleen_bij_sanctionering", "ook_zonder_schending"}
    code, out, _ = run_cli(capsys, "route", str(PROTOCOL), "--reporter", reporter, "--subject",
                           "wethouder", "--act", "uitgevoerd", "--lang", "nl")
    assert code == 0
    assert "Keuze tussen lezingen (pers_na_geen_schending_wethouder)" in out


#: Fase 1 outcomes that pass registratie where the text itself says what happens, so that
#: no reading of "is de zaak afgedaan" bears on them: an advice that is followed (1.1 a,
#: Communicatie: "Adviezen die worden opgevolgd blijven vertrouwelijk"), a departure from
#: it that is reported ("meldt het raadslid dit zelf aan de gemeenteraad. Laat het raadslid
#: dit na, dan doet de burgemeester het"), the burgemeester's decision on his own intent
#: after the CvdK's advice (1.4 a: "De burgemeester overweegt of advies van de CvdK gewenst
#: is, voordat hij/zij een besluit neemt over de eigen voorgenomen handeling"), and the
#: burgemeester who sees no reason to pass on a doubt about an ambtenaar (1.6: "Als de
#: burgemeester daar reden toe ziet, informeert de burgemeester de gemeentesecretaris").
SAID_BY_THE_TEXT = {
    *{(step, "opgevolgd") for step in (
        "r11a_advies_burgemeester", "r12a_advies_burgemeester", "r13a_advies_burgemeester",
        "r15a_advies_burgemeester", "w21a_advies_burgemeester", "w22a_advies_burgemeester",
        "w23a_advies_burgemeester", "w25a_advies_burgemeester", "b32a_advies", "b33a_advies",
        "b34a_advies")},
    *{(f"afwijking_{who}", "gemeld") for who in (
        "raadslid", "raadslid_burgemeester", "wethouder", "wethouder_burgemeester", "griffier",
        "griffier_burgemeester")},
    ("cvdk_advies_voorgenomen", "besluit_burgemeester"),
    ("amb_melding", "geen_aanleiding"),
}


def test_every_fase_1_close_without_afgedaan_rests_on_the_reading(protocol: Protocol) -> None:
    """Arnhem says "is de zaak afgedaan" only with the advice, where "de gedeelde conclusie
    is dat er geen sprake is van een schending" (1.1 b, 1.2 b, 1.3 b, 2.1 b-2.3 b, 3.1 b),
    "dat de handeling geen schending is" (1.4 a, 1.4 b, 2.4 a, 2.4 b) or "dat de
    voorgenomen handeling geen schending is" (1.1 a, 2.1 a, 3.1 a). After a talk - with
    the betrokkene ("Het raadslid bespreekt dit met de ander en verwoordt zijn/haar
    twijfels", 1.2 a; "gaat het raadslid in gesprek met het collega-raadslid", 1.2 b), with
    the burgemeester (1.1 b "gaan ze samen naar de burgemeester"; 1.4 a about his own
    intent) or with the CvdK (3.1 b) - after the advice that follows a talk (1.2 a, 1.3 a,
    2.2 a, 2.3 a) and in the griffier's cells (1.5, 2.5, 3.4) the cell does not say it. So
    every Fase 1 outcome, for every reporter, subject and act, that closes the doubt and
    passes registratie instead of afgedaan rests on the choice between the two readings of
    afgedaan_na_gesprek, and route shows it there; only the outcomes whose next step the
    text itself names are exempt."""
    from tests.helpers import registratie_closes_marked

    [note] = [a for a in protocol.ambiguities if a.id == "afgedaan_na_gesprek"]
    marked = registratie_closes_marked(protocol, "afgedaan_na_gesprek", "fase1",
                                       SAID_BY_THE_TEXT)
    # The talks and advice of both kinds of act are among them.
    assert {("r12b_aanspreken", "twijfel_weggenomen"),
            ("r11b_gesprek_burgemeester", "geen_schending"),
            ("r12a_aanspreken", "gedeelde_conclusie"),
            ("r13a_advies_griffier", "twijfel_weggenomen"),
            ("r14a_samen_naar_burgemeester", "twijfel_weggenomen"),
            ("b33a_aanspreken", "gedeelde_conclusie")} <= marked
    # Nothing is marked that no scenario reaches, and where the cell says "is de zaak
    # afgedaan" the outcome goes there, unmarked by the note.
    assert {tuple(a.split(".")) for a in note.affects} == marked
    for step in protocol.steps:
        for outcome in step.outcomes:
            if outcome.next == "afgedaan":
                assert f"{step.id}.{outcome.id}" not in note.affects, step.id


@pytest.mark.parametrize("reporter", ["raadslid", "wethouder", "burgemeester", "burger"])
def test_an_admitted_wethouder_is_not_cleared_by_an_investigation(
        protocol: Protocol, reporter: str) -> None:
    """Fase 2, 1.1, scenario 2: "Degene die onder verdenking is komen te staan erkent een
    schending te hebben begaan, de feiten zijn voldoende bekend en er is geen verder
    onderzoek nodig (zie Fase 3)." Fase 3, 3.2: "met daarbij een gemotiveerd
    zwaarte-oordeel over een eventueel vastgestelde schending"; Fase 3, inleiding: "Erkent
    de betrokkene dat hij/zij een schending heeft gepleegd?" On the admission path no
    investigation was done, so no outcome may say "Het onderzoek stelt geen schending
    vast": the admitted wethouder has his own step zwaarte_oordeel_wethouder_erkenning (as
    the raadslid has zwaarte_oordeel_raadslid_erkenning), on to the raad and the press;
    zwaarte_oordeel_wethouder, with geen_schending, lies only after a report."""
    graph = route_graph(protocol, Scenario(reporter, "wethouder", "uitgevoerd"))
    admitted = {v for u, v, d in graph.edges(data=True)
                if d["admission"] and not d["track"]
                and u in ("vooronderzoek", "aangifte_vooronderzoek")}
    assert admitted == {"zwaarte_oordeel_wethouder_erkenning"}
    for u, v, d in graph.edges(data=True):
        if d["admission"]:
            assert "zwaarte_oordeel_wethouder" not in nx.descendants(graph, v) | {v}, (u, v)
    step = protocol.step("zwaarte_oordeel_wethouder_erkenning")
    assert step.kind is StepKind.zwaarte_oordeel
    assert [o.id for o in step.outcomes] == ["zwaarte_oordeel"]
    assert {"Fase 2, 1.1, scenario 2", "Fase 3, 3.2", "Fase 3, inleiding"} <= set(
        citations(step.source))
    after = nx.descendants(graph, "zwaarte_oordeel_wethouder_erkenning")
    assert {"voorleggen_raad_wethouder", "pers_wethouder", "oordeel_wethouder"} <= after
    assert "zwaarte_oordeel_wethouder" not in after
    assert set(graph.predecessors("zwaarte_oordeel_wethouder")) == {"rapport", "aangifte_onderzoek"}
    assert "geen_schending" in {o.id for o in protocol.step("zwaarte_oordeel_wethouder").outcomes}
