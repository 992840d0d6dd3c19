"""``protocolkit matrix PROTOCOL``: the scenario coverage matrix.

Rows reporter x subject x act (x own, x attributes) -> entry step, first contact, who
decides on follow-up; cells that no entry route serves or that two routes send different
ways are marked. Exit 0 when every scenario has exactly one way in, 1 otherwise.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING

from protocolkit.cli._common import add_format, text_width, wrapped
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

        render_matrix(matrix, output_lang(args), protocol.role_names())
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


def render_matrix(matrix: CoverageMatrix, lang: str = "nl",
                  names: Mapping[str, str] | None = None) -> None:
    """The matrix as a table where it fits the terminal with every id whole; on a
    terminal too narrow for that, one block per scenario (its answers one to a line,
    wrapped between words). An id is never cut or broken in the middle, where a piece
    of it would read as another id or as nothing; output that goes to no terminal (a
    file, a pipe) is laid out for :data:`~protocolkit.cli._common.PIPE_WIDTH` columns,
    unless ``COLUMNS`` says another width (a 265-column table in a mail or a file reads
    as nothing). ``names``: the roles of the answers by their names
    (``Protocol.role_names``); the JSON keeps the ids."""
    from rich.console import Console
    from rich.table import Table

    from protocolkit.format.escape import rich_text

    def t(key: str, **args: object) -> str:
        return text(key, lang, **args)

    keys = ["matrix.reporter", "matrix.subject", "matrix.act", "matrix.own",
            *(["matrix.attributes"] if matrix.attributes else []),
            "matrix.entry", "matrix.first-contact", "matrix.decides", "matrix.status"]
    rows = [(row, _cells(row, attributes, matrix, lang, names))
            for row, attributes in _folded(matrix, lang)]
    title = t("matrix.title", municipality=matrix.municipality)
    # The narrowest each column can be with no word cut: its longest word (a role, an
    # act, a step, an attribute's value; a list wraps between its items).
    least = [max(_longest_word(cell) for cell in [t(key), *(c[i] for _, c in rows)])
             for i, key in enumerate(keys)]
    needed = sum(least) + 3 * len(keys) + 1          # "│ " before each cell, "│" at the end
    width = text_width()
    if needed > width:
        _print_blocks(title, [t(key) for key in keys], rows, width)
    else:
        # as wide as the longest cell of each column needs, at most the width
        natural = sum(max(_cell_width(cell) for cell in [t(key), *(c[i] for _, c in rows)])
                      for i, key in enumerate(keys)) + 3 * len(keys) + 1
        console = Console(file=sys.stdout, width=min(width, natural), highlight=False)
        # User text is never Rich markup: every cell and the title are plain Text, escaped.
        table = Table(title=rich_text(title), show_lines=False)
        for key, narrowest in zip(keys, least, strict=True):
            table.add_column(t(key), min_width=narrowest)
        for row, cells in rows:
            table.add_row(*(rich_text(cell) for cell in cells),
                          style="bold red" if row.status != "ok" else None)
        console.print(table)
    counts = matrix.counts()
    said = [t("matrix.counts", rows=len(matrix.rows), ok=counts["ok"],
              missing=counts["missing"], ambiguous=counts["ambiguous"])]
    if matrix.open_rows:
        said.append(t("matrix.open-rows", n=matrix.open_rows))
    for line in said:
        print("\n".join(wrapped(line, width, "")))


def _cells(row: MatrixRow, attributes: str, matrix: CoverageMatrix, lang: str,
           names: Mapping[str, str] | None = None) -> list[str]:
    """A row's cells, in the order of the columns: the answers' roles by ``names``."""
    from protocolkit.present.phrases import named

    s = row.scenario
    cells = [s.reporter, s.subject, s.act, text("common.yes" if s.own else "common.no", lang)]
    if matrix.attributes:
        cells.append(attributes)
    mark = MARKS[row.status]
    return [*cells, entry_cell(row),
            _answer(row, "first_contact", ", ".join(named(row.first_contact, names)) or "-",
                    lang),
            _answer(row, "decides_follow_up",
                    ", ".join(named(row.decides_follow_up, names))
                    or text("matrix.nobody", lang), lang),
            " ".join(filter(None, [text(mark, lang) if mark else "", _open_mark(row, lang)]))]


def _cell_width(cell: str) -> int:
    from rich.cells import cell_len

    from protocolkit.format.escape import terminal

    return cell_len(terminal(cell))


def _longest_word(cell: str) -> int:
    from rich.cells import cell_len

    from protocolkit.format.escape import terminal

    return max((cell_len(word) for word in terminal(cell).split()), default=1)


def _print_blocks(title: str, heads: list[str], rows: list[tuple[MatrixRow, list[str]]],
                  width: int) -> None:
    """The matrix for a narrow terminal: per scenario a block, its scenario on the first
    line and each answer on a line of its own (``first step: melding``), wrapped between
    words to ``width``; a word longer than the line stays whole (the terminal wraps it)."""
    from protocolkit.format.escape import terminal

    scenario_columns = len(heads) - 4        # the answers are the last four columns
    lines = [terminal(title), ""]
    for _, cells in rows:
        said = [terminal(cell) for cell in cells]
        lines += wrapped(f"{said[0]} -> {said[1]}, {said[2]}, "
                         + ", ".join(f"{head}: {cell}" for head, cell in
                                     zip(heads[3:scenario_columns], said[3:scenario_columns],
                                         strict=True)), width, "    ")
        for head, cell in zip(heads[scenario_columns:], said[scenario_columns:], strict=True):
            if cell:
                lines += wrapped(f"  {head}: {cell}", width, "      ")
        lines.append("")
    sys.stdout.write("\n".join(lines))


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
