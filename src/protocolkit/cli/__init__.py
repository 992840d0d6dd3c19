"""The ``protocolkit`` command: a thin shell over :mod:`protocolkit.api`.

Each subcommand lives in its own module in this package and exposes
``register(subparsers)``; the module's ``run(args)`` returns the exit code. Exit codes:
0 clean, 1 findings of severity error (or warning, with ``--strict``) or a difference, 2 usage
errors and a file that cannot be read at all (one that does not parse is a finding: 1;
docs/diagnostics.md, "Exit codes"). Bad input never shows a traceback.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from protocolkit import __version__

if TYPE_CHECKING:
    from protocolkit.format.diagnostics import Msg

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


#: The commands whose output is made for a raad (the report, the wegwijzer page, the
#: scenario-test results): Dutch without ``--lang`` or ``PROTOCOLKIT_LANG``, whatever the
#: locale (:func:`protocolkit.format.texts.resolve_lang`).
FOR_RAAD: frozenset[str] = frozenset({"report", "wegwijzer", "test"})

#: The language of the command being run, resolved once by :func:`main`, for helpers
#: that print findings without the parsed arguments at hand.
_chosen_lang: str | None = None


def current_lang() -> str:
    """The language of the running command (:func:`output_lang`), else the rule's."""
    from protocolkit.format.texts import resolve_lang

    return _chosen_lang or resolve_lang()


class UsageError(Exception):
    """A mistake in how the command was called (exit code 2), said after the command
    run, with its action where it has one (``protocolkit cases record: …``, as argparse
    names it). ``command``: the command it is said for when that is another."""

    def __init__(self, message: str, command: str | None = None) -> None:
        super().__init__(message)
        self.command = command

    @classmethod
    def of(cls, key: str, /, **args: object) -> UsageError:
        """The usage error with the text ``key`` of
        :data:`protocolkit.format.texts.TEXTS`, in the command's language."""
        from protocolkit.format.texts import text

        return cls(text(key, current_lang(), **args))


def said(error: BaseException) -> str:
    """An error's message in the command's language: its ``render(lang)`` when it has
    one (the store's errors), else its text."""
    render = getattr(error, "render", None)
    return str(render(current_lang())) if callable(render) else str(error)


def os_reason(error: OSError) -> str:
    """Why an operating-system call failed, in the command's language (the common
    reasons from the table, else the system's own words)."""
    import errno

    from protocolkit.format.texts import TEXTS, text

    key = f"os.{errno.errorcode.get(error.errno or 0, '')}"
    if key in TEXTS:
        return text(key, current_lang())
    return str(error.strerror or error)


#: argparse's error messages (Python 3.11+), by their English form (patterns, compiled
#: when an error is first said, not at every start), and the text of
#: :data:`protocolkit.format.texts.TEXTS` each is said with.
_ARGPARSE_ERRORS: tuple[tuple[str, str], ...] = (
        (r"invalid choice: (?P<value>.*) \(choose from (?P<choices>.*)\)", "argparse.invalid-choice"),
        (r"the following arguments are required: (?P<names>.*)", "argparse.required"),
        (r"unrecognized arguments: (?P<names>.*)", "argparse.unrecognized"),
        (r"expected one argument", "argparse.expected-one"),
        (r"expected at least one argument", "argparse.expected-at-least-one"),
        (r"invalid (?P<type>\S+) value: (?P<value>.*)", "argparse.invalid-value"),
        (r"ambiguous option: (?P<option>\S+) could match (?P<matches>.*)", "argparse.ambiguous"),
        (r"not allowed with argument (?P<other>.*)", "argparse.not-allowed-with"),
        (r"one of the arguments (?P<names>.*) is required", "argparse.one-required"),
)

#: The arguments :func:`main` parses, for the language of argparse's own errors.
_argv: list[str] = []


