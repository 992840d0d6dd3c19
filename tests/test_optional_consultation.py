"""A consultation or hearing the actor may leave out: ``optional: true`` on a
``consulted`` entry (Oostzaan art. 2.2 lid 3: "De burgemeester kan bij de toepassing van
de leden 1 en 2 externe expertise inschakelen") or a ``heard`` entry (art. 4.3 lid 1: "De
betrokken politiek ambtsdrager, de melder en andere voor het onderzoek relevante personen
kunnen worden gehoord door de onderzoekers"). Validation, the step's view, the route in
words and JSON, the impartiality hint and the diff."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from protocolkit.api import check
from protocolkit.diff import diff_protocols
from protocolkit.format.diagnostics import Severity
from protocolkit.format.loader import load_protocol, load_text
from protocolkit.format.model import Protocol
from protocolkit.present.comparison import render_text
from protocolkit.semantics import Scenario, resolve_step
from tests.helpers import replaced_once, run_cli

ROOT = Path(__file__).resolve().parents[1]
OOSTZAAN = ROOT / "protocols" / "oostzaan.yaml"
CONFLICT = ROOT / "tests" / "data" / "checks" / "conflict.yaml"
#: The ontvankelijkheidstoets's entry, as Oostzaan writes it.
ENTRY = '- {role: externe_adviseur, optional: true, source: "art. 2.2 lid 3"}'
MELDING = ["--reporter", "burger", "--subject", "raadslid", "--act", "uitgevoerd",
           "--attr", "aanleiding=vermoeden"]


@pytest.fixture(scope="module")
def oostzaan() -> Protocol:
    result = load_protocol(OOSTZAAN)
    assert result.protocol is not None, [str(f) for f in result.findings]
    return result.protocol


def _melding() -> Scenario:
    return Scenario("burger", "raadslid", "uitgevoerd", False, (("aanleiding", "vermoeden"),))


def _oostzaan_with(entry: str) -> str:
    return replaced_once(OOSTZAAN, ENTRY, entry)


# ------------------------------------------------------------------ validation

@pytest.mark.parametrize("lang", ["nl", "en"])
def test_optional_is_for_consulted_and_heard_only(lang: str) -> None:
    text = replaced_once(OOSTZAAN, "    informed: [melder, betrokkene]\n",
                         "    informed:\n      - melder\n      - {role: betrokkene, "
                         "optional: true, source: \"art. 2.2 lid 2\"}\n")
    result = load_text(text, "informed.yaml")
    [found] = result.findings
    assert found.code == "invalid-value" and found.severity is Severity.error
    line = next(i for i, row in enumerate(text.splitlines(), start=1)
                if "role: betrokkene, optional" in row)
    row = text.splitlines()[line - 1]
    assert (found.location.line, found.location.column) == (line, row.index("true") + 1)
    said = found.render(lang)
    if lang == "nl":
        assert "mag alleen onder consulted of heard staan, niet onder 'informed'" in said
    else:
        assert "only allowed under consulted or heard, not under 'informed'" in said
    assert result.protocol is None


def test_an_optional_consultation_cites_what_makes_it_optional() -> None:
    result = load_text(_oostzaan_with("- {role: externe_adviseur, optional: true}"),
                       "uncited.yaml")
    [found] = result.findings
    assert found.code == "invalid-value"
    assert "cites no section that makes it optional" in found.render("en")
    assert "noemt geen artikel" in found.render("nl")


def test_an_unknown_role_consulted_optionally_is_named_with_a_did_you_mean() -> None:
    result = load_text(_oostzaan_with(
        '- {role: externe_adviser, optional: true, source: "art. 2.2 lid 3"}'), "typo.yaml")
    [found] = result.findings
    assert found.code == "unknown-role"
    assert found.hint is not None and "externe_adviseur" in found.hint


# ------------------------------------------------------------------ the text

def test_oostzaan_the_burgemeester_may_consult_external_expertise(oostzaan: Protocol) -> None:
    """Art. 2.2 lid 3: "De burgemeester kan bij de toepassing van de leden 1 en 2 externe
    expertise inschakelen. De externe adviseur dient onafhankelijk en onpartijdig te
    zijn": at the ontvankelijkheidstoets (leden 1 en 2) he may, and need not, consult an
    external adviser; the entry cites lid 3, the step as a whole does not."""
    view = resolve_step(oostzaan, "ontvankelijkheidstoets", _melding())
    assert [r.role for r in view.consulted] == ["externe_adviseur"]
    assert view.consulted_optional == ("externe_adviseur",)
    assert view.source_dict()["consulted"] == ["art. 2.2 lid 3"]
    assert "art. 2.2 lid 3" not in view.source_dict()["step"]
    # the only optional consultation: every other step's consulted parties are required
    others = {v.id for v in (resolve_step(oostzaan, s.id, _melding()) for s in oostzaan.steps)
              if v.consulted_optional}
    assert others == {"ontvankelijkheidstoets"}


@pytest.mark.parametrize(("lang", "said", "cited"), [
    ("nl", "Raadpleegt: Externe adviseur(s) (externe professionele expertise) (eventueel)",
     "Bron voor wie geraadpleegd wordt: art. 2.2 lid 3"),
    ("en", "Consults: Externe adviseur(s) (externe professionele expertise) (optionally)",
     "art. 2.2 lid 3"),
])
def test_route_says_optionally(capsys: pytest.CaptureFixture[str], lang: str, said: str,
                               cited: str) -> None:
    code, out, _ = run_cli(capsys, "route", "--lang", lang, str(OOSTZAAN), *MELDING)
    assert code == 0
    block = out.split("Ontvankelijkheidstoets door de burgemeester", 1)[1].split("\n\n", 1)[0]
    assert said in block and cited in block
    # a required consultation has no mark; the only other marks are the feitenonderzoek's
    # optional hearings (art. 4.3 lid 1)
    marked = [line.split(":", 1)[0].strip() for line in out.replace(said, "").splitlines()
              if "(eventueel)" in line or "(optionally)" in line]
    assert marked == ["Hoort" if lang == "nl" else "Hears"]


def test_route_json_lists_the_optional_roles(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "route", "--format", "json", str(OOSTZAAN), *MELDING)
    assert code == 0
    steps = {s["id"]: s for s in json.loads(out)["steps"]}
    toets = steps["ontvankelijkheidstoets"]
    assert toets["consulted"] == ["externe_adviseur"]
    assert toets["consulted_optional"] == ["externe_adviseur"]
    # left out where nobody is optional
    assert "consulted_optional" not in steps["eerste_screening"]


# ------------------------------------------------------------------ impartiality

@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_conflict_through_an_optional_consultation_hints_not_to_consult(lang: str) -> None:
    """The gemeentesecretaris, accountable to the burgemeester, advises on a case about
    the burgemeester when consulted: the same error as a required consultation, but the
    fix the text allows is to leave him out."""
    plain = [f for f in check(load_text(CONFLICT.read_text(encoding="utf-8"), "plain.yaml"))
             if f.code == "conflict-of-interest"]
    text = replaced_once(CONFLICT, "consulted: [gemeentesecretaris]",
                         'consulted: [{role: gemeentesecretaris, optional: true, '
                         'source: "art. 3"}]')
    result = load_text(text, "optional.yaml")
    assert result.findings == [] and result.protocol is not None
    found = [f for f in check(result) if f.code == "conflict-of-interest"]
    assert [(f.severity, f.witness["cycle"] if f.witness else None) for f in found] == [
        (f.severity, f.witness["cycle"] if f.witness else None) for f in plain]
    said = found[0].render(lang)
    if lang == "nl":
        assert ("gemeentesecretaris wordt hier alleen geraadpleegd als de handelende daarvoor "
                "kiest (art. 3): raadpleeg hem niet in deze situatie") in said
    else:
        assert ("the gemeentesecretaris is consulted here only if the actor so chooses "
                "(art. 3): do not consult him in this scenario") in said
    assert "replaces:" not in said
    # a required consultation keeps the substitution hint
    assert "replaces: gemeentesecretaris" in plain[0].render(lang)


# ------------------------------------------------------------------ diff

@pytest.mark.parametrize(("lang", "field"), [("nl", "wie eventueel wordt geraadpleegd"),
                                             ("en", "consulted optionally")])
def test_the_diff_shows_a_consultation_made_optional(oostzaan: Protocol, lang: str,
                                                     field: str) -> None:
    required = load_text(_oostzaan_with('- {role: externe_adviseur, source: "art. 2.2 lid 3"}'),
                         "required.yaml").protocol
    assert required is not None
    found = diff_protocols(required, oostzaan)
    assert [(c.kind, c.id, c.fields) for c in found.structural] == [
        ("step", "ontvankelijkheidstoets", ("consulted_optional",))]
    shown = render_text(found, lang=lang)
    optionally = "(eventueel)" if lang == "nl" else "(optionally)"
    assert (f"{field}: Externe adviseur(s) (externe professionele expertise) {optionally} "
            "[art. 2.2 lid 3]") in shown
    # the side without the mark still consults the adviser, always: not "(niemand)"
    # alone (review 7, item 10)
    always = ("(niemand; altijd geraadpleegd: " if lang == "nl"
              else "(nobody; always consulted: ")
    assert f"{field}: {always}Externe adviseur(s) (externe professionele expertise) " \
           "[art. 2.2 lid 3])" in shown
    assert f"{field}: ({'niemand' if lang == 'nl' else 'nobody'})" not in shown


def test_an_open_step_and_the_bpmn_export_say_optionally(oostzaan: Protocol) -> None:
    """``simulate`` reads an open step's data; the BPMN export documents each task."""
    from protocolkit.engine import CaseEngine
    from protocolkit.present.bpmn import to_bpmn

    case = CaseEngine().open(oostzaan, {"reporter": "burger", "subject": "raadslid",
                                        "act": "uitgevoerd",
                                        "attributes": {"aanleiding": "vermoeden"}},
                             "2026-01-05")
    case.record("melding", "gemeld", "2026-01-05")
    case.record("ontvangstbevestiging", "bevestigd", "2026-01-06")
    [toets] = [s.to_dict() for s in case.open_steps("2026-01-07")]
    assert (toets["step"], toets["consulted"], toets["consulted_optional"]) == (
        "ontvankelijkheidstoets", ["externe_adviseur"], ["externe_adviseur"])
    # the burgemeester's own view (simulate --as) says it too
    [mine] = case.view("burgemeester", "2026-01-07")["my_open_steps"]
    assert (mine["step"], mine["consulted_optional"]) == (
        "ontvankelijkheidstoets", ["externe_adviseur"])
    exported = to_bpmn(oostzaan, _melding(), lang="nl")
    adviser = "Externe adviseur(s) (externe professionele expertise) (eventueel)"
    assert f"Geraadpleegd: {adviser}" in exported      # by name, as the lanes (review 7, 5)
    assert "externe_adviseur" not in exported.replace('"externe_adviseur', "")
    assert "(eventueel)" not in exported.replace(adviser, "").replace(
        "Gehoord: Raadslid of fractieassistent (eventueel), Inwoner, bedrijf of instelling "
        "(eventueel)", "")



