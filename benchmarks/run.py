"""protocolkit's speed goals, measured as ratios in one run.

* ``engine.overhead_ratio`` — raw durable-rules throughput / protocolkit throughput on
  the same stream of cases. The raw side registers the very ruleset protocolkit compiles
  (pure JSON) in a bare durable ``Host`` and asserts the case and outcome facts itself,
  with actions that only derive the next fact: what a hand-built ruleset for the
  protocol does, without protocolkit's case API, event log, checks and due dates.
  Goal <= 1.5.
* ``analysis.scaling_exponent`` — the route-graph checks on generated protocols of 1k to
  16k steps, the fitted log-log exponent of time against size (1.0 is linear; see
  ``benchmarks/analysis_scaling.py``). Goal <= 1.2.
* ``cli.ratio_to_bare_imports`` — ``protocolkit validate protocols/*.yaml`` as a fresh
  process against a fresh process that only imports protocolkit's runtime dependencies,
  medians of interleaved runs, as a user re-runs it (unchanged files answered from the
  findings cache, :mod:`protocolkit.cache`). Goal <= 1.5. ``ratio_to_bare_imports_cold``
  is the same with ``--no-cache``: every file loaded and checked afresh.

``python benchmarks/run.py --json`` prints the figures as JSON; ``--quick`` runs a
small version of each (a smoke test, not a measurement).
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
for _path in (ROOT / "src", ROOT):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

GOALS = {"engine.overhead_ratio": 1.5, "analysis.scaling_exponent": 1.2,
         "cli.ratio_to_bare_imports": 1.5}

#: What ``python -c "import ..."`` loads for the bare baseline: every runtime dependency.
BARE_IMPORTS = "import pydantic, durable.lang, networkx, yaml, holidays, rich, markdown_it"


# --------------------------------------------------------------------------- engine


def _scripts(compiled: Any, cases: int, seed: int) -> list[tuple[Any, list[tuple[str, str]]]]:
    """A stream of cases: a random scenario each, and a random walk through its route."""
    rng = random.Random(seed)
    plans = [compiled.plans[s] for s in sorted(compiled.plans)]
    scripts = []
    for _ in range(cases):
        plan = rng.choice(plans)
        step, events = plan.entry_step, []
        for _ in range(12):
            accepts = plan.accepts.get(step)
            if not accepts:
                break
            outcome = rng.choice(sorted(accepts))
            events.append((step, outcome))
            step = accepts[outcome]
        scripts.append((plan, events))
    return scripts


def _raw_durable(compiled: Any, scripts: list[tuple[Any, list[tuple[str, str]]]]) -> float:
    from durable import engine as durable_engine

    from protocolkit.engine.compiler import case_fact, outcome_fact

    actions = compiled.ruleset.actions

    def derive(spec: Any) -> Callable[[Any], None]:
        def action(c: Any) -> None:
            matched = c.m._d
            fact = dict(spec.static)
            for target, source in spec.copy.items():
                fact[target] = matched[source]
            for target, (source, table) in spec.lookup.items():
                fact[target] = table[matched[source]]
            c.assert_fact(fact)
        return action

    class Host(durable_engine.Host):  # type: ignore[misc]
        def _run(self) -> None:  # no timer threads
            pass

        def get_action(self, name: str) -> Callable[[Any], None]:
            spec = actions.get(name)
            return derive(spec) if spec is not None else (lambda c: None)

    host = Host()
    rules = json.loads(json.dumps(compiled.ruleset.rules))
    # Like any correct durable ruleset: a sink rule so that a derived fact no rule
    # matches is not an exception swallowed inside the action (notes: #350, #286).
    kinds = sorted({"case", "outcome", "open", "substitution"}
                   | {str(spec.static.get("kind")) for spec in actions.values()
                      if spec.static.get("kind")})
    rules["sink"] = {"all": [{"m": {"$or": [{"kind": k} for k in kinds]}},
                             {"never": {"kind": "__never__"}}], "pri": 65000, "run": "sink"}
    host.register_rulesets({"raw": rules})
    started = time.perf_counter()
    for index, (plan, events) in enumerate(scripts):
        sid = f"r{index}"
        fact = case_fact(plan, "2025-01-06")
        fact["sid"] = sid
        host.assert_fact("raw", fact)
        for n, (step, outcome) in enumerate(events, start=1):
            fact = outcome_fact(plan, n, step, outcome, "2025-01-07", n - 1)
            fact["sid"] = sid
            host.assert_fact("raw", fact)
        state = host.get_state("raw", sid)
        if "exception" in state:  # an action failed: the comparison would be void
            raise RuntimeError(f"raw durable-rules action failed: {state['exception']}")
        host.delete_state("raw", sid)
    return time.perf_counter() - started


def _protocolkit(protocol: Any, scripts: list[tuple[Any, list[tuple[str, str]]]]) -> float:
    from protocolkit.engine import CaseEngine

    engine = CaseEngine()
    engine.compile(protocol)
    started = time.perf_counter()
    for plan, events in scripts:
        case = engine.open(protocol, plan.scenario, "2025-01-06")
        for step, outcome in events:
            case.record(step, outcome, "2025-01-07")
        engine.drop(case)
    elapsed = time.perf_counter() - started
    engine.close()
    return elapsed


def engine_overhead(protocol_path: Path, cases: int, repeats: int, seed: int = 3) -> dict[str, Any]:
    """Throughput of protocolkit's case engine against raw durable-rules, one stream."""
    from protocolkit.engine.compiler import compile_protocol
    from protocolkit.loader import load_protocol

    protocol = load_protocol(protocol_path).protocol
    compiled = compile_protocol(protocol)
    scripts = _scripts(compiled, cases, seed)
    facts = sum(1 + len(events) for _, events in scripts)
    raw, ours = [], []
    for _ in range(repeats):
        gc.collect()
        raw.append(_raw_durable(compiled, scripts))
        gc.collect()
        ours.append(_protocolkit(protocol, scripts))
    raw_rate, our_rate = facts / min(raw), facts / min(ours)
    return {"protocol": protocol_path.name, "cases": cases, "facts": facts,
            "raw_facts_per_second": round(raw_rate), "protocolkit_facts_per_second": round(our_rate),
            "overhead_ratio": round(raw_rate / our_rate, 3)}


