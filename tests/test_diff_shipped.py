"""Arnhem against Oostzaan: the differences a consultant must see, pinned from the texts.

Expected rows come from reading the sources in ``shared/sources`` (cited per test),
not from running the diff:

* the burgemeester as subject: Arnhem hands the vooronderzoek and the onderzoeksopdracht
  to the CvdK (Fase 2, 1.2 and 2.2); Oostzaan's voorzitter van de vertrouwenscommissie
  takes the burgemeester's place (art. 2.1 lid 7, art. 1.1 lid 3), and a melding about
  the burgemeester goes via the griffier (art. 2.1 lid 7), where Arnhem's burgers go
  straight to Fase 2 (voetnoot 8), for the burgemeester the CvdK;
* only Oostzaan has an integriteitscommissie (art. 1.1 lid 4) and a klankbordgroep van
  fractievoorzitters (art. 1.1 lid 5);
* only Arnhem sets deadlines on the vooronderzoek (four weeks, Fase 2 1.1) and the
  integriteitsonderzoek (eight weeks, Fase 2 2.1); only Oostzaan sets one on the
  acknowledgement of a melding (ten working days, art. 2.1 lid 4).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from protocolkit.diff import ProtocolDiff, diff_protocols
from protocolkit.diff.rows import BehavioralRow
from protocolkit.diff.summary import summarize
from protocolkit.format.loader import load_protocol
from protocolkit.format.model import Protocol
from protocolkit.present.comparison import (
    render_markdown,
    render_summary,
    render_summary_markdown,
    render_text,
)
from protocolkit.semantics import Scenario

ROOT = Path(__file__).resolve().parents[1]


def _load(name: str) -> Protocol:
    result = load_protocol(ROOT / "protocols" / f"{name}.yaml")
    assert result.protocol is not None, [f.render() for f in result.findings][:5]
    return result.protocol


@pytest.fixture(scope="module")
def arnhem() -> Protocol:
    return _load("arnhem")


@pytest.fixture(scope="module")
def oostzaan() -> Protocol:
    return _load("oostzaan")


@pytest.fixture(scope="module")
def diff(arnhem: Protocol, oostzaan: Protocol) -> ProtocolDiff:
    return diff_protocols(arnhem, oostzaan)


def _rows(diff: ProtocolDiff, aspect: str) -> dict[Scenario, tuple[list[str], list[str]]]:
    return {r.scenario: (r.left, r.right) for r in diff.behavioral if r.aspect == aspect}


def _core(s: Scenario) -> tuple[str, str, str, bool]:
    return (s.reporter, s.subject, s.act, s.own)


def test_the_json_keys(diff: ProtocolDiff) -> None:
    data = diff.to_dict()
    assert data["same"] is False
    assert {"kind", "change", "id", "left", "right"} <= set(data["structural"][0])
    row = data["behavioral"][0]
    assert {"scenario", "aspect", "left", "right"} <= set(row)
    assert {"reporter", "subject", "act", "own"} <= set(row["scenario"])


def test_the_burgemeester_route(diff: ProtocolDiff) -> None:
    """Performed acts of the burgemeester reported by a raadslid, a wethouder or a burger
    (every value of Oostzaan's extra attributes): who decides on the follow-up and who
    orders the investigation is the CvdK in Arnhem, the voorzitter van de
    vertrouwenscommissie in Oostzaan."""
    expected = {("raadslid", "burgemeester", "uitgevoerd", False),
                ("wethouder", "burgemeester", "uitgevoerd", False),
                ("burger", "burgemeester", "uitgevoerd", False)}
    for aspect in ("decides_follow_up", "commissions_investigation"):
        rows = _rows(diff, aspect)
        hits = {s for s, values in rows.items()
                if values == (["cvdk"], ["voorzitter_vertrouwenscommissie"])}
        assert {_core(s) for s in hits} == expected, aspect
        # every combination of Oostzaan's aanleiding x betrokken_functionaris
        assert len(hits) == len(expected) * 2 * 4
        group = next(g for g in diff.groups if g.aspect == aspect
                     and g.right == ["voorzitter_vertrouwenscommissie"])
        assert set(group.scenarios) == hits
        assert group.description is not None
        assert all(box["subject"] == ("burgemeester",) for box in group.description)
    row = next(r for r in diff.behavioral if r.aspect == "decides_follow_up"
               and r.right == ["voorzitter_vertrouwenscommissie"])
    assert any(c.startswith("Fase 2") for c in row.left_sources)
    assert any(c.startswith(("art. 2.2", "art. 3")) for c in row.right_sources)


def test_a_burger_reporting_the_burgemeester_meets_the_burgemeester_or_the_griffier(
        diff: ProtocolDiff) -> None:
    # Arnhem voetnoot 8: "via de gemeentelijke klachtenprocedure of rechtstreeks bij de
    # burgemeester" (the CvdK takes over from Fase 2, 1.2); Oostzaan art. 2.1 lid 7:
    # "via de griffier".
    rows = _rows(diff, "first_contact")
    default = Scenario("burger", "burgemeester", "uitgevoerd", False,
                       {"aanleiding": "vermoeden", "betrokken_functionaris": "geen"})
    assert rows[default] == (["burgemeester"], ["griffier"])


def test_roles_only_oostzaan_has(diff: ProtocolDiff) -> None:
    added = {c.id for c in diff.structural if c.kind == "role" and c.change == "added"}
    assert {"integriteitscommissie", "klankbordgroep"} <= added
    informed = _rows(diff, "informed")
    assert any("klankbordgroep" in right and "klankbordgroep" not in left
               for left, right in informed.values())


def test_who_is_informed_is_cited_from_the_step_and_the_informed_party(
        diff: ProtocolDiff) -> None:
    """Oostzaan informs the klankbordgroep van fractievoorzitters (art. 1.1 lid 5, art.
    3.3 lid 2 and 3). Art. 3.1 lid 3 ("Zij worden zo nodig vervangen door medewerkers
    uit de ambtelijke organisatie of van de griffie") supports who sits in the
    integriteitscommissie a step consults, not whom it informs: no informed row cites it."""
    rows = [r for r in diff.behavioral if r.aspect == "informed"
            and "klankbordgroep" in (r.right or [])]
    assert rows
    for row in rows:
        cited = row.to_dict()["sources"]["right"]
        assert "art. 3.1 lid 3" not in cited, (row.scenario, cited)
        assert "art. 1.1 lid 5" in cited, (row.scenario, cited)


def test_deadlines_only_one_side_sets(diff: ProtocolDiff, oostzaan: Protocol) -> None:
    sides = {(c.change, (c.left or c.right).get("amount"), (c.left or c.right).get("unit"))
             for c in diff.structural if c.kind == "deadline"}
    assert {("removed", 4, "weken"), ("removed", 8, "weken"),
            ("added", 10, "werkdagen")} <= sides

    council = ("raadslid", "wethouder", "uitgevoerd", False)
    # Oostzaan's eerste screening runs "zo spoedig mogelijk" (art. 3.2 lid 1): a term in
    # words, without a date; its feitenonderzoek has no term.
    for aspect, left, right in (
            ("deadline.vooronderzoek", ["4 weken"], ['"zo spoedig mogelijk" (geen datum)']),
            ("deadline.onderzoek", ["8 weken"], [])):
        rows = _rows(diff, aspect)
        assert any(_core(s) == council and v == (left, right) for s, v in rows.items()), aspect
        assert all(v[1] in (right, []) for v in rows.values())

    acknowledgement = next(s for s in oostzaan.steps if s.deadline is not None
                           and (s.deadline.amount, s.deadline.unit) == (10, "werkdagen"))
    rows = _rows(diff, f"deadline.{acknowledgement.kind.value}")
    burger = ("burger", "raadslid", "uitgevoerd", False)
    assert any(_core(s) == burger and v[0] == [] and "10 werkdagen na ontvangst" in v[1]
               for s, v in rows.items())


def test_arnhem_and_oostzaan_mirror(arnhem: Protocol, oostzaan: Protocol,
                                    diff: ProtocolDiff) -> None:
    back = diff_protocols(oostzaan, arnhem)
    flip = {"added": "removed", "removed": "added", "changed": "changed"}
    assert [(c.kind, flip[c.change], c.id, c.right, c.left, c.fields)
            for c in diff.structural] == \
        [(c.kind, c.change, c.id, c.left, c.right, c.fields) for c in back.structural]
    assert [(r.scenario, r.aspect, r.right, r.left) for r in diff.behavioral] == \
        [(r.scenario, r.aspect, r.left, r.right) for r in back.behavioral]


def test_a_question_left_open_where_the_other_text_decides_is_a_status_not_a_difference(
        arnhem: Protocol) -> None:
    """Read in the texts. Aalsmeer's plan, Stap 4, asks "Wie is eraan zet? ... Wie geeft
    opdracht tot het doen van onderzoek ...? Wie beoordeelt ...? Wie legt een eventuele
    sanctie op? Wie brengt in welk stadium welke informatie naar buiten?" and answers
    none: the concept leaves them open, proposing Arnhem's answers. Arnhem decides them:
    Fase 1, 1.2 a, a raadslid who doubts a colleague's intended act "bespreekt dit met de
    ander" (first contact: the raadslid, nothing else to decide); Fase 1, 1.3 b, about a
    wethouder's performed act "Het raadslid vraagt de griffier om advies" and "Het is aan
    de burgemeester om te besluiten of de stap naar fase 2 wordt gezet". The row of the
    aspect ``open`` (Aalsmeer: these questions; Arnhem: none) says only that: a status,
    shown as detail and counted neither with the open points (its questions have their
    own rows) nor with what really differs. Arnhem's "ten hoogste
    vier weken" for the vooronderzoek (Fase 2, 1.1), which the plan does not name, and the
    griffier Arnhem covers (Fase 1, 1.5) where Aalsmeer leaves open whether he falls under
    the protocol at all, stay differences: there one text assigns what the other does
    not."""
    draft = _load("aalsmeer_draft")
    for left, right, side in ((draft, arnhem, "left"), (arnhem, draft, "right")):
        compared = diff_protocols(left, right)

        def row(aspect: str, cell: tuple[str, str, str, bool],
                found: ProtocolDiff = compared) -> BehavioralRow:
            return next(r for r in found.behavioral
                        if r.aspect == aspect and _core(r.scenario) == cell)

        talk = ("raadslid", "raadslid", "voorgenomen", False)
        status = row("open", talk)
        assert getattr(status, side) == ["first_contact"]
        assert compared.row_open_side(status) == side
        assert compared.row_open_side(row("first_contact", talk)) == side
        melding = ("raadslid", "wethouder", "uitgevoerd", False)
        status = row("open", melding)
        assert {"first_contact", "decides_follow_up"} <= set(getattr(status, side))
        assert compared.row_open_side(status) == side
        assert compared.row_open_side(row("deadline.vooronderzoek", melding)) is None
        scope = row("covered", ("raadslid", "griffier", "uitgevoerd", False))
        assert compared.row_open_side(scope) is None
        statuses = [r for r in compared.behavioral if r.aspect == "open"]
        assert statuses and all(compared.row_open_side(r) == side for r in statuses)
        cases = [r for r in compared.behavioral if r.aspect != "open"]
        assert compared.different == sum(compared.row_open_side(r) is None for r in cases)
        assert compared.open_only(side) == sum(compared.row_open_side(r) == side
                                               for r in cases)
        assert not any(r.aspect == "open" for r in compared.behavioral
                       if compared.row_open_side(r) is None)


def test_markdown_for_an_advice(diff: ProtocolDiff) -> None:
    text = render_markdown(diff)
    assert text.startswith("## Vergelijking van de integriteitsprotocollen van Arnhem en "
                           "Oostzaan")
    # each side's roles by the names its protocol gives them, not the ids
    line = next(line for line in text.splitlines() if "| Beslist over vervolg |" in line
                and "Voorzitter van de vertrouwenscommissie" in line)
    assert line.count(" | ") == 3 and "Commissaris van de Koning (Gelderland)" in line
    behaviour = text.split("### Opbouw van het protocol")[0]
    assert "voorzitter_vertrouwenscommissie" not in behaviour and "| cvdk" not in behaviour


def test_an_answer_that_differs_only_in_being_open_is_counted_apart(arnhem: Protocol) -> None:
    """The Aalsmeer concept takes most answers from Arnhem as proposals, still open: a
    row "nog open - voorstel (ontleend aan Arnhem): griffier" against Arnhem's
    "griffier" is no case in which something else happens. The count of differences
    keeps the real ones; those that differ only in being open are counted apart, in
    Markdown (the report), text and JSON, as are proposed silences equal to Arnhem's."""
    draft = _load("aalsmeer_draft")
    compared = diff_protocols(draft, arnhem)
    first = next(r for r in compared.behavioral if r.aspect == "first_contact"
                 and _core(r.scenario) == ("raadslid", "wethouder", "uitgevoerd", False))
    assert first.left == {"proposal": "Arnhem", "roles": ["griffier"]}
    assert first.right == ["griffier"] and first.open_side == "left"
    silent = [r for r in compared.behavioral if r.aspect == "silent"]
    assert silent and all(r.open_side == "left" for r in silent)
    # a real difference stays one: Arnhem's four weeks for the vooronderzoek
    weeks = [r for r in compared.behavioral if r.aspect == "deadline.vooronderzoek"]
    assert weeks and all(r.open_side is None for r in weeks)
    open_only = compared.open_only("left")
    different = compared.different
    # each case (a scenario and a question) counted once: the ``open`` status rows
    # repeat questions already counted and count neither way
    statuses = sum(r.aspect == "open" for r in compared.behavioral)
    assert statuses and open_only and different
    assert open_only + different == len(compared.behavioral) - statuses
    assert compared.open_only("right") == 0
    text = render_markdown(compared)
    assert (f"In {different} gevallen (een scenario en een vraag) gebeurt er in Aalsmeer "
            f"iets anders dan in Arnhem; in {open_only} gevallen is het antwoord in "
            "Aalsmeer nog open (voorstel gelijk aan Arnhem); samen staan ze hieronder in "
            f"{len(compared.groups)} groepen.") in text
    assert compared.to_dict()["counts"] == {"different": different,
                                            "open_only": {"left": open_only, "right": 0}}
    mirrored = diff_protocols(arnhem, draft)
    assert mirrored.open_only("right") == open_only and mirrored.different == different
    # The text says the two side by side, the groups holding both: not the open points
    # as part of the differences, nor the groups as the differences' alone.
    counts = render_text(mirrored, lang="en").splitlines()[1]
    assert counts.startswith(
        f"{different} differences in what happens to cases and {open_only} open points in "
        "Aalsmeer (a proposal equal to Arnhem), together in "
        f"{len(mirrored.groups)} groups; "), counts
    assert render_text(mirrored, lang="nl").splitlines()[1].startswith(
        f"{different} verschillen in wat er met zaken gebeurt en {open_only} open punten in "
        f"Aalsmeer (voorstel gelijk aan Arnhem), samen in {len(mirrored.groups)} groepen; ")
    # The summary (text, Markdown, JSON) counts them apart the same way.
    summary = summarize(mirrored)
    said = (f"{different} verschillen in wat er met zaken gebeurt en {open_only} open punten "
            "in Aalsmeer (voorstel gelijk aan Arnhem).")
    assert said in render_summary(summary, lang="nl").splitlines()
    assert said in render_summary_markdown(summary, lang="nl").splitlines()
    assert summary.to_dict()["counts"] == mirrored.to_dict()["counts"]
