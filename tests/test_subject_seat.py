"""A body's seat per holder of another role (``seat_per``) and a substitution of the
subject's own seat only, if possible (``subject_seat_only``, ``if_possible``): Oostzaan
art. 1.1 lid 5, the klankbordgroep "Bestaat uit de fractievoorzitters van alle in de
gemeenteraad vertegenwoordigde partijen. Indien een fractievoorzitter zelf het onderwerp
van een melding is, wordt deze zo mogelijk vervangen door een ander lid uit de eigen
fractie." Validation, the composition's data and words, the diff."""

from __future__ import annotations

from pathlib import Path

import pytest

from protocolkit.api import route
from protocolkit.diff import diff_protocols
from protocolkit.format.loader import load_protocol, load_text
from protocolkit.format.model import Protocol
from protocolkit.present.comparison import render_text
from protocolkit.semantics import Scenario, resolve_step, responsibilities
from tests.helpers import replaced_once

ROOT = Path(__file__).resolve().parents[1]
OOSTZAAN = ROOT / "protocols" / "oostzaan.yaml"
SEAT_PER = '      - {role: fractievoorzitter, per: fractie, source: "art. 1.1 lid 5"}\n'
OWN_SEAT = "    subject_seat_only: true\n    if_possible: true\n"


@pytest.fixture(scope="module")
def oostzaan() -> Protocol:
    found = load_protocol(OOSTZAAN).protocol
    assert found is not None
    return found


def _about(subject: str) -> Scenario:
    return Scenario("burger", subject, "uitgevoerd", False, (("aanleiding", "vermoeden"),))


def test_the_klankbordgroep_as_the_text_composes_it(oostzaan: Protocol) -> None:
    """Every fractievoorzitter, one per fractie; about a fractievoorzitter, the others
    stay and only his seat goes, if possible, to another member of his own fractie."""
    [plain] = resolve_step(oostzaan, "klankbord_onderzoeksopdracht",
                           _about("wethouder")).compositions
    assert plain.to_dict() == {"body": "klankbordgroep", "members": ["fractievoorzitter"],
                               "optional": [], "stands_in_for": {}, "substitutions": [],
                               "per": {"fractievoorzitter": "fractie"}}
    [chair] = resolve_step(oostzaan, "klankbordgroep_informeren",
                           _about("fractievoorzitter")).compositions
    data = chair.to_dict(oostzaan.shared_id)
    assert data["members"] == ["fractievoorzitter", "fractiegenoot"]
    assert data["stands_in_for"] == {"fractiegenoot": "fractievoorzitter"}
    assert data["subject_seat"] == ["fractiegenoot"] and data["if_possible"] == ["fractiegenoot"]
    assert data["substitutions"] == ["fractiegenoot_voor_fractievoorzitter"]
    # the same in responsibilities and the route's JSON
    [answer] = [c for c in responsibilities(oostzaan, _about("fractievoorzitter")).compositions
                if c["body"] == "klankbordgroep"]
    assert answer["subject_seat"] == ["fractiegenoot"]
    steps = {s.id: s for s in route(oostzaan, _about("fractievoorzitter")).steps}
    assert steps["klankbordgroep_informeren"].compositions[0]["if_possible"] == ["fractiegenoot"]
    # his seat in the gemeenteraad is not touched (bodies: [klankbordgroep])
    assert resolve_step(oostzaan, "oordeel_raad", _about("fractievoorzitter")).compositions == ()


def test_a_seat_per_role_outside_the_members_is_told_what_seat_per_means() -> None:
    """Review 7, item 7: the hint is seat_per's own, not the optional members' ("een lid
    desgewenst")."""
    result = load_text(replaced_once(OOSTZAAN, SEAT_PER, SEAT_PER.replace(
        "role: fractievoorzitter", "role: burgemeester")), "slip.yaml")
    [found] = result.findings
    assert found.code == "invalid-value" and found.hint is not None
    assert "optional member" not in found.hint and "desgewenst" not in found.render("nl")
    assert "seat_per says how many of the body's members of that role" in found.hint
    assert "seat_per zegt hoeveel leden van die rol het orgaan heeft" in found.render("nl")


