"""The ``protocolkit`` command: a thin shell over :mod:`protocolkit.api`.

Each subcommand lives in its own module in this package and exposes
``register(subparsers)``; the module's ``run(args)`` returns the exit code. Exit codes:
0 clean, 1 findings of severity error (or warning, with ``--strict``) or a difference, 2 usage
errors. Bad input never shows a traceback.
"""

from __future__ import annotations

import argparse
import gc
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
    "wegwijzer",
    "diff",
    "export",
    "simulate",
    "cases",
    "schema",
)


#: The ``--lang`` of the command being run (``None``: not given), for helpers that print
#: findings without the parsed arguments at hand.
_chosen_lang: str | None = None


def current_lang() -> str:
    """``--lang`` of the running command, else the locale's language."""
    return _chosen_lang or locale_lang()


class UsageError(Exception):
    """A mistake in how the command was called (exit code 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(2)


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; given the arguments, only the subcommand they name is registered (the
    others are not imported: a command starts faster), else every subcommand."""
    parser = _Parser(
        prog="protocolkit",
        description="Integrity protocols of Dutch municipalities: validate, ask who acts, "
        "run cases, compare.",
    )
    parser.add_argument("--version", action="version", version=f"protocolkit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    named = list(argv or ())[:1]
    for name in named if named and named[0] in COMMANDS else COMMANDS:
        module = importlib.import_module(f"protocolkit.cli.{name}")
        module.register(sub)
    help_lang = ("language of the output: nl (Nederlands) or en; findings default to the "
                 "locale (Dutch for nl_*), everything else a raad reads to Dutch")
    for command in sub.choices.values():
        command.add_argument("--lang", choices=("nl", "en"), default=None, help=help_lang)
        # A command with actions of its own (``cases init``) takes --lang after the
        # action too; there it leaves a --lang given before the action as it is.
        for action in command._subparsers._group_actions if command._subparsers else ():
            if isinstance(action, argparse._SubParsersAction):
                for each in action.choices.values():
                    each.add_argument("--lang", choices=("nl", "en"),
                                      default=argparse.SUPPRESS, help=help_lang)
    return parser


def locale_lang(environ: dict[str, str] | None = None) -> str:
    """``nl`` when the locale is Dutch (``LC_ALL``, ``LC_MESSAGES`` or ``LANG`` is
    ``nl_*``, the first that is set), else ``en``.

    >>> locale_lang({"LANG": "nl_NL.UTF-8"}), locale_lang({"LANG": "C.UTF-8"})
    ('nl', 'en')
    """
    import os

    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return "nl" if value.lower().startswith("nl") else "en"
    return "en"


def output_lang(args: argparse.Namespace, dutch_by_default: bool = False) -> str:
    """The language a command writes: ``--lang``, else Dutch for the pages and results
    a raad reads (``dutch_by_default``), else the locale's."""
    chosen: str | None = getattr(args, "lang", None)
    if chosen:
        return chosen
    return "nl" if dutch_by_default else locale_lang()


#: Set by :func:`entry`: this process is the ``protocolkit`` program and ends after
#: one command, so what is imported can be moved out of the garbage collector's sight.
_PROGRAM = False


def settle_imports() -> None:
    """After a command's imports, in the ``protocolkit`` program only: ``gc.freeze()``,
    so that the collections during the command do not walk every object the imports
    made (pydantic's schemas, the vocabulary) again and again. A no-op when
    :func:`main` is called from Python (the caller's process lives on)."""
    if _PROGRAM:
        gc.freeze()


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    global _chosen_lang
    _chosen_lang = getattr(args, "lang", None)
    try:
        code: int = args.run(args)
    except UsageError as error:
        from protocolkit.format.escape import terminal

        sys.stderr.write(terminal(f"protocolkit {args.command}: {error}") + "\n")
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    return code


def entry() -> None:
    """Console-script entry point."""
    global _PROGRAM
    _PROGRAM = True
    raise SystemExit(main())
