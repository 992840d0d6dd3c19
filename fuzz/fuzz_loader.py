"""Coverage-guided fuzzing of the protocolkit loader and checks (atheris / libFuzzer).

A separate job, not part of the test suite: see ``fuzz/README.md``. Every input goes
through :func:`protocolkit.format.loader.load_bytes` and :func:`protocolkit.api.check`, the
path a file takes through ``protocolkit validate``. The input is a *crash* when

* anything raises (bad input must end in findings, never a traceback);
* a finding's code is not registered in :data:`protocolkit.format.diagnostics.CODES`, its
  message is empty, or it cannot be rendered or serialised to JSON (as the CLI does);
* a finding points at a line the input does not have;
* the loader gives no protocol but no error says why;
* loading and checking one input takes longer than ``--bound`` seconds (default 5;
  libFuzzer's ``-timeout`` catches inputs that never return at all). The time an input
  takes counts as coverage too (one branch per order of magnitude), so the fuzzer keeps
  the slowest inputs and climbs towards slower ones.

Two modes:

``bytes``
    libFuzzer's own byte-level mutations with a dictionary of YAML syntax, the
    format's keys and its enumerated values: finds what the YAML reader, the size and
    encoding checks and the schema translation do with damaged text.
``structured``
    a custom mutator that parses the input as YAML, changes the *data* (rewires an
    outcome to another step, puts a guard on an alternative, duplicates or drops an
    element, swaps a reference for another id of the file, grows the scenario space,
    renames a key, changes a value's type …) and writes it back as YAML, so that nearly
    every input gets past the parser into the schema and the references, and about a
    third reach the route-graph checks. One mutation in ten is a byte-level one, to keep
    the YAML syntax in play.

Usage (``fuzz/run.sh`` wraps this)::

    python fuzz/fuzz_loader.py --mode structured --seconds 300
    python fuzz/fuzz_loader.py fuzz/findings/bytes-...input  # replay one input
    python fuzz/fuzz_loader.py --mode bytes -- -runs=1000   # extra libFuzzer flags

The corpus that grows goes to ``fuzz/corpus/<mode>/`` and the crashing inputs to
``fuzz/findings/`` (both git-ignored).
"""

from __future__ import annotations

import argparse
import copy
import importlib
import json
import pkgutil
import random
import re
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import atheris

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(HERE))

# The YAML writer is used by the mutator only: leaving it uninstrumented keeps it fast.
with atheris.instrument_imports(include=["protocolkit", "yaml"],
                                exclude=["yaml.emitter", "yaml.serializer",
                                         "yaml.representer", "yaml.dumper"]):
    import yaml

    import protocolkit.analysis
    from protocolkit.api import check
    from protocolkit.format.diagnostics import CODES, Finding, Severity
    from protocolkit.format.loader import load_bytes, parse_yaml
    from protocolkit.format.model import Action, RoleKind

    # load_text() and check() import these on first use, after this block would have
    # ended: import them now so that they are instrumented too.
    for _info in pkgutil.walk_packages(protocolkit.analysis.__path__, "protocolkit.analysis."):
        importlib.import_module(_info.name)
    importlib.import_module("protocolkit.format.references")

import make_corpus

DEFAULT_BOUND = 5.0
STRUCTURED_MAX_LEN = 32 * 1024
LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")


class FuzzFailure(AssertionError):
    """An input that breaks a promise of the loader (see the module docstring).

    ``kinds`` name what went wrong without the details, to tell distinct failures apart.
    """

    def __init__(self, wrong: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(detail for _, detail in wrong))
        self.kinds = tuple(sorted({kind for kind, _ in wrong}))


# --------------------------------------------------------------------------- the target