# --------------------------------------------------------------------------- analysis


def analysis_scaling(sizes: Sequence[int], repeats: int) -> dict[str, Any]:
    from benchmarks.analysis_scaling import run

    result = run(sizes, repeats)
    return {"sizes": list(sizes), **result,
            "scaling_exponent": round(result["exponent"], 3)}


# --------------------------------------------------------------------------- CLI


def _timed_process(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, cwd=ROOT, check=False, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - started


def cli_ratio(runs: int) -> dict[str, Any]:
    """``validate`` of the shipped protocols against bare dependency imports, both as
    fresh processes, medians of interleaved runs. The headline ratio is the command as
    a user re-runs it (its findings cache warm, in a private folder); the cold ratio
    checks every file afresh (``--no-cache``)."""
    import os
    import tempfile

    files = [str(p.relative_to(ROOT)) for p in sorted((ROOT / "protocols").glob("*.yaml"))]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"),
           "PROTOCOLKIT_CACHE_DIR": tempfile.mkdtemp(prefix="protocolkit-bench-")}
    env.pop("PROTOCOLKIT_NO_CACHE", None)
    bare_cmd = [sys.executable, "-c", BARE_IMPORTS]
    warm_cmd = [sys.executable, "-m", "protocolkit", "validate", *files]
    cold_cmd = [*warm_cmd[:4], "--no-cache", *files]
    for cmd in (bare_cmd, warm_cmd, cold_cmd):  # warm the OS file cache; fill the findings cache
        _timed_process(cmd, env)
    bare, warm, cold = [], [], []
    for _ in range(runs):
        bare.append(_timed_process(bare_cmd, env))
        warm.append(_timed_process(warm_cmd, env))
        cold.append(_timed_process(cold_cmd, env))
    median_bare = statistics.median(bare)
    return {"files": files, "runs": runs,
            "bare_imports_seconds": round(median_bare, 4),
            "validate_seconds": round(statistics.median(warm), 4),
            "validate_cold_seconds": round(statistics.median(cold), 4),
            "ratio_to_bare_imports": round(statistics.median(warm) / median_bare, 3),
            "ratio_to_bare_imports_cold": round(statistics.median(cold) / median_bare, 3)}


# --------------------------------------------------------------------------- main
from benchmarks.store import store_benchmarks  # the case store's figures


def run(quick: bool = False) -> dict[str, Any]:
    results: dict[str, Any] = {
        "python": sys.version.split()[0],
        "engine": engine_overhead(ROOT / "protocols" / "arnhem.yaml",
                                  cases=60 if quick else 900, repeats=1 if quick else 3),
        "analysis": analysis_scaling((250, 500, 1000) if quick else
                                     (1000, 2000, 4000, 8000, 16000), 1 if quick else 3),
        "cli": cli_ratio(3 if quick else 11),
        "store": store_benchmarks(quick),
    }
    results["goals"] = {
        name: {"goal": goal, "value": _value(results, name),
               "met": _value(results, name) <= goal}
        for name, goal in GOALS.items()
    }
    return results


def _value(results: dict[str, Any], name: str) -> float:
    section, key = name.split(".")
    return float(results[section][key])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke test")
    args = parser.parse_args(argv)
    results = run(quick=args.quick)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    for name, goal in results["goals"].items():
        mark = "ok " if goal["met"] else "MISS"
        print(f"{mark} {name:28} {goal['value']:8.3f}  (goal <= {goal['goal']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
