"""Coverage-guided fuzzing of the renderers and the engine API (atheris / libFuzzer).

A separate job, not part of the test suite (``fuzz/README.md``). The targets are plain
functions in ``fuzz/targets.py`` (a test runs each once); this harness instruments
protocolkit and hands them libFuzzer's bytes:

``--target renderers``
    every text field of a protocol from the input; every output format checked for
    injected markup, commands and control characters.
``--target engine``
    random case engine calls (open, record, restore of real and damaged records, drop);
    only ``CaseError`` may be raised, a refused event leaves the case unchanged, a
    stored case restores to itself.

Usage::

    python fuzz/fuzz_outputs.py --target renderers --seconds 300
    python fuzz/fuzz_outputs.py --target engine --seconds 300 --keep-going
    python fuzz/fuzz_outputs.py --target engine fuzz/findings/engine-....input  # replay
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import atheris

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

with atheris.instrument_imports(include=["protocolkit"]):
    import protocolkit.diff
    import protocolkit.engine
    import protocolkit.format.escape
    import protocolkit.present.diagram
    import protocolkit.present.findings
    import protocolkit.present.report  # noqa: F401 - instrumented for coverage

import targets
from fuzz_loader import Recorder


def make_target(function: Callable[[bytes], None], recorder: Recorder | None,
                ) -> Callable[[bytes], None]:
    def target(data: bytes) -> None:
        try:
            function(data)
        except Exception as error:
            if recorder is None:
                raise
            recorder.record(data, error)

    return target


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    parser = argparse.ArgumentParser(description="Fuzz the renderers or the engine API.")
    parser.add_argument("--target", choices=("renderers", "engine"), default="renderers")
    parser.add_argument("--seconds", type=int, default=300,
                        help="total fuzzing time (libFuzzer -max_total_time); 0 = no limit")
    parser.add_argument("--keep-going", action="store_true",
                        help="record each distinct failure in fuzz/findings/ and go on")
    args, rest = parser.parse_known_args(argv[1:])
    rest = [a for a in rest if a != "--"]
    findings = HERE / "findings"
    findings.mkdir(exist_ok=True)
    flags = ["-timeout=30", "-rss_limit_mb=4096", "-max_len=4096", "-print_final_stats=1",
             f"-artifact_prefix={findings}/{args.target}-"]
    if args.seconds:
        flags.append(f"-max_total_time={args.seconds}")
    if not [a for a in rest if not a.startswith("-")]:
        grown = HERE / "corpus" / args.target
        grown.mkdir(parents=True, exist_ok=True)
        rest.append(str(grown))
    recorder = Recorder(findings, f"{args.target}-") if args.keep_going else None
    function = getattr(targets, args.target)
    function(b"")  # warm up outside the clock
    atheris.Setup([argv[0], *flags, *rest], make_target(function, recorder))
    atheris.Fuzz()


if __name__ == "__main__":
    main()
