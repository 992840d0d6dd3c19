"""``--lang nl|en``: every command's frame exists in both languages, from one table
(``protocolkit.format.texts.TEXTS``, merged into ``MESSAGES``), and a command asked for
one language writes none of the other's frame (issue 15, part 4).

"Frame" is what protocolkit itself writes around the protocol's words: the literal parts
of the table's templates. Protocol vocabulary (role ids, step titles, quotes of the text)
stays as the text has it, so a piece of frame that also occurs in the protocol file is
not held against the output.
"""

from __future__ import annotations

import functools
import html
import re
import string
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from protocolkit.cli import main
from protocolkit.format.diagnostics import CODES, MESSAGES
from protocolkit.format.texts import LANG_VARIABLE, TEXTS, resolve_lang
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

#: Templates that carry words given in both languages (``w.both``) or none (``w.empty``).
_CARRIERS = {"w.both", "w.empty"}


def test_every_message_has_both_languages_with_the_same_arguments() -> None:
    """Every key of the one table (the findings' messages and the frame of every output)
    has an English and a Dutch text, with the same named arguments."""
    lacking = sorted(key for key, (en, nl) in MESSAGES.items()
                     if key not in _CARRIERS
                     and (not (en.strip() and nl.strip()) or _fields(en) != _fields(nl)))
    assert lacking == []
    assert MESSAGES["w.both"] == ("{en}", "{nl}") and MESSAGES["w.empty"] == ("", "")
    assert all(MESSAGES[key] == pair for key, pair in TEXTS.items())  # one table
    assert len(TEXTS) > 300 and len(MESSAGES) > len(TEXTS)


def test_every_code_has_an_english_summary_and_a_dutch_title_and_summary() -> None:
    lacking = sorted(code for code, info in CODES.items()
                     if not all(part.strip() for part in (info.summary, info.title_nl,
                                                          info.summary_nl)))
    assert lacking == []


def test_the_six_questions_have_a_heading_in_both_languages() -> None:
    for q in SIX_QUESTIONS:
        assert q.heading_in("nl") == q.heading
        assert q.heading_in("en") and q.heading_in("en") != q.heading


def _keys_used_in_source() -> set[str]:
    """Every literal key the code asks the table for (``text("route.who", ...)``,
    ``t("...")``, ``tr("...")``, ``Msg.of("...")``, ``UsageError.of("...")``)."""
    pattern = re.compile(r"""\b(?:text|t|tr|words|_html_text|Msg\.of|UsageError\.of|StoreError\.of)\(\s*["']([a-z][\w.-]*\.[\w.-]*\w)["']""")
    used: set[str] = set()
    for path in SRC.rglob("*.py"):
        used.update(pattern.findall(path.read_text(encoding="utf-8")))
    return used


def test_every_key_the_code_asks_for_is_in_the_table() -> None:
    used = _keys_used_in_source()
    assert len(used) > 150, len(used)
    missing = sorted(k for k in used if k not in MESSAGES)
    assert missing == []


#: The errors whose messages reach people (the engine's, the store's, Graphviz's).
_ERRORS = ("CaseError", "CaseInputError", "CaseRecordError", "EngineError",
           "ScenarioNotCovered", "MigrationRefused", "StoreError", "GraphvizMissing",
           "GraphvizTimeout", "GraphvizFailed", "TextError")


def test_every_error_people_read_is_raised_with_a_key_of_the_table() -> None:
    """No error that reaches a reader is raised with a text of its own (which would be
    English only): each is raised with ``Msg.of(KEY, ...)`` or ``.of(KEY, ...)``, a key of
    the one table (the previous test checks that the key is there, in both languages),
    or passes on the message of the error it wraps."""
    raised = re.compile(rf"raise ({'|'.join(_ERRORS)})\(\s*+(?!Msg\.of\(|\*?problems|joined\("
                        r"|said_in_all\(|error\.text|why\.message)([^)\n]*)")
    plain = [f"{path.relative_to(SRC)}: {m.group(0)}" for path in SRC.rglob("*.py")
             for m in raised.finditer(path.read_text(encoding="utf-8"))]
    assert plain == []
    assert "raise CaseInputError(Msg.of(" in (SRC / "engine" / "case.py").read_text(
        encoding="utf-8")   # the pattern finds what it looks for


