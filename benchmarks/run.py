"""protocolkit's speed goals, measured as ratios in one run (CPU time).

The machine these run on may be shared, so every figure is a ratio of two things
measured in the same run, in CPU time (:func:`time.process_time`, and the children's CPU
time from :func:`resource.getrusage` for fresh processes), with runs interleaved and the
median taken; the garbage collector always runs. Each figure's ``how`` in the JSON says
how it was measured.

* ``engine.overhead_ratio`` — raw durable-rules throughput / protocolkit throughput on
  the same stream of cases, one case live at a time. The raw side registers the very
  ruleset protocolkit compiles (pure JSON) in a bare durable ``Host`` and asserts the case
  and outcome facts itself, with actions that only derive the next fact. Goal <= 1.5.
  ``engine.api_to_raw_ratio`` is its inverse (goal >= 0.8).
* ``engine.many_open_ratio`` — throughput with 10,000 cases open / with 100 open
  (:mod:`benchmarks.engine_cases`, fresh processes, medians of 3 interleaved). Goal >= 0.67.
  ``engine.memory_per_open_case_kib`` — resident memory growth over the 10,000 open cases,
  per case. Goal <= 16 with every case live.
* ``analysis.steps_exponent`` — load + checks of generated files of 500 to 8,000 steps
  (within the loader's limits); ``analysis.scenarios_exponent`` — the checks over scenario
  spaces of 6 to 20,000 at fixed steps; ``analysis.scaling_exponent`` — the checks alone
  over the steps series (:mod:`benchmarks.analysis_scaling`). Goals <= 1.1, 1.1, 1.2.
  ``analysis.max_scenarios`` — the largest scenario space the loader accepts (goal >= 50,000).
* ``cli.ratio_to_bare_imports_cold`` — ``protocolkit validate protocols/*.yaml --no-cache``
  as a fresh process against a fresh process that only imports protocolkit's runtime
  dependencies (goal <= 1.5); ``cli.ratio_to_bare_imports`` — the same with the findings
  cache warm, as a user re-runs it (goal <= 0.3); ``diff.ratio_to_bare_imports`` —
  ``protocolkit diff arnhem oostzaan`` the same way (goal <= 2.0).

``python benchmarks/run.py --json`` prints the figures as JSON; ``--quick`` runs a
small version of each (a smoke test, not a measurement); ``--only cli analysis`` measures
only those parts (``cli``, ``engine``, ``analysis``, ``store``; ``cli`` includes the diff
figure) and judges only their goals; ``--plot out.svg`` draws the
scaling series on log-log axes with their fitted slopes (needs the ``bench`` extra:
matplotlib).
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import resource
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

#: figure -> (comparison, goal): "<=" the value must not exceed the goal, ">=" reach it.
GOALS: dict[str, tuple[str, float]] = {
    "cli.ratio_to_bare_imports_cold": ("<=", 1.5),
    "cli.ratio_to_bare_imports": ("<=", 0.3),
    "analysis.steps_exponent": ("<=", 1.1),
    "analysis.scenarios_exponent": ("<=", 1.1),
    "analysis.max_scenarios": (">=", 50_000),
    "analysis.scaling_exponent": ("<=", 1.2),
    "diff.ratio_to_bare_imports": ("<=", 2.0),
    "engine.many_open_ratio": (">=", 0.67),
    "engine.api_to_raw_ratio": (">=", 0.8),
    "engine.overhead_ratio": ("<=", 1.5),
    "engine.memory_per_open_case_kib": ("<=", 16),
}

#: What ``python -c "import ..."`` loads for the bare baseline: every runtime dependency.
BARE_IMPORTS = "import pydantic, durable.lang, networkx, yaml, holidays, rich, markdown_it"


# --------------------------------------------------------------------------- engine


def _scripts(compiled: Any, cases: int, seed: int) -> list[tuple[Any, list[tuple[str, str]]]]:
    """A stream of cases: a random scenario each, and a random walk through its route."""
    from benchmarks.engine_cases import walks

    return walks(compiled, cases, 12, seed)


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
    started = time.process_time()
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
    return time.process_time() - started


def _protocolkit(protocol: Any, scripts: list[tuple[Any, list[tuple[str, str]]]]) -> float:
    from protocolkit.engine import CaseEngine

    engine = CaseEngine()
    engine.compile(protocol)
    started = time.process_time()
    for plan, events in scripts:
        case = engine.open(protocol, plan.scenario, "2025-01-06")
        for step, outcome in events:
            case.record(step, outcome, "2025-01-07")
        engine.drop(case)
    elapsed = time.process_time() - started
    engine.close()
    return elapsed


def engine_overhead(protocol_path: Path, cases: int, repeats: int, seed: int = 3) -> dict[str, Any]:
    """Throughput of protocolkit's case engine against raw durable-rules, one stream."""
    from protocolkit.engine.compiler import compile_protocol
    from protocolkit.format.loader import load_protocol

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
    raw_rate, our_rate = facts / statistics.median(raw), facts / statistics.median(ours)
    return {"protocol": protocol_path.name, "cases": cases, "facts": facts,
            "raw_facts_per_second": round(raw_rate), "protocolkit_facts_per_second": round(our_rate),
            "overhead_ratio": round(raw_rate / our_rate, 3),
            "api_to_raw_ratio": round(our_rate / raw_rate, 3),
            "how": f"CPU time, median of {repeats} interleaved runs of {cases} cases, one "
                   "live at a time, on each side; same ruleset, same facts, GC running"}


