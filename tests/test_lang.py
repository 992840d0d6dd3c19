"""``--lang nl|en``: every command's frame exists in both languages, from one table
(``protocolkit.format.texts.TEXTS``, merged into ``MESSAGES``), and a command asked for
one language writes none of the other's frame (issue 15, part 4).

"Frame" is what protocolkit itself writes around the protocol's words: the literal parts
of the table's templates. Protocol vocabulary (role ids, step titles, quotes of the text)
stays as the text has it, so a piece of frame that also occurs in the protocol file is
not held against the output.
"""

from __future__ import annotations

import html
import re
import string
from pathlib import Path

import pytest

from protocolkit.cli import main
from protocolkit.format.diagnostics import MESSAGES
from protocolkit.format.texts import TEXTS
from protocolkit.format.vocabulary import SIX_QUESTIONS
from protocolkit.present.wegwijzer import _JS, PAGE_TEXTS


class _Run:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err


def run_cli(argv: list[str]) -> _Run:
    """``protocolkit ARGV`` in-process: its exit code, stdout and stderr."""
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exit_:
            code = int(exit_.code or 0)
    return _Run(code, out.getvalue(), err.getvalue())

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "protocolkit"
ARNHEM = ROOT / "protocols" / "arnhem.yaml"
OOSTZAAN = ROOT / "protocols" / "oostzaan.yaml"
AALSMEER = ROOT / "protocols" / "aalsmeer_draft.yaml"
MINIMAL = ROOT / "tests" / "data" / "minimal.yaml"
SCENARIO = ["--reporter", "raadslid", "--subject", "burgemeester", "--act", "uitgevoerd"]


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _literals(template: str) -> list[str]:
    return [literal for literal, _, _, _ in string.Formatter().parse(template) if literal]


# --------------------------------------------------------------------------- the table


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_every_text_has_both_languages_with_the_same_arguments(key: str) -> None:
    en, nl = TEXTS[key]
    assert en.strip() and nl.strip(), key
    assert _fields(en) == _fields(nl), key
    assert MESSAGES[key] == (en, nl)  # one table: the findings' messages and the frame


def test_the_six_questions_have_a_heading_in_both_languages() -> None:
    for q in SIX_QUESTIONS:
        assert q.heading_in("nl") == q.heading
        assert q.heading_in("en") and q.heading_in("en") != q.heading


def _keys_used_in_source() -> set[str]:
    """Every literal key the code asks the table for (``text("route.who", ...)``,
    ``t("...")``, ``tr("...")``, ``Msg.of("...")``)."""
    pattern = re.compile(r"""\b(?:text|t|tr|words|_html_text|Msg\.of)\(\s*["']([a-z][\w.-]*\.[\w.-]*\w)["']""")
    used: set[str] = set()
    for path in SRC.rglob("*.py"):
        used.update(pattern.findall(path.read_text(encoding="utf-8")))
    return used


def test_every_key_the_code_asks_for_is_in_the_table() -> None:
    used = _keys_used_in_source()
    assert len(used) > 150, len(used)
    missing = sorted(k for k in used if k not in MESSAGES)
    assert missing == []


def test_every_word_the_wegwijzer_script_writes_is_embedded() -> None:
    asked = set(re.findall(r"""\btr\("([\w.-]+)\"""", _JS))
    assert asked and asked <= set(PAGE_TEXTS), sorted(asked - set(PAGE_TEXTS))


# --------------------------------------------------------------------------- the outputs


def _frame(lang: str) -> set[str]:
    """The pieces of frame only ``lang`` writes: literal parts of its templates (at least
    six letters long, a word or more) that no template of the other language contains."""
    index = 1 if lang == "nl" else 0
    other = " ".join(pair[1 - index] for pair in TEXTS.values())
    pieces: set[str] = set()
    for pair in TEXTS.values():
        for literal in _literals(pair[index]):
            piece = literal.strip(" ,.;:()[]—-→'‘’")
            if len(re.sub(r"[^a-zA-Zëï]", "", piece)) >= 6 and piece not in other:
                pieces.add(piece)
    return pieces