def test_every_word_the_wegwijzer_script_writes_is_embedded() -> None:
    asked = set(re.findall(r"""\btr\("([\w.-]+)\"""", _JS))
    assert asked and asked <= set(PAGE_TEXTS), sorted(asked - set(PAGE_TEXTS))


# --------------------------------------------------------------------------- the rule


@pytest.mark.parametrize(("environ", "lang", "for_raad"), [
    ({"LANG": "nl_NL.UTF-8"}, "nl", "nl"),
    ({"LANG": "nl_BE.UTF-8"}, "nl", "nl"),
    ({"LANG": "en_GB.UTF-8"}, "en", "nl"),
    ({"LANG": "de_DE.UTF-8"}, "en", "nl"),            # no German: English
    ({"LANG": "C.UTF-8"}, "nl", "nl"),                # no language chosen: Dutch
    ({"LANG": "POSIX"}, "nl", "nl"),
    ({}, "nl", "nl"),
    ({"LC_ALL": "en_US.UTF-8", "LANG": "nl_NL.UTF-8"}, "en", "nl"),  # LC_ALL first
    ({"LC_MESSAGES": "nl_NL.UTF-8", "LANG": "en_US.UTF-8"}, "nl", "nl"),
    ({"LANG": "nl_NL.UTF-8", "LANGUAGE": "en_US:en"}, "en", "nl"),   # gettext's list
    ({"LANG": "en_US.UTF-8", "LANGUAGE": "de:nl"}, "nl", "nl"),
    ({"LANG": "C.UTF-8", "LANGUAGE": "en"}, "nl", "nl"),  # gettext: C ignores LANGUAGE
    ({"LANG": "nl_NL.UTF-8", LANG_VARIABLE: "en"}, "en", "en"),
    ({"LANG": "en_GB.UTF-8", LANG_VARIABLE: "NL"}, "nl", "nl"),
])
def test_the_language_rule(environ: dict[str, str], lang: str, for_raad: str) -> None:
    assert resolve_lang(environ=environ) == lang
    assert resolve_lang(for_raad=True, environ=environ) == for_raad
    assert resolve_lang("en", for_raad=True, environ=environ) == "en"
    assert resolve_lang("nl", environ=environ) == "nl"


def test_an_unknown_language_is_refused_in_the_locales_language() -> None:
    with pytest.raises(ValueError, match="protocolkit schrijft nl"):
        resolve_lang(environ={LANG_VARIABLE: "de", "LANG": "nl_NL.UTF-8"})
    with pytest.raises(ValueError, match="protocolkit writes nl"):
        resolve_lang("fr", environ={"LANG": "en_GB.UTF-8"})


def _environment(monkeypatch: pytest.MonkeyPatch, **values: str) -> None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE", LANG_VARIABLE):
        monkeypatch.delenv(name, raising=False)
    for name, value in values.items():
        monkeypatch.setenv(name, value)


def test_a_bad_protocolkit_lang_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    _environment(monkeypatch, LANG="nl_NL.UTF-8", PROTOCOLKIT_LANG="de")
    result = run_cli(["route", str(MINIMAL), *SCENARIO])
    assert result.code == 2 and result.out == ""
    assert "PROTOCOLKIT_LANG=de: protocolkit schrijft nl (Nederlands) of en" in result.err


def _plain_runs(tmp: Path) -> dict[str, tuple[list[str], Path | None]]:
    """One cheap run of every command (the example protocol), with the file it writes."""
    case = ROOT / "tests" / "data" / "cases" / "minimal_lopend.yaml"
    store = tmp / "zaken.db"
    return {
        "validate": (["validate", "--no-cache", str(MINIMAL)], None),
        "responsibilities": (["responsibilities", str(MINIMAL), *SCENARIO], None),
        "route": (["route", str(MINIMAL), *SCENARIO], None),
        "matrix": (["matrix", str(MINIMAL)], None),
        "graph": (["graph", str(MINIMAL), "--format", "mermaid"], None),
        "diff": (["diff", str(MINIMAL), str(ROOT / "tests/data/diff_minimal_v2.yaml")], None),
        "export": (["export", str(MINIMAL), "-o", str(tmp / "m.bpmn")], tmp / "m.bpmn"),
        "simulate": (["simulate", str(MINIMAL), str(case), "--as-of", "2025-03-01"], None),
        "cases": (["cases", "list", str(store)], None),
        "cases-missing": (["cases", "list", str(tmp / "geen.db")], None),
        "missing-file": (["route", str(tmp / "geen.yaml"), *SCENARIO], None),
        "schema": (["schema"], None),
        "test": (["test", str(MINIMAL), str(ROOT / "tests/data/minimal.tests.yaml")], None),
        "report": (["report", str(MINIMAL), "-o", str(tmp / "r.html")], tmp / "r.html"),
        "wegwijzer": (["wegwijzer", str(MINIMAL), "-o", str(tmp / "w.html")], tmp / "w.html"),
    }