def many_open(protocol_path: Path, few: int, many: int, repeats: int = 3) -> dict[str, Any]:
    """Throughput and memory with ``many`` cases open against ``few`` open: ``repeats``
    fresh processes of each, interleaved, and the medians (a single run of ``few`` cases
    takes some 50 ms of CPU, which a shared machine blurs by a factor of two)."""
    from benchmarks.engine_cases import measure

    smalls, larges = [], []
    for _ in range(repeats):
        smalls.append(measure(protocol_path, few))
        larges.append(measure(protocol_path, many))

    def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
        ordered = sorted(runs, key=lambda r: r["facts_per_second"])
        chosen = dict(ordered[len(ordered) // 2])
        chosen["facts_per_second_runs"] = [r["facts_per_second"] for r in runs]
        chosen["rss_growth_kib_per_case_runs"] = [r["rss_growth_kib_per_case"] for r in runs]
        return chosen

    small, large = median_run(smalls), median_run(larges)
    memory = statistics.median(r["rss_growth_kib_per_case"] for r in larges)
    return {"few": small, "many": large,
            "many_open_ratio": round(large["facts_per_second"] / small["facts_per_second"], 3),
            "memory_per_open_case_kib": memory,
            "all_live": all(r["live"] == many and not r["parked"] for r in larges),
            "how_many_open": f"{protocol_path.name}: {many} open cases fed events round by round "
                   f"(each event for a case untouched since the previous round), against {few}; "
                   "facts (opens + events) per CPU second, median of "
                   f"{repeats} interleaved fresh processes each, one warm-up case per process "
                   "before the clock; memory is the median resident-set growth over the open "
                   "cases / cases, GC running"}


# --------------------------------------------------------------------------- analysis


def analysis_scaling(sizes: Sequence[int], grades: Sequence[int], repeats: int,
                     ) -> dict[str, Any]:
    from benchmarks.analysis_scaling import run
    from protocolkit.format.references import MAX_SCENARIOS

    result = run(sizes, repeats, grades)
    return {**result, "scaling_exponent": result["exponent"],
            "max_scenarios": MAX_SCENARIOS}


# --------------------------------------------------------------------------- CLI


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed_process(argv: list[str], env: dict[str, str]) -> float:
    """CPU seconds (user + system) of a fresh process running ``argv``."""
    started = _children_cpu()
    subprocess.run(argv, cwd=ROOT, check=False, stdout=subprocess.DEVNULL, env=env)
    return _children_cpu() - started


def cli_ratio(runs: int) -> dict[str, Any]:
    """``validate`` of the shipped protocols and ``diff arnhem oostzaan`` against bare
    dependency imports, all as fresh processes, CPU time, medians of interleaved runs.
    The warm ratio is ``validate`` as a user re-runs it (its findings cache warm, in a
    private folder); the cold ratio checks every file afresh (``--no-cache``)."""
    import os
    import tempfile

    files = [str(p.relative_to(ROOT)) for p in sorted((ROOT / "protocols").glob("*.yaml"))]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"),
           "PROTOCOLKIT_CACHE_DIR": tempfile.mkdtemp(prefix="protocolkit-bench-"),
           # Both sides run from compiled bytecode, as an installed package does (pip
           # compiles it): the warm-up run below writes it for protocolkit and the
           # dependencies alike, in a private folder. Without this, a shell with
           # PYTHONDONTWRITEBYTECODE=1 recompiles protocolkit's source (not the
           # dependencies') in every timed run.
           "PYTHONPYCACHEPREFIX": tempfile.mkdtemp(prefix="protocolkit-bench-pyc-")}
    env.pop("PROTOCOLKIT_NO_CACHE", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    bare_cmd = [sys.executable, "-c", BARE_IMPORTS]
    warm_cmd = [sys.executable, "-m", "protocolkit", "validate", *files]
    cold_cmd = [*warm_cmd[:4], "--no-cache", *files]
    diff_cmd = [sys.executable, "-m", "protocolkit", "diff", "protocols/arnhem.yaml",
                "protocols/oostzaan.yaml"]
    commands = {"bare": bare_cmd, "warm": warm_cmd, "cold": cold_cmd, "diff": diff_cmd}
    for cmd in commands.values():  # warm the OS file cache; fill the findings cache
        _timed_process(cmd, env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            times[name].append(_timed_process(cmd, env))
    median = {name: statistics.median(values) for name, values in times.items()}
    how = (f"CPU time (user + system) of fresh processes, median of {runs} interleaved runs, "
           "bytecode compiled beforehand on both sides; "
           f"bare imports: python -c '{BARE_IMPORTS}'")
    return {"cli": {"files": files, "runs": runs,
                    "bare_imports_seconds": round(median["bare"], 4),
                    "validate_seconds": round(median["warm"], 4),
                    "validate_cold_seconds": round(median["cold"], 4),
                    "ratio_to_bare_imports": round(median["warm"] / median["bare"], 3),
                    "ratio_to_bare_imports_cold": round(median["cold"] / median["bare"], 3),
                    "how": how},
            "diff": {"command": "protocolkit diff protocols/arnhem.yaml protocols/oostzaan.yaml",
                     "bare_imports_seconds": round(median["bare"], 4),
                     "diff_seconds": round(median["diff"], 4),
                     "ratio_to_bare_imports": round(median["diff"] / median["bare"], 3),
                     "how": how}}


# --------------------------------------------------------------------------- main
from benchmarks.store import store_benchmarks  # the case store's figures

#: The parts of the benchmark ``--only`` can choose (each measures the goals of the
#: sections it fills: ``cli`` also fills ``diff``).
PARTS: tuple[str, ...] = ("cli", "engine", "analysis", "store")


def run(quick: bool = False, only: Sequence[str] = PARTS) -> dict[str, Any]:
    arnhem = ROOT / "protocols" / "arnhem.yaml"
    results: dict[str, Any] = {"python": sys.version.split()[0], "quick": quick}
    if "cli" in only:
        results.update(cli_ratio(1 if quick else 11))  # quick: a smoke test, one run a side
    if "engine" in only:
        engine = engine_overhead(arnhem, cases=60 if quick else 900,
                                 repeats=1 if quick else 5)
        engine.update(many_open(arnhem, *((10, 100) if quick else (100, 10_000)),
                                repeats=1 if quick else 3))
        results["engine"] = engine
    if "analysis" in only:
        results["analysis"] = analysis_scaling(
            (250, 500, 1000) if quick else (500, 1000, 2000, 4000, 8000),
            (1, 8, 64) if quick else (1, 8, 64, 512, 3334), 1 if quick else 3)
    if "store" in only:
        results["store"] = store_benchmarks(quick)
    results["goals"] = {name: _goal(results, name) for name in GOALS
                        if name.split(".")[0] in results}
    return results


def _goal(results: dict[str, Any], name: str) -> dict[str, Any]:
    section, key = name.split(".")
    value = float(results[section][key])
    comparison, goal = GOALS[name]
    met = value <= goal if comparison == "<=" else value >= goal
    if name == "engine.memory_per_open_case_kib":
        met = met and bool(results["engine"]["all_live"])
    if results.get("quick"):
        # Smoke-test sizes (100 open cases, not 10,000; three small steps) say nothing
        # about a goal: the figure is shown, the goal is not judged.
        return {"goal": f"{comparison} {goal:g}", "value": value, "met": None,
                "why": "not judged: --quick sizes"}
    return {"goal": f"{comparison} {goal:g}", "value": value, "met": met}


def plot(results: dict[str, Any], path: str) -> None:
    """Time against size on log-log axes for both scaling series, with fitted slopes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(1, 2, figsize=(10, 4.2))
    series = [
        (axes[0], results["analysis"]["steps"], "steps", "steps (load + checks, 6 scenarios)",
         [("seconds", "load + checks"), ("check_seconds", "checks"),
          ("load_seconds", "load")]),
        (axes[1], results["analysis"]["scenarios"], "scenarios",
         f"scenarios (checks, {results['analysis']['scenarios']['results'][0]['steps']} steps)",
         [("seconds", "checks")]),
    ]
    from matplotlib.ticker import NullFormatter

    from benchmarks.analysis_scaling import fit_exponent

    for ax, data, size_key, label, lines in series:
        sizes = [r[size_key] for r in data["results"]]
        for key, name in lines:
            seconds = [max(r[key], 1e-6) for r in data["results"]]
            slope = fit_exponent(sizes, seconds)
            # the fit over the whole range, and the slope of the largest step alone: a
            # fixed cost at small sizes flattens the fit, the last step shows the growth
            last = fit_exponent(sizes[-2:], seconds[-2:])
            ax.loglog(sizes, seconds, marker="o",
                      label=f"{name}: slope {slope:.2f} (largest step {last:.2f})")
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.set_xlabel(label)
        ax.set_ylabel("CPU seconds (median)")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(loc="upper left", fontsize="small")
    figure.suptitle("protocolkit validation scaling (log-log; slope 1.0 is linear)")
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke test")
    parser.add_argument("--plot", metavar="OUT.svg",
                        help="draw the scaling series (needs matplotlib: the bench extra)")
    parser.add_argument("--only", nargs="+", choices=PARTS, default=list(PARTS),
                        metavar="PART", help="measure only these parts: "
                        f"{', '.join(PARTS)} (default: all; cli includes diff)")
    args = parser.parse_args(argv)
    if args.plot and "analysis" not in args.only:
        parser.error("--plot draws the analysis series: add analysis to --only")
    if args.plot and importlib.util.find_spec("matplotlib") is None:
        print("benchmarks/run.py: --plot needs matplotlib: pip install -e '.[bench]'",
              file=sys.stderr)
        return 2
    results = run(quick=args.quick, only=args.only)
    if args.plot:
        plot(results, args.plot)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    for name, goal in results["goals"].items():
        mark = "n/a " if goal["met"] is None else "ok  " if goal["met"] else "MISS"
        print(f"{mark} {name:34} {goal['value']:10.3f}  (goal {goal['goal']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
