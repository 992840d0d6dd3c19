"""Moving a stored case to a new version of its protocol: recorded, refused, replayed."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from protocolkit.cli import main
from protocolkit.engine import CaseEngine, CaseRecordError, MigrationRefused
from protocolkit.engine.case import Case
from protocolkit.engine.migration import stored_change_message
from protocolkit.format.loader import load_protocol, load_text
from protocolkit.store import Casebook, StaleWrite

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "tests" / "data" / "minimal.yaml"
#: Version 1.1 of the same municipality: the onderzoek takes 6 weken instead of 8, and the
#: voorzitter van de vertrouwenscommissie stands in for the burgemeester.
V11 = ROOT / "tests" / "data" / "diff_minimal_v2.yaml"
SCENARIO = {"reporter": "burgemeester", "subject": "raadslid", "act": "uitgevoerd"}
AT = dt.datetime(2026, 1, 12, 9, 0, tzinfo=dt.UTC)


def _without_niet_ontvankelijk(tmp_path: Path) -> Path:
    """A version 1.2 in which the vooronderzoek can no longer end 'niet_ontvankelijk'."""
    text = MINIMAL.read_text(encoding="utf-8")
    changed = (text.replace('version: "1.0"', 'version: "1.2"')
               .replace("      - {id: niet_ontvankelijk, next: afgedaan}\n", ""))
    assert changed != text
    path = tmp_path / "minimal_1_2.yaml"
    path.write_text(changed, encoding="utf-8")
    return path


@pytest.fixture
def book(tmp_path: Path) -> Casebook:
    opened = Casebook(tmp_path / "cases.db", clock=lambda: AT)
    opened.add_protocol(MINIMAL)
    yield opened
    opened.close()


def _walk(book: Casebook, case_id: str) -> Case:
    ruleset = book.protocols()[0].ruleset
    book.open(ruleset, SCENARIO, "2026-01-05", case_id=case_id)
    book.record(case_id, "melding", "gemeld", "2026-01-06", recorded_by="griffier")
    book.record(case_id, "beoordeling", "onderzoekswaardig", "2026-01-07", recorded_by="griffier")
    return book.record(case_id, "opdracht", "verleend", "2026-01-09", recorded_by="griffier")


def test_a_migration_is_recorded_with_who_when_why_and_what_changed(book: Casebook,
                                                                    tmp_path: Path) -> None:
    before = _walk(book, "m1")
    assert before.open_steps()[0].due == dt.date(2026, 3, 6)          # 8 weken (1.0)
    events = before.events
    v11 = book.add_protocol(V11)
    moved = book.migrate("m1", v11, "versie 1.1 vastgesteld door de raad", "2026-01-12",
                         recorded_by="griffier", as_of="2026-01-12")
    [entry] = moved.migrations
    assert (entry.after, entry.date, entry.recorded_by, entry.recorded_at, entry.note) == (
        3, dt.date(2026, 1, 12), "griffier", AT, "versie 1.1 vastgesteld door de raad")
    assert (entry.source.version, entry.target.version) == ("1.0", "1.1")
    assert entry.source.identity != entry.target.identity
    assert entry.target.ruleset == v11 == moved.ruleset
    assert "deadline 'onderzoek' changed (amount)" in entry.changes
    assert moved.events == events                                     # nothing lost
    assert moved.open_steps()[0].due == dt.date(2026, 2, 20)          # 6 weken (1.1)
    assert book.version("m1") == moved.version == 4

    # After a restart the case runs under 1.1, and the store still replays it as it was.
    book.close()
    again = Casebook(tmp_path / "cases.db")
    assert again.case("m1").to_dict() == moved.to_dict()
    assert again.replay("m1").to_dict() == moved.to_dict()
    old = again.replay("m1", before_migration=1)
    assert (old.protocol.protocol.version, old.events) == ("1.0", events)
    assert old.open_steps()[0].due == dt.date(2026, 3, 6)
    stored = again.export("m1")
    assert stored["protocol"]["version"] == "1.1"
    assert stored["migrations"][0]["from"]["ruleset"] == entry.source.ruleset
    assert len(stored["events"]) == 3
    # The record alone restores anywhere with the new version, migrations included.
    assert CaseEngine().restore(load_protocol(V11).protocol, stored).migrations == (entry,)
    # Later events are recorded under 1.1 and counted after the migration.
    later = again.record("m1", "onderzoek", "concept_gereed", "2026-02-13", version=4)
    assert later.version == 5 and again.replay("m1").to_dict() == later.to_dict()
    with pytest.raises(Exception, match="not a migration 2"):
        again.replay("m1", before_migration=2)
    again.close()


def test_a_refused_migration_says_what_changed_and_stores_nothing(book: Casebook,
                                                                  tmp_path: Path) -> None:
    ruleset = book.protocols()[0].ruleset
    book.open(ruleset, SCENARIO, "2026-01-05", case_id="m2")
    book.record("m2", "melding", "gemeld", "2026-01-06", recorded_by="griffier")
    book.record("m2", "beoordeling", "niet_ontvankelijk", "2026-01-07", recorded_by="griffier")
    stored = book.export("m2")
    stricter = book.add_protocol(_without_niet_ontvankelijk(tmp_path))
    with pytest.raises(MigrationRefused) as refused:
        book.migrate("m2", stricter, "versie 1.2", "2026-01-12", recorded_by="griffier")
    assert refused.value.reason == "event-refused"
    assert "event 2" in str(refused.value) and "niet_ontvankelijk" in str(refused.value)
    assert "step 'beoordeling' changed (outcomes)" in str(refused.value)
    assert refused.value.changes == ("step 'beoordeling' changed (outcomes)",)
    assert book.export("m2") == stored and book.version("m2") == 2
    assert book.case("m2").ruleset == ruleset


def test_a_migration_refused_for_a_renamed_outcome_names_the_ids(book: Casebook,
                                                                  tmp_path: Path) -> None:
    """The structural diff compares meaning, not ids: a renamed outcome is "no
    structural change", yet a recorded event names the old id. The refusal names the ids
    the new version lacks and the ones it adds, so the reader sees the rename."""
    ruleset = book.protocols()[0].ruleset
    book.open(ruleset, SCENARIO, "2026-01-05", case_id="m3")
    book.record("m3", "melding", "gemeld", "2026-01-06", recorded_by="griffier")
    book.record("m3", "beoordeling", "niet_ontvankelijk", "2026-01-07", recorded_by="griffier")
    text = MINIMAL.read_text(encoding="utf-8")
    renamed = (text.replace('version: "1.0"', 'version: "1.3"')
               .replace("{id: niet_ontvankelijk,", "{id: buiten_behandeling,"))
    assert renamed.count("buiten_behandeling") == 1
    path = tmp_path / "minimal_1_3.yaml"
    path.write_text(renamed, encoding="utf-8")
    target = book.add_protocol(path)
    with pytest.raises(MigrationRefused) as refused:
        book.migrate("m3", target, "versie 1.3", "2026-01-12", recorded_by="griffier")
    said = str(refused.value)
    assert refused.value.reason == "event-refused" and refused.value.changes == ()
    assert "missing from the new one: beoordeling.niet_ontvankelijk" in said
    assert "new ids: beoordeling.buiten_behandeling" in said
    from protocolkit.engine.migration import renamed_ids
    old = load_protocol(MINIMAL).protocol
    new = load_protocol(path).protocol
    assert old is not None and new is not None
    assert "ontbreken in de nieuwe: beoordeling.niet_ontvankelijk" in renamed_ids(old, new, "nl")
    assert "Wat er veranderde: de vergelijking noemt geen verschil in opbouw" in \
        refused.value.render("nl")


def test_a_migration_to_another_municipality_or_the_same_meaning_is_refused(
        book: Casebook, tmp_path: Path) -> None:
    _walk(book, "m3")
    oostzaan = book.add_protocol(ROOT / "protocols" / "oostzaan.yaml")
    with pytest.raises(MigrationRefused, match="another municipality") as refused:
        book.migrate("m3", oostzaan, "verkeerd bestand", "2026-01-12")
    assert refused.value.reason == "another-municipality"
    reworded = tmp_path / "reworded.yaml"
    reworded.write_text(MINIMAL.read_text(encoding="utf-8").replace(
        "title: Integriteitsonderzoek", "title: Onderzoek"), encoding="utf-8")
    with pytest.raises(MigrationRefused, match="cosmetic") as refused:
        book.migrate("m3", book.add_protocol(reworded), "nieuwe titel", "2026-01-12")
    assert refused.value.reason == "same-meaning"
    v11 = book.add_protocol(V11)
    for date, as_of, reason in [("2026-01-08", None, "date-before-latest"),
                                ("2026-01-12", "2026-01-11", "date-after-as-of")]:
        with pytest.raises(MigrationRefused) as refused:
            book.migrate("m3", v11, "te vroeg of te laat", date, as_of=as_of)
        assert refused.value.reason == reason
    with pytest.raises(ValueError, match="note"):
        book.migrate("m3", v11, " ", "2026-01-12")
    assert book.version("m3") == 3


def test_a_stale_migration_is_refused_and_nothing_is_overwritten(tmp_path: Path) -> None:
    first = Casebook(tmp_path / "cases.db")
    first.add_protocol(MINIMAL)
    _walk(first, "m4")
    v11 = first.add_protocol(V11)
    second = Casebook(tmp_path / "cases.db")          # another connection, as another process
    seen = second.version("m4")
    first.record("m4", "onderzoek", "concept_gereed", "2026-02-13", version=seen)
    with pytest.raises(StaleWrite) as stale:
        second.migrate("m4", v11, "versie 1.1", "2026-02-16", version=seen)
    assert (stale.value.expected, stale.value.actual) == (3, 4)
    # ... and the other way round: a migration first, then a stale event.
    seen = second.version("m4")
    second.migrate("m4", v11, "versie 1.1", "2026-02-16", version=seen)
    with pytest.raises(StaleWrite):
        first.record("m4", "wederhoor", "geen_schending", "2026-02-17", version=seen)
    assert first.case("m4").migrations[0].after == 4 and first.version("m4") == 5
    assert [e.step for e in first.case("m4").events] == ["melding", "beoordeling", "opdracht",
                                                          "onderzoek"]
    first.close()
    second.close()


def test_a_record_whose_migrations_do_not_follow_its_events_is_refused() -> None:
    engine = CaseEngine()
    old = load_protocol(MINIMAL).protocol
    case = engine.open(old, SCENARIO, "2026-01-05", case_id="m5")
    case.record("melding", "gemeld", "2026-01-06")
    moved = engine.migrate(case, load_protocol(V11).protocol, "versie 1.1", "2026-01-07")
    record = moved.to_dict()
    record["migrations"][0]["after"] = 7
    with pytest.raises(CaseRecordError, match="migrations do not follow"):
        CaseEngine().restore(load_protocol(V11).protocol, record)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(walk=st.lists(st.integers(0, 3), max_size=5), after=st.lists(st.integers(0, 3),
                                                                   max_size=3))
def test_replay_from_the_store_equals_the_live_case_around_a_migration(
        tmp_path_factory: pytest.TempPathFactory, walk: list[int], after: list[int]) -> None:
    """Any route walked, migrated to 1.1, walked on: the store replays the live case, and
    the case before the migration under the old text."""
    folder = tmp_path_factory.mktemp("migration")
    book = Casebook(folder / "cases.db")
    ruleset = book.add_protocol(MINIMAL)
    v11 = book.add_protocol(V11)
    book.open(ruleset, SCENARIO, "2026-01-05", case_id="h")
    day = dt.date(2026, 1, 5)

    def advance(choices: list[int]) -> None:
        nonlocal day
        for choice in choices:
            accepts = book.case("h").accepts()
            if not accepts:
                return
            step, outcomes = sorted(accepts.items())[choice % len(accepts)]
            day += dt.timedelta(days=1)
            book.record("h", step, outcomes[choice % len(outcomes)], day, recorded_by="t")

    advance(walk)
    snapshot = book.case("h").to_dict()
    moved = book.migrate("h", v11, "versie 1.1", day, recorded_by="t")
    advance(after)
    live = book.case("h")
    fresh = Casebook(folder / "cases.db")
    assert fresh.replay("h").to_dict() == live.to_dict()
    assert fresh.case("h").open_steps() == live.open_steps()
    assert fresh.replay("h", before_migration=1).to_dict() == snapshot
    assert live.migrations == moved.migrations
    fresh.close()
    book.close()


def test_cases_migrate_from_the_command_line(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    store = str(tmp_path / "zaken.db")
    assert main(["cases", "init", store]) == 0
    assert main(["cases", "open", store, str(MINIMAL), "--reporter", "burgemeester",
                 "--subject", "raadslid", "--act", "uitgevoerd", "--opened", "2026-01-05",
                 "--id", "z", "--today", "2026-01-05"]) == 0
    for step, outcome, day in [("melding", "gemeld", "2026-01-06"),
                               ("beoordeling", "niet_ontvankelijk", "2026-01-07")]:
        assert main(["cases", "record", store, "z", step, outcome, "--by", "griffier",
                     "--today", day]) == 0
    capsys.readouterr()
    stricter = str(_without_niet_ontvankelijk(tmp_path))
    assert main(["cases", "migrate", store, "z", stricter, "--by", "griffier", "--note",
                 "versie 1.2", "--today", "2026-01-08"]) == 1
    err = capsys.readouterr().err
    assert "event 2" in err and "step 'beoordeling' changed (outcomes)" in err
    assert main(["cases", "migrate", store, "z", str(V11), "--by", "griffier",
                 "--today", "2026-01-08"]) == 2       # no --note: why is required
    capsys.readouterr()
    assert main(["cases", "migrate", store, "z", str(V11), "--by", "griffier", "--note",
                 "versie 1.1 vastgesteld", "--today", "2026-01-08", "--lang", "nl"]) == 0
    shown = capsys.readouterr().out
    assert "naar versie 1.1" in shown and "versie 1.1 vastgesteld" in shown
    assert main(["cases", "show", store, "z", "--format", "json", "--today",
                 "2026-01-08"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["version"] == 3 and data["migrations"][0]["to"]["version"] == "1.1"
    # The stored changes stay as recorded (English, for tools); `show` writes them in
    # the output language, read back into kind, id, change and fields.
    english = data["migrations"][0]["changes"]
    assert english and all(" changed" in c or " added" in c or " removed" in c
                           for c in english)
    assert main(["cases", "show", store, "z", "--lang", "nl", "--today", "2026-01-08"]) == 0
    [line] = [x for x in capsys.readouterr().out.splitlines() if "gewijzigd: " in x]
    changes = line.split("gewijzigd: ", 1)[1]
    assert not re.search(r"\b(changed|added|removed|amount|deadline|role)\b", changes), line
    assert changes == "; ".join(stored_change_message(c).render("nl") for c in english)
    assert data["migrations"][0]["recorded_by"] == "griffier"
    # The log names the events before the migration by the titles of version 1.0, under
    # which they were recorded (1.1 calls the melding "De melder meldt schriftelijk ...").
    assert main(["cases", "show", store, "z", "--lang", "nl", "--today", "2026-01-08"]) == 0
    log = capsys.readouterr().out.split("Logboek:", 1)[1]
    assert "1. 2026-01-06 Melding bij de burgemeester: gemeld" in log, log
    assert "De melder meldt schriftelijk" not in log, log
    assert main(["cases", "export", store, "z"]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert exported["protocol"]["version"] == "1.1" and len(exported["events"]) == 2
    assert load_text(V11.read_text(encoding="utf-8")).protocol is not None


def test_the_audit_trail_titles_each_event_by_the_version_it_was_recorded_under(
        book: Casebook) -> None:
    """``Case.audit_trail``: the log as data, each outcome titled by the step in the
    version in force when it was recorded, the migration where it fell."""
    ruleset = book.protocols()[0].ruleset
    book.open(ruleset, SCENARIO, "2026-01-05", case_id="t1")
    book.record("t1", "melding", "gemeld", "2026-01-06", recorded_by="griffier")
    v11 = book.add_protocol(V11)
    book.migrate("t1", v11, "versie 1.1", "2026-01-07", recorded_by="griffier")
    case = book.record("t1", "beoordeling", "onderzoekswaardig", "2026-01-08",
                       recorded_by="griffier")
    old, new = (load_protocol(path).protocol for path in (MINIMAL, V11))
    assert old is not None and new is not None
    assert old.step("melding").title != new.step("melding").title
    trail = case.audit_trail()
    assert [sorted(entry) for entry in trail] == [
        ["event", "label", "number", "title"], ["migration"],
        ["event", "label", "number", "title"]]
    assert [(e["number"], e["event"]["step"], e["title"]) for e in trail if "event" in e] == [
        (1, "melding", old.step("melding").title),
        (2, "beoordeling", new.step("beoordeling").title)]
    # An outcome is said by its label in that version, else its id in words.
    labels = [e["label"] for e in trail if "event" in e]
    assert labels == [next(o.label or o.id.replace("_", " ") for o in version.step(step).outcomes
                           if o.id == outcome)
                      for version, step, outcome in ((old, "melding", "gemeld"),
                                                     (new, "beoordeling", "onderzoekswaardig"))]
    assert trail[1]["migration"]["to"]["version"] == "1.1"
    assert case.protocol_at(0) is not None and case.protocol_at(0).protocol.version == "1.0"
    assert case.protocol_at(1) is case.protocol


def test_a_migration_while_another_process_writes_loses_nothing(tmp_path: Path) -> None:
    """A worker process records events on two cases while this process migrates both
    (retrying when the worker got there first): every entry is stored once, in order,
    under the writer that claimed its slot, and the cases replay."""
    import subprocess
    import sys
    import time

    path = tmp_path / "shared.db"
    book = Casebook(path)
    ruleset = book.add_protocol(MINIMAL)
    v11 = book.add_protocol(V11)
    for i in range(2):
        book.open(ruleset, SCENARIO, "2026-01-05", case_id=f"c{i}")
    attempts = 60                      # a clerk's pace: one event every 20 ms
    worker = subprocess.Popen([sys.executable, str(ROOT / "tests" / "store_worker.py"),
                               str(path), "p1", "2", str(attempts), "0.02"],
                              stdout=subprocess.PIPE, text=True, cwd=ROOT)
    while book.version("c0") < 2 and worker.poll() is None:    # the worker is writing
        time.sleep(0.01)
    migrated: dict[str, int] = {}
    stale = 0
    for case_id in ("c0", "c1"):
        while case_id not in migrated:
            try:
                seen = book.case(case_id).version
                book.migrate(case_id, v11, "versie 1.1", "2026-01-06", version=seen,
                             recorded_by="main")
                migrated[case_id] = seen + 1
            except StaleWrite:
                stale += 1
    report = json.loads(worker.communicate(timeout=300)[0].splitlines()[-1])
    assert worker.returncode == 0
    assert any(v > migrated[c] for c, v in report["stored"])      # the writes interleaved
    assert len(report["stored"]) + report["stale"] + report["refused"] == attempts
    assert report["refused"] == 0
    check = Casebook(path)
    for case_id in ("c0", "c1"):
        entries = check.backend.events(case_id)
        assert check.version(case_id) == len(entries)
        slots = {n: ("main" if "migration" in e else e["recorded_by"])
                 for n, e in enumerate(entries, start=1)}
        assert [n for n, who in slots.items() if who == "main"] == [migrated[case_id]]
        claimed = {v for c, v in report["stored"] if c == case_id}
        assert claimed == {n for n, who in slots.items() if who == "p1"}   # nothing lost
        case = check.case(case_id)
        assert case.ruleset == v11 and len(case.migrations) == 1
        assert check.replay(case_id).to_dict() == case.to_dict()
    check.close()
    book.close()