def _visible(page: str) -> str:
    """The text a reader sees on an HTML page (tags, the script and the style removed)."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", "\n", page))


def _foreign(output: str, lang: str, *protocols: Path) -> list[str]:
    """The other language's frame pieces ``output`` contains, except those the protocol
    files themselves contain (their vocabulary and quotes stay as they are)."""
    sources = " ".join(p.read_text(encoding="utf-8") for p in protocols)
    foreign = _frame("en" if lang == "nl" else "nl")
    return sorted(p for p in foreign
                  if re.search(rf"(?<![\w]){re.escape(p)}(?![\w])", output)
                  and p not in sources)


def test_the_frame_pieces_are_many_in_each_language() -> None:
    # the check below can fail: each language has pieces of its own to look for
    assert len(_frame("nl")) > 200 and len(_frame("en")) > 200


def _outputs(tmp_path: Path, lang: str) -> dict[str, tuple[str, tuple[Path, ...]]]:
    """A representative run of every command that writes for people, in ``lang``."""
    runs: dict[str, tuple[str, tuple[Path, ...]]] = {}

    def run(name: str, args: list[str], *protocols: Path, code: tuple[int, ...] = (0,),
            ) -> str:
        result = run_cli([*args, "--lang", lang])
        assert result.code in code, (name, result.code, result.err)
        runs[name] = (result.out + result.err, protocols)
        return result.out

    run("responsibilities", ["responsibilities", str(ARNHEM), *SCENARIO], ARNHEM)
    run("route", ["route", str(AALSMEER), *SCENARIO], AALSMEER)
    run("route-arnhem", ["route", str(ARNHEM), *SCENARIO], ARNHEM)
    run("matrix", ["matrix", str(OOSTZAAN)], OOSTZAAN, code=(0, 1))
    run("simulate", ["simulate", str(MINIMAL), str(ROOT / "tests/data/cases/minimal_lopend.yaml"),
                     "--as-of", "2025-03-01"], MINIMAL, code=(0, 1))
    run("simulate-ended", ["simulate", str(OOSTZAAN),
                           str(ROOT / "tests/data/cases/oostzaan_ontvangst.yaml"),
                           "--as-of", "2025-03-01"], OOSTZAAN, code=(0, 1))
    run("diff", ["diff", str(ARNHEM), str(OOSTZAAN)], ARNHEM, OOSTZAAN, code=(1,))
    run("diff-summary", ["diff", str(ARNHEM), str(OOSTZAAN), "--summary"], ARNHEM, OOSTZAAN,
        code=(1,))
    run("diff-markdown", ["diff", str(ARNHEM), str(OOSTZAAN), "--format", "markdown"],
        ARNHEM, OOSTZAAN, code=(1,))
    run("graph", ["graph", str(MINIMAL), "--format", "mermaid"], MINIMAL)
    store = tmp_path / f"zaken-{lang}.db"
    run("cases-init", ["cases", "init", str(store)], MINIMAL)
    run("cases-open", ["cases", "open", str(store), str(MINIMAL), *SCENARIO, "--id", "z1",
                       "--opened", "2025-01-06", "--today", "2025-03-01"], MINIMAL)
    run("cases-list", ["cases", "list", str(store), "--today", "2025-03-01"], MINIMAL)
    for name, protocol in (("report-aalsmeer", AALSMEER), ("report-arnhem", ARNHEM)):
        page = tmp_path / f"{name}-{lang}.html"
        run(name + "-cli", ["report", str(protocol), "-o", str(page)], protocol, code=(0, 1))
        runs[name] = (_visible(page.read_text(encoding="utf-8")), (protocol,))
        md = tmp_path / f"{name}-{lang}.md"
        run(name + "-md-cli", ["report", str(protocol), "-o", str(md)], protocol, code=(0, 1))
        runs[name + "-md"] = (md.read_text(encoding="utf-8"), (protocol,))
    versus = tmp_path / f"versus-{lang}.html"
    run("report-against", ["report", str(ARNHEM), "--against", str(OOSTZAAN), "-o", str(versus)],
        ARNHEM, OOSTZAAN, code=(0, 1))
    runs["report-against"] = (_visible(versus.read_text(encoding="utf-8")), (ARNHEM, OOSTZAAN))
    from tests.test_wegwijzer import _embedded

    for name, protocol in (("wegwijzer", AALSMEER), ("wegwijzer-oostzaan", OOSTZAAN)):
        page = tmp_path / f"{name}-{lang}.html"
        run(name + "-cli", ["wegwijzer", str(protocol), "-o", str(page)], protocol)
        text = page.read_text(encoding="utf-8")
        # What the page writes: its HTML, and the words its script fills in.
        data = _embedded(text)
        words = " ".join([*data["texts"].values(), *data["deadlines"].values(),
                          *(q["label"] for q in data["questions"]),
                          *(cell["refused"]["text"] for cell in data["cells"].values()
                            if "refused" in cell)])
        runs[name] = (_visible(text) + "\n" + words, (protocol,))
    return runs


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory,
            ) -> dict[str, dict[str, tuple[str, tuple[Path, ...]]]]:
    tmp = tmp_path_factory.mktemp("lang")
    return {lang: _outputs(tmp, lang) for lang in ("nl", "en")}


COMMANDS = ["responsibilities", "route", "route-arnhem", "matrix", "simulate", "simulate-ended",
            "diff", "diff-summary", "diff-markdown", "graph", "cases-init", "cases-open",
            "cases-list", "report-aalsmeer-cli", "report-aalsmeer", "report-aalsmeer-md",
            "report-arnhem", "report-arnhem-md", "report-against", "wegwijzer-cli", "wegwijzer",
            "wegwijzer-oostzaan"]


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("command", COMMANDS)
def test_no_frame_of_the_other_language(
        outputs: dict[str, dict[str, tuple[str, tuple[Path, ...]]]], command: str,
        lang: str) -> None:
    output, protocols = outputs[lang][command]
    assert output.strip(), command
    assert _foreign(output, lang, *protocols) == []


@pytest.mark.parametrize("command", COMMANDS)
def test_the_two_languages_differ(
        outputs: dict[str, dict[str, tuple[str, tuple[Path, ...]]]], command: str) -> None:
    assert outputs["nl"][command][0] != outputs["en"][command][0]


def test_json_keys_do_not_follow_the_language() -> None:
    for args in (["responsibilities", str(ARNHEM), *SCENARIO, "--format", "json"],
                 ["route", str(ARNHEM), *SCENARIO, "--format", "json"],
                 ["diff", str(ARNHEM), str(OOSTZAAN), "--summary", "--format", "json"]):
        nl, en = run_cli([*args, "--lang", "nl"]), run_cli([*args, "--lang", "en"])
        assert nl.code == en.code
        assert nl.out == en.out  # JSON is data: the same in either language


def test_the_answers_stay_dutch_without_lang(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    result = run_cli(["route", str(ARNHEM), *SCENARIO])
    assert result.out.startswith("Wat doe ik nu? Arnhem")
    assert run_cli(["route", str(ARNHEM), *SCENARIO, "--lang", "en"]).out.startswith(
        "What do I do now? Arnhem")


def test_the_english_wegwijzer_in_a_headless_browser(tmp_path: Path) -> None:
    """What a reader sees on the English page after choosing: English frame, the
    protocol's own words, no script error."""
    import shutil

    from selenium.webdriver.common.by import By

    from tests.test_wegwijzer import _browser

    page = tmp_path / "wegwijzer-en.html"
    assert run_cli(["wegwijzer", str(OOSTZAAN), "-o", str(page), "--lang", "en"]).code == 0
    driver, profile = _browser()
    try:
        driver.get(page.as_uri())
        driver.execute_script(
            "var f=document.getElementById('keuze');f.reporter.value='raadslid';"
            "f.subject.value='burgemeester';"
            "f.querySelector('input[name=act][value=uitgevoerd]').checked=true;"
            "f.dispatchEvent(new Event('change'));")
        shown = driver.find_element(By.ID, "uitkomst").text
        assert "What do you do now?" in shown and "Who does what" in shown
        assert _foreign(driver.find_element(By.TAG_NAME, "body").text, "en", OOSTZAAN) == []
        assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
