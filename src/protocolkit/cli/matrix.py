"""``protocolkit matrix PROTOCOL``: the scenario coverage matrix.

Rows reporter x subject x act (x own, x attributes) -> entry step, first contact, who
decides on follow-up; cells that no entry route serves or that two routes send different
ways are marked. Exit 0 when every scenario has exactly one way in, 1 otherwise.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from typing import TYPE_CHECKING

from protocolkit.cli._common import add_format
from protocolkit.format.texts import text

if TYPE_CHECKING:
    from protocolkit.analysis.matrix import CoverageMatrix, MatrixRow

#: The status column's mark per row status (texts in :mod:`protocolkit.format.texts`).
MARKS = {"ok": None, "missing": "matrix.missing", "ambiguous": "matrix.ambiguous"}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "matrix", help="the scenario coverage matrix: first step and who decides, per scenario",
        description="Print, for every scenario of the protocol (reporter x subject x act x "
        "own), the entry step, whom the reporter turns to first and who decides on "
        "follow-up, marking scenarios without an entry route or with two. Exit 0 when every "
        "scenario has exactly one way in, 1 otherwise.")
    parser.add_argument("protocol", metavar="PROTOCOL")
    add_format(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from protocolkit.analysis.matrix import coverage_matrix
    from protocolkit.cli._common import load, print_json

    protocol = load(args.protocol)
    matrix = coverage_matrix(protocol)
    if args.format == "json":
        print_json(matrix.to_dict())
    else:
        from protocolkit.cli import output_lang

        render_matrix(matrix, output_lang(args))
    return 0 if matrix.complete else 1


def _folded(matrix: CoverageMatrix, lang: str = "nl") -> list[tuple[MatrixRow, str]]:
    """Rows that differ only in extra attributes and say the same are shown once, with
    the attribute values they share (``alle`` when they hold for every value)."""
    groups: dict[tuple[str, str, str, bool], list[MatrixRow]] = {}
    for row in matrix.rows:
        s = row.scenario
        groups.setdefault((s.reporter, s.subject, s.act, s.own), []).append(row)
    shown: list[tuple[MatrixRow, str]] = []
    for rows in groups.values():
        classes: dict[tuple[object, ...], list[MatrixRow]] = {}
        for row in rows:
            classes.setdefault(row.outcome(), []).append(row)
        for members in classes.values():
            values = {name: {dict(r.scenario.attributes).get(name) for r in members}
                      for name in matrix.attributes}
            size = 1
            for chosen in values.values():
                size *= len(chosen)
            if size == len(members):
                parts = [f"{name}={'/'.join(v for v in matrix.attributes[name] if v in chosen)}"
                         for name, chosen in values.items()
                         if len(chosen) < len(matrix.attributes[name])]
                shown.append((members[0], ", ".join(parts) or (text("matrix.all", lang)
                                                                if matrix.attributes else "")))
            else:
                shown.extend((r, ", ".join(f"{k}={v}" for k, v in r.scenario.attributes))
                             for r in members)
    return shown


def render_matrix(matrix: CoverageMatrix, lang: str = "nl") -> None:
    from rich.console import Console
    from rich.table import Table

    from protocolkit.format.escape import rich_text

    def t(key: str, **args: object) -> str:
        return text(key, lang, **args)

    width = shutil.get_terminal_size((160, 24)).columns
    console = Console(file=sys.stdout, width=max(width, 100), highlight=False)
    # User text is never Rich markup: every cell and the title are plain Text, escaped.
    table = Table(title=rich_text(t("matrix.title", municipality=matrix.municipality)),
                  show_lines=False)
    keys = ["matrix.reporter", "matrix.subject", "matrix.act", "matrix.own",
            *(["matrix.attributes"] if matrix.attributes else []),
            "matrix.entry", "matrix.first-contact", "matrix.decides", "matrix.status"]
    # An id (a role, an act, a step, an attribute's value) is never broken in the middle,
    # where a piece of it would read as another id: a list wraps between its items, and on
    # a terminal too narrow for an id it ends in "…" (``--format json`` has it whole).
    for key in keys:
        table.add_column(t(key), overflow="ellipsis")
    for row, attributes in _folded(matrix, lang):
        s = row.scenario
        cells = [s.reporter, s.subject, s.act, t("common.yes" if s.own else "common.no")]
        if matrix.attributes:
            cells.append(attributes)
        step = entry_cell(row)
        mark = MARKS[row.status]
        cells += [step, _answer(row, "first_contact", ", ".join(row.first_contact) or "-", lang),
                  _answer(row, "decides_follow_up",
                          ", ".join(row.decides_follow_up) or t("matrix.nobody"), lang),
                  " ".join(filter(None, [t(mark) if mark else "", _open_mark(row, lang)]))]
        style = "bold red" if row.status != "ok" else None
        table.add_row(*(rich_text(cell) for cell in cells), style=style)
    console.print(table)
    counts = matrix.counts()
    console.print(t("matrix.counts", rows=len(matrix.rows), ok=counts["ok"],
                    missing=counts["missing"], ambiguous=counts["ambiguous"]))
    if matrix.open_rows:
        console.print(t("matrix.open-rows", n=matrix.open_rows))


def entry_cell(row: MatrixRow) -> str:
    """Where a scenario's case starts, as a reader knows it: the entry step's title (the
    titles of the steps two entry routes start at, when they differ); ``-`` for none.
    The ids are in ``--format json`` (``entry_step``, ``entry_routes``)."""
    return " / ".join(row.entry_titles) or "-"


def _answer(row: MatrixRow, question: str, said: str, lang: str) -> str:
    """An answer as the other commands show it: a concept's proposal never as decided."""
    from protocolkit.present.phrases import proposal_words

    offered = row.proposals.get(question)
    return proposal_words(offered, said, lang) if offered else said


def _open_mark(row: MatrixRow, lang: str) -> str:
    """The open points behind a row's answers (``nog open: a, b``), or nothing."""
    points = list(dict.fromkeys(p for found in row.open_points.values() for p in found))
    return text("common.open-points", lang, points=", ".join(points)) if points else ""
