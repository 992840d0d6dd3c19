"""The ``file:line:column`` examples in docs/ are what ``protocolkit validate`` prints.

A finding's place moves whenever a protocol file is edited (docs/stuurgroep.md once
said ``aalsmeer_draft.yaml:949:9`` for a finding at 1153:9). Every example line in a
```` ```text ```` block of docs/ that names a file of this repository is checked
against the real output for that file: the same place, severity, code and the message
up to where the example shortens it ("…", "..."). The stuurgroep guide's own example,
``mijn_concept.yaml`` (a copy of the Aalsmeer concept with the two slips the guide
describes), is rebuilt the same way.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.helpers import run_cli

ROOT = Path(__file__).resolve().parents[1]
DOCS = sorted((ROOT / "docs").rglob("*.md"))
FINDING = re.compile(r"^(?P<place>(?P<path>[\w./-]+\.yaml):\d+:\d+): "
                     r"(?P<severity>\w+)\[(?P<code>[\w-]+)\]: (?P<message>.*)$")
DUTCH = {"fout", "waarschuwing", "aanvaard", "info"}


def _examples() -> list[tuple[str, int, str]]:
    """(doc, line number, example line) for every finding line in a text block."""
    found: list[tuple[str, int, str]] = []
    for doc in DOCS:
        in_text = False
        for number, line in enumerate(doc.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith("```"):
                in_text = line.strip() == "```text" if not in_text else False
                continue
            if in_text and FINDING.match(line):
                found.append((str(doc.relative_to(ROOT)), number, line))
    return found


def _shown(example: str) -> str:
    """The part of an example line that must match: up to where it shortens."""
    for mark in (" (…)", "…", " ...", "..."):
        if mark in example:
            return example.split(mark, 1)[0]
    return example


def _validate(capsys: pytest.CaptureFixture[str], path: Path, dutch: bool,
              cwd: Path) -> list[str]:
    import os

    before = Path.cwd()
    os.chdir(cwd)
    try:
        _, out, _ = run_cli(capsys, "validate", "--lang", "nl" if dutch else "en",
                            str(path.relative_to(cwd)))
    finally:
        os.chdir(before)
    return out.splitlines()


def _protocol_file(path: Path) -> bool:
    """A protocol of the repository (not a case file, whose findings come from
    ``simulate``)."""
    return path.is_file() and re.search(r"^protocol:", path.read_text(encoding="utf-8"),
                                        re.MULTILINE) is not None


REPO_EXAMPLES = [e for e in _examples() if _protocol_file(ROOT / FINDING.match(e[2])["path"])]


def test_the_docs_have_examples_from_the_shipped_files() -> None:
    assert any("aalsmeer_draft.yaml" in e[2] for e in REPO_EXAMPLES)
    assert any(e[0] == "docs/stuurgroep.md" and "mijn_concept.yaml" in e[2]
               for e in _examples())


@pytest.mark.parametrize(("doc", "number", "example"), REPO_EXAMPLES,
                         ids=[f"{d}:{n}" for d, n, _ in REPO_EXAMPLES])
def test_an_example_is_the_real_output(capsys: pytest.CaptureFixture[str], doc: str,
                                       number: int, example: str) -> None:
    found = FINDING.match(example)
    assert found is not None
    lines = _validate(capsys, ROOT / found["path"], found["severity"] in DUTCH, ROOT)
    shown = _shown(example)
    assert any(line.startswith(shown) for line in lines), (
        f"{doc}:{number} shows\n  {example}\nbut validate prints\n  "
        + "\n  ".join(line for line in lines if f"[{found['code']}]" in line))


def test_the_stuurgroep_edit_example_is_the_real_output(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """docs/stuurgroep.md, 2a: a copy of the concept with `role: grifier` in the first
    alternative under `actor:` of step `advies_griffier` and `deadline: {amount: 2, unit:
    maanden}` above `confidential: true` in step `advies_gemeentesecretaris`."""
    copy = tmp_path / "mijn_concept.yaml"
    shutil.copy(ROOT / "protocols" / "aalsmeer_draft.yaml", copy)
    text = copy.read_text(encoding="utf-8")
    griffier = text.index("  - id: advies_griffier\n")
    at = text.index("role: griffier,", griffier)
    text = text[:at] + "role: grifier," + text[at + len("role: griffier,"):]
    secretaris = text.index("  - id: advies_gemeentesecretaris\n")
    at = text.index("    confidential: true\n", secretaris)
    text = text[:at] + "    deadline: {amount: 2, unit: maanden}\n" + text[at:]
    copy.write_text(text, encoding="utf-8")
    # The schema line points at ../docs; the copy is checked where the guide runs it.
    lines = _validate(capsys, copy, True, tmp_path)
    examples = [e for d, _, e in _examples()
                if d == "docs/stuurgroep.md" and e.startswith("mijn_concept.yaml:")]
    assert len(examples) == 3
    for example in examples:
        assert any(line.startswith(_shown(example)) for line in lines), (example, lines[:4])


#: The examples docs/diagnostics.md gives on a copy of the Oostzaan protocol, each with
#: the one slip it shows: (code, the line as shipped, the line with the slip).
OOSTZAAN_SLIPS = {
    "duplicate-id": ("    members: [griffier, gemeentesecretaris, externe_adviseur]\n",
                     "    members: [griffier, gemeentesecretaris, externe_adviseur, griffier]\n"),
    "optional-member-not-member": (
        '      - {role: externe_adviseur, source: ["art. 3.1 lid 2", "art. 1.1 lid 4"]}\n',
        '      - {role: externe_adviseurs, source: ["art. 3.1 lid 2", "art. 1.1 lid 4"]}\n'),
    "any-of-misplaced": ("    actor: [{role: [burgemeester, griffier], any_of: true}]\n",
                         "    actor: [{role: [burgemeester], any_of: true}]\n"),
}


@pytest.mark.parametrize("code", sorted(OOSTZAAN_SLIPS))
def test_an_oostzaan_slip_example_is_the_real_output(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, code: str) -> None:
    """docs/diagnostics.md shows ``oostzaan.yaml:LINE:COLUMN`` for a slip made in a copy
    of the shipped file (it once said 480:16 for 482:16 and 701:40 for 706:44)."""
    shipped, slipped = OOSTZAAN_SLIPS[code]
    text = (ROOT / "protocols" / "oostzaan.yaml").read_text(encoding="utf-8")
    assert text.count(shipped) == 1
    (tmp_path / "oostzaan.yaml").write_text(text.replace(shipped, slipped), encoding="utf-8")
    lines = _validate(capsys, tmp_path / "oostzaan.yaml", False, tmp_path)
    [example] = [e for d, _, e in _examples() if d == "docs/diagnostics.md"
                 and e.startswith("oostzaan.yaml:") and f"[{code}]" in e]
    assert any(line.startswith(_shown(example)) for line in lines), (example, lines)


def _console_examples() -> list[tuple[str, int, str, list[str]]]:
    """(doc, line number, command, finding lines shown under it) for every
    ``$ protocolkit …`` of a ```` ```console ```` block followed by located findings."""
    found: list[tuple[str, int, str, list[str]]] = []
    for doc in DOCS:
        lines = doc.read_text(encoding="utf-8").splitlines()
        in_console = False
        for number, line in enumerate(lines, 1):
            if line.startswith("```"):
                in_console = line.strip() == "```console" if not in_console else False
                continue
            if in_console and line.startswith("$ protocolkit "):
                shown = []
                for after in lines[number:]:
                    if after.startswith(("$ ", "```")):
                        break
                    if FINDING.match(after):
                        shown.append(after)
                if shown:
                    found.append((str(doc.relative_to(ROOT)), number, line[2:], shown))
    return found


CONSOLE_EXAMPLES = _console_examples()


def test_there_are_console_examples() -> None:
    assert any(doc == "docs/diagnostics.md" for doc, *_ in CONSOLE_EXAMPLES)


@pytest.mark.parametrize(("doc", "number", "command", "shown"), CONSOLE_EXAMPLES,
                         ids=[f"{d}:{n}" for d, n, _, _ in CONSOLE_EXAMPLES])
def test_a_console_example_is_the_real_output(capsys: pytest.CaptureFixture[str], doc: str,
                                              number: int, command: str,
                                              shown: list[str]) -> None:
    """A command shown with its located findings (``$ protocolkit responsibilities …``)
    prints them at that place: docs/diagnostics.md once said line 422 for 449."""
    import os
    import shlex

    before = Path.cwd()
    os.chdir(ROOT)
    try:
        _, out, err = run_cli(capsys, *shlex.split(command)[1:])
    finally:
        os.chdir(before)
    printed = (out + err).splitlines()
    for example in shown:
        assert any(line.startswith(_shown(example)) for line in printed), (
            f"{doc}:{number} shows\n  {example}\nbut `{command}` prints\n  "
            + "\n  ".join(printed))
