"""Every finding code and every message exists in Dutch and in English (issue 15)."""

from __future__ import annotations

import string
from pathlib import Path

import pytest

from protocolkit.api import validate_files
from protocolkit.format.diagnostics import CODES, LANGS, MESSAGES, Msg

ROOT = Path(__file__).resolve().parent.parent


def _fields(template: str) -> set[str]:
    return {name.split(".")[0].split("[")[0]
            for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_code_has_a_dutch_title_and_explanation() -> None:
    for code, info in CODES.items():
        assert info.summary.strip(), code
        assert info.title_nl.strip() and info.summary_nl.strip(), code
        assert info.summary_nl != info.summary, code


@pytest.mark.parametrize("message_id", sorted(MESSAGES))
def test_every_message_exists_in_both_languages_with_the_same_arguments(
        message_id: str) -> None:
    en, nl = MESSAGES[message_id]
    if message_id == "w.both":  # text given in both languages by the caller
        assert (_fields(en), _fields(nl)) == ({"en"}, {"nl"})
        return
    assert _fields(en) == _fields(nl), message_id
    if message_id not in ("w.empty",):
        assert en.strip() and nl.strip(), message_id


def _all_findings() -> list:
    files = [*sorted((ROOT / "protocols").glob("*.yaml")),
             *sorted((ROOT / "tests" / "data").rglob("*.yaml"))]
    report = validate_files(files)
    return report.findings


def test_every_finding_protocolkit_emits_on_the_test_corpus_is_translated() -> None:
    findings = _all_findings()
    codes = {f.code for f in findings}
    assert len(codes) >= 15, codes  # the corpus exercises most codes
    for f in findings:
        assert f.text is not None, f.render()
        nl, en = f.describe("nl"), f.describe("en")
        assert nl and en
        assert en == f.message, f.render()
        hint = f.hint_in("nl")
        assert (hint is None) == (f.hint is None), f.render()
    # Dutch really is Dutch: the English sentence never comes back unchanged for a code
    # whose message is a sentence (a few messages are only ids and text from the file).
    translated = [f for f in findings if f.describe("nl") != f.describe("en")]
    assert len(translated) >= len(findings) * 0.8


def test_arguments_that_are_words_follow_the_language() -> None:
    message = Msg.of("conflict-of-interest.self", step="s", who=Msg.of("w.text", text="raad"),
                     verb=Msg.of("act.judges"), itself=Msg.of("w.itself-body"))
    assert message.render("en") == "in step 's' the raad judges a case about itself"
    assert message.render("nl") == "in stap 's': raad oordeelt over een zaak over zichzelf"
    assert Msg.from_dict(message.to_dict()) == message


def test_languages() -> None:
    assert LANGS == ("nl", "en")


#: The texts of these messages (issue 15) are words, so their Dutch is not their English.
_WORDED = ("refusal.", "t.key.", "t.refused", "t.test-has-errors", "schema.", "yaml.",
           "rel.accountable_to", "rel.employed_by", "rel.part_of", "rel.members", "rel.is",
           "usage.unknown-question", "usage.is-folder-input", "usage.not-regular",
           "file.kind.", "file-not-regular", "yaml-type.")


def _words(template: str) -> str:
    return "".join(literal for literal, *_ in string.Formatter().parse(template))


def test_the_worded_texts_of_issue_15_are_dutch_in_dutch() -> None:
    worded = [key for key in MESSAGES if key.startswith(_WORDED)]
    assert len(worded) >= 60, len(worded)
    for key in worded:
        en, nl = MESSAGES[key]
        if any(c.isalpha() for c in _words(en)):
            assert _words(en) != _words(nl), key


def test_a_scenario_space_excluded_whole_is_said_in_both_languages(tmp_path: Path) -> None:
    """The one finding of the checks that once carried an English string only."""
    text = (ROOT / "tests" / "data" / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("  own: [false]\n", "  own: [false]\n  exclude:\n    - {act: uitgevoerd}\n", 1)
    path = tmp_path / "alles_uitgesloten.yaml"
    path.write_text(text, encoding="utf-8")
    found, = [f for f in validate_files([path]).findings if f.code == "empty-scenario-space"]
    assert found.text is not None and found.hint_text is not None
    assert "geen enkele situatie" in found.describe("nl")
    assert "exclude-regels" in (found.hint_in("nl") or "")
