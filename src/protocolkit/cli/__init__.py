"""The ``protocolkit`` command: a thin shell over :mod:`protocolkit.api`.

Each subcommand lives in its own module in this package and exposes
``register(subparsers)``; the module's ``run(args)`` returns the exit code. Exit codes:
0 clean, 1 findings of severity error (or warning, with ``--strict``) or a difference, 2 usage
errors. Bad input never shows a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from protocolkit import __version__

#: Subcommand modules, in the order ``--help`` lists them.
COMMANDS: tuple[str, ...] = (
    "validate",
    "responsibilities",
    "route",
    "matrix",
    "graph",
    "test",
    "report",
    "diff",
    "export",
    "simulate",
    "cases",
    "schema",
)


class UsageError(Exception):
    """A mistake in how the command was called (exit code 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="protocolkit",
        description="Integrity protocols of Dutch municipalities: validate, ask who acts, "
        "run cases, compare.",
    )
    parser.add_argument("--version", action="version", version=f"protocolkit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for name in COMMANDS:
        module = importlib.import_module(f"protocolkit.cli.{name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.run(args)
    except UsageError as error:
        from protocolkit.escape import terminal

        sys.stderr.write(terminal(f"protocolkit {args.command}: {error}") + "\n")
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    return code


def entry() -> None:
    """Console-script entry point."""
    raise SystemExit(main())