# ------------------------------------------------------------------ hearing (art. 4.3 lid 1)

#: The feitenonderzoek's heard entries, as Oostzaan writes them.
HEARD = ('      - {role: betrokkene, optional: true, source: "art. 4.3 lid 1"}\n'
         "      - {when: {not: {any: [{reporter: burgemeester}, {own: true}]}}, role: melder,\n"
         '         optional: true, source: "art. 4.3 lid 1"}\n')


def test_oostzaan_the_onderzoekers_may_hear_betrokkene_and_melder(oostzaan: Protocol) -> None:
    """Art. 4.3 lid 1: "De betrokken politiek ambtsdrager, de melder en andere voor het
    onderzoek relevante personen kunnen worden gehoord door de onderzoekers": both may be
    heard and need not. Wederhoor (art. 4.4 lid 3: "De onderzoekers passen ... wederhoor
    toe") is not optional."""
    view = resolve_step(oostzaan, "feitenonderzoek", _melding())
    assert [r.named for r in view.heard] == ["betrokkene", "melder"]
    assert view.heard_optional == tuple(r.role for r in view.heard)
    assert view.consulted_optional == ()
    assert resolve_step(oostzaan, "wederhoor", _melding()).heard_optional == ()


def test_an_optional_hearing_cites_what_makes_it_optional() -> None:
    text = replaced_once(OOSTZAAN, '{role: betrokkene, optional: true, source: "art. 4.3 lid 1"}',
                         "{role: betrokkene, optional: true}")
    [found] = load_text(text, "uncited.yaml").findings
    assert found.code == "invalid-value"
    assert "an optional consultation or hearing cites no section" in found.render("en")