def problems(data: bytes, findings: list[Finding], has_protocol: bool,
             ) -> list[tuple[str, str]]:
    """What is wrong with the findings for ``data``, as (kind, detail); empty when all is
    well. Rendering and serialising every finding (as the CLI does) must not raise."""
    wrong: list[tuple[str, str]] = []
    text = data.decode("utf-8", errors="replace")
    lines = len(LINE_BREAK.split(text))
    for item in findings:
        if item.code not in CODES:
            wrong.append((f"unregistered-code:{item.code}",
                          f"unregistered code {item.code!r}: {item.render()}"))
        if not isinstance(item.message, str) or not item.message.strip():
            wrong.append((f"no-message:{item.code}", f"finding {item.code!r} has no message"))
        if not isinstance(item.severity, Severity):
            wrong.append((f"bad-severity:{item.code}",
                          f"finding {item.code!r} has severity {item.severity!r}"))
        line = item.location.line
        if line is not None and not 1 <= line <= lines:
            wrong.append((f"line-out-of-file:{item.code}",
                          (f"finding {item.code!r} points at line {line} of {lines}: "
                          f"{item.render()}")))
        item.render()
        json.dumps(item.to_dict())
    if not has_protocol and not any(f.severity is Severity.error for f in findings):
        wrong.append(("silent-refusal", "no protocol came out, but no error finding says why"))
    return wrong


@atheris.instrument_func
def slowness(elapsed: float) -> int:
    """A branch per order of time taken: a slower input than any before reaches a new
    branch, so coverage guidance also climbs towards slow inputs (a hang is the end of
    that climb)."""
    if elapsed < 0.01:
        return 0
    if elapsed < 0.03:
        return 1
    if elapsed < 0.1:
        return 2
    if elapsed < 0.3:
        return 3
    if elapsed < 1:
        return 4
    if elapsed < 2:
        return 5
    return 6


def run_one(data: bytes, bound: float) -> None:
    """Load and check ``data``; raise on any broken promise."""
    started = time.monotonic()
    result = load_bytes(data, "fuzz.yaml")
    findings = check(result)
    elapsed = time.monotonic() - started
    slowness(elapsed)
    wrong = problems(data, findings, result.protocol is not None)
    if elapsed > bound:
        wrong.append(("slow", f"loading and checking took {elapsed:.1f} s (bound {bound:g} s)"))
    if wrong:
        raise FuzzFailure(wrong)


def signature(error: BaseException) -> str:
    """A short name for a failure: its kinds, or the exception and where it was raised."""
    if isinstance(error, FuzzFailure):
        return "+".join(error.kinds)
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if "protocolkit" in f.filename] or frames
    where = f"{Path(ours[-1].filename).stem}.{ours[-1].lineno}" if ours else "?"
    return f"{type(error).__name__}@{where}"


class Recorder:
    """Keeps going after a failure (``--keep-going``): stores the smallest input seen for
    each distinct failure in ``findings/`` with its traceback, and fuzzes on."""

    def __init__(self, directory: Path, prefix: str) -> None:
        self.directory = directory
        self.prefix = prefix
        self.sizes: dict[str, int] = {}

    def record(self, data: bytes, error: BaseException) -> None:
        name = re.sub(r"[^A-Za-z0-9_.@+-]+", "_", signature(error))[:120]
        known = self.sizes.get(name)
        if known is not None and known <= len(data):
            return
        if known is None:
            print(f"\n== FAILURE {name}: {str(error)[:300]}", file=sys.stderr, flush=True)
        self.sizes[name] = len(data)
        base = self.directory / f"{self.prefix}{name}"
        base.with_name(base.name + ".input").write_bytes(data)
        base.with_name(base.name + ".txt").write_text(
            "".join(traceback.format_exception(error)), encoding="utf-8")


def make_target(bound: float, recorder: Recorder | None = None) -> Callable[[bytes], None]:
    def test_one_input(data: bytes) -> None:
        if recorder is None:
            run_one(data, bound)
            return
        try:
            run_one(data, bound)
        except Exception as error:  # noqa: BLE001 -- every exception is a finding here
            recorder.record(data, error)
    return test_one_input


