"""protocolkit diff: structural and behavioural differences, cosmetic invariance, mirror
property, and one mutation -> the change that made it and the scenarios it affects.

Expected rows are derived from the YAML of ``tests/data/minimal.yaml`` (quoted in the
comments), not copied from output.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from protocolkit.diff import ProtocolDiff, diff_protocols
from protocolkit.diff.grouping import describe
from protocolkit.diff.scenarios import scenario_role_names
from protocolkit.format.loader import load_protocol, load_text
from protocolkit.format.model import Protocol
from protocolkit.present.comparison import render_markdown, render_text
from protocolkit.semantics import (
    QUESTIONS,
    Scenario,
    guard_holds,
    route_graph,
    scenario_space,
)

from .strategies import examples, mutations, protocols

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "tests" / "data" / "minimal.yaml"
SHIPPED = sorted((ROOT / "protocols").glob("*.yaml")) + [MINIMAL]

settings.register_profile("protocolkit-diff", max_examples=examples(15), deadline=None,
                          suppress_health_check=[HealthCheck.too_slow,
                                                 HealthCheck.data_too_large])
DIFF_SETTINGS = settings.get_profile("protocolkit-diff")


def load_data(path: Path) -> dict[str, Any]:
    result = load_protocol(path)
    assert result.protocol is not None, f"{path} does not load: {result.findings[:3]}"
    return copy.deepcopy(result.data)


def model(data: dict[str, Any]) -> Protocol:
    return Protocol.model_validate(data)


_CACHE: dict[Path, Protocol] = {}


def shipped(path: Path) -> Protocol:
    if path not in _CACHE:
        _CACHE[path] = model(load_data(path))
    return _CACHE[path]


def rows(diff: ProtocolDiff) -> list[tuple[Any, ...]]:
    """Structural rows as (kind, change, id, fields)."""
    return [(c.kind, c.change, c.id, c.fields) for c in diff.structural]


def swapped(data: dict[str, Any]) -> dict[str, Any]:
    """A diff's JSON form with the sides exchanged: what diff(b, a) must be."""
    flip = {"added": "removed", "removed": "added", "changed": "changed"}
    out = dict(data)
    out["left"], out["right"] = data["right"], data["left"]
    out["structural"] = [{**c, "change": flip[c["change"]], "left": c["right"],
                          "right": c["left"]} for c in data["structural"]]
    out["behavioral"] = [{**r, "left": r["right"], "right": r["left"],
                          "sources": {"left": r["sources"]["right"],
                                      "right": r["sources"]["left"]}}
                         for r in data["behavioral"]]
    out["groups"] = [{**g, "left": g["right"], "right": g["left"],
                      "sources": {"left": g["sources"]["right"], "right": g["sources"]["left"]}}
                     for g in data["groups"]]
    if "counts" in data:     # what differs only in being open is counted per side
        opened = data["counts"]["open_only"]
        out["counts"] = {**data["counts"],
                         "open_only": {"left": opened["right"], "right": opened["left"]}}
    return out


def assert_mirror(a: Protocol, b: Protocol) -> ProtocolDiff:
    forward = diff_protocols(a, b)
    backward = diff_protocols(b, a)
    assert backward.to_dict() == swapped(forward.to_dict())
    return forward


# --------------------------------------------------------------------------- cosmetic

# lists whose order means something (the first alternative that holds wins; a joint
# step's roles in the text's order)
ORDERED = {"actor", "next", "decides", "communicates_with_melder", "role"}


def _reword(value: Any) -> Any:
    return f"Anders verwoord: {value}" if isinstance(value, str) else value