@pytest.mark.parametrize(("lang", "said"), [
    ("nl", "(betrokkene) (eventueel), Inwoner, bedrijf of instelling (melder) (eventueel)"),
    ("en", "(subject) (optionally), Inwoner, bedrijf of instelling (reporter) (optionally)"),
])
def test_route_and_json_say_the_hearing_is_optional(capsys: pytest.CaptureFixture[str],
                                                    lang: str, said: str) -> None:
    code, out, _ = run_cli(capsys, "route", "--lang", lang, str(OOSTZAAN), *MELDING)
    assert code == 0
    block = out.split("Onafhankelijk feitenonderzoek door externe onderzoekers", 1)[1]
    assert said in block.split("\n\n", 1)[0]
    code, out, _ = run_cli(capsys, "route", "--format", "json", str(OOSTZAAN), *MELDING)
    steps = {s["id"]: s for s in json.loads(out)["steps"]}
    assert steps["feitenonderzoek"]["heard_optional"] == steps["feitenonderzoek"]["heard"]
    assert "heard_optional" not in steps["wederhoor"]


def test_the_diff_shows_a_hearing_made_optional(oostzaan: Protocol) -> None:
    required = load_text(replaced_once(OOSTZAAN, HEARD, (
        "      - betrokkene\n"
        "      - {when: {not: {any: [{reporter: burgemeester}, {own: true}]}}, role: melder}\n")),
        "required.yaml").protocol
    assert required is not None
    found = diff_protocols(required, oostzaan)
    assert [(c.kind, c.id, c.fields) for c in found.structural] == [
        ("step", "feitenonderzoek", ("heard_optional",))]
    shown = render_text(found, lang="nl")
    assert "wie eventueel wordt gehoord: (niemand; altijd gehoord: betrokkene; melder " in shown
    assert "wie eventueel wordt gehoord: betrokkene (eventueel) [art. 4.3 lid 1]; melder " \
        "(eventueel)" in shown
    # The melder is heard unless he reported about his own act (own: true): said so.
    assert "(als niet (de melder burgemeester is of het over eigen handelen gaat))" in shown