# --------------------------------------------------------------------------- structured mutator

#: Values that tend to break assumptions: empty, wrong type, huge, odd characters.
EDGE_VALUES: tuple[Any, ...] = (
    None, "", " ", 0, -1, 1, 3650, 3651, 10**20, 1.5, True, False, [], {}, "?", "x" * 200,
    "Ω", "a\u0085b", "a\u2028b", "\t", "line\nbreak", "true", "null", "~", "-", "*a", "&a",
    "a" * 81, "A", "_", "9lives", "melder", "betrokkene", "step", "case",
)

TOP_LISTS = ("roles", "phases", "steps", "entry_routes", "substitutions", "sanctions",
             "communication", "principles", "open_points", "acknowledged", "sections")


def _walk(node: Any, limit: int = 50_000) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every node of plain data with its path (depth first), at most ``limit`` of them."""
    stack: list[tuple[tuple[Any, ...], Any]] = [((), node)]
    count = 0
    while stack and count < limit:
        current_path, current = stack.pop()
        count += 1
        yield current_path, current
        if isinstance(current, dict):
            stack.extend((current_path + (k,), v) for k, v in current.items())
        elif isinstance(current, list):
            stack.extend((current_path + (i,), v) for i, v in enumerate(current))


def _get(root: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        root = root[part]
    return root


def _set(root: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    _get(root, path[:-1])[path[-1]] = value
    return root


def _ids(tree: dict[str, Any], key: str) -> list[Any]:
    items = tree.get(key)
    if not isinstance(items, list):
        return []
    return [item["id"] for item in items if isinstance(item, dict) and "id" in item]


class Mutator:
    """Mutates protocol data (not bytes) so that inputs stay YAML and mostly schema-valid."""

    def __init__(self, seeds: list[dict[str, Any]], tokens: list[str]) -> None:
        self.seeds = seeds
        self.tokens = [t for t in tokens if re.fullmatch(r"[a-z_]+", t)]

    # -- helpers

    def _pool(self, tree: dict[str, Any], rng: random.Random) -> Any:
        """A value to put somewhere: mostly an id of this file, else a token or an edge."""
        roll = rng.random()
        if roll < 0.6:
            key = rng.choice(TOP_LISTS)
            ids = _ids(tree, key)
            if ids:
                return rng.choice(ids)
        if roll < 0.85:
            return rng.choice(self.tokens)
        return copy.deepcopy(rng.choice(EDGE_VALUES))

    def _domain(self, tree: dict[str, Any]) -> dict[str, list[Any]]:
        space = tree.get("scenarios")
        domain: dict[str, list[Any]] = {"reporter": [], "subject": [],
                                        "act": ["voorgenomen", "uitgevoerd"],
                                        "own": [True, False]}
        if isinstance(space, dict):
            for key, name in (("reporters", "reporter"), ("subjects", "subject")):
                if isinstance(space.get(key), list):
                    domain[name] = [v for v in space[key] if isinstance(v, str)]
            attributes = space.get("attributes")
            if isinstance(attributes, dict):
                for name, values in attributes.items():
                    if isinstance(values, list):
                        domain[str(name)] = list(values)
        return {k: v for k, v in domain.items() if v}

    def _guard(self, tree: dict[str, Any], rng: random.Random, depth: int = 0) -> dict[str, Any]:
        domain = self._domain(tree)
        guard: dict[str, Any] = {}
        for name in rng.sample(sorted(domain), k=min(len(domain), rng.randint(0, 2))):
            values = domain[name]
            picked = rng.sample(values, k=rng.randint(1, min(2, len(values))))
            guard[name] = picked[0] if len(picked) == 1 and rng.random() < 0.5 else picked
        if depth < 2 and rng.random() < 0.3:
            guard[rng.choice(("all", "any"))] = [self._guard(tree, rng, depth + 1)
                                                 for _ in range(rng.randint(1, 2))]
        if depth < 2 and rng.random() < 0.2:
            guard["not"] = self._guard(tree, rng, depth + 1)
        return guard

    def _steps(self, tree: dict[str, Any]) -> list[dict[str, Any]]:
        steps = tree.get("steps")
        return [s for s in steps if isinstance(s, dict)] if isinstance(steps, list) else []

    # -- operators (each returns the new root)

    def replace_scalar(self, tree: Any, rng: random.Random) -> Any:
        leaves = [p for p, v in _walk(tree) if p and not isinstance(v, (dict, list))]
        if leaves:
            tree = _set(tree, rng.choice(leaves), self._pool(tree, rng))
        return tree

    def delete(self, tree: Any, rng: random.Random) -> Any:
        paths = [p for p, _ in _walk(tree) if p]
        if paths:
            path = rng.choice(paths)
            del _get(tree, path[:-1])[path[-1]]
        return tree

    def duplicate(self, tree: Any, rng: random.Random) -> Any:
        lists = [v for _, v in _walk(tree) if isinstance(v, list) and v]
        if lists:
            target = rng.choice(lists)
            item = copy.deepcopy(rng.choice(target))
            if isinstance(item, dict) and "id" in item and rng.random() < 0.7:
                item["id"] = f"{item['id']}_{rng.randint(2, 9)}"
            target.insert(rng.randint(0, len(target)), item)
        return tree

    def insert_key(self, tree: Any, rng: random.Random) -> Any:
        dicts = [v for _, v in _walk(tree) if isinstance(v, dict)]
        if dicts:
            rng.choice(dicts)[rng.choice(self.tokens)] = self._pool(tree, rng)
        return tree

    def change_type(self, tree: Any, rng: random.Random) -> Any:
        paths = [p for p, _ in _walk(tree) if p]
        if not paths:
            return tree
        path = rng.choice(paths)
        value = _get(tree, path)
        if isinstance(value, dict):
            new: Any = list(value.values()) if rng.random() < 0.5 else list(value)
        elif isinstance(value, list):
            new = value[0] if value and rng.random() < 0.5 else {str(i): v for i, v in
                                                                 enumerate(value)}
        else:
            new = rng.choice([[value], {"id": value}, None, str(value)])
        return _set(tree, path, new)

    def rename_key(self, tree: Any, rng: random.Random) -> Any:
        dicts = [v for _, v in _walk(tree) if isinstance(v, dict) and v]
        if dicts:
            target = rng.choice(dicts)
            old = rng.choice(list(target))
            name = str(old)
            if name and rng.random() < 0.5:
                i = rng.randrange(len(name))
                name = name[:i] + name[i + 1:] if rng.random() < 0.5 else \
                    name[:i] + rng.choice("aeiouxz_") + name[i:]
            else:
                name = rng.choice(self.tokens)
            if name not in target:
                target[name] = target.pop(old)
        return tree

    def rewire(self, tree: Any, rng: random.Random) -> Any:
        steps = self._steps(tree)
        step_ids = [s["id"] for s in steps if "id" in s]
        if not steps or not step_ids:
            return tree
        step = rng.choice(steps)
        outcomes = step.setdefault("outcomes", [])
        if not isinstance(outcomes, list):
            return tree
        if rng.random() < 0.5:
            step.pop("end", None)
        if not outcomes or rng.random() < 0.3:
            outcomes.append({"id": f"uitkomst_{rng.randint(0, 99)}", "next": rng.choice(step_ids)})
        outcome = rng.choice(outcomes)
        if not isinstance(outcome, dict):
            return tree
        if rng.random() < 0.6:
            outcome["next"] = rng.choice(step_ids)
        else:
            outcome["next"] = [{"when": self._guard(tree, rng), "step": rng.choice(step_ids)}
                               for _ in range(rng.randint(1, 3))]
            if rng.random() < 0.5:
                outcome["next"].append({"step": rng.choice(step_ids)})
        if rng.random() < 0.2:
            outcome["when"] = self._guard(tree, rng)
        if rng.random() < 0.1:
            outcome["admission"] = True
        return tree

    def end_step(self, tree: Any, rng: random.Random) -> Any:
        steps = self._steps(tree)
        if steps:
            step = rng.choice(steps)
            if step.get("end"):
                step.pop("end")
                step.pop("out_of_scope", None)
            else:
                step.pop("outcomes", None)
                step["end"] = True
        return tree

    def guard(self, tree: Any, rng: random.Random) -> Any:
        places: list[dict[str, Any]] = []
        for key in ("entry_routes", "substitutions", "communication", "acknowledged"):
            items = tree.get(key)
            if isinstance(items, list):
                places.extend(i for i in items if isinstance(i, dict))
        for step in self._steps(tree):
            for outcome in step.get("outcomes") or []:
                if isinstance(outcome, dict):
                    places.append(outcome)
        if places:
            rng.choice(places)["when"] = self._guard(tree, rng)
        return tree

    def actor_cases(self, tree: Any, rng: random.Random) -> Any:
        steps = self._steps(tree)
        roles = _ids(tree, "roles") + ["melder", "betrokkene"]
        if steps:
            step = rng.choice(steps)
            field = rng.choice(("actor", "actor", "counterpart", "consulted", "informed"))
            if field == "actor":
                cases = [{"when": self._guard(tree, rng), "role": rng.choice(roles)}
                         for _ in range(rng.randint(1, 3))]
                if rng.random() < 0.5:
                    cases.append({"role": rng.choice(roles)})
                step["actor"] = cases
            elif field == "counterpart":
                step["counterpart"] = rng.choice(roles)
            else:
                step[field] = rng.sample(roles, k=min(len(roles), rng.randint(1, 3)))
        return tree

    def scenario_space(self, tree: Any, rng: random.Random) -> Any:
        space = tree.get("scenarios")
        if not isinstance(space, dict):
            return tree
        roles = _ids(tree, "roles") or ["raadslid"]
        roll = rng.random()
        if roll < 0.3:
            key = rng.choice(("reporters", "subjects"))
            space[key] = rng.choices(roles, k=rng.randint(1, 2 * len(roles)))
        elif roll < 0.5:
            space["own"] = rng.choice(([True], [False], [False, True]))
            space["acts"] = rng.choice((["uitgevoerd"], ["voorgenomen", "uitgevoerd"]))
        elif roll < 0.8:
            attributes = space.setdefault("attributes", {})
            if isinstance(attributes, dict):
                for _ in range(rng.choice((1, 1, 2, 3))):
                    name = rng.choice(("ernst", "fase", "fractie", "kanaal", "ambt", "media"))
                    attributes[name] = [f"{name}_{i}" for i in range(rng.randint(0, 16))]
        else:
            space.setdefault("exclude", [])
            if isinstance(space["exclude"], list):
                space["exclude"].append(self._guard(tree, rng))
        return tree

    def role_relation(self, tree: Any, rng: random.Random) -> Any:
        roles = [r for r in tree.get("roles") or [] if isinstance(r, dict)]
        ids = _ids(tree, "roles")
        if roles and ids:
            role = rng.choice(roles)
            relation = rng.choice(("members", "employed_by", "accountable_to", "part_of",
                                   "never", "single", "kind"))
            if relation == "never":
                role["never"] = rng.sample([a.value for a in Action], k=rng.randint(1, 2))
            elif relation == "single":
                role["single"] = not role.get("single", False)
            elif relation == "kind":
                role["kind"] = rng.choice([k.value for k in RoleKind])
            else:
                role[relation] = rng.sample(ids, k=min(len(ids), rng.randint(1, 2)))
        return tree

    def substitution(self, tree: Any, rng: random.Random) -> Any:
        ids = _ids(tree, "roles")
        if len(ids) >= 2:
            subs = tree.setdefault("substitutions", [])
            if isinstance(subs, list):
                replaces, by = rng.sample(ids, 2)
                subs.append({"id": f"vervanging_{rng.randint(0, 99)}",
                             "when": self._guard(tree, rng), "replaces": replaces, "by": by,
                             "source": rng.choice(_ids(tree, "sections") or ["art. 1"])})
        return tree

    def splice(self, tree: Any, rng: random.Random) -> Any:
        """Copy an element of the same list from another seed (a structured crossover)."""
        other = rng.choice(self.seeds)
        key = rng.choice(TOP_LISTS)
        items = other.get(key)
        if isinstance(items, list) and items:
            target = tree.setdefault(key, [])
            if isinstance(target, list):
                target.insert(rng.randint(0, len(target)), copy.deepcopy(rng.choice(items)))
        return tree

    def swap(self, tree: Any, rng: random.Random) -> Any:
        paths = [p for p, _ in _walk(tree) if p]
        if len(paths) >= 2:
            a, b = rng.sample(paths, 2)
            if a[:len(b)] != b and b[:len(a)] != a:
                value_a, value_b = _get(tree, a), _get(tree, b)
                _set(tree, a, copy.deepcopy(value_b))
                _set(tree, b, copy.deepcopy(value_a))
        return tree

    OPERATORS: tuple[tuple[str, float], ...] = (
        ("replace_scalar", 3), ("delete", 1.5), ("duplicate", 1.5), ("insert_key", 1),
        ("change_type", 1), ("rename_key", 1), ("rewire", 3), ("end_step", 1),
        ("guard", 2), ("actor_cases", 2), ("scenario_space", 1.5), ("role_relation", 1.5),
        ("substitution", 1), ("splice", 1), ("swap", 0.5),
    )

    def mutate_tree(self, tree: Any, rng: random.Random) -> Any:
        names = [name for name, _ in self.OPERATORS]
        weights = [weight for _, weight in self.OPERATORS]
        for _ in range(rng.choice((1, 1, 1, 2, 3))):
            operator = getattr(self, rng.choices(names, weights)[0])
            if isinstance(tree, dict):
                tree = operator(tree, rng)
            else:
                tree = self.delete(tree, rng) if rng.random() < 0.5 else tree
        return tree

    def mutate(self, data: bytes, max_size: int, seed: int) -> bytes:
        rng = random.Random(seed)
        if rng.random() < 0.1:
            return atheris.Mutate(data, max_size)
        tree = self.parse(data)
        if tree is None:
            if not self.seeds or rng.random() < 0.5:
                return atheris.Mutate(data, max_size)
            tree = copy.deepcopy(rng.choice(self.seeds))
        tree = self.mutate_tree(tree, rng)
        try:
            out = dump(tree)
            if len(out) > max_size:
                out = dump(self.shrink(tree, max_size / len(out), rng))
        except (yaml.YAMLError, TypeError, ValueError, RecursionError):
            return atheris.Mutate(data, max_size)
        return out if len(out) <= max_size else atheris.Mutate(data, max_size)

    @staticmethod
    def shrink(tree: Any, fraction: float, rng: random.Random) -> Any:
        """Keep about ``fraction`` of every top-level list (a big protocol made small)."""
        if isinstance(tree, dict):
            for key, items in tree.items():
                if isinstance(items, list) and len(items) > 1:
                    tree[key] = [item for item in items if rng.random() < fraction * 0.8]
        return tree

    def crossover(self, data1: bytes, data2: bytes, max_size: int, seed: int) -> bytes:
        rng = random.Random(seed)
        one, two = self.parse(data1), self.parse(data2)
        if not isinstance(one, dict) or not isinstance(two, dict):
            return data1[: max_size // 2] + data2[: max_size - min(len(data1), max_size // 2)]
        key = rng.choice(TOP_LISTS)
        items = two.get(key)
        if isinstance(items, list) and items:
            target = one.setdefault(key, [])
            if isinstance(target, list):
                for item in rng.sample(items, k=rng.randint(1, min(3, len(items)))):
                    target.insert(rng.randint(0, len(target)), copy.deepcopy(item))
        try:
            out = dump(one)
        except (yaml.YAMLError, TypeError, ValueError, RecursionError):
            return data1
        return out if len(out) <= max_size else data1

    @staticmethod
    def parse(data: bytes) -> Any:
        """Plain data of ``data`` through the loader's bounded reader, or ``None``."""
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None
        if "\x00" in text:
            return None
        parsed, _locations, _findings = parse_yaml(text, "mutator.yaml")
        return parsed if isinstance(parsed, dict) else None


