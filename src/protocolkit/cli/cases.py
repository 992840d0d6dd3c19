"""``protocolkit cases``: keep cases in a store file (SQLite) without programming.

``init``, ``open``, ``record``, ``correct``, ``migrate``, ``show``, ``list``
(``--overdue``) and ``export`` over one store file, as a griffie uses it: every event
names who recorded it (``--by``), today is today unless ``--today`` says otherwise,
and a refused event says what is allowed. Exit codes: 0 done, 1 refused (a scenario the protocol does not
answer, an event it does not allow, a migration the new version does not allow, a stale
write), 2 usage or I/O errors (no such store, case or file).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sqlite3
import sys
from pathlib import Path
from typing import Any

from protocolkit.cli import output_lang
from protocolkit.cli._common import add_as_role, add_format, add_scenario, print_json
from protocolkit.format import escape
from protocolkit.format.diagnostics import counted
from protocolkit.format.texts import text


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "cases", help="keep cases in a store file: open, record, correct, migrate, show, list, "
        "export",
        description="A small case register over one SQLite file: open cases under a "
        "protocol, record each step's outcome (who, when, why), correct a mistaken entry, "
        "move a case to a new version of its protocol, list the open, overdue and closed "
        "cases, export a case's record. Exit 0 done, 1 refused (a scenario the protocol does "
        "not answer, an event, a migration, a stale write), 2 usage or I/O errors.")
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True

    def common(name: str, help_: str) -> argparse.ArgumentParser:
        action: argparse.ArgumentParser = actions.add_parser(name, help=help_,
                                                             description=help_)
        action.add_argument("store", metavar="STORE", help="the store file, e.g. zaken.db")
        action.add_argument("--today", metavar="YYYY-MM-DD", default=None,
                            help="today's date (default: the system date); events after "
                            "it are refused, deadlines are overdue relative to it")
        add_format(action)
        return action

    common("init", "create an empty store file")
    opening = common("open", "open a case under a protocol")
    opening.add_argument("protocol", metavar="PROTOCOL", help="the protocol file (kept in "
                         "the store as it is now)")
    add_scenario(opening)
    opening.add_argument("--opened", metavar="YYYY-MM-DD", default=None,
                         help="the day the case is opened (registered) in the store "
                         "(default: today)")
    opening.add_argument("--id", dest="case_id", default=None, help="the case id (default: "
                         "a generated one)")
    opening.add_argument("--received", metavar="YYYY-MM-DD", default=None,
                         help="the day the melding came in, when before --opened; deadlines "
                         "that run from ontvangst count from it (default: --opened)")
    opening.add_argument("--fact", action="append", default=[], metavar="NAME=YYYY-MM-DD",
                         help="a fact of the case the protocol declares, e.g. "
                         "datum_vermeende_feiten=2025-11-20")
    recording = common("record", "record the outcome of an open step, or (--fact) a fact "
                       "of the case learnt after it was opened")
    recording.add_argument("case_id", metavar="CASE")
    recording.add_argument("step", metavar="STEP", nargs="?", default=None)
    recording.add_argument("outcome", metavar="OUTCOME", nargs="?", default=None)
    recording.add_argument("--fact", dest="record_fact", default=None,
                           metavar="NAME=YYYY-MM-DD",
                           help="instead of STEP OUTCOME: a fact of the case the protocol "
                           "declares, learnt on --date, e.g. "
                           "datum_vermeende_feiten=2021-03-01")
    correcting = common("correct", "withdraw a mistaken event (nothing is deleted)")
    correcting.add_argument("case_id", metavar="CASE")
    correcting.add_argument("event", metavar="EVENT", type=int,
                            help="the number of the event to withdraw (see 'show')")
    migrating = common("migrate", "move a case to another version of its protocol (its "
                       "events stay as recorded)")
    migrating.add_argument("case_id", metavar="CASE")
    migrating.add_argument("protocol", metavar="PROTOCOL", help="the protocol file of the "
                           "new version (kept in the store as it is now)")
    for action in (recording, correcting, migrating):
        action.add_argument("--date", metavar="YYYY-MM-DD", default=None,
                            help="the day it happened (default: today)")
        action.add_argument("--by", required=True, help="who records it")
        action.add_argument("--note", default=None,
                            help="why (required for a correction and a migration)")
        action.add_argument("--version", type=int, default=None,
                            help="the case version you saw; refused when it changed since")
    showing = common("show", "show a case: its route, open steps and audit trail; with "
                     "--as, what one participant may know of it")
    showing.add_argument("case_id", metavar="CASE")
    add_as_role(showing)
    listing = common("list", "list cases across protocols")
    state = listing.add_mutually_exclusive_group()
    state.add_argument("--overdue", action="store_true", help="only cases with a step overdue")
    state.add_argument("--open", action="store_true", help="only open cases")
    state.add_argument("--closed", action="store_true", help="only closed cases")
    exporting = common("export", "print case records as JSON (one case, or all)")
    exporting.add_argument("case_id", metavar="CASE", nargs="?", default=None)
    parser.set_defaults(run=run)


def _day(value: str | None, what: str, default: dt.date) -> dt.date:
    from protocolkit.cli import UsageError, said
    from protocolkit.engine.records import to_date

    if value is None:
        return default
    try:
        dt.date.fromisoformat(value)
    except ValueError:      # the option and the form it takes, as simulate's --as-of says
        raise UsageError.of("usage.date", option=what, value=value) from None
    try:
        return to_date(value, what)
    except ValueError as error:
        raise UsageError(said(error)) from None


def run(args: argparse.Namespace) -> int:
    from protocolkit.cli import UsageError, current_lang, said
    from protocolkit.engine import CaseRecordError, EventRefused, ScenarioNotCovered
    from protocolkit.engine.migration import MigrationRefused
    from protocolkit.store import Casebook, StaleWrite, StoreError

    today = _day(args.today, "--today", dt.date.today())
    path = Path(args.store)
    if args.action != "init" and not path.is_file():
        raise UsageError.of("usage.no-store", path=path)
    try:
        book = Casebook(path)
    except StoreError as error:
        raise UsageError(said(error)) from None
    except OSError as error:
        from protocolkit.cli import os_reason

        raise UsageError.of("usage.cannot-read", path=path, reason=os_reason(error)) from None
    try:
        return _act(book, args, today)
    except (EventRefused, StaleWrite, MigrationRefused) as refused:
        sys.stderr.write(escape.terminal(f"protocolkit cases {args.action}: "
                                         + text("usage.refused", current_lang(),
                                                reason=said(refused))) + "\n")
        if args.format == "json":
            hint = getattr(refused, "hint_text", None)
            print_json({"refused": said(refused),
                        "reason": getattr(refused, "reason", "stale"),
                        "hint": None if hint is None else hint.render(current_lang())})
        return 1
    except ScenarioNotCovered as error:
        raise UsageError(said(error)) from None
    except (StoreError, CaseRecordError, ValueError, TypeError, OSError) as error:
        raise UsageError(said(error)) from None
    except sqlite3.Error as error:     # the database itself failed (a disk, a lock)
        raise UsageError(said(StoreError.of("store.failed", path=path, error=error))) from None
    finally:
        book.close()


def _act(book: Any, args: argparse.Namespace, today: dt.date) -> int:
    from protocolkit.cli import UsageError
    from protocolkit.cli._common import load, refuse, scenario

    action = args.action
    lang = output_lang(args)
    if action == "init":
        count = len(book.list())
        _out(args, {"store": args.store, "cases": count},
             escape.terminal_lines([text("cases.store", lang, store=args.store,
                                         cases=counted("n.case", count).render(lang))]))
        return 0
    if action == "open":
        protocol = load(args.protocol)
        chosen = scenario(protocol, args)
        refused = refuse(protocol, chosen, args.format)
        if refused is not None:  # the one refusal every command applies: exit 1
            return refused
        book.add_protocol(Path(args.protocol))
        opened = _day(args.opened, "--opened", today)
        facts = {}
        for item in args.fact:
            name, sep, value = item.partition("=")
            if not sep:
                raise UsageError.of("usage.fact", value=item)
            facts[name] = value
        received = (None if args.received is None
                    else _day(args.received, "--received", opened))
        case = book.open(protocol, chosen, opened, args.case_id, as_of=today,
                         received=received, facts=facts)
        return _show(book, args, case.id, today)
    if action in ("record", "correct"):
        date = _day(args.date, "--date", today)
        if action == "record" and args.record_fact is not None:
            name, sep, value = args.record_fact.partition("=")
            if not sep or args.step is not None:
                raise UsageError.of("usage.step-or-fact")
            book.record_fact(args.case_id, name, value, date, version=args.version,
                             recorded_by=args.by, note=args.note, as_of=today)
        elif action == "record":
            if args.outcome is None:
                raise UsageError.of("usage.step-outcome")
            book.record(args.case_id, args.step, args.outcome, date, version=args.version,
                        recorded_by=args.by, note=args.note, as_of=today)
        else:
            if not args.note:
                raise UsageError.of("usage.correction-note")
            book.correct(args.case_id, args.event, args.note, date, version=args.version,
                         recorded_by=args.by, as_of=today)
        return _show(book, args, args.case_id, today)
    if action == "migrate":
        if not args.note:
            raise UsageError.of("usage.migration-note")
        load(args.protocol)                   # a protocol that does not load: its findings
        ruleset = book.add_protocol(Path(args.protocol))
        book.migrate(args.case_id, ruleset, args.note, _day(args.date, "--date", today),
                     version=args.version, recorded_by=args.by, as_of=today)
        return _show(book, args, args.case_id, today)
    if action == "show":
        if args.as_role is not None:
            from protocolkit.cli.simulate import show_view

            show_view(book.case(args.case_id), args.as_role, today, args.format, lang,
                      "cases show")
            return 0
        return _show(book, args, args.case_id, today)
    if action == "list":
        rows = (book.list(overdue_as_of=today) if args.overdue
                else book.list(status="open") if args.open
                else book.list(status="closed") if args.closed else book.list())
        lines = [text("cases.row", lang, id=r.id, municipality=r.municipality, status=r.status,
                      version=r.version, steps="; ".join(_titles(book, r)) or "-",
                      due=r.next_due or "-")
                 + (text("cases.overdue", lang) if r.next_due and r.next_due < today.isoformat()
                    and r.status == "open" else "")
                 for r in rows]
        _out(args, {"today": today.isoformat(), "cases": [r.to_dict() for r in rows]},
             escape.terminal_lines(lines or [text("cases.none", lang)]))
        return 0
    records = ([book.export(args.case_id)] if args.case_id
               else [book.export(r.id) for r in book.list()])
    sys.stdout.write(escape.json_text(json.dumps(records[0] if args.case_id else records,
                                                 indent=2, ensure_ascii=False)) + "\n")
    return 0


def _titles(book: Any, row: Any) -> list[str]:
    """A listed case's open steps by their titles (``--format json`` keeps the ids)."""
    from protocolkit.engine.casefile import step_title

    protocol = book._protocol(row.ruleset)     # registered when the store was opened
    return [step_title(protocol, s) or s for s in row.open_steps]


