"""The case engine with many cases open at once: throughput and memory per open case.

A tool for a municipality keeps every case open that has not ended: thousands, each
getting an event now and then. :func:`many_open` opens ``cases`` cases of one protocol
(a random scenario each), then records their events in rounds — every open case one
event per round, in a shuffled order — so that each event is for a case that has not
been touched for a while, as in real use. It reports

* ``facts_per_second``: opened cases plus recorded events per CPU second
  (:func:`time.process_time`), opening included;
* ``rss_growth_kib_per_case``: the growth of the process's resident memory from just
  before the first case is opened to after the last event, divided by ``cases``;
* ``live`` / ``parked``: how the engine held the cases at the end
  (:meth:`protocolkit.engine.CaseEngine.stats`: every open case is live in its
  protocol's shared durable-rules session since the engine stopped evicting), and
  ``facts``: the facts that session holds then.

One case of the protocol is opened, moved and dropped before the clock and the memory
reading start, so what is paid once per protocol is charged to neither run.

Each measurement runs in a fresh process (``python benchmarks/engine_cases.py CASES``)
so that the memory figure is not blurred by what ran before; ``benchmarks/run.py``
calls :func:`measure`.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
for _path in (ROOT / "src", ROOT):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))


def _rss_bytes() -> int:
    with open("/proc/self/statm", encoding="ascii") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def walks(compiled: Any, cases: int, events: int, seed: int) -> list[tuple[Any, list[tuple[str, str]]]]:
    """A random scenario per case, and a random walk of at most ``events`` outcomes."""
    rng = random.Random(seed)
    plans = [compiled.plans[s] for s in sorted(compiled.plans)]
    result = []
    for _ in range(cases):
        plan = rng.choice(plans)
        step, taken = plan.entry_step, []
        for _ in range(events):
            accepts = plan.accepts.get(step)
            if not accepts:
                break
            outcome = rng.choice(sorted(accepts))
            taken.append((step, outcome))
            step = accepts[outcome]
        result.append((plan, taken))
    return result


def many_open(protocol_path: Path, cases: int, events: int = 4, seed: int = 5) -> dict[str, Any]:
    """Open ``cases`` cases and feed them events round by round (see the module text)."""
    from protocolkit.engine import CaseEngine
    from protocolkit.format.loader import load_protocol

    protocol = load_protocol(protocol_path).protocol
    assert protocol is not None
    engine = CaseEngine()
    compiled = engine.compile(protocol)
    plans_and_walks = walks(compiled, cases, events, seed)
    rng = random.Random(seed + 1)
    # One case opened, moved and dropped before the clock starts, in both runs: what is
    # paid once per protocol (durable-rules' session for the ruleset, about 1-2 MiB and a
    # few ms; the semantics' caches) is not charged to the few cases or the many.
    plan, taken = plans_and_walks[0]
    warm = engine.open(protocol, plan.scenario, "2025-01-06", case_id="warm-up")
    for step, outcome in taken:
        warm.record(step, outcome, "2025-01-07")
    engine.drop(warm)
    gc.collect()
    rss_before = _rss_bytes()
    started = time.process_time()
    opened = [engine.open(protocol, plan.scenario, "2025-01-06") for plan, _ in plans_and_walks]
    facts = len(opened)
    for round_ in range(events):
        order = [i for i, (_, taken) in enumerate(plans_and_walks) if round_ < len(taken)]
        rng.shuffle(order)
        for i in order:
            step, outcome = plans_and_walks[i][1][round_]
            opened[i].record(step, outcome, "2025-01-07")
            facts += 1
    seconds = time.process_time() - started
    rss_after = _rss_bytes()
    stats = engine.stats().get(compiled.name, {})
    result = {"protocol": protocol_path.name, "cases": cases, "facts": facts,
              "cpu_seconds": round(seconds, 3), "facts_per_second": round(facts / seconds),
              "rss_growth_kib_per_case": round((rss_after - rss_before) / 1024 / cases, 1),
              "live": stats.get("live"), "parked": stats.get("parked"),
              "facts_held": stats.get("facts")}
    engine.close()
    return result


def measure(protocol_path: Path, cases: int, events: int = 4) -> dict[str, Any]:
    """:func:`many_open` in a fresh Python process."""
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), str(cases), "--events", str(events),
         "--protocol", str(protocol_path)],
        cwd=ROOT, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", type=int)
    parser.add_argument("--events", type=int, default=4)
    parser.add_argument("--protocol", type=Path, default=ROOT / "protocols" / "arnhem.yaml")
    args = parser.parse_args(argv)
    sys.stdout.write(json.dumps(many_open(args.protocol, args.cases, args.events)) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