#: The commands whose output is made for a raad: Dutch without --lang, whatever the locale.
FOR_RAAD = {"report", "wegwijzer", "test"}


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Any]]:
    tmp = tmp_path_factory.mktemp("plain")
    assert run_cli(["cases", "init", str(tmp / "zaken.db")]).code == 0

    def output(name: str, *extra: str) -> tuple[int, str]:
        argv, written = _plain_runs(tmp)[name]
        result = run_cli([*argv, *extra])
        shown = result.out + result.err
        if written is not None and written.exists():
            shown += written.read_text(encoding="utf-8")
            written.unlink()
        return result.code, shown

    yield tmp, functools.cache(output)


@pytest.mark.parametrize("locale", ["en_GB.UTF-8", "nl_NL.UTF-8"])
def test_every_command_writes_the_rules_language_without_lang(
        plain: tuple[Path, Any], monkeypatch: pytest.MonkeyPatch, locale: str) -> None:
    """Under an English locale the commands write English and the report, the wegwijzer
    and the scenario-test results Dutch; under a Dutch locale all write Dutch. Each exactly
    as with that --lang, so no piece of any output follows another rule."""
    tmp, output = plain
    _environment(monkeypatch, LANG=locale)
    wrong = {}
    for name in _plain_runs(tmp):
        lang = "nl" if name in FOR_RAAD or locale.startswith("nl") else "en"
        _environment(monkeypatch, LANG=locale)
        default = output.__wrapped__(name)
        _environment(monkeypatch, LANG="C.UTF-8")
        if default != output(name, "--lang", lang):
            wrong[name] = lang
    assert wrong == {}


