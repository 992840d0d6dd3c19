"""``protocolkit diff``: exit codes, formats, and docs/diff.md stays true."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from .helpers import run_cli as run

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = "tests/data/minimal.yaml"
V2 = "tests/data/diff_minimal_v2.yaml"
GUIDE = ROOT / "docs" / "diff.md"


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.fixture(autouse=True)
def _dutch_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests read the Dutch output: a Dutch locale, whatever the machine's."""
    monkeypatch.setenv("LANG", "nl_NL.UTF-8")


def test_same_protocol_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "diff", MINIMAL, MINIMAL)
    assert code == 0
    assert "Geen verschillen" in out
    code, out, _ = run(capsys, "diff", MINIMAL, MINIMAL, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert (data["same"], data["structural"], data["behavioral"]) == (True, [], [])


def test_different_protocols_exit_1_in_every_format(capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in ("text", "markdown", "json"):
        code, out, err = run(capsys, "diff", MINIMAL, V2, "--format", fmt)
        assert (code, err) == (1, ""), fmt
    data = json.loads(out)
    assert data["same"] is False
    assert {(c["kind"], c["change"], c["id"]) for c in data["structural"]} == {
        ("role", "removed", "cvdk"), ("role", "added", "voorzitter_vc"),
        ("deadline", "changed", "onderzoek"),
        ("substitution", "removed", "cvdk_voor_burgemeester"),
        ("substitution", "added", "voorzitter_vc_voor_burgemeester")}


@pytest.mark.parametrize("argv", [
    ("diff", MINIMAL, "tests/data/no_such_file.yaml"),
    ("diff", MINIMAL),
    ("diff", MINIMAL, V2, "--format", "html"),
])
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert "Traceback" not in err and err


@pytest.mark.parametrize("breaking, code_said", [
    (lambda text: text.replace("by: cvdk", "by: cvdkk"), "unknown-role"),
    (lambda text: "protocol: {municipality: X\nsteps: [\n", "yaml-syntax"),
])
def test_a_protocol_with_errors_is_reported_not_compared(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, breaking: Any,
        code_said: str) -> None:
    # exit 2, not 1: 1 says "the protocols differ" (docs/diff.md)
    broken = tmp_path / "broken.yaml"
    broken.write_text(breaking((ROOT / MINIMAL).read_text()))
    for argv in ((MINIMAL, str(broken)), (str(broken), MINIMAL)):
        code, out, err = run(capsys, "diff", *argv)
        assert code == 2 and out == ""
        assert code_said in err and "Traceback" not in err
    # report --against: nothing to compare, no page written without its comparison
    page = tmp_path / "r.html"
    code, out, err = run(capsys, "report", MINIMAL, "--against", str(broken), "-o", str(page))
    assert code == 2 and code_said in err and not page.exists()


def test_equal_names_fall_back_to_file_names(capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path) -> None:
    copy = tmp_path / "kopie.yaml"
    copy.write_text((ROOT / MINIMAL).read_text())
    _, out, _ = run(capsys, "diff", MINIMAL, str(copy))
    assert out.startswith("Vergelijking: minimal.yaml (links) en kopie.yaml (rechts)\n")
    _, out, _ = run(capsys, "diff", MINIMAL, MINIMAL)
    assert out.startswith(f"Vergelijking: {MINIMAL} (links) en {MINIMAL} (rechts)\n")


# --------------------------------------------------------------------------- the guide


def _blocks(kind: str) -> list[tuple[list[str], str]]:
    text = GUIDE.read_text(encoding="utf-8")
    pattern = rf"<!-- {kind}: protocolkit (.+?) -->\n```text\n(.*?)```"
    return [(command.split(), body) for command, body in re.findall(pattern, text, re.DOTALL)]


def test_the_guide_example_is_the_real_output(capsys: pytest.CaptureFixture[str]) -> None:
    (argv, expected), = _blocks("example")
    code, out, _ = run(capsys, *argv)
    assert code == 1
    assert out == expected


def test_the_guide_excerpt_is_in_the_real_output(capsys: pytest.CaptureFixture[str]) -> None:
    (argv, excerpt), = _blocks("excerpt")
    _, out, _ = run(capsys, *argv)
    lines = iter(out.splitlines())
    for wanted in excerpt.splitlines():
        assert any(line == wanted for line in lines), f"not in the output (in order): {wanted}"


def test_the_guide_json_is_part_of_the_real_output(capsys: pytest.CaptureFixture[str]) -> None:
    text = GUIDE.read_text(encoding="utf-8")
    shown = json.loads(re.search(r"## JSON\n\n```json\n(.*?)```", text, re.DOTALL).group(1))  # type: ignore[union-attr]
    _, out, _ = run(capsys, "diff", MINIMAL, V2, "--format", "json")
    real = json.loads(out)
    for key in ("left", "right", "same"):
        assert shown[key] == real[key]
    for key in ("structural", "behavioral", "groups"):
        for item in shown[key]:
            assert item in real[key], item


def test_the_guide_python_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    text = GUIDE.read_text(encoding="utf-8")
    code = re.search(r"## In Python\n\n```python\n(.*?)```", text, re.DOTALL).group(1)  # type: ignore[union-attr]
    exec(compile(code, str(GUIDE), "exec"), {})  # noqa: S102 - our own documentation
    out, _ = capsys.readouterr()
    assert "| elk scenario (3) | Termijn onderzoek | 8 weken *(art. 3)* | 6 weken *(art. 3)* |" \
        in out


def test_the_guide_summary_is_the_real_output(capsys: pytest.CaptureFixture[str]) -> None:
    (argv, expected), = _blocks("summary")
    code, out, _ = run(capsys, *argv)
    assert code == 1
    assert out == expected


#: A printed A4 page of monospace text in 10 pt type: about 64 lines of 95 characters
#: (docs/diff.md, "A summary for a client").
PAGE_LINES, LINE_CHARS = 64, 95


def printed_lines(text: str) -> int:
    """How many lines ``text`` takes on paper: a longer line wraps, an empty one counts."""
    return sum(max(1, -(-len(line) // LINE_CHARS)) for line in text.splitlines())


def test_the_counts_docs_diff_gives_are_the_real_output(
        capsys: pytest.CaptureFixture[str]) -> None:
    """docs/diff.md says how long the full Arnhem/Oostzaan diff is ("some 1,400 lines",
    within a tenth) and measures the summary exactly ("N lines, M printed lines")."""
    doc = " ".join((ROOT / "docs" / "diff.md").read_text(encoding="utf-8").split())
    some = re.search(r"is long \(some ([\d,]+) lines of text\)", doc)
    measured = re.search(r"is (\d+) lines, (\d+) printed lines when", doc)
    assert some is not None and measured is not None
    _, full, _ = run(capsys, "diff", "protocols/arnhem.yaml", "protocols/oostzaan.yaml",
                     "--lang", "nl")
    said = int(some[1].replace(",", ""))
    assert abs(len(full.splitlines()) - said) <= said // 10, len(full.splitlines())
    _, summary, _ = run(capsys, "diff", "protocols/arnhem.yaml", "protocols/oostzaan.yaml",
                        "--summary", "--lang", "nl")
    assert (len(summary.splitlines()), printed_lines(summary)) == \
        (int(measured[1]), int(measured[2]))


def test_the_summary_fits_on_two_printed_pages(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "diff", "protocols/arnhem.yaml", "protocols/oostzaan.yaml",
                    "--summary", "--lang", "nl")
    assert printed_lines(out) <= 2 * PAGE_LINES, printed_lines(out)
    # Said once, at the top: the regime Oostzaan sends a melding by an ambtenaar to, with
    # its article, and then what Arnhem answers there, question by question.
    assert out.count("Ambtelijke meldingsregelingen") == 1
    assert out.count("[art. 2.1 lid 2]") == 1
    assert "Gaat buiten het protocol naar" not in out
    assert "\n  Velt het eindoordeel: Gemeenteraad [Samenvatting van rollen en taken" in out
    assert "Alleen Oostzaan onderscheidt aanleiding en betrokken_functionaris" in out
    # The one-sided attributes are said once, not inside every group.
    assert out.count("betrokken_functionaris geen") <= 3
    # Nothing a client needs is dropped: every group of every question that differs is
    # written, under its question or (where Oostzaan leaves the protocol) at the top.
    _, data, _ = run(capsys, "diff", "protocols/arnhem.yaml", "protocols/oostzaan.yaml",
                     "--summary", "--format", "json")
    groups = [(q["question"], g) for q in json.loads(data)["questions"] for g in q["groups"]]
    top = out.split("\n\n", 1)[0].splitlines()
    at_top = [line for line in top if line.startswith("  ") and line.endswith("]")]
    under = [line for line in out.splitlines() if line.startswith("  * ")]
    assert len(at_top) + len(under) + 1 == len(groups)   # + the one said in the top line
    assert len(at_top) == sum(1 for _, g in groups
                              if any(a.get("outside") for a in g["right"]))
    # No field names of the file in the structural part, and it is off by default.
    assert "Opbouw van het protocol" not in out
    _, full, _ = run(capsys, "diff", "protocols/arnhem.yaml", "protocols/oostzaan.yaml",
                     "--summary", "--structural", "--question", "judges")
    assert "accountable_to" not in full


def test_the_guide_examples_are_regenerated_by_the_script() -> None:
    """scripts/regenerate_diff_examples.py writes exactly what docs/diff.md shows."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "regenerate_diff_examples", ROOT / "scripts" / "regenerate_diff_examples.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text = GUIDE.read_text(encoding="utf-8")
    assert module.BLOCK.findall(text)
    assert module.regenerate(text) == text


def test_a_side_that_leaves_the_protocol_says_so_not_nobody(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Oostzaan art. 2.1 lid 2 sends a melding by an ambtenaar to the ambtelijke
    meldingsregeling: the summary says where the case goes, with that article, not
    "(niemand)" — in text, in English and in JSON."""
    from protocolkit import load, responsibilities
    from protocolkit.semantics import scenario_from_shared

    oostzaan = load("protocols/oostzaan.yaml").protocol
    regime = responsibilities(oostzaan, scenario_from_shared(
        oostzaan, "ambtenaar", "burgemeester", "uitgevoerd", False,
        {"aanleiding": "vermoeden", "betrokken_functionaris": "geen"})).handoff["regime"]
    argv = ("diff", "protocols/arnhem.yaml", "protocols/oostzaan.yaml", "--summary",
            "--reporter", "ambtenaar")
    _, out, _ = run(capsys, *argv)
    # The one regime is said once, at the top, with the situations and the article; then
    # what Arnhem answers there, per question — never "(niemand)" for Oostzaan.
    assert (f"Oostzaan stuurt gemeld door ambtenaar (3 situaties) buiten dit protocol, naar "
            f"{regime} [art. 2.1 lid 2]. Daar antwoordt Arnhem:\n"
            "  Eerste aanspreekpunt: Gemeentesecretaris [Voetnoot 8]\n") in out
    assert "(niemand)" not in out and out.count(regime) == 1
    _, english, _ = run(capsys, *argv, "--lang", "en")
    assert (f"Oostzaan sends reported by ambtenaar (3 situations) outside this protocol, to "
            f"{regime} [art. 2.1 lid 2]. There Arnhem answers:\n"
            "  Whom does the reporter turn to first? Gemeentesecretaris [Voetnoot 8]\n") \
        in english
    _, data, _ = run(capsys, *argv, "--format", "json")
    groups = [g for q in json.loads(data)["questions"] if q["question"] != "out_of_scope"
              for g in q["groups"]]
    assert groups and all(g["right"] == [{"value": [], "condition": None, "outside": regime}]
                          and "art. 2.1 lid 2" in g["sources"]["right"] for g in groups)
    assert all("outside" not in a for g in groups for a in g["left"])


def test_filters_narrow_the_diff(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "diff", "protocols/arnhem.yaml", "protocols/oostzaan.yaml",
                    "--summary", "--question", "decides_follow_up", "--reporter", "raadslid",
                    "--format", "json")
    data = json.loads(out)
    assert [q["question"] for q in data["questions"]] == ["decides_follow_up"]
    assert all(s["reporter"] == "raadslid" for q in data["questions"] for g in q["groups"]
               for s in g["scenarios"])
    _, full, _ = run(capsys, "diff", "protocols/arnhem.yaml", "protocols/oostzaan.yaml",
                     "--subject", "burgemeester", "--format", "json")
    data = json.loads(full)
    assert data["behavioral"]
    assert all(r["scenario"]["subject"] == "burgemeester" for r in data["behavioral"])


@pytest.mark.parametrize(("subject", "question", "answer"), [
    ("burgemeester", "eerste_aanspreekpunt", "  Eerste aanspreekpunt: Gemeentesecretaris"),
    ("wethouder", "eindoordeel", "  Velt het eindoordeel: Gemeenteraad")])
def test_a_question_filter_keeps_where_a_side_leaves_the_protocol(
        capsys: pytest.CaptureFixture[str], subject: str, question: str,
        answer: str) -> None:
    """Under --question, Oostzaan's "buiten dit protocol" (a melding by an ambtenaar goes
    to the ambtelijke regelingen, art. 2.1 lid 2) is said as without the filter, never
    "Oostzaan: (niemand)"."""
    _, out, _ = run(capsys, "diff", "protocols/arnhem.yaml", "protocols/oostzaan.yaml",
                    "--lang", "nl", "--summary", "--subject", subject, "--question", question)
    assert "(niemand)" not in out
    assert (f"Oostzaan stuurt gemeld door ambtenaar, over {subject} (1 situatie) buiten "
            "dit protocol, naar Ambtelijke meldingsregelingen") in out
    assert f"Daar antwoordt Arnhem:\n{answer} [" in out


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_summary_in_markdown_says_what_the_text_says(
        capsys: pytest.CaptureFixture[str], lang: str) -> None:
    """``--summary --format markdown`` (it was refused): the same sentences as the text,
    each question a table of its groups with both answers and their sections, every row
    as many cells as its header; the structural part with --structural as a table."""
    from protocolkit.diff import diff_protocols
    from protocolkit.diff.summary import filter_diff, summarize
    from protocolkit.format.loader import load_protocol
    from protocolkit.present.comparison import summary_page

    argv = ("diff", "protocols/arnhem.yaml", "protocols/oostzaan.yaml", "--lang", lang,
            "--summary", "--subject", "burgemeester")
    code, out, err = run(capsys, *argv, "--format", "markdown")
    assert code == 1 and err == ""
    arnhem = load_protocol("protocols/arnhem.yaml").protocol
    oostzaan = load_protocol("protocols/oostzaan.yaml").protocol
    diff = filter_diff(diff_protocols(arnhem, oostzaan), subject="burgemeester")
    page = summary_page(summarize(diff, subject="burgemeester"), ("Arnhem", "Oostzaan"), lang)
    assert page.questions and page.outside

    def plain(markdown: str) -> str:       # the text a reader sees in a cell
        return re.sub(r"\\(.)", r"\1", markdown)

    lines = out.splitlines()
    assert lines[0].startswith("## ") and "Arnhem" in lines[0] and "Oostzaan" in lines[0]
    for note in page.notes:
        assert note in map(plain, lines), note
    for asked, groups in page.questions:
        at = lines.index(f"### {asked}")
        rows = [plain(line) for line in lines[at + 4:at + 4 + len(groups)]]
        for (words, left, right), row in zip(groups, rows, strict=True):
            cites = [f"*({c})*" if c else "" for c in (left[1], right[1])]
            assert row == f"| {words} | {' '.join(filter(None, [left[0], cites[0]]))} | " \
                          f"{' '.join(filter(None, [right[0], cites[1]]))} |", row
    tables = [line for line in lines if line.startswith("|")]
    cells = [len(re.findall(r"(?<!\\)\|", line)) for line in tables]
    assert tables and all(n in (3, 4) for n in cells)
    # the text summary says the same answers
    _, text_out, _ = run(capsys, *argv)
    for _, groups in page.questions:
        for words, *_ in groups:
            assert f"  * {words}" in text_out
    code, out, _ = run(capsys, "diff", MINIMAL, V2, "--lang", lang, "--summary",
                       "--structural", "--format", "markdown")
    heading = "### " + ("Opbouw van het protocol" if lang == "nl" else "Structure of the protocol")
    assert code == 1 and heading in out.splitlines(), out


def test_silences_ending_at_the_same_step_are_said_once(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Arnhem silences a raadslid until the oordeel twice (Fase 3, Communicatie, with the
    fractie and the fractievoorzitters; Basisprincipes 2): one item, not
    "…, raadslid tot na oordeel, raadslid tot na oordeel"."""
    _, out, _ = run(capsys, "diff", "protocols/arnhem.yaml", "protocols/oostzaan.yaml",
                    "--lang", "nl")
    assert "raadslid tot na oordeel, raadslid tot na oordeel" not in out
    assert ("  Arnhem:   fractie, fractievoorzitter(s), raadslid tot na oordeel   "
            "[Fase 3, Communicatie, raadslid; Basisprincipes 2]") in out
    for line in out.splitlines():
        if line.startswith(("  Arnhem:", "  Oostzaan:")) and " tot na " in line:
            ends = re.findall(r" tot na ([^,\[]+?)(?:,|   \[|$)", line)
            assert len(ends) == len(set(ends)), line


def test_steps_pair_only_when_their_part_in_the_route_matches(
        capsys: pytest.CaptureFixture[str]) -> None:
    _, page, _ = run(capsys, "diff", "protocols/arnhem.yaml", "protocols/oostzaan.yaml",
                     "--format", "markdown")
    # An Oostzaan klankbordgroep step about aangifte and an Arnhem advice by the griffier
    # share only their kind: they are not compared field by field (the Markdown's last
    # column has the ids).
    assert "klankbord_aangifte_onderzoek / r11b_advies_griffier" not in page
    [row] = [line for line in page.splitlines()
             if line.endswith("| `klankbord_aangifte_onderzoek` |")]
    assert row.startswith("| Stap 'De klankbordgroep (bij een melding over de burgemeester: "
                          "de…' | alleen in Oostzaan |"), row
    _, out, _ = run(capsys, "diff", "protocols/arnhem.yaml", "protocols/oostzaan.yaml")
    # fractievoorzitter (Oostzaan) and fractievoorzitters (Arnhem) are lined up.
    behaviour = out.split("Opbouw van het protocol")[0]
    assert "fractievoorzitter(s)" in behaviour
    answers = [line.split("[")[0] for line in behaviour.splitlines()
               if line.startswith(("  Arnhem:", "  Oostzaan:"))]
    # no answer names either id alone (the roles' names, such as Oostzaan's "Klankbordgroep
    # van fractievoorzitters", may contain the word)
    items = {item.strip() for line in answers for item in line.split(":", 1)[1].split(",")}
    assert not {"fractievoorzitter", "fractievoorzitters"} & items, items


@pytest.mark.parametrize("question", ["first_contact", "decides_follow_up", "judges"])
def test_each_summary_answer_is_what_responsibilities_gives(
        capsys: pytest.CaptureFixture[str], question: str) -> None:
    """Folding Oostzaan's own attributes (aanleiding, betrokken_functionaris) must not
    lose an answer: for every group, each side's answers are exactly the answers that
    side's `responsibilities` gives over the situations the group stands for. (Situations
    where both sides agree have no diff row; the summary once dropped Oostzaan's
    "griffier bij aanleiding vermoeden" that way.)"""
    from protocolkit import load, responsibilities
    from protocolkit.format.vocabulary import aligned_role
    from protocolkit.semantics import scenario_from_shared, scenario_space

    sides = {"left": load("protocols/arnhem.yaml").protocol,
             "right": load("protocols/oostzaan.yaml").protocol}
    _, out, _ = run(capsys, "diff", "protocols/arnhem.yaml", "protocols/oostzaan.yaml",
                    "--summary", "--question", question, "--format", "json")
    [found] = [q for q in json.loads(out)["questions"] if q["question"] == question]
    assert found["groups"]
    for group in found["groups"]:
        for key in group["scenarios"]:
            for side, protocol in sides.items():
                wanted: set[str] = set()
                for scenario in scenario_space(protocol):
                    shared = (protocol.shared_id(scenario.reporter),
                              protocol.shared_id(scenario.subject), scenario.act, scenario.own)
                    if shared != (key["reporter"], key["subject"], key["act"], key["own"]):
                        continue
                    if any(dict(scenario.attributes).get(k) != v
                           for k, v in key.get("attributes", {}).items()):
                        continue
                    again = scenario_from_shared(protocol, *shared[:3], scenario.own,
                                                 dict(scenario.attributes))
                    answer = responsibilities(protocol, again).answer(question)
                    wanted.add(json.dumps(sorted({aligned_role(r) for r in answer})))
                shown = {json.dumps(sorted(a["value"])) for a in group[side]}
                assert shown == wanted, (side, key)


def test_a_filter_with_nothing_in_common_says_there_is_nothing_to_compare(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Oostzaan has no route for a melding about the griffier; Arnhem has (Fase 3.4)."""
    _, out, _ = run(capsys, "diff", "protocols/arnhem.yaml", "protocols/oostzaan.yaml",
                    "--summary", "--subject", "griffier")
    assert "hetzelfde antwoord" not in out and "niets te vergelijken" in out
    _, out, _ = run(capsys, "diff", "protocols/arnhem.yaml", "protocols/oostzaan.yaml",
                    "--summary", "--subject", "griffier", "--format", "json")
    assert json.loads(out)["compared"] == 0


@pytest.mark.parametrize(("option", "typo", "close"), [("--subject", "burgemeestr", "burgemeester"),
                                                       ("--reporter", "burgr", "burger")])
def test_a_misspelt_filter_is_refused_with_did_you_mean(
        capsys: pytest.CaptureFixture[str], option: str, typo: str, close: str) -> None:
    """A typo in a filter must not read as "nothing to compare": it is a usage error
    (exit 2) that names the closest role and the roles the two protocols compare."""
    code, out, err = run(capsys, "diff", "protocols/arnhem.yaml", "protocols/oostzaan.yaml",
                         "--summary", option, typo, "--lang", "nl")
    assert code == 2 and not out
    assert f"(bedoelt u `{close}`? Kies uit: " in err and "niets te vergelijken" not in err
    assert "raadslid" in err.split("Kies uit:")[1]
    # A role the shared vocabulary knows but neither protocol has a scenario for is
    # offered nowhere: the choices are the compared reporters and subjects only.
    assert "gemeenteraad" not in err.split("Kies uit:")[1]


def test_filter_diff_refuses_a_role_outside_the_vocabulary() -> None:
    from protocolkit import load
    from protocolkit.diff import diff_protocols
    from protocolkit.diff.summary import FilterError, filter_diff

    diff = diff_protocols(load("protocols/arnhem.yaml").protocol,
                          load("protocols/oostzaan.yaml").protocol)
    with pytest.raises(FilterError) as refused:
        filter_diff(diff, subject="wethouders")
    assert refused.value.message.render("nl").startswith(
        "geen vergeleken situatie heeft als betrokkene 'wethouders' (bedoelt u `wethouder`? "
        "Kies uit: ")


def test_a_joint_party_reads_as_words_in_the_structural_part() -> None:
    """A step's parties acting together (``[{role: [melder, griffier]}]``) are written as
    a reader says them, never as the file's JSON."""
    from protocolkit.present.comparison import compact

    joint = [{"role": ["melder", "griffier"]}]
    assert compact(joint, "nl") == "melder en griffier (samen)"
    assert compact(joint, "en") == "melder and griffier (together)"
    assert compact([{"role": "melder"}], "nl") == "melder"
    # A guarded party keeps its guard, in words.
    assert compact([{"role": "melder", "when": {"act": "voorgenomen"}}], "nl") == \
        "melder (als de handeling voorgenomen is)"


def test_guarded_parties_are_written_in_words_not_as_data(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Arnhem's sanctions are imposed by the gemeenteraad, for the griffier by the
    werkgeverscommissie (Fase 3, 3.4): the structural part says so in words in either
    language, as it does the rest — no JSON of the file's entries, no fact condition as
    data."""
    for lang, said in (
            ("nl", ("opgelegd door: Gemeenteraad (als het niet over griffier gaat); "
                   "Werkgeverscommissie (als het over griffier gaat)")),
            ("en", ("imposed by: Gemeenteraad (if it is not about griffier); "
                   "Werkgeverscommissie (if it is about griffier)"))):
        code, out, _ = run(capsys, "diff", "protocols/arnhem.yaml", "protocols/oostzaan.yaml",
                           "--lang", lang)
        assert code == 1
        assert said in out
        assert '{"' not in out and "[{" not in out and "['" not in out


def test_a_guarded_joint_actor_is_written_in_words(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    """A version of the example in which the burgemeester does the vooronderzoek about a
    raadslid together with the CvdK: the roles acting together, their guard, and who acts
    otherwise — never the list as Python or JSON writes it."""
    text = (ROOT / MINIMAL).read_text(encoding="utf-8")
    joint = text.replace('version: "1.0"', 'version: "1.1"').replace(
        "    title: De burgemeester doet vooronderzoek\n    actor: burgemeester\n",
        "    title: De burgemeester doet vooronderzoek\n    actor:\n"
        "      - {when: {subject: raadslid}, role: [burgemeester, cvdk]}\n"
        "      - {role: burgemeester}\n")
    assert joint.count("role: [burgemeester, cvdk]") == 1
    (tmp_path / "joint.yaml").write_text(joint, encoding="utf-8")
    for lang, said in (
            ("nl", ("Voorbeeld 1.1: wie handelt: Burgemeester en Commissaris van de Koning "
                   "(samen) (als het over raadslid gaat); anders Burgemeester (art. 2)")),
            ("en", ("Voorbeeld 1.1: actor: Burgemeester and Commissaris van de Koning "
                   "(together) (if it is about raadslid); otherwise Burgemeester (art. 2)"))):
        code, out, _ = run(capsys, "diff", MINIMAL, str(tmp_path / "joint.yaml"), "--lang", lang,
                           "--summary", "--structural")
        assert code == 1
        assert said in out, out
        assert "['" not in out and '{"' not in out


def test_every_field_the_structural_part_names_has_words(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    """A Dutch reader never meets a YAML key such as ``until`` or ``phases``: every field
    the diffs between the shipped protocols name has its ``diff.field.*`` text (a
    silence's ``until`` and a substitution's ``phases`` once came out as the key). The
    shipped substitutions now agree on their phases where they align, so a copy of the
    concept with one substitution's phases widened stands in for that difference."""
    import itertools

    from protocolkit.format.texts import TEXTS
    from protocolkit.present import comparison

    named: set[str] = set()
    words = comparison.field_words

    def field_words(name: str, lang: str = "nl") -> str:
        named.add(name)
        return words(name, lang)

    monkeypatch.setattr(comparison, "field_words", field_words)
    shipped = sorted(str(p) for p in (ROOT / "protocols").glob("*.yaml"))
    for left, right in itertools.permutations(shipped, 2):
        run(capsys, "diff", left, right, "--lang", "nl")
    draft = ROOT / "protocols" / "aalsmeer_draft.yaml"
    widened = tmp_path / "aalsmeer_draft.yaml"
    text = draft.read_text(encoding="utf-8")
    assert text.count("    phases: [oordelen_sanctioneren]\n") == 1
    widened.write_text(text.replace("    phases: [oordelen_sanctioneren]\n",
                                    "    phases: [duiden_onderzoeken, oordelen_sanctioneren]\n"),
                       encoding="utf-8")
    run(capsys, "diff", str(draft), str(widened), "--lang", "nl")
    assert {"until", "phases", "actor"} <= named
    assert sorted(n for n in named if f"diff.field.{n}" not in TEXTS) == []


def test_a_flag_that_changed_is_a_difference_said_yes_or_no(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Oostzaan's publiek excuus is offered (art. 5.1 lid 3), a version without
    ``offered`` is another protocol; Arnhem's CvdK sets no press moment
    (``moment_not_set``). A flag left at its default is said "nee"/"no", not "—"."""
    cases = (("oostzaan.yaml", "    offered: true\n", "Sanctie Publiek excuus",
              "aangeboden, niet opgelegd", "offered, not imposed"),
             ("arnhem.yaml", "    moment_not_set: true\n", "Communicatieregel",
              "moment niet bepaald", "moment not set"))
    for name, flag, kind, nl_field, en_field in cases:
        text = (ROOT / "protocols" / name).read_text(encoding="utf-8")
        assert text.count(flag) == 1
        (tmp_path / name).write_text(text.replace(flag, ""), encoding="utf-8")
        for lang, field, no, yes in (("nl", nl_field, "nee", "ja"), ("en", en_field, "no", "yes")):
            code, out, _ = run(capsys, "diff", str(tmp_path / name), f"protocols/{name}",
                               "--lang", lang)
            assert code == 1
            if lang == "nl":
                assert kind in out and "0 verschillen in de opbouw" not in out
            assert f"{field}: {no}" in out and f"{field}: {yes}" in out, out
            assert f"{field}: —" not in out


def test_a_scenario_a_protocol_excludes_is_never_shown_as_covered(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Oostzaan art. 2.1 lid 2: "Het eerste lid is niet van toepassing op medewerkers van
    de OVER-gemeenten en anderen die op grond van de ambtelijke meldingsregelingen en
    -kanalen kunnen melden." A melding by an ambtenaar that Arnhem does not have (an
    intended act) is excluded by Oostzaan, not covered: the full diff says "valt buiten
    dit protocol (art. 2.1 lid 2)", the summary never counts it under "Alleen Oostzaan
    regelt", and the JSON keeps it apart (``excluded``, ``excluded_by``)."""
    argv = ("diff", "protocols/arnhem.yaml", "protocols/oostzaan.yaml")
    _, data, _ = run(capsys, *argv, "--format", "json")
    covered = [r for r in json.loads(data)["behavioral"]
               if r["aspect"] == "covered" and r["scenario"]["reporter"] == "ambtenaar"]
    # (Arnhem reads a fractievoorzitter as raadslid: those it covers, by that alias.)
    assert covered and all(r["right"] == {"excluded": {
        "regime": "Ambtelijke meldingsregelingen en -kanalen (medewerkers van de OVER-gemeenten)",
        "source": ["art. 2.1 lid 2"]}} and (r["left"] is False or (
            r["scenario"]["subject"] == "fractievoorzitter" and "read_as" in r["left"]))
        for r in covered)
    _, out, _ = run(capsys, *argv, "--lang", "nl")
    block = out.split("gemeld door ambtenaar, voorgenomen", 1)[1].split("\n\n", 1)[0]
    assert "Oostzaan: valt buiten dit protocol (art. 2.1 lid 2)" in block
    assert "Oostzaan: ja" not in block
    _, summary, _ = run(capsys, *argv, "--summary", "--lang", "nl")
    assert not [line for line in summary.splitlines()
                if line.startswith("Alleen Oostzaan regelt") and "ambtenaar" in line]
    assert "Buiten Oostzaan valt (art. 2.1 lid 2): gemeld door ambtenaar, voorgenomen" in summary
    _, english, _ = run(capsys, *argv, "--summary", "--lang", "en")
    assert "Outside Oostzaan falls (art. 2.1 lid 2): reported by ambtenaar, voorgenomen" in english
    _, data, _ = run(capsys, *argv, "--summary", "--format", "json")
    found = json.loads(data)
    assert not [g for g in found["only_covered_by"]["right"] if "ambtenaar" in g]
    assert any("gemeld door ambtenaar" in g for g in found["excluded_by"]["right"])


def test_a_scenario_the_protocol_acts_on_before_handing_off_is_covered(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Arnhem Fase 1, 3.5: "De burgemeester informeert de gemeentesecretaris" (about an
    ambtenaar) and "informeert de burgemeester het college van wethouders" (about the
    gemeentesecretaris) before "Een en ander valt logischerwijs buiten het bestek van de
    Procesafspraken Integriteit": Arnhem acts, then hands the case off, as in 1.6 and
    2.6. The scenario is covered ("ja"), not excluded; only an entry that does nothing
    inside the protocol (Oostzaan art. 2.1 lid 2) excludes."""
    argv = ("diff", "protocols/aalsmeer_draft.yaml", "protocols/arnhem.yaml")
    _, data, _ = run(capsys, *argv, "--format", "json")
    covered = [r for r in json.loads(data)["behavioral"]
               if r["aspect"] == "covered" and r["scenario"]["reporter"] == "burgemeester"
               and r["scenario"]["subject"] in ("ambtenaar", "gemeentesecretaris")]
    assert covered and all(r["right"] is True and "Fase 1, 3.5" in r["sources"]["right"]
                           for r in covered), covered
    _, summary, _ = run(capsys, *argv, "--summary", "--lang", "nl")
    assert "Buiten Arnhem valt" not in summary, summary
    only = next(line for line in summary.splitlines() if line.startswith("Alleen Arnhem regelt"))
    assert "ambtenaar" in only and "gemeentesecretaris" in only, only


def test_the_summary_names_roles_as_each_protocol_does_through_the_api() -> None:
    """A caller of ``diff_protocols`` and ``summarize`` gets the summary the command
    prints: each side's roles by the names it gives them (Arnhem's cvdk is the
    "Commissaris van de Koning (Gelderland)"), the JSON keeping the ids."""
    import protocolkit
    from protocolkit.diff.summary import summarize
    from protocolkit.present.comparison import render_summary

    arnhem = protocolkit.load("protocols/arnhem.yaml").protocol
    oostzaan = protocolkit.load("protocols/oostzaan.yaml").protocol
    diff = protocolkit.diff_protocols(arnhem, oostzaan)
    assert dict(diff.left.names)["cvdk"] == "Commissaris van de Koning (Gelderland)"
    assert dict(diff.right.names)["griffier"] == "Raadsgriffier"
    shown = render_summary(summarize(diff), ("Arnhem", "Oostzaan"), lang="nl")
    assert "over burgemeester (1 situatie): Commissaris van de Koning (Gelderland)" in shown
    assert not re.search(r": cvdk\b", shown), shown
    assert "cvdk" in json.dumps(summarize(diff).to_dict())


def test_report_against_names_roles_as_each_protocol_does(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """``report --against``'s comparison shows each side's role names, as ``diff
    --summary`` does, not the ids."""
    import html

    out_path = tmp_path / "vergelijking.html"
    code, _, err = run(capsys, "report", "protocols/arnhem.yaml", "--against",
                       "protocols/oostzaan.yaml", "-o", str(out_path), "--lang", "nl")
    assert code == 0, err
    page = out_path.read_text(encoding="utf-8")
    compared = page[page.index('<h2 id="vergelijking">'):]
    cells = [html.unescape(c) for c in re.findall(r"<td>([^<]*)", compared)]
    assert "Commissaris van de Koning (Gelderland)" in cells, cells
    assert "Raadsgriffier" in " ".join(cells)
    assert not {"cvdk", "griffier", "burgemeester"} & set(cells), cells


def test_report_against_in_markdown_names_roles_as_each_protocol_does(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The Markdown report's comparison names each side's roles as the HTML does."""
    out_path = tmp_path / "vergelijking.md"
    code, _, err = run(capsys, "report", "tests/data/diff_minimal_v2.yaml", "--against",
                       "tests/data/minimal.yaml", "-o", str(out_path), "--lang", "nl")
    assert code == 0, err
    page = out_path.read_text(encoding="utf-8")
    row = next(line for line in page.splitlines() if "| Eerste aanspreekpunt |" in line)
    assert "| Voorzitter van de vertrouwenscommissie *(art. 2)* | Commissaris van de Koning " \
           "*(art. 2)* |" in row, row


def test_coverage_reads_an_alias_as_responsibilities_does(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Arnhem reads a fractievoorzitter as raadslid (scenarios.aliases; the text has him
    inform "fractiegenoten", Samenvatting van rollen en taken, and "Overal waar ... 'raadslid'
    staat geschreven", Voorwoord): responsibilities answers `--subject fractievoorzitter`
    through it, so the diff does not say Arnhem leaves it out ("nee"), nor that only
    Oostzaan covers it; it says how Arnhem reads it, and that those answers are not
    compared."""
    argv = ("diff", "protocols/arnhem.yaml", "protocols/oostzaan.yaml",
            "--subject", "fractievoorzitter")
    code, _, _ = run(capsys, "responsibilities", "protocols/arnhem.yaml", "--reporter",
                     "raadslid", "--subject", "fractievoorzitter", "--act", "uitgevoerd")
    assert code == 0
    _, out, _ = run(capsys, *argv, "--lang", "nl")
    block = out.split("elk scenario gemeld door burgemeester, burger, fractievoorzitter, "
                      "raadslid of wethouder", 1)[1].split("\n\n", 1)[0]
    assert ("Arnhem:   ja, fractievoorzitter gelezen als raadslid [Samenvatting van rollen en "
            "taken; Voorwoord]") in block
    assert "Arnhem:   nee" not in block
    _, summary, _ = run(capsys, *argv, "--summary", "--lang", "nl")
    assert "Alleen Oostzaan regelt" not in summary
    assert ("Ook Arnhem regelt gemeld door burgemeester, burger, fractievoorzitter, raadslid "
            "of wethouder (88), fractievoorzitter gelezen als raadslid") in summary
    assert "niets te vergelijken" not in summary
    assert "via een alias" in summary
    _, english, _ = run(capsys, *argv, "--summary", "--lang", "en")
    assert "Arnhem covers reported by" in english and "fractievoorzitter read as raadslid" in english
    _, data, _ = run(capsys, *argv, "--summary", "--format", "json")
    found = json.loads(data)
    assert not found["only_covered_by"]["right"]
    [group] = found["read_as_by"]["left"]
    assert group["read_as"] == [{"alias": "fractievoorzitter", "role": "raadslid",
                                 "source": ["Samenvatting van rollen en taken", "Voorwoord"]}]
    # A role no alias reads stays uncovered: a melding by an ambtenaar about an intended act.
    _, full, _ = run(capsys, *argv, "--format", "json")
    assert any(r["aspect"] == "covered" and r["left"] is False
               for r in json.loads(full)["behavioral"])
