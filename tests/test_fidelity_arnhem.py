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

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from protocolkit.loader import load_protocol
from protocolkit.semantics import Scenario, responsibilities

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
         "voorgenomen", True, intended("griffier"),
         "Fase 1, 3.1 a: 'advies in het driehoeksoverleg met de griffier en de "
         "gemeentesecretaris' (the griffier, named first, is the step's actor)"),
    Case("3.1 b burgemeester over eigen handelen, uitgevoerd", "burgemeester", "burgemeester",
         "uitgevoerd", True, performed("griffier", "cvdk", "gemeenteraad", "cvdk"),
         "Fase 1, 3.1 b ('aan de CvdK om te besluiten'; 'De raad beoordeelt zelfstandig de "
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
         "uitgevoerd", False, performed("cvdk", "cvdk", "gemeenteraad", "cvdk"),
         "Voetnoot 8 with Fase 2, 1.2: for the burgemeester the CvdK is eindverantwoordelijk"),
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
    from protocolkit.semantics import resolve_step

    sc = Scenario("raadslid", "burgemeester", "uitgevoerd", False)
    # 1.4 b: "Het is dan aan de CvdK om te besluiten of de stap naar fase 2 wordt gezet".
    assert resolve_step(protocol, "r14b_besluit_fase2", sc).actor.role == "cvdk"
    # Shared Fase 2 steps that name the burgemeester: the CvdK acts in his place.
    assert resolve_step(protocol, "melder_informeren", sc).actor.role == "cvdk"
    assert resolve_step(protocol, "aangifte_vooronderzoek", sc).actor.role == "cvdk"
    assert resolve_step(protocol, "vooronderzoek_burgemeester", sc).actor.role == "cvdk"
    assert resolve_step(protocol, "wederhoor_burgemeester", sc).counterpart.role == "burgemeester"
    assert resolve_step(protocol, "r14b_aanspreken", sc).counterpart.role == "burgemeester"


def test_deadlines(protocol) -> None:
    """Fase 2, 1.1: 'maximaal vier weken'; Fase 2, 2.1: 'maximaal acht weken'."""
    for step_id in ("vooronderzoek", "vooronderzoek_griffier"):
        d = protocol.step(step_id).deadline
        assert (d.amount, d.unit) == (4, "weken")
    d = protocol.step("onderzoek").deadline
    assert (d.amount, d.unit) == (8, "weken")


def test_schorsing_ontslag_only_for_named_roles(protocol) -> None:
    """Fase 3, Sanctiemogelijkheden: 'schorsing / ontslag (alleen voor burgemeester,
    wethouder en griffier)'."""
    assert sorted(protocol.sanction("schorsing_ontslag").applies_to) == \
        ["burgemeester", "griffier", "wethouder"]


def test_validates_without_errors_or_warnings() -> None:
    from protocolkit.api import validate_files

    report = validate_files([PROTOCOL])
    bad = [f for f in report.findings if f.severity.value in ("error", "warning")]
    assert not bad, "\n".join(str(f) for f in bad)
