"""Fidelity of protocols/oostzaan.yaml to the Oostzaan text, scenario by scenario.

The expected roles below were written from reading
``shared/sources/oostzaan_afspraken_handhaving_integriteit.txt`` (articles cited per
row), not from running the code. Each row answers the six questions of ``docs/vocabulary.md``
for one scenario; roles are shared-vocabulary ids in the order they act.

How the reading goes, in short (details in docs/protocols/oostzaan.md):

* a melding goes in writing to the burgemeester (art. 2.1 lid 1), about the burgemeester
  via the griffier to the voorzitter van de vertrouwenscommissie, who takes the
  burgemeester's place; the vertrouwenscommissie takes the klankbordgroep's place and
  decides on geheimhouding (art. 2.1 lid 7, art. 1.1 lid 3);
* the burgemeester decides on ontvankelijkheid and on the eerste screening (art. 2.2,
  art. 3.3 lid 1) and orders the feitenonderzoek (art. 4.2 lid 3); the gemeenteraad
  judges and attaches consequences (art. 4.4 lid 10, art. 5.1 lid 2); the subject may
  himself offer a public apology (art. 5.1 lid 1 and lid 3);
* the burgemeester communicates (art. 1.3 lid 1), for the burgemeester as subject the
  voorzitter van de vertrouwenscommissie in his place;
* politieke ambtsdragers with twijfels first talk to the person (art. 1.2 lid 2), share
  doubts about their own act in the fractie or the college (art. 1.2 lid 1); an intended
  act gives rise to twijfels only, so nobody decides, orders, judges or sanctions;
* the burgemeester's own observation starts the eerste screening (art. 2.1 lid 8);
* ambtenaren report through the ambtelijke meldregeling (art. 2.1 lid 2).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from protocolkit.loader import load_protocol
from protocolkit.semantics import Scenario, responsibilities

ROOT = Path(__file__).resolve().parents[1]
PROTOCOL = ROOT / "protocols" / "oostzaan.yaml"

BM = "burgemeester"
VZ = "voorzitter_vertrouwenscommissie"
RAAD = "gemeenteraad"

KEYS = ("first_contact", "decides_follow_up", "commissions_investigation", "judges",
        "imposes_sanction", "communicates")


@pytest.fixture(scope="module")
def protocol():
    result = load_protocol(PROTOCOL)
    assert result.protocol is not None, [str(f) for f in result.findings]
    return result.protocol


def full(first: str, subject: str) -> dict[str, list[str]]:
    """A melding about a raadslid, fractievoorzitter or wethouder that runs the whole way."""
    return {
        "first_contact": [first],
        "decides_follow_up": [BM],                 # art. 2.2 lid 1, art. 3.3 lid 1
        "commissions_investigation": [BM],         # art. 4.2 lid 3
        "judges": [RAAD],                          # art. 4.4 lid 10, art. 1.1 lid 6
        "imposes_sanction": [RAAD, subject],       # art. 5.1 lid 2; lid 3 (publiek excuus)
        "communicates": [BM],                      # art. 1.3 lid 1
    }


def full_burgemeester(first: str) -> dict[str, list[str]]:
    """A case about the burgemeester: the voorzitter van de vertrouwenscommissie acts."""
    return {
        "first_contact": [first],
        "decides_follow_up": [VZ],                 # art. 2.1 lid 7, art. 1.1 lid 3
        "commissions_investigation": [VZ],         # art. 2.1 lid 7 with art. 4.2 lid 3
        "judges": [RAAD],                          # art. 4.4 lid 10
        "imposes_sanction": [RAAD, BM],            # art. 5.1 lid 2 (incl. sub f); lid 3
        "communicates": [VZ],                      # art. 1.3 lid 1 with art. 2.1 lid 7
    }


def talk_only(first: str, communicator: str = BM) -> dict[str, list[str]]:
    """Twijfels about an intended act: talking and advice only, nothing to decide."""
    return {
        "first_contact": [first],
        "decides_follow_up": [],
        "commissions_investigation": [],
        "judges": [],
        "imposes_sanction": [],
        "communicates": [communicator],            # art. 1.3 lid 1 (general rule)
    }


ROWS = [
    # -- meldingen (art. 2.1 lid 1) by a burger ---------------------------------------
    pytest.param("burger", "raadslid", "uitgevoerd", False, {},
                 full(BM, "raadslid"), None, "art. 2.1 lid 1",
                 id="burger-meldt-raadslid"),
    pytest.param("burger", "wethouder", "uitgevoerd", False, {},
                 full(BM, "wethouder"), None, "art. 2.1 lid 1",
                 id="burger-meldt-wethouder"),
    pytest.param("burger", "fractievoorzitter", "uitgevoerd", False, {},
                 full(BM, "fractievoorzitter"), None, "art. 2.1 lid 1, art. 1.1 lid 5",
                 id="burger-meldt-fractievoorzitter"),
    pytest.param("burger", "burgemeester", "uitgevoerd", False, {},
                 full_burgemeester("griffier"), None, "art. 2.1 lid 7",
                 id="burger-meldt-burgemeester-via-griffier"),
    # -- meldingen by politieke ambtsdragers with a vermoeden (art. 1.2 lid 2, 2.1) ------
    pytest.param("raadslid", "burgemeester", "uitgevoerd", False, {"aanleiding": "vermoeden"},
                 full_burgemeester("griffier"), None, "art. 2.1 lid 7, art. 1.1 lid 3",
                 id="raadslid-meldt-burgemeester"),
    pytest.param("wethouder", "burgemeester", "uitgevoerd", False, {"aanleiding": "vermoeden"},
                 full_burgemeester("griffier"), None, "art. 2.1 lid 7",
                 id="wethouder-meldt-burgemeester"),
    pytest.param("raadslid", "raadslid", "uitgevoerd", False, {"aanleiding": "vermoeden"},
                 full(BM, "raadslid"), None, "art. 1.2 lid 2, art. 2.1 lid 1",
                 id="raadslid-meldt-ander-raadslid"),
    pytest.param("wethouder", "wethouder", "uitgevoerd", False, {"aanleiding": "vermoeden"},
                 full(BM, "wethouder"), None, "art. 1.2 lid 2, art. 2.1 lid 1",
                 id="wethouder-meldt-andere-wethouder"),
    pytest.param("raadslid", "fractievoorzitter", "uitgevoerd", False, {},
                 full(BM, "fractievoorzitter"), None, "art. 2.1 lid 1",
                 id="raadslid-meldt-fractievoorzitter"),
    pytest.param("fractievoorzitter", "wethouder", "uitgevoerd", False, {},
                 full(BM, "wethouder"), None, "art. 2.1 lid 1",
                 id="fractievoorzitter-meldt-wethouder"),
    # -- twijfels about another's performed act: talk to the person first ----------------
    pytest.param("wethouder", "raadslid", "uitgevoerd", False, {"aanleiding": "twijfel"},
                 full("raadslid", "raadslid"), None, "art. 1.2 lid 2",
                 id="wethouder-twijfelt-over-raadslid-spreekt-aan"),
    pytest.param("raadslid", "burgemeester", "uitgevoerd", False, {"aanleiding": "twijfel"},
                 full_burgemeester(BM), None, "art. 1.2 lid 2, art. 2.1 lid 7",
                 id="raadslid-twijfelt-over-burgemeester-spreekt-hem-aan"),
    # -- voorgenomen versus uitgevoerd: an intended act gives rise to twijfels only ---------
    pytest.param("raadslid", "wethouder", "voorgenomen", False, {},
                 talk_only("wethouder"), None, "art. 1.2 lid 2, art. 2.1 lid 1",
                 id="raadslid-voorgenomen-handelen-wethouder"),
    pytest.param("raadslid", "wethouder", "uitgevoerd", False, {},
                 full(BM, "wethouder"), None, "art. 2.1 lid 1",
                 id="raadslid-uitgevoerd-handelen-wethouder"),
    pytest.param("raadslid", "burgemeester", "voorgenomen", False, {},
                 talk_only(BM, communicator=VZ), None, "art. 1.2 lid 2, art. 1.1 lid 3",
                 id="raadslid-voorgenomen-handelen-burgemeester"),
    # -- the burgemeester as reporter: signaleert en bespreekt; eigen waarneming ---------
    pytest.param("burgemeester", "wethouder", "voorgenomen", False, {},
                 talk_only("wethouder"), None, "art. 1.1 lid 1",
                 id="burgemeester-bespreekt-voornemen-wethouder"),
    pytest.param("burgemeester", "raadslid", "uitgevoerd", False, {"aanleiding": "vermoeden"},
                 full(BM, "raadslid"), None, "art. 2.1 lid 8",
                 id="burgemeester-eigen-waarneming-raadslid"),
    # -- eigen handelen: twijfels delen (art. 1.2 lid 1) ----------------------------------
    pytest.param("raadslid", "raadslid", "voorgenomen", True, {},
                 talk_only("fractie"), None, "art. 1.2 lid 1",
                 id="raadslid-eigen-voornemen-in-fractie"),
    pytest.param("fractievoorzitter", "fractievoorzitter", "voorgenomen", True, {},
                 talk_only("fractie"), None, "art. 1.2 lid 1",
                 id="fractievoorzitter-eigen-voornemen-in-fractie"),
    pytest.param("raadslid", "raadslid", "uitgevoerd", True, {},
                 full("fractie", "raadslid"), None, "art. 1.2 lid 1, art. 2.1 lid 8",
                 id="raadslid-eigen-handelen-fractie-dan-burgemeester"),
    pytest.param("wethouder", "wethouder", "voorgenomen", True, {},
                 talk_only("college"), None, "art. 1.2 lid 1",
                 id="wethouder-eigen-voornemen-in-college"),
    pytest.param("wethouder", "wethouder", "uitgevoerd", True, {},
                 full("college", "wethouder"), None, "art. 1.2 lid 1, art. 2.1 lid 8",
                 id="wethouder-eigen-handelen-in-college"),
    pytest.param("burgemeester", "burgemeester", "uitgevoerd", True, {},
                 talk_only("college", communicator=VZ), None, "art. 1.2 lid 1, art. 1.1 lid 3",
                 id="burgemeester-eigen-handelen-in-college"),
    # -- an involved official is replaced in the integriteitscommissie only (art. 3.1 lid 3):
    #    who decides, orders, judges stays the same
    pytest.param("burger", "wethouder", "uitgevoerd", False,
                 {"betrokken_functionaris": "gemeentesecretaris"},
                 full(BM, "wethouder"), None, "art. 3.1 lid 3",
                 id="burger-meldt-wethouder-secretaris-betrokken"),
    # -- ambtenaren: the ambtelijke meldregeling (art. 2.1 lid 2) --------------------------
    pytest.param("ambtenaar", "wethouder", "uitgevoerd", False, {},
                 {"first_contact": ["ambtenaar"], "decides_follow_up": [],
                  "commissions_investigation": [], "judges": [], "imposes_sanction": [],
                  "communicates": []},
                 "ambtelijke meldingsregelingen", "art. 2.1 lid 2",
                 id="ambtenaar-buiten-protocol"),
]


@pytest.mark.parametrize(
    ("reporter", "subject", "act", "own", "attributes", "expected", "out_of_scope", "cite"),
    ROWS)
def test_who_acts(protocol, reporter, subject, act, own, attributes, expected, out_of_scope,
                  cite):
    answers = responsibilities(
        protocol, Scenario(reporter=reporter, subject=subject, act=act, own=own,
                           attributes=attributes))
    got = {key: answers.answer(key) for key in KEYS}
    assert got == expected, f"{cite}: {answers.scenario.label()}"
    if out_of_scope is None:
        assert answers.out_of_scope is None, cite
    else:
        assert answers.out_of_scope is not None, cite
        assert out_of_scope in answers.out_of_scope.lower(), cite


def test_sanctions_as_in_art_5_1(protocol):
    """Art. 5.1 lid 2 a-f by the gemeenteraad; only f is limited to the college; lid 3 by
    the subject himself."""
    politici = {"raadslid", "fractievoorzitter", "wethouder", "burgemeester"}
    for sid in ("aanspreken", "afkeuring_door_partijen", "motie_van_treurnis",
                "motie_van_afkeuring", "motie_van_wantrouwen"):
        s = protocol.sanction(sid)
        assert s.imposed_by == ["gemeenteraad"] and set(s.applies_to) == politici, sid
    f = protocol.sanction("schorsing_en_ontslag")
    assert f.imposed_by == ["gemeenteraad"]
    assert set(f.applies_to) == {"wethouder", "burgemeester"}
    excuus = protocol.sanction("publiek_excuus")
    assert excuus.imposed_by == ["betrokkene"] and set(excuus.applies_to) == politici


def test_acknowledgement_within_ten_werkdagen(protocol):
    """Art. 2.1 lid 4: a written acknowledgement within ten working days of the melding."""
    step = protocol.step("ontvangstbevestiging")
    assert step.deadline is not None
    assert (step.deadline.amount, step.deadline.unit) == (10, "werkdagen")
    for melding in ("melding", "melding_via_griffier"):
        assert [o.next for o in protocol.step(melding).outcomes] == ["ontvangstbevestiging"]