def argparse_message(message: str, lang: str) -> str:
    """One of argparse's (English) error messages in ``lang``, with a did-you-mean for
    an invalid choice; a message it does not know stays as argparse wrote it.

    >>> argparse_message("argument --question: invalid choice: 'jugdes' (choose from "
    ...                  "'judges', 'decides')", "nl")
    "argument --question: ongeldige keuze: 'jugdes' (bedoelt u `judges`? Kies uit: 'judges', 'decides')"
    >>> argparse_message("argument EVENT: invalid int value: 'abc'", "nl")
    "argument EVENT: 'abc' is geen geheel getal; geef een getal in cijfers, zoals 3"
    """
    from protocolkit.format.diagnostics import did_you_mean
    from protocolkit.format.texts import text

    head = re.match(r"argument (?P<name>\S+?): (?P<rest>.*)", message, re.DOTALL)
    rest = head["rest"] if head else message
    for pattern, key in _ARGPARSE_ERRORS:
        found = re.fullmatch(pattern, rest, re.DOTALL)
        if found:
            if key == "argparse.invalid-value" and found["type"] == "int":
                key = "argparse.invalid-int"       # said in words, not as a Python type
            said = text(key, lang, **found.groupdict())
            if key == "argparse.invalid-choice":
                # Python 3.11 quotes the choices ('a', 'b'); newer versions may not
                choices = (re.findall(r"'([^']*)'", found["choices"])
                           or [c.strip() for c in found["choices"].split(",")])
                hint = did_you_mean(found["value"].strip("'"), choices)
                if hint is not None:    # "(bedoelt u `x`? Kies uit: …)", as listed says it
                    said = text("argparse.invalid-choice-meant", lang, meant=hint.render(lang),
                                **found.groupdict())
            break
    else:
        said = rest
    return text("argparse.argument", lang, name=head["name"], message=said) if head else said


def _argv_lang(argv: Sequence[str]) -> str:
    """The language of an error argparse finds before the arguments are known: a
    ``--lang`` among them, else the one rule."""
    from protocolkit.format.texts import resolve_lang

    chosen: str | None = None
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            chosen = argv[i + 1]
        elif arg.startswith("--lang="):
            chosen = arg.split("=", 1)[1]
    try:
        return resolve_lang(chosen if chosen in ("nl", "en") else None,
                            for_raad=bool(argv) and argv[0] in FOR_RAAD)
    except ValueError:
        return "en"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str, hint: Msg | None = None) -> None:  # type: ignore[override]
        from protocolkit.format.escape import terminal
        from protocolkit.format.texts import text

        lang = _argv_lang(_argv)
        self.print_usage(sys.stderr)
        # "(bedoelt u `--format`?)": the question in parentheses, as listed() says it
        said = argparse_message(message, lang) + ("" if hint is None
                                                   else f" ({hint.render(lang)})")
        sys.stderr.write(terminal(f"{self.prog}: " + text("argparse.error", lang,
                                                          message=said)) + "\n")
        raise SystemExit(2)


#: Options said in other words, asked about before the spelling: ``--on`` is one
#: letter-pair from ``--version`` but means the event's ``--date``. A synonym counts
#: only where the command has the option it names.
OPTION_SYNONYMS = {"--on": "--date", "--op": "--date", "--datum": "--date",
                   "--door": "--by", "--vandaag": "--today", "--taal": "--lang"}


def _unrecognized(parser: argparse.ArgumentParser, args: argparse.Namespace,
                  extras: list[str]) -> None:
    """Arguments no parser took: the usage of the (sub)command they were given to, not
    the program's, and for a misspelt option the one meant (``--formaat``: "(bedoelt u
    `--format`?)"; ``--on``: `--date`, from :data:`OPTION_SYNONYMS`); exit 2."""
    from protocolkit.format.diagnostics import Msg, did_you_mean

    target = parser
    for dest in ("command", "action"):
        subparsers = [a for a in target._actions if isinstance(a, argparse._SubParsersAction)]
        chosen = getattr(args, dest, None)
        if not subparsers or chosen not in subparsers[0].choices:
            break
        target = subparsers[0].choices[chosen]
    options = [o for a in target._actions for o in a.option_strings]

    def meant(word: str) -> Msg | None:
        synonym = OPTION_SYNONYMS.get(word)
        if synonym in options:
            return Msg.of("hint.did-you-mean", word=synonym)
        return did_you_mean(word, options)

    hint = next((h for h in (meant(e.split("=", 1)[0])
                             for e in extras if e.startswith("-")) if h is not None), None)
    if isinstance(target, _Parser):     # every parser here (parser_class)
        target.error(f"unrecognized arguments: {' '.join(extras)}", hint)
    target.error(f"unrecognized arguments: {' '.join(extras)}")     # pragma: no cover


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
    help_lang = ("language of the output, messages and errors: nl (Nederlands) or en "
                 "(English); default: $PROTOCOLKIT_LANG, else Dutch for report, wegwijzer "
                 "and test, else the locale (Dutch for nl_* and for C/POSIX/unset, English "
                 "for any other). This help is English in either language "
                 "(docs/diagnostics.md)")
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