def _show(book: Any, args: argparse.Namespace, case_id: str, today: dt.date) -> int:
    from protocolkit.cli.simulate import moment, render_simulation
    from protocolkit.engine.migration import stored_change_message

    lang = output_lang(args)
    case = book.case(case_id)
    data = case_data(case, today)
    shown = render_simulation(data, lang, case.protocol)

    def line(entry: dict[str, Any]) -> str:
        if "migration" in entry:
            m = entry["migration"]
            return (text("cases.migration", lang, date=m["date"], version=m["to"]["version"],
                         ruleset=m["to"]["ruleset"])
                    + (text("cases.by", lang, who=m["recorded_by"])
                       if m.get("recorded_by") else "")
                    + (text("cases.at", lang, when=moment(m["recorded_at"]))
                       if m.get("recorded_at") else "")
                    + f" - {m['note']}"
                    + (text("cases.changed", lang, changes="; ".join(
                        stored_change_message(c).render(lang) for c in m["changes"]))
                       if m.get("changes") else ""))
        e = entry["event"]
        return (f"  {entry['number']}. {e['date']} "
                + (text("cases.correction", lang, event=e["withdraws"]) if "withdraws" in e
                   else text("cases.fact", lang, fact=e["fact"], value=e["value"])
                   if "fact" in e else f"{entry['title']}: {entry['label']}")
                + (text("cases.by", lang, who=e["recorded_by"]) if e.get("recorded_by") else "")
                + (text("cases.at", lang, when=moment(e["recorded_at"]))
                   if e.get("recorded_at") else "")
                + (f" - {e['note']}" if e.get("note") else ""))

    trail = [line(entry) for entry in case.audit_trail()]
    shown = (escape.terminal_lines([text("cases.head", lang, id=case.id, version=case.version)])
             + shown + (escape.terminal_lines(["", text("cases.log", lang), *trail])
                        if trail else ""))
    _out(args, data, shown)
    return 0