class _NoAliasDumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump(tree: Any) -> bytes:
    return yaml.dump(tree, Dumper=_NoAliasDumper, sort_keys=False, allow_unicode=True,
                     width=100).encode("utf-8")


def load_seed_trees(seed_dir: Path) -> list[dict[str, Any]]:
    trees = []
    for path in sorted(seed_dir.iterdir()):
        tree = Mutator.parse(path.read_bytes())
        if isinstance(tree, dict) and "steps" in tree:
            trees.append(tree)
    return trees


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    parser = argparse.ArgumentParser(
        description="Fuzz protocolkit.format.loader.load_bytes + protocolkit.api.check.",
        epilog="Other arguments (after --) go to libFuzzer: corpus directories, "
               "files to replay, -runs=N, -max_len=N ... (not -fork or -jobs: the "
               "child processes cannot re-run a Python script)")
    parser.add_argument("--mode", choices=("bytes", "structured"), default="structured")
    parser.add_argument("--seconds", type=int, default=300,
                        help="total fuzzing time (libFuzzer -max_total_time); 0 = no limit")
    parser.add_argument("--bound", type=float, default=DEFAULT_BOUND,
                        help="seconds one input may take before it counts as a crash")
    parser.add_argument("--keep-going", action="store_true",
                        help="record each distinct failure in fuzz/findings/ and go on "
                             "(default: stop at the first, as libFuzzer does)")
    args, rest = parser.parse_known_args(argv[1:])
    rest = [a for a in rest if a != "--"]

    corpus = HERE / "corpus"
    seed_dir = corpus / "seed"
    if not seed_dir.is_dir():
        make_corpus.build(corpus)
    findings_dir = HERE / "findings"
    findings_dir.mkdir(exist_ok=True)

    flags = [f"-timeout={int(args.bound * 2) + 1}", "-rss_limit_mb=4096",
             "-print_final_stats=1", f"-artifact_prefix={findings_dir}/{args.mode}-"]
    if args.seconds:
        flags.append(f"-max_total_time={args.seconds}")
    if args.mode == "bytes":
        flags.append(f"-dict={corpus / 'protocol.dict'}")
    elif not any(a.startswith("-max_len=") for a in rest):
        # Big shipped protocols are read whole by the mutator and cut down to this size.
        flags += [f"-max_len={STRUCTURED_MAX_LEN}", "-len_control=0"]
    inputs = [a for a in rest if not a.startswith("-")]
    if not inputs:  # fuzz (not replay): grow corpus/<mode>, seeded from corpus/seed
        grown = corpus / args.mode
        grown.mkdir(exist_ok=True)
        rest += [str(grown), str(seed_dir)]
    kwargs: dict[str, Any] = {}
    if args.mode == "structured":
        mutator = Mutator(load_seed_trees(seed_dir), make_corpus.dictionary_tokens())
        kwargs = {"custom_mutator": mutator.mutate, "custom_crossover": mutator.crossover}

    recorder = Recorder(findings_dir, f"{args.mode}-") if args.keep_going else None
    target = make_target(args.bound, recorder)
    # Warm up outside the clock: the first check builds pydantic and networkx state.
    run_one((ROOT / "tests" / "data" / "minimal.yaml").read_bytes(), args.bound)
    atheris.Setup([argv[0], *flags, *rest], target, **kwargs)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