def test_protocolkit_lang_sets_every_command(plain: tuple[Path, Any],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    _, output = plain
    for name in ("route", "report", "wegwijzer", "test", "cases-missing", "missing-file"):
        _environment(monkeypatch, LANG="nl_NL.UTF-8", PROTOCOLKIT_LANG="en")
        default = output.__wrapped__(name)
        _environment(monkeypatch, LANG="C.UTF-8")
        assert default == output(name, "--lang", "en"), name


def test_without_a_chosen_language_the_commands_write_dutch(
        plain: tuple[Path, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """C.UTF-8 (a container, a server, a fresh install) is no language: Dutch."""
    _, output = plain
    for name in ("validate", "route", "cases-missing", "missing-file"):
        _environment(monkeypatch, LANG="C.UTF-8")
        assert output.__wrapped__(name) == output(name, "--lang", "nl"), name


def test_the_languages_of_the_plain_runs_differ(plain: tuple[Path, Any]) -> None:
    tmp, output = plain
    same = [name for name in _plain_runs(tmp) if name != "schema"
            and output(name, "--lang", "nl") == output(name, "--lang", "en")]
    assert same == []
    assert output("schema", "--lang", "nl") == output("schema", "--lang", "en")  # data


# --------------------------------------------------------------------------- the outputs


@functools.cache
def _frame(lang: str) -> frozenset[str]:
    """The pieces of frame only ``lang`` writes: literal parts of its templates (at least
    six letters long, a word or more) that no template of the other language contains."""
    index = 1 if lang == "nl" else 0
    other = " ".join(pair[1 - index] for pair in MESSAGES.values())
    pieces: set[str] = set()
    for pair in TEXTS.values():
        for literal in _literals(pair[index]):
            piece = literal.strip(" ,.;:()[]—-→'‘’")
            if len(re.sub(r"[^a-zA-Zëï]", "", piece)) >= 6 and piece not in other:
                pieces.add(piece)
    return frozenset(pieces)


def _visible(page: str) -> str:
    """The text a reader sees on an HTML page (tags, the script and the style removed)."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", "\n", page))


@functools.cache
def _source(*protocols: Path) -> str:
    return " ".join(p.read_text(encoding="utf-8") for p in protocols)


def _foreign(output: str, lang: str, *protocols: Path) -> list[str]:
    """The other language's frame pieces ``output`` contains, except those the protocol
    files themselves contain (their vocabulary and quotes stay as they are)."""
    sources = _source(*protocols)
    foreign = _frame("en" if lang == "nl" else "nl")
    return sorted(p for p in foreign
                  if p in output   # a quick look first; the word boundaries only then
                  and re.search(rf"(?<![\w]){re.escape(p)}(?![\w])", output)
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
    run("graph-arnhem", ["graph", str(ARNHEM), "--format", "dot"], ARNHEM)
    for name, protocol in (("export-arnhem", ARNHEM), ("export-oostzaan", OOSTZAAN)):
        bpmn = tmp_path / f"{name}-{lang}.bpmn"
        run(name + "-cli", ["export", str(protocol), "-o", str(bpmn)], protocol)
        runs[name] = (bpmn.read_text(encoding="utf-8"), (protocol,))
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

    for name, protocol in (("wegwijzer", AALSMEER), ("wegwijzer-oostzaan", OOSTZAAN),
                           ("wegwijzer-arnhem", ARNHEM)):
        page = tmp_path / f"{name}-{lang}.html"
        run(name + "-cli", ["wegwijzer", str(protocol), "-o", str(page)], protocol)
        text = page.read_text(encoding="utf-8")
        # What the page writes: its HTML, and the words its script fills in.
        data = _embedded(text)
        words = " ".join([*data["texts"].values(), *data["deadlines"].values(),
                          *(q["label"] for q in data["questions"]),
                          *(step.get("actor") or "" for step in data["steps"]),
                          *(cell["refused"]["text"] for cell in data["cells"].values()
                            if "refused" in cell)])
        runs[name] = (_visible(text) + "\n" + words, (protocol,))
    # JSON is data: kept to compare the languages, not checked for frame.
    for name, args in (("json-responsibilities",
                        ["responsibilities", str(ARNHEM), *SCENARIO, "--format", "json"]),
                       ("json-route", ["route", str(ARNHEM), *SCENARIO, "--format", "json"]),
                       ("json-diff-summary", ["diff", str(ARNHEM), str(OOSTZAAN), "--summary",
                                              "--format", "json"])):
        result = run_cli([*args, "--lang", lang])
        runs[name] = (f"{result.code}\n{result.out}", ())
    return runs


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory,
            ) -> dict[str, dict[str, tuple[str, tuple[Path, ...]]]]:
    """Every output once per language, in-process. The comparison of Arnhem and Oostzaan
    (the same in either language: its data is compared below) is computed once and given
    to every command that asks for it; what each command writes around it is its own."""
    import protocolkit.diff

    compare = protocolkit.diff.diff_protocols
    done: dict[tuple[str, str], Any] = {}

    def once(left: Any, right: Any) -> Any:
        key = (left.model_dump_json(), right.model_dump_json())
        if key not in done:
            done[key] = compare(left, right)
        return done[key]

    tmp = tmp_path_factory.mktemp("lang")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(protocolkit.diff, "diff_protocols", once)
        made = {lang: _outputs(tmp, lang) for lang in ("nl", "en")}
    made["pages"] = {"wegwijzer-oostzaan-en": (str(tmp / "wegwijzer-oostzaan-en.html"), ())}
    return made


COMMANDS = ["responsibilities", "route", "route-arnhem", "matrix", "simulate", "simulate-ended",
            "diff", "diff-summary", "diff-markdown", "graph", "graph-arnhem", "export-arnhem-cli",
            "export-arnhem", "export-oostzaan", "cases-init", "cases-open",
            "cases-list", "report-aalsmeer-cli", "report-aalsmeer", "report-aalsmeer-md",
            "report-arnhem", "report-arnhem-md", "report-against", "wegwijzer-cli", "wegwijzer",
            "wegwijzer-oostzaan", "wegwijzer-arnhem"]


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


@pytest.mark.parametrize("command", ["json-responsibilities", "json-route", "json-diff-summary"])
def test_json_does_not_follow_the_language(
        outputs: dict[str, dict[str, tuple[str, tuple[Path, ...]]]], command: str) -> None:
    nl, en = outputs["nl"][command][0], outputs["en"][command][0]
    assert nl.split("\n", 1)[1].strip()
    assert nl == en  # JSON is data: the same in either language (and the same exit code)


def test_the_english_wegwijzer_in_a_headless_browser(
        outputs: dict[str, dict[str, tuple[str, tuple[Path, ...]]]], browser: Any) -> None:
    """What a reader sees on the English page after choosing: English frame, the
    protocol's own words, no script error."""
    from selenium.webdriver.common.by import By

    from tests.test_wegwijzer import CHOOSE

    page = Path(outputs["pages"]["wegwijzer-oostzaan-en"][0])
    driver = browser
    driver.get(page.as_uri())
    driver.execute_script(CHOOSE, "raadslid", "burgemeester", "uitgevoerd")
    shown = driver.find_element(By.ID, "uitkomst").text
    assert "What do you do now?" in shown and "Who does what" in shown
    assert _foreign(driver.find_element(By.TAG_NAME, "body").text, "en", OOSTZAAN) == []
    assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []


# --------------------------------------------------------------------------- the errors


def _says(output: str, key: str, lang: str) -> bool:
    """Whether ``output`` holds the longest literal part of the text ``key`` in ``lang``
    (the error is the one meant, in that language)."""
    template = MESSAGES[key][1 if lang == "nl" else 0]
    return max(_literals(template), key=len).strip() in output


def _error_runs(tmp: Path, lang: str, monkeypatch: pytest.MonkeyPatch,
                ) -> dict[str, tuple[int, str, tuple[str, ...]]]:
    """Real runs that end in an engine, store, cache or Graphviz error: name -> (exit
    code, what was written, the keys of the messages meant)."""
    import sqlite3

    runs: dict[str, tuple[int, str, tuple[str, ...]]] = {}
    sources = _ERROR_SOURCES.setdefault(lang, {})

    def run(name: str, key: str | tuple[str, ...], args: list[str]) -> None:
        result = run_cli([*args, "--lang", lang])
        runs[name] = (result.code, result.out + result.err,
                      key if isinstance(key, tuple) else (key,))
        # The files given are the reader's own words (a test file's keys: ``events``).
        sources[name] = tuple(Path(a) for a in args if a.endswith(".yaml"))

    store = str(tmp / f"fouten-{lang}.db")
    assert run_cli(["cases", "init", store]).code == 0
    opening = ["cases", "open", store, str(MINIMAL), *SCENARIO, "--today", "2025-03-01"]
    run("route-refused", "refusal.sends-to",     # Oostzaan art. 2.1 lid 1 excludes it
        ["route", str(OOSTZAAN), "--reporter", "burger", "--subject", "raadslid", "--act",
         "voorgenomen"])
    run("cases-bad-date", "usage.date", [*opening, "--opened", "2025-02-30"])
    run("cases-after-today", "engine.opened-after-today", [*opening, "--opened", "2025-04-01"])
    run("cases-unknown-fact", "engine.unknown-fact",
        [*opening, "--opened", "2025-01-06", "--fact", "ontvangst_melding=2025-01-06"])
    # A case whose stored record no longer restores (its facts edited behind the store's
    # back): the store's refusal quotes the engine's, both in the language asked for.
    assert run_cli([*opening, "--opened", "2025-01-06", "--id", "z1"]).code == 0
    with sqlite3.connect(store) as db:
        db.execute("UPDATE cases SET facts = ? WHERE id = 'z1'", ('{"onbekend": "2025-01-06"}',))
    run("cases-corrupt-record", "engine.unknown-fact",
        ["cases", "show", store, "z1", "--today", "2025-03-01"])
    broken = tmp / f"kapot-{lang}.db"
    broken.write_bytes(b"dit is geen sqlite-bestand" * 40)
    run("cases-corrupt-store", "store.not-a-store-because", ["cases", "list", str(broken)])
    tests = tmp / f"fouten-{lang}.tests.yaml"
    tests.write_text(f"""protocol: {MINIMAL}
tests:
  - name: Een uitkomst die de stap niet biedt
    scenario: {{reporter: burgemeester, subject: raadslid, act: uitgevoerd}}
    opened: 2025-03-03
    events:
      - {{step: melding, outcome: gemeld, date: 2025-03-04}}
      - {{step: beoordeling, outcome: afgewezen, date: 2025-03-05}}
    expect:
      open_steps: [beoordeling]
  - name: De burgemeester meldt de burgemeester
    scenario: {{reporter: burgemeester, subject: burgemeester, act: uitgevoerd}}
    expect:
      responsibilities:
        first_contact: [cvdk]
  - name: Eigen handelen, dat dit protocol niet kent
    scenario: {{reporter: raadslid, subject: raadslid, act: uitgevoerd, own: true}}
    opened: 2025-03-03
    expect:
      open_steps: [melding]
""", encoding="utf-8")
    run("test-refused", ("engine.outcome-not-offered", "refusal.only-one",
                         "refusal.no-own"),
        ["test", str(MINIMAL), str(tests)])
    import protocolkit.store.backend

    held = sqlite3.connect(store, isolation_level=None)
    held.execute("BEGIN EXCLUSIVE")         # another process writing, for longer than we wait
    try:
        with monkeypatch.context() as patch:
            patch.setattr(protocolkit.store.backend, "BUSY_TIMEOUT", 0.05)
            run("cases-locked-store", "store.locked", ["cases", "list", store])
    finally:
        held.execute("ROLLBACK")
        held.close()
    case = tmp / f"zaak-{lang}.yaml"
    case.write_text("scenario: {reporter: burgemeester, subject: raadslid, act: uitgevoerd}\n"
                    "opened: 2025-01-06\nreceived: 2025-01-09\nevents: []\n", encoding="utf-8")
    run("simulate-received", "engine.received-after-opened",
        ["simulate", str(MINIMAL), str(case), "--as-of", "2025-03-01"])
    run("simulate-as-unknown-role", "engine.no-role",
        ["simulate", str(MINIMAL), str(ROOT / "tests/data/cases/minimal_lopend.yaml"),
         "--as-of", "2026-03-01", "--as", "voorzitter"])
    stricter = tmp / f"strenger-{lang}.yaml"
    stricter.write_text(MINIMAL.read_text(encoding="utf-8")
                        .replace('version: "1.0"', 'version: "1.2"')
                        .replace("      - {id: niet_ontvankelijk, next: afgedaan}\n", ""),
                        encoding="utf-8")
    assert run_cli(["cases", "open", store, str(MINIMAL), "--reporter", "burgemeester",
                    "--subject", "raadslid", "--act", "uitgevoerd", "--opened", "2025-01-06",
                    "--id", "z2", "--today", "2025-01-06"]).code == 0
    for step, outcome in (("melding", "gemeld"), ("beoordeling", "niet_ontvankelijk")):
        done = run_cli(["cases", "record", store, "z2", step, outcome, "--by", "griffier",
                        "--today", "2025-01-08"])
        assert done.code == 0, done.err
    run("cases-migrate-refused", ("engine.event-refused", "migrate.event-refused",
                                   "migrate.changed", "diff.field.outcomes"),
        ["cases", "migrate", store, "z2", str(stricter), "--note", "versie 1.2",
         "--by", "griffier", "--today", "2025-01-09"])
    with monkeypatch.context() as patch:
        patch.setenv("PATH", str(tmp))          # no Graphviz here, whatever the machine has
        run("graph-svg-without-dot", "graphviz.missing",
            ["graph", str(MINIMAL), "--format", "svg"])
    shared = tmp / f"gedeeld-{lang}"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)
    with monkeypatch.context() as patch:
        patch.setenv("PROTOCOLKIT_CACHE_DIR", str(shared))
        run("validate-shared-cache", "cache.others-write", ["validate", str(MINIMAL)])
    return runs


#: Per language and run, the input files whose words an error may quote.
_ERROR_SOURCES: dict[str, dict[str, tuple[Path, ...]]] = {}


@pytest.fixture(scope="module")
def errors(tmp_path_factory: pytest.TempPathFactory,
           ) -> dict[str, dict[str, tuple[int, str, tuple[str, ...]]]]:
    tmp = tmp_path_factory.mktemp("errors")
    with pytest.MonkeyPatch.context() as patch:
        return {lang: _error_runs(tmp, lang, patch) for lang in ("nl", "en")}


ERRORS = ["route-refused", "test-refused", "cases-bad-date", "cases-after-today", "cases-unknown-fact", "cases-corrupt-record",
          "cases-corrupt-store", "cases-locked-store", "simulate-received", "simulate-as-unknown-role",
          "cases-migrate-refused", "graph-svg-without-dot", "validate-shared-cache"]


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("name", ERRORS)
def test_an_error_is_written_in_the_language_asked_for(
        errors: dict[str, dict[str, tuple[int, str, tuple[str, ...]]]], name: str,
        lang: str) -> None:
    """Engine, store, cache and Graphviz errors reach the reader in the command's
    language: the messages meant, and nothing of the other language's frame."""
    code, output, keys = errors[lang][name]
    assert code in (0, 1, 2) and output.strip(), (name, output)
    for key in keys:
        assert _says(output, key, lang), (name, key, output)
    assert _foreign(output, lang, MINIMAL, OOSTZAAN, *_ERROR_SOURCES[lang][name]) == [], output
    assert "Traceback" not in output


@pytest.mark.parametrize("name", ERRORS)
def test_an_error_differs_between_the_languages(
        errors: dict[str, dict[str, tuple[int, str, tuple[str, ...]]]], name: str) -> None:
    assert errors["nl"][name][1] != errors["en"][name][1]


def _json_messages(data: Any) -> list[str]:
    """Every message and hint a JSON output holds for a reader (findings, refusals,
    a scenario test's error and mismatches)."""
    found: list[str] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("message", "hint", "refused", "error", "actual") and isinstance(value, str):
                found.append(value)
            elif key != "text":        # the message as data: the same in both languages
                found.extend(_json_messages(value))
    elif isinstance(data, list):
        for item in data:
            found.extend(_json_messages(item))
    return found


def test_the_messages_in_json_follow_the_language(tmp_path: Path) -> None:
    """The one rule sets the language of everything a command writes: the findings of
    ``simulate --format json``, the refusal of ``cases record --format json``, a refused
    scenario's finding and a scenario test's error say their messages in ``--lang`` (the
    rest of the JSON is data, the same in either language)."""
    import json

    store = str(tmp_path / "z.db")
    refused = ROOT / "tests" / "data" / "cases" / "minimal_geweigerd.yaml"
    tests = tmp_path / "t.tests.yaml"
    tests.write_text(f"protocol: {MINIMAL}\ntests:\n  - name: misspelt\n"
                     "    scenario: {reporter: raadsld, subject: raadslid, act: uitgevoerd}\n"
                     "    expect: {open_steps: [melding]}\n", encoding="utf-8")
    assert run_cli(["cases", "init", store]).code == 0
    assert run_cli(["cases", "open", store, str(MINIMAL), "--reporter", "raadslid",
                    "--subject", "raadslid", "--act", "uitgevoerd", "--opened", "2026-02-02",
                    "--id", "Z1", "--today", "2026-03-09"]).code == 0
    runs = {
        "simulate": ["simulate", str(MINIMAL), str(refused), "--as-of", "2026-03-09"],
        "cases record": ["cases", "record", store, "Z1", "melding", "gemeldd",
                         "--date", "2026-02-03", "--today", "2026-03-09", "--by", "griffier"],
        "route refused": ["route", str(MINIMAL), "--reporter", "burgemeester",
                          "--subject", "burgemeester", "--act", "uitgevoerd"],
        "test": ["test", str(MINIMAL), str(tests)],
    }
    for name, argv in runs.items():
        said = {}
        for lang in ("nl", "en"):
            done = run_cli([*argv, "--format", "json", "--lang", lang])
            assert done.code == 1, (name, done.err)
            said[lang] = _json_messages(json.loads(done.out))
            assert said[lang], (name, done.out)
            assert _foreign("\n".join(said[lang]), lang, MINIMAL, refused, tests) == [], \
                (name, said[lang])
        assert said["nl"] != said["en"], name


#: Short frame words of one language (too short for :func:`_frame`'s six letters) that
#: are no word of the other and no protocol vocabulary: a template of the other
#: language holding one, outside quotes, placeholders and YAML keys, has a leak.
_SHORT_FRAME = {
    "nl": {"bron", "feit", "stap", "zaak", "niet", "geen", "voor", "naar", "door", "wie",
           "dat", "het", "een", "van", "zijn", "ook", "met", "bij", "uit", "wordt", "nog",
           "maar", "alleen", "tot", "na"},
    "en": {"source", "fact", "step", "case", "not", "the", "and", "with", "who", "for",
           "are", "from", "only", "after", "before", "none", "this"},
}


def _frame_words(template: str) -> set[str]:
    """The words of a template's own frame: without placeholders, quoted or back-quoted
    text, options (``--own``) and YAML keys (``from_step``, ``scenarios.exclude``)."""
    template = re.sub(r"\{[^}]*\}|`[^`]*`|'[^']*'|\"[^\"]*\"|--\w+|\b\w+[._]\w+\b", " ",
                      template)
    return set(re.findall(r"[a-zëï]+", template.lower()))


#: Keys of a protocol file a template names bare, as the file writes them.
_BARE_KEYS = {("hint.unmatched", "step")}


def test_no_template_holds_a_short_frame_word_of_the_other_language() -> None:
    leaks = [(key, lang, word)
             for key, pair in MESSAGES.items()
             for index, lang, other in ((0, "en", "nl"), (1, "nl", "en"))
             for word in sorted(_frame_words(pair[index]) & _SHORT_FRAME[other])
             if (key, word) not in _BARE_KEYS]
    assert leaks == []


def _simulate_events(tmp_path: Path, name: str, *events: str) -> dict[str, str]:
    """``simulate`` of an Oostzaan case (a raadslid about a wethouder) with these events,
    its stderr in each language."""
    case = tmp_path / f"{name}.yaml"
    case.write_text("scenario: {reporter: raadslid, subject: wethouder, act: uitgevoerd,\n"
                    "           attributes: {aanleiding: vermoeden}}\n"
                    "opened: 2026-04-20\n"
                    "events:\n"
                    "  - {step: melding, outcome: gemeld, date: 2026-04-20}\n"
                    + "".join(f"  - {event}\n" for event in events), encoding="utf-8")
    return {lang: run_cli(["simulate", str(OOSTZAAN), str(case), "--lang", lang]).err
            for lang in ("en", "nl")}


def test_a_refused_event_is_said_in_one_language(tmp_path: Path) -> None:
    """A fact event refused, and an outcome its fact condition refuses (Oostzaan art. 2.2
    lid 1): the event is named and the refusal's section cited in the command's words."""
    early = _simulate_events(
        tmp_path, "early", "{fact: datum_vermeende_feiten, value: 2021-01-05, date: 2026-04-19}")
    assert "event 2 (fact datum_vermeende_feiten: 2021-01-05, 2026-04-19) is refused" in early["en"]
    assert re.search(r"\bfeit\b", early["en"]) is None
    assert "gebeurtenis 2 (feit datum_vermeende_feiten: 2021-01-05, 2026-04-19)" in early["nl"]
    old = _simulate_events(
        tmp_path, "old", "{fact: datum_vermeende_feiten, value: 2021-01-05, date: 2026-04-21}",
        "{step: ontvangstbevestiging, outcome: bevestigd, date: 2026-04-22}",
        "{step: ontvankelijkheidstoets, outcome: ontvankelijk, date: 2026-04-24}")
    assert "(source: art. 2.2 lid 1))" in old["en"] and "bron" not in old["en"]
    assert "(bron: art. 2.2 lid 1))" in old["nl"]
    # in Dutch a clause after 'dat' puts its verb last; the condition reads as a sentence
    assert ("'ontvankelijk' van stap 'ontvankelijkheidstoets' vereist: Datum van de vermeende "
            "feiten ligt ten hoogste 4 jaar voor de dag van ontvangst (art. 2.2 lid 1)") in old["nl"]