def _cosmetic(value: Any, key: str | None = None) -> Any:
    """Reverse every list whose order means nothing, reword every display text."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for k in reversed(list(value)):
            v = _cosmetic(value[k], k)
            if k in ("name", "title", "label", "description", "notes", "text", "question",
                     "reasoning", "reason"):
                v = _reword(v)
            out[k] = v
        return out
    if isinstance(value, list):
        items = [_cosmetic(v) for v in value]
        if key in ORDERED:
            return items
        if key == "substitutions":
            # The first substitution of a role that holds wins: keep their relative order.
            order: list[str] = list(dict.fromkeys(s["replaces"] for s in items))
            return [s for r in reversed(order) for s in items if s["replaces"] == r]
        return list(reversed(items))
    return value


def cosmetic_variant(data: dict[str, Any]) -> dict[str, Any]:
    variant = _cosmetic(copy.deepcopy(data))
    # A section's text is the source's own words: rewording it is not cosmetic (the diff
    # shows it, test_a_changed_section_text_is_shown_but_changes_no_behaviour).
    texts = {s["id"]: s.get("text") for s in data["sections"]}
    for section in variant["sections"]:
        if texts[section["id"]] is not None:
            section["text"] = texts[section["id"]]
    # attribute domains: the first value is the default, the rest is a set
    for name, values in data["scenarios"].get("attributes", {}).items():
        variant["scenarios"]["attributes"][name] = [values[0], *reversed(values[1:])]
    return variant


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_diff_with_itself_is_empty(path: Path) -> None:
    protocol = shipped(path)
    diff = diff_protocols(protocol, protocol)
    assert diff.same
    assert diff.to_dict()["structural"] == [] and diff.to_dict()["behavioral"] == []


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_reordered_and_reworded_protocol_means_the_same(path: Path) -> None:
    data = load_data(path)
    variant = cosmetic_variant(data)
    assert variant != data
    assert variant["roles"][0] == _cosmetic(data["roles"][-1])
    diff = diff_protocols(shipped(path), model(variant))
    assert rows(diff) == [] and diff.behavioral == (), render_text(diff)[:3000]


@pytest.mark.parametrize("path", [p for p in SHIPPED if p != MINIMAL], ids=lambda p: p.name)
def test_a_changed_section_text_is_shown_but_changes_no_behaviour(path: Path) -> None:
    """A section quotes the source; a new wording of the source is one structural row
    (kind ``section``, field ``text``) and no behavioural difference. Whitespace is not a
    change, and a section only one side quotes is none either."""
    data = load_data(path)
    quoted = [s for s in data["sections"] if s.get("text")]
    assert quoted
    first, second = quoted[0], quoted[-1]
    first["text"] = first["text"].replace(" ", "  ").replace("\n", " \n")
    second["text"] = "Anders geformuleerd: " + second["text"]
    diff = assert_mirror(shipped(path), model(data))
    assert rows(diff) == [("section", "changed", second["id"], ("text",))]
    assert diff.behavioral == ()
    text = render_text(diff)
    assert "Tekst van paragraaf" in text and "tekst: Anders geformuleerd:" in text
    assert "\\n" not in text  # the quoted text on one line, not with escaped breaks
    del second["text"]
    assert diff_protocols(shipped(path), model(data)).same


def test_comments_are_not_differences() -> None:
    text = MINIMAL.read_text(encoding="utf-8")
    commented = "\n".join(line + ("  # opmerking" if line.strip().startswith("- id:") else "")
                          for line in text.splitlines())
    commented = "# een nieuwe kop\n" + commented.replace("\nsteps:", "\n# de stappen\nsteps:")
    other = load_text(commented).protocol
    assert other is not None
    assert diff_protocols(shipped(MINIMAL), other).same


def test_same_meaning_under_other_ids_lines_up() -> None:
    """Another municipality calls the CvdK 'commissaris' and the admissibility step
    'toets': matched by shared vocabulary and step kind, nothing differs."""
    data = load_data(MINIMAL)
    for role in data["roles"]:
        if role["id"] == "cvdk":
            role["id"] = "commissaris"
    data["substitutions"][0]["by"] = "commissaris"
    for step in data["steps"]:
        if step["id"] == "beoordeling":
            step["id"] = "toets"
        for outcome in step.get("outcomes", []):
            if outcome["next"] == "beoordeling":
                outcome["next"] = "toets"
    diff = diff_protocols(shipped(MINIMAL), model(data))
    assert diff.same, render_text(diff)


# --------------------------------------------------------------------------- mutations

BM_SCENARIO = Scenario("raadslid", "burgemeester", "uitgevoerd", False)


def test_removing_the_substitution() -> None:
    """minimal.yaml: `cvdk_voor_burgemeester` (subject burgemeester) puts the CvdK where
    the burgemeester acts: counterpart of `melding`, actor of `beoordeling`
    (ontvankelijkheid), `opdracht` (onderzoeksopdracht) and `pers` (communicatie), and
    speaker of `pers_na_sanctie`. Without it the burgemeester does all that himself, in
    the one scenario about the burgemeester."""
    data = load_data(MINIMAL)
    data["substitutions"] = []
    diff = assert_mirror(shipped(MINIMAL), model(data))
    assert rows(diff) == [("substitution", "removed", "cvdk_voor_burgemeester", ())]
    got = {(r.scenario, r.aspect, tuple(r.left), tuple(r.right)) for r in diff.behavioral}
    assert got == {
        (BM_SCENARIO, "first_contact", ("cvdk",), ("burgemeester",)),
        (BM_SCENARIO, "decides_follow_up", ("cvdk",), ("burgemeester",)),
        (BM_SCENARIO, "commissions_investigation", ("cvdk",), ("burgemeester",)),
        (BM_SCENARIO, "communicates", ("cvdk",), ("burgemeester",)),
    }
    row = next(r for r in diff.behavioral if r.aspect == "decides_follow_up")
    # the cvdk decides by the substitution (art. 1), which the right side lacks
    assert row.left_sources == ("art. 2", "art. 1") and row.right_sources == ("art. 2",)
    assert [g.description for g in diff.groups] == [({"subject": ("burgemeester",)},)] * 4
    assert all(g.text == "elk scenario over burgemeester" for g in diff.groups)


def test_changing_one_deadline() -> None:
    """minimal.yaml: `onderzoek` has `deadline: {amount: 8, unit: weken}` and every
    scenario passes through it (no outcome has a guard)."""
    data = load_data(MINIMAL)
    step = next(s for s in data["steps"] if s["id"] == "onderzoek")
    step["deadline"]["amount"] = 6
    diff = assert_mirror(shipped(MINIMAL), model(data))
    assert rows(diff) == [("deadline", "changed", "onderzoek", ("amount",))]
    assert diff.structural[0].left == {"amount": 8, "unit": "weken"}
    assert {r.scenario for r in diff.behavioral} == set(scenario_space(shipped(MINIMAL)))
    assert {(r.aspect, tuple(r.left), tuple(r.right)) for r in diff.behavioral} == {
        ("deadline.onderzoek", ("8 weken",), ("6 weken",))}
    (group,) = diff.groups
    assert group.description == ({},) and group.text == "elk scenario"
    assert len(group.scenarios) == 3


def test_changing_one_actor() -> None:
    """minimal.yaml: `beoordeling` (ontvankelijkheid) is done by the burgemeester, by the
    CvdK when the burgemeester is the subject. Give it to the raadslid."""
    data = load_data(MINIMAL)
    step = next(s for s in data["steps"] if s["id"] == "beoordeling")
    step["actor"] = "raadslid"
    diff = assert_mirror(shipped(MINIMAL), model(data))
    assert rows(diff) == [("step", "changed", "beoordeling", ("actor",))]
    got = {(r.scenario.subject, r.aspect, tuple(r.left), tuple(r.right))
           for r in diff.behavioral}
    assert got == {("raadslid", "decides_follow_up", ("burgemeester",), ("raadslid",)),
                   ("burgemeester", "decides_follow_up", ("cvdk",), ("raadslid",))}
    assert [len(g.scenarios) for g in diff.groups] == [2, 1]


def test_a_scenario_only_one_side_covers() -> None:
    """The right side also covers intended acts (`acts: [uitgevoerd]` on the left)."""
    data = load_data(MINIMAL)
    data["scenarios"]["acts"] = ["voorgenomen", "uitgevoerd"]
    diff = assert_mirror(shipped(MINIMAL), model(data))
    assert rows(diff) == [("scenarios", "changed", "acts", ())]
    assert {r.aspect for r in diff.behavioral} == {"covered"}
    assert {r.scenario.act for r in diff.behavioral} == {"voorgenomen"}
    assert all(r.left is False and r.right is True for r in diff.behavioral)
    (group,) = diff.groups
    assert group.text == "elk scenario voorgenomen"
    assert group.right_sources == ("art. 2",)   # the entry route `alle_meldingen`


def test_an_attribute_only_one_side_declares() -> None:
    """The right side distinguishes serious cases (`ernst: [licht, zwaar]`) and lets the
    raadslid judge those. The left side makes no such distinction: its answers stand for
    both values, so only the serious cases differ."""
    data = load_data(MINIMAL)
    data["scenarios"]["attributes"] = {"ernst": ["licht", "zwaar"]}
    step = next(s for s in data["steps"] if s["id"] == "oordeel")
    step["actor"] = [{"when": {"ernst": "zwaar"}, "role": "raadslid"}, {"role": "gemeenteraad"}]
    diff = assert_mirror(shipped(MINIMAL), model(data))
    assert ("scenarios", "added", "attribute.ernst", ()) in rows(diff)
    assert ("step", "changed", "oordeel", ("actor",)) in rows(diff)
    assert {r.aspect for r in diff.behavioral} == {"judges"}
    assert {dict(r.scenario.attributes)["ernst"] for r in diff.behavioral} == {"zwaar"}
    assert len(diff.behavioral) == 3
    (group,) = diff.groups
    assert group.description == ({"ernst": ("zwaar",)},)


@given(data=st.data())
@DIFF_SETTINGS
def test_one_mutation_shows_as_its_change_and_the_scenarios_it_affects(data: st.DataObject,
                                                                       ) -> None:
    path = data.draw(st.sampled_from(SHIPPED), label="protocol")
    original = shipped(path)
    what, mutated_data = data.draw(mutations(load_data(path)), label="mutation")
    mutated = model(mutated_data)
    diff = assert_mirror(original, mutated)
    if what == "none":
        assert diff.same
        return
    kind, element = what.split(":")
    if kind == "deadline":
        assert rows(diff) == [("deadline", "changed", element, ("amount",))]
        step_kind = original.step(element).kind.value  # type: ignore[union-attr]
        assert {r.aspect for r in diff.behavioral} <= {f"deadline.{step_kind}"}
        reached = {s for s in scenario_space(original) if element in route_graph(original, s)}
        for s in reached:
            others = [n for n in route_graph(original, s) if n != element
                      and original.step(n).kind.value == step_kind  # type: ignore[union-attr]
                      and original.step(n).deadline is not None]  # type: ignore[union-attr]
            if not others:
                assert any(_same(r.scenario, s, original) for r in diff.behavioral), s
    elif kind == "optional":
        # A member optional on one side only: the body's field, never a route's answer.
        assert rows(diff) == [("role", "changed", element, ("optional_members",))]
        assert not diff.behavioral
        return
    elif kind == "seat":
        # One seat per holder of another role on one side only: the body's field.
        assert rows(diff) == [("role", "changed", element, ("seat_per",))]
        assert not diff.behavioral
        return
    elif kind == "consult":
        # A consultation optional on one side only: the step's field, never a route's
        # answer.
        assert rows(diff) == [("step", "changed", element, ("consulted_optional",))]
        assert not diff.behavioral
        return
    elif kind == "substitution":
        assert rows(diff) == [("substitution", "removed", element, ())]
        removed = next(x for x in original.substitutions if x.id == element)
        reached = {s for s in scenario_space(original) if guard_holds(removed.when, s)}
    else:
        assert rows(diff) == [("step", "changed", element, ("actor",))]
        reached = {s for s in scenario_space(original) if element in route_graph(original, s)}
    assert "covered" not in {r.aspect for r in diff.behavioral}
    for row in diff.behavioral:
        assert any(_same(row.scenario, s, original) for s in reached), row


def _same(key: Scenario, scenario: Scenario, protocol: Protocol) -> bool:
    names = scenario_role_names(protocol)
    return key == Scenario(names[scenario.reporter], names[scenario.subject], scenario.act,
                           scenario.own, scenario.attributes)


@given(a=protocols(), b=protocols())
@settings(DIFF_SETTINGS, max_examples=examples(25))
def test_diff_mirrors_on_generated_protocols(a: Protocol, b: Protocol) -> None:
    assert_mirror(a, b)
    assert diff_protocols(a, a).same


# --------------------------------------------------------------------------- grouping


def _domain() -> list[Scenario]:
    return [Scenario(r, s, a, r == s and o, {}) for r in ("raadslid", "wethouder", "burger")
            for s in ("raadslid", "wethouder", "burgemeester") for a in ("voorgenomen",
                                                                          "uitgevoerd")
            for o in (False, True) if not (o and r != s)]


@given(st.data())
@settings(DIFF_SETTINGS, max_examples=examples(60))
def test_a_group_description_covers_exactly_its_scenarios(data: st.DataObject) -> None:
    domain = sorted(set(_domain()))
    group = set(data.draw(st.lists(st.sampled_from(domain), min_size=1, unique=True)))
    description = describe(group, domain)
    if description is None:
        return
    matched = {s for s in domain
               if any(all(s.value(k) in v for k, v in box.items()) for box in description)}
    assert matched == group


def test_description_of_one_subject_is_one_box() -> None:
    domain = sorted(set(_domain()))
    group = {s for s in domain if s.subject == "burgemeester" and s.act == "uitgevoerd"}
    assert describe(group, domain) == ({"subject": ("burgemeester",), "act": ("uitgevoerd",)},)


# --------------------------------------------------------------------------- rendering


def test_renderings_name_both_sides_and_cite() -> None:
    data = load_data(MINIMAL)
    data["protocol"]["municipality"] = "Elders"
    data["substitutions"] = []
    diff = diff_protocols(shipped(MINIMAL), model(data))
    text = render_text(diff)
    assert "Eerste aanspreekpunt — elk scenario over burgemeester (1 scenario)" in text
    # each side's roles by the names the protocol gives them; the JSON keeps the ids
    assert "Voorbeeld: Commissaris van de Koning   [art. 2]" in text
    assert "Elders:    Burgemeester   [art. 2]" in text
    behaviour = text.split("Opbouw van het protocol")[0]
    assert not re.search(r": (cvdk|burgemeester)\b", behaviour), behaviour
    markdown = render_markdown(diff)
    assert "| elk scenario over burgemeester (1) | Eerste aanspreekpunt | Commissaris van de " \
           "Koning *(art. 2)* | Burgemeester *(art. 2)* |" in markdown
    # the substitution in words, its id in the last column
    assert ("| Vervanging | alleen in Voorbeeld | Commissaris van de Koning in plaats van "
            "Burgemeester, als het over burgemeester gaat (art. 1) | — | "
            "`cvdk_voor_burgemeester` |") in markdown
    assert "cvdk in plaats van" not in text and "Vervanging cvdk" not in text
    assert json.loads(json.dumps(diff.to_dict()))["behavioral"][0]["scenario"] == {
        "reporter": "raadslid", "subject": "burgemeester", "act": "uitgevoerd", "own": False}
    assert set(QUESTIONS) >= {r.aspect for r in diff.behavioral}


def test_a_step_that_differs_in_being_open_names_its_open_points() -> None:
    # Aalsmeer ties open points to steps through open_points[].affects, not the step's
    # own open: the row said "nog open punt" differs and showed "—" on both sides.
    aalsmeer, arnhem = (shipped(ROOT / "protocols" / f"{n}.yaml")
                        for n in ("aalsmeer_draft", "arnhem"))
    diff = diff_protocols(aalsmeer, arnhem)
    opens = [c for c in diff.structural if c.kind == "step" and "open" in c.fields]
    assert opens
    for change in opens:
        assert change.left.get("open") or change.right.get("open"), change.id
    row = next(c for c in opens if c.right["id"] == "b32b_besluit_fase2")
    assert row.left["id"] == "beoordeling_melding"
    assert row.left["open"] == ["wie_beslist_vervolg"] and "open" not in row.right
    page = render_markdown(diff, ("Aalsmeer", "Arnhem"), lang="nl")
    line = next(x for x in page.splitlines() if "b32b_besluit_fase2" in x)
    # the ids in the order of the columns (Aalsmeer | Arnhem), the open point on its side
    assert "`beoordeling_melding / b32b_besluit_fase2`" in line, line
    left_cell, right_cell = line.split(" | ")[2:4]
    # the open point by its question, the steps by their titles
    assert ('nog open punt: "Wie beslist of een melding een vervolg krijgt (vooronderzoek, '
            'de stap naar fase…"') in left_cell and "—" in right_cell, line
    assert line.startswith("| Stap 'De burgemeester (bij de burgemeester als betrokkene de "
                           "CvdK) besluit of de stap…' / '3.2 b: De burgemeester besluit"), line
    # the data keeps one id whichever side is left
    assert row.id == "b32b_besluit_fase2 / beoordeling_melding"
    text_page = render_text(diff_protocols(arnhem, aalsmeer), ("Arnhem", "Aalsmeer"), lang="nl")
    assert "Stap '3.2 b: De burgemeester besluit of de stap naar fase 2 wordt gezet dan wel " \
        "dat…' / 'De burgemeester (bij de burgemeester als betrokkene de CvdK) besluit of de " \
        "stap…': anders: nog open punt" in text_page
    assert "b32b_besluit_fase2" not in text_page and "wie_beslist_vervolg" not in text_page


def test_the_open_status_row_is_detail_not_a_second_case() -> None:
    """The ``open`` aspect row is a status: open-only on the side that leaves questions
    open, where each of them differs there only in being open (its proposal equals the
    other side's answer); where a proposal differs, or both sides leave open what the
    other decided, it is not open-only. Either way it is not counted: the counts are of
    cases (a scenario and a question), and its questions have their own rows."""
    from protocolkit.diff.rows import BehavioralRow, Side

    cell = Scenario("raadslid", "raadslid", "uitgevoerd")
    status = BehavioralRow(cell, "open", ["judges"], [])
    equal = BehavioralRow(cell, "judges", {"proposal": "Arnhem", "roles": ["gemeenteraad"]},
                          ["gemeenteraad"])
    other = BehavioralRow(cell, "judges", {"proposal": "Arnhem", "roles": ["griffier"]},
                          ["gemeenteraad"])
    sides = (Side("A", "1"), Side("B", "1"))
    agreed = ProtocolDiff(*sides, behavioral=(equal, status))
    assert [agreed.row_open_side(r) for r in agreed.behavioral] == ["left", "left"]
    # the status row only repeats the question its own row counts: one case, not two
    assert agreed.counts() == {"different": 0, "open_only": {"left": 1, "right": 0}}
    apart = ProtocolDiff(*sides, behavioral=(other, status))
    assert [apart.row_open_side(r) for r in apart.behavioral] == [None, None]
    assert apart.counts() == {"different": 1, "open_only": {"left": 0, "right": 0}}
    crossed = BehavioralRow(cell, "open", ["judges"], ["first_contact"])
    assert ProtocolDiff(*sides, behavioral=(crossed,)).row_open_side(crossed) is None
    mirrored = BehavioralRow(cell, "open", [], ["judges"])
    alone = ProtocolDiff(*sides, behavioral=(mirrored,))   # no row for the question: equal
    assert alone.row_open_side(mirrored) == "right"


def test_named_only_on_a_substitution_is_a_structural_change() -> None:
    """``named_only`` changes who sits in a body, never an answer on Oostzaan's routes:
    the diff shows it as the substitution's field, in words, and nothing behavioural."""
    text = (ROOT / "protocols" / "oostzaan.yaml").read_text(encoding="utf-8")
    before = load_text(text.replace("    named_only: true\n", ""), "before.yaml").protocol
    after = load_text(text, "after.yaml").protocol
    assert before is not None and after is not None
    found = diff_protocols(before, after)
    assert not found.behavioral
    assert [(c.kind, c.id, c.fields) for c in found.structural] == [
        ("substitution", "voorzitter_vertrouwenscommissie_voor_burgemeester",
         ("named_only",))]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_member_optional_on_one_side_is_a_difference(lang: str) -> None:
    """Oostzaan art. 3.1 lid 2 has "– desgewenst – (een) externe adviseur(s)": a text
    where the adviser always sits in the integriteitscommissie differs from it, and the
    diff shows the role's field in words, not as a change of behaviour."""
    text = (ROOT / "protocols" / "oostzaan.yaml").read_text(encoding="utf-8")
    marked = ('    optional_members:\n'
              '      # Art. 3.1 lid 2')
    assert marked in text
    start = text.index(marked)
    end = text.index("\n", text.index("- {role: externe_adviseur", start)) + 1
    required = load_text(text[:start] + text[end:], "required.yaml").protocol
    optional = load_text(text, "optional.yaml").protocol
    assert required is not None and optional is not None
    found = diff_protocols(required, optional)
    assert not found.behavioral
    assert [(c.kind, c.id, c.fields) for c in found.structural] == [
        ("role", "integriteitscommissie", ("optional_members",))]
    [change] = found.structural
    assert "optional_members" not in change.left
    assert [m["role"] for m in change.right["optional_members"]] == ["externe_adviseur"]
    field = "leden desgewenst" if lang == "nl" else "members if desired"
    shown = [line.strip() for line in render_text(found, lang=lang).splitlines()
             if f"{field}:" in line]
    assert len(shown) == 2
    # the side without optional members cites nothing for them (review 7, item 10)
    assert shown[0].endswith(f"{field}: —"), shown[0]
    # One citation list a side: the entry's own, not the body's after it again.
    assert shown[1].endswith(f"{field}: Externe adviseur(s) (externe professionele expertise) "
                             "[art. 3.1 lid 2; art. 1.1 lid 4]")
    cells = [line for line in render_markdown(found, lang=lang).splitlines() if f"{field}:" in line]
    assert len(cells) == 1 and cells[0].endswith(
        f"{field}: Externe adviseur(s) (externe professionele expertise) "
        "\\[art. 3.1 lid 2; art. 1.1 lid 4\\] | `integriteitscommissie` |")
    # Reversed, the same row with the sides swapped.
    back = diff_protocols(optional, required)
    assert [(c.kind, c.id, c.fields) for c in back.structural] == [
        ("role", "integriteitscommissie", ("optional_members",))]