def test_seat_per_per_the_body_itself_is_refused() -> None:
    """Review 7, item 14: `per: klankbordgroep` on the klankbordgroep said nothing and
    was accepted silently."""
    text = replaced_once(OOSTZAAN, SEAT_PER, SEAT_PER.replace("per: fractie",
                                                              "per: klankbordgroep"))
    result = load_text(text, "self.yaml")
    [found] = result.findings
    assert found.code == "invalid-value"
    assert found.location.line == text.splitlines().index(
        SEAT_PER.replace("per: fractie", "per: klankbordgroep").rstrip("\n")) + 1
    assert "for each holder of 'klankbordgroep' itself" in found.render("en")
    assert "per houder van 'klankbordgroep' zelf" in found.render("nl")


def test_if_possible_without_bodies_is_refused() -> None:
    """Review 7, item 4: `if_possible` shows a substitute in a body's composition "zo
    mogelijk"; on a substitution without `bodies` it changed nothing, silently."""
    text = replaced_once(OOSTZAAN, "    bodies: [klankbordgroep]\n    subject_seat_only: true\n",
                         "")
    result = load_text(text, "nobody.yaml")
    [found] = result.findings
    assert found.code == "invalid-value"
    assert "'if_possible: true' shows the substitute" in found.render("en")
    assert "noem dat orgaan onder 'bodies'" in found.render("nl")


@pytest.mark.parametrize(("old", "new", "code", "said"), [
    (SEAT_PER, SEAT_PER.replace("role: fractievoorzitter", "role: fractievoorziter"),
     "invalid-value", "is not one of its members"),
    (SEAT_PER, SEAT_PER.replace("per: fractie", "per: fractei"), "unknown-role", "fractei"),
    (OWN_SEAT, OWN_SEAT + "    bodies: []\n", None, None),
])
def test_seat_per_and_subject_seat_only_are_validated(
        old: str, new: str, code: str | None, said: str | None) -> None:
    if code is None:   # subject_seat_only with no body
        text = replaced_once(OOSTZAAN, "    bodies: [klankbordgroep]\n" + old, old)
        result = load_text(text, "nobody.yaml")
        [found] = result.findings
        assert found.code == "invalid-value"
        assert "name the body under 'bodies'" in found.render("en")
        assert "noem dat orgaan onder 'bodies'" in found.render("nl")
        return
    result = load_text(replaced_once(OOSTZAAN, old, new), "slip.yaml")
    [found] = result.findings
    assert found.code == code and said in found.render("en")
    assert found.hint is not None and ("fractievoorzitter" in found.hint
                                       or "fractie" in found.hint)


def test_seat_per_on_a_person_is_a_body_field() -> None:
    text = replaced_once(OOSTZAAN, "    shared: fractievoorzitter\n",
                         "    shared: fractievoorzitter\n    seat_per:\n" + SEAT_PER)
    codes = [f.code for f in load_text(text, "person.yaml").findings]
    assert "body-field-not-body" in codes


FRACTIE = "Fractie (de eigen fractie van het raadslid)"


# Review 7, item 10: the member and its "per" by name; the side without seats says so
# without the role's citations (they are not about an absent field).
@pytest.mark.parametrize(("lang", "row", "sub"), [
    ("nl", (f"leden één per houder van een rol: Fractievoorzitter (één per {FRACTIE}) "
     "[art. 1.1 lid 5]"), "alleen de zetel van de betrokkene: ja; zo mogelijk: ja"),
    ("en", (f"members one per holder of a role: Fractievoorzitter (one per {FRACTIE}) "
     "[art. 1.1 lid 5]"), "only the seat the subject holds: yes; only if possible: yes"),
])
def test_the_diff_shows_the_seats(oostzaan: Protocol, lang: str, row: str, sub: str) -> None:
    before = replaced_once(OOSTZAAN, "    seat_per:\n" + SEAT_PER, "").replace(OWN_SEAT, "")
    plain = load_text(before, "before.yaml").protocol
    assert plain is not None
    found = diff_protocols(plain, oostzaan)
    assert sorted((c.kind, c.id, c.fields) for c in found.structural) == [
        ("role", "klankbordgroep", ("seat_per",)),
        ("substitution", "fractiegenoot_voor_fractievoorzitter",
         ("subject_seat_only", "if_possible"))]
    assert not found.behavioral
    shown = render_text(found, lang=lang)
    assert row in shown and sub in shown
    [empty] = [line for line in shown.splitlines()
               if line.strip().endswith(("(niemand)", "(nobody)"))]
    assert "één per houder" in empty or "one per holder" in empty
