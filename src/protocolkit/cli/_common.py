"""Shared argument handling for the subcommands."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from protocolkit.cli import UsageError, current_lang, os_reason
from protocolkit.format import escape
from protocolkit.format.texts import citation_text, text
from protocolkit.format.vocabulary import ACT_KINDS

#: The width of text written to no terminal (a file, a pipe) with ``COLUMNS`` unset: a
#: mail or a printed page.
PIPE_WIDTH = 100


def text_width() -> int:
    """The columns text output is wrapped to: the terminal's (or ``COLUMNS``), else
    :data:`PIPE_WIDTH`."""
    import shutil

    return shutil.get_terminal_size((0, 0)).columns or PIPE_WIDTH


def wrapped(line: str, width: int | None, indent: str) -> list[str]:
    """``line`` wrapped between words to ``width`` (``None``: not at all), the lines
    after the first indented; a word longer than the line stays whole.

    >>> wrapped("  Waarom a: een lange reden die niet op een regel past", 30, "    ")
    ['  Waarom a: een lange reden', '    die niet op een regel past']
    """
    import textwrap

    if width is None:
        return [line]
    return textwrap.wrap(line, width=max(width, 20), subsequent_indent=indent,
                         break_long_words=False, break_on_hyphens=False) or [""]


def add_format(parser: argparse.ArgumentParser, choices: tuple[str, ...] = ("text", "json"),
               ) -> None:
    parser.add_argument("--format", choices=choices, default=choices[0],
                        help=f"output format (default: {choices[0]})")


def add_as_role(parser: argparse.ArgumentParser) -> None:
    """``--as ROLE``: a participant's view of a case (``simulate``, ``cases show``)."""
    parser.add_argument("--as", dest="as_role", metavar="ROLE", default=None,
                        help="show only what ROLE may know of the case (need to know: the "
                        "protocol's disclosure rules); a role id, melder or betrokkene")


def add_scenario(parser: argparse.ArgumentParser, required: bool = True) -> None:
    group = parser.add_argument_group("scenario (shared-vocabulary role ids)")
    group.add_argument("--reporter", required=required, help="who doubts or reports, e.g. raadslid")
    group.add_argument("--subject", required=required, help="whom it concerns, e.g. burgemeester")
    group.add_argument("--act", required=required, choices=ACT_KINDS,
                       help="intended (voorgenomen) or performed (uitgevoerd)")
    group.add_argument("--own", action="store_true", help="the reporter's own act (eigen handelen)")
    group.add_argument("--attr", action="append", default=[], metavar="NAME=VALUE",
                       help="an extra scenario attribute the protocol declares")


def require_file(path: str) -> str:
    """``path`` when it is a regular file; else the usage error (exit 2) that says what
    it is: missing, a folder, or no regular file (a device such as /dev/null, a named
    pipe), without opening it (a named pipe would wait for a writer for ever)."""
    problem = file_problem(path)
    if problem is not None:
        raise UsageError(problem)
    return path


def file_problem(path: str) -> str | None:
    """Why ``path`` is no regular file to read, in the command's language, or ``None``."""
    from protocolkit.format.files import file_kind

    lang = current_lang()
    try:
        kind = file_kind(os.stat(path).st_mode)
    except FileNotFoundError:
        return text("usage.no-such-file", lang, path=path)
    except OSError as error:
        return text("usage.cannot-read", lang, path=path, reason=os_reason(error))
    if kind is None:
        return None
    if kind == "folder":
        return text("usage.is-folder-input", lang, path=path)
    return text("usage.not-regular", lang, path=path, what=text(f"file.kind.{kind}", lang))


def load(path: str, unusable: int = 1) -> Any:
    """Load a protocol for a question; usage error for a missing file, exit ``unusable``
    (1, or 2 where 1 has a meaning of its own: ``diff``'s "they differ") with the
    findings printed when the protocol has errors."""
    from protocolkit.api import load_or_findings
    from protocolkit.format.diagnostics import IO_CODES

    require_file(path)
    protocol, errors = load_or_findings(path)
    if protocol is None:
        for f in errors:
            sys.stderr.write(f.render(current_lang()) + "\n")
        if any(f.code in IO_CODES for f in errors):
            raise SystemExit(2)
        sys.stderr.write(escape.terminal(text("common.protocol-has-errors", current_lang(),
                                              path=path)) + "\n")
        raise SystemExit(unusable)
    return protocol


def scenario(protocol: Any, args: argparse.Namespace) -> Any:
    from protocolkit.api import parse_scenario_args

    try:
        return parse_scenario_args(protocol, args.reporter, args.subject, args.act, args.own,
                                   args.attr)
    except ValueError as error:
        from protocolkit.cli import said

        raise UsageError(said(error)) from error


def refuse(protocol: Any, scenario: Any, fmt: str, data: dict[str, Any] | None = None,
           ) -> int | None:
    """Exit code 1 with the ``scenario-not-covered`` finding when the protocol does not
    answer ``scenario`` (on stderr in text, under ``findings`` in JSON); ``None`` when
    it does. Every command that takes a scenario calls this before answering."""
    from protocolkit.api import refuse as refusal_finding

    found = refusal_finding(protocol, scenario)
    if found is None:
        return None
    if fmt == "json":
        print_json({**(data or {}), "scenario": scenario.to_dict(),
                    "findings": [found.to_dict(current_lang())]})
    else:
        sys.stderr.write(found.render(current_lang()) + "\n")
    return 1


def alias_lines(protocol: Any, args: argparse.Namespace, lang: str = "nl") -> list[str]:
    """"fractievolger wordt gelezen als raadslid [Basisprincipes]" for each alias given."""
    from protocolkit.semantics import aliases_used

    return [text("common.alias", lang, alias=a["alias"], role=a["role"],
                 sources=citation_text(a["source"]))
            for a in aliases_used(protocol, args.reporter, args.subject)]


def print_json(data: Any) -> None:
    sys.stdout.write(escape.json_text(json.dumps(data, indent=2, ensure_ascii=False)) + "\n")


def check_output(output: str, inputs: list[str]) -> None:
    """Refuse ``output`` (a usage error) when it names one of the ``inputs`` (also through
    another spelling or a symlink) or a folder: what a command checks before anything
    else about its output, so the most important reason is the one said."""
    target = Path(output)
    for name in inputs:
        try:
            same = target.exists() and os.path.samefile(target, name)
        except OSError:
            same = False
        if same or target.resolve() == Path(name).resolve():
            raise UsageError.of("usage.is-input", output=output)
    if target.is_dir():
        raise UsageError.of("usage.is-folder", output=output)


def write_output(output: str, text: str, inputs: list[str]) -> None:
    """Write ``text`` to ``output`` atomically, never over one of the ``inputs``.

    The text goes to a temporary file next to ``output`` that then replaces it
    (``os.replace``), so a reader sees the old file or the new one, never half of one,
    and a failing write leaves the old file whole. Naming an input as the output (also
    through another spelling or a symlink) is a usage error, and any I/O error (a
    folder, a missing folder, ``/proc/version``, a full disk) is one too: exit 2 with
    the reason, never a traceback.
    """
    check_output(output, inputs)
    target = Path(output)
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(dir=target.resolve().parent,
                                             prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        if target.exists():
            os.chmod(temporary, target.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
        temporary = None
    except OSError as error:
        raise UsageError.of("usage.cannot-write", output=output,
                            reason=os_reason(error)) from None
    finally:
        if temporary is not None:
            try:
                os.unlink(temporary)
            except OSError:
                pass