def output_lang(args: argparse.Namespace) -> str:
    """The language a command writes (``nl`` or ``en``): ``--lang``, else
    ``PROTOCOLKIT_LANG``, else Dutch for the commands in :data:`FOR_RAAD`, else the
    locale's (Dutch for ``nl_*`` and for C/POSIX or none) — the one rule,
    :func:`protocolkit.format.texts.resolve_lang`."""
    from protocolkit.format.texts import resolve_lang

    try:
        return resolve_lang(getattr(args, "lang", None),
                            for_raad=getattr(args, "command", None) in FOR_RAAD)
    except ValueError as error:
        raise UsageError(str(error)) from None


#: Set by :func:`entry`: this process is the ``protocolkit`` program and ends after
#: one command, so what is imported can be moved out of the garbage collector's sight.
_PROGRAM = False


@contextmanager
def settling() -> Iterator[None]:
    """A block of a command that imports what the command needs and builds what it
    keeps until it ends (the models, the findings, a comparison). In the ``protocolkit``
    program only, the cyclic garbage collector is paused during the block, and what the
    block made is frozen (``gc.freeze()``) before the collector resumes
    (:func:`protocolkit.format.collector.collector_paused` with ``freeze``): no collection
    walks it again and again, while what the command makes afterwards is collected as
    usual. The blocks make next to no cyclic garbage (all imports of ``validate`` and
    ``diff``: about 600 objects; loading and checking the shipped protocols: 36), which
    stays with the process until it ends. A plain block when :func:`main` is called
    from Python (the caller's process lives on).

    >>> with settling():
    ...     gc.isenabled()
    True
    """
    if not _PROGRAM:
        yield
        return
    from protocolkit.format.collector import collector_paused

    with collector_paused(freeze=True):
        yield


def lang_after_command(argv: Sequence[str]) -> list[str]:
    """The arguments with a ``--lang`` given before the command moved after it:
    ``protocolkit --lang nl validate …`` is ``protocolkit validate --lang nl …``.

    >>> lang_after_command(["--lang", "nl", "validate", "p.yaml"])
    ['validate', '--lang', 'nl', 'p.yaml']
    >>> lang_after_command(["--lang=en", "schema"])
    ['schema', '--lang=en']
    """
    moved: list[str] = []
    rest = list(argv)
    while rest and (rest[0] == "--lang" or rest[0].startswith("--lang=")):
        take = 2 if rest[0] == "--lang" else 1
        moved += rest[:take]
        rest = rest[take:]
    if not moved:
        return list(argv)
    return [rest[0], *moved, *rest[1:]] if rest else []   # no command: argparse says so


def main(argv: Sequence[str] | None = None) -> int:
    given = list(sys.argv[1:] if argv is None else argv)
    argv = lang_after_command(given)
    global _argv
    _argv = given
    parser = build_parser(argv)
    args, extras = parser.parse_known_args(argv)
    if extras:
        _unrecognized(parser, args, extras)
    global _chosen_lang
    _chosen_lang = None
    try:
        args.lang = _chosen_lang = output_lang(args)
        code: int = args.run(args)
    except UsageError as error:
        from protocolkit.format.escape import terminal

        # said for the (sub)command run, as argparse's own errors are (``cases show``)
        command = error.command or " ".join(
            str(name) for name in (args.command, getattr(args, "action", None)) if name)
        sys.stderr.write(terminal(f"protocolkit {command}: {error}") + "\n")
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
    code = main()
    # The process ends here: the interpreter's last collection would walk every object
    # the command made (the models, the findings) only to find them still referenced.
    # Frozen, they are freed as the interpreter tears down, like any other object;
    # cyclic garbage left at this point is left to the operating system.
    gc.freeze()
    raise SystemExit(code)
