"""``protocolkit diff A B [--format text|markdown|json]``: compare two protocols by meaning."""

from __future__ import annotations

import argparse
import sys

from protocolkit.cli._common import add_format
from protocolkit.format.vocabulary import SIX_QUESTIONS, question_key


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "diff", help="compare two protocols: their structure and what happens to every case",
        description="Compare two protocols by meaning: the roles, steps, deadlines, "
        "substitutions, sanctions, communication rules and principles added, removed or "
        "changed, and for every scenario either covers what happens differently (who acts, "
        "which kinds of step, deadlines, who is informed, which sanctions are open), grouped. "
        "Exit 0 when they mean the same, 1 when they differ, 2 on usage errors or a protocol "
        "that does not load (its findings are printed). "
        "See docs/diff.md.")
    parser.add_argument("left", metavar="A", help="the protocol on the left (e.g. the old version)")
    parser.add_argument("right", metavar="B", help="the protocol on the right (e.g. the new version)")
    add_format(parser, ("text", "markdown", "json"))
    parser.add_argument("--summary", action="store_true",
                        help="a page for a client: per question, the groups of scenarios that "
                        "differ, with both answers and their sections")
    parser.add_argument("--structural", action="store_true",
                        help="with --summary: add the differences in structure (roles, steps, "
                        "deadlines), in words")
    parser.add_argument("--subject", help="only scenarios about this role (shared id)")
    parser.add_argument("--reporter", help="only scenarios reported by this role (shared id)")
    parser.add_argument("--question",
                        help="only this question (and whether a scenario is covered, or goes "
                        "outside the protocol): "
                        + ", ".join(f"{q.key} ({q.key_nl})" for q in SIX_QUESTIONS))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from protocolkit.cli import UsageError, output_lang, settling

    lang = output_lang(args)
    with settling():
        from protocolkit.cli._common import load, require_file
        from protocolkit.diff import diff_protocols
        from protocolkit.diff.summary import FilterError, check_filter
        from protocolkit.present.comparison import render_json, render_markdown, render_text

        require_file(args.left)
        require_file(args.right)
        # exit 2, not 1: 1 says the protocols differ
        left, right = load(args.left, unusable=2), load(args.right, unusable=2)
        try:
            check_filter(subject=args.subject, reporter=args.reporter, protocols=(left, right))
        except FilterError as error:
            raise UsageError(error.message.render(lang)) from None
        if args.question is not None:
            args.question = _question(args.question, lang)
        result = diff_protocols(left, right)
    from dataclasses import replace

    from protocolkit.diff.summary import filter_diff, summarize

    result = replace(result, left=replace(result.left, path=args.left),
                     right=replace(result.right, path=args.right))
    result = filter_diff(result, subject=args.subject, reporter=args.reporter,
                         question=args.question)
    labels = result.labels()
    if labels[0] == labels[1]:
        labels = (Path(args.left).name, Path(args.right).name)
        if labels[0] == labels[1]:
            labels = (args.left, args.right)
    if args.summary:
        from protocolkit.present.comparison import render_summary, render_summary_markdown

        summary = summarize(result, subject=args.subject, reporter=args.reporter)
        if args.format == "json":
            from protocolkit.cli._common import print_json

            print_json(summary.to_dict())
        elif args.format == "markdown":
            sys.stdout.write(render_summary_markdown(summary, labels,
                                                     structural=args.structural, lang=lang))
        else:
            sys.stdout.write(render_summary(summary, labels, structural=args.structural,
                                            lang=lang))
    elif args.format == "json":
        sys.stdout.write(render_json(result))
    elif args.format == "markdown":
        sys.stdout.write(render_markdown(result, labels, lang))
    else:
        sys.stdout.write(render_text(result, labels, lang))
    return 0 if result.same else 1


def _question(name: str, lang: str) -> str:
    """The key of the question ``--question`` names, in either language; else the usage
    error naming the six, with a did-you-mean."""
    from protocolkit.cli import UsageError
    from protocolkit.format.diagnostics import Msg, listed

    key = question_key(name)
    if key is not None:
        return key
    names = [q.key_nl if lang == "nl" else q.key for q in SIX_QUESTIONS]
    raise UsageError(Msg.of("usage.unknown-question", value=name, listed=listed(
        name, [n for q in SIX_QUESTIONS for n in (q.key, q.key_nl)], ", ".join(names)))
        .render(lang))