def case_data(case: Any, as_of: dt.date) -> dict[str, Any]:
    """A case as ``simulate --format json`` shows it, plus its id, version and log."""
    from protocolkit.engine.case import NOT_CLOSED
    from protocolkit.engine.casefile import entry_source, titled_open_step, trace_rows

    meta = case.protocol.protocol
    return {"id": case.id, "version": case.version,
            "protocol": {"municipality": meta.municipality, "version": meta.version,
                         "ruleset": case.ruleset, "identity": case.identity},
            "as_of": as_of.isoformat(), "scenario": case.scenario.to_dict(),
            "opened": case.opened.isoformat(), "entry_route": case.entry_route,
            "entry_source": entry_source(case.protocol, case.entry_route),
            "facts": {k: v.isoformat() for k, v in case.current_facts.items()},
            "substitutions": list(case.substitutions),
            "trace": trace_rows(case.protocol, case),
            "open_steps": [titled_open_step(case.protocol, s.to_dict())
                           for s in case.open_steps(as_of)],
            "closed": case.closed.to_dict() if case.closed else dict(NOT_CLOSED),
            "events": [e.to_dict() for e in case.events],
            "migrations": [m.to_dict() for m in case.migrations]}


def _out(args: argparse.Namespace, data: Any, text: str) -> None:
    if args.format == "json":
        print_json(data)      # escapes hidden characters itself
    else:
        sys.stdout.write(text)
