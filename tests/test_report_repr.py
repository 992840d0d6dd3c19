"""No cell of the report or the wegwijzer prints a Python value as Python writes it.

A dict, a list, ``None`` or ``True`` that reaches the page through ``str()`` reads as
code to a raad (``{'proposal': 'Arnhem', 'roles': ['burgemeester']}``). Every shipped
protocol's report (HTML and Markdown), the comparisons of docs/stuurgroep.md §7 and
docs/diff.md, and every shipped wegwijzer (the words it embeds) are scanned.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

from protocolkit.format.loader import load_protocol
from protocolkit.present.report import build_report, render_html, render_markdown
from protocolkit.present.wegwijzer import render_wegwijzer

ROOT = Path(__file__).resolve().parents[1]
PROTOCOLS = ROOT / "protocols"
SHIPPED = sorted(PROTOCOLS.glob("*.yaml"))
PAGES = [(path, None) for path in SHIPPED] + [
    (PROTOCOLS / "aalsmeer_draft.yaml", PROTOCOLS / "arnhem.yaml"),
    (PROTOCOLS / "arnhem.yaml", PROTOCOLS / "oostzaan.yaml")]

#: What Python's ``repr`` of a dict, a list, None or a bool looks like in running text.
REPR = re.compile(r"\{'|\['|\bNone\b|\bTrue\b|\bFalse\b")


def _visible(page: str) -> str:
    """The page's text as a reader gets it: no scripts or styles, entities decoded."""
    page = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def _reprs(said: str) -> list[str]:
    return [said[max(0, m.start() - 60):m.end() + 60] for m in REPR.finditer(said)]


@pytest.mark.parametrize("path, against", PAGES,
                         ids=lambda p: p.stem if isinstance(p, Path) else "alone")
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_cell_of_the_report_is_a_python_repr(path: Path, against: Path | None,
                                               lang: str) -> None:
    report = build_report(path, against=against, lang=lang)
    assert _reprs(_visible(render_html(report))) == []
    assert _reprs(render_markdown(report)) == []


def _strings(data: Any) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for key, value in data.items() for s in [*_strings(key), *_strings(value)]]
    if isinstance(data, list):
        return [s for value in data for s in _strings(value)]
    return []


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_no_word_of_the_wegwijzer_is_a_python_repr(path: Path) -> None:
    protocol = load_protocol(path).protocol
    assert protocol is not None
    page = render_wegwijzer(protocol)
    assert _reprs(_visible(page)) == []
    embedded = re.search(r'<script type="application/json"[^>]*>(.*?)</script>', page, re.DOTALL)
    assert embedded is not None
    assert [found for said in _strings(json.loads(embedded.group(1)))
            for found in _reprs(said)] == []
