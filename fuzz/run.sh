#!/usr/bin/env bash
# The loader fuzzing job (fuzz/README.md). Not part of the test suite or .ci/run.
#
#   fuzz/run.sh [--seconds N] [--mode structured|bytes|both] [--bound S] [-- libFuzzer flags]
#
# Defaults: 300 seconds, both modes (the time split between them), 5 s per input.
# Uses $PYTHON, else .venv/bin/python, else python3; installs atheris into it if missing.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=300
mode=both
bound=5
extra=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --seconds) seconds="$2"; shift 2 ;;
        --mode) mode="$2"; shift 2 ;;
        --bound) bound="$2"; shift 2 ;;
        --) shift; extra=("$@"); break ;;
        *) echo "usage: fuzz/run.sh [--seconds N] [--mode structured|bytes|both] [--bound S] [-- libFuzzer flags]" >&2
           exit 2 ;;
    esac
done

python="${PYTHON:-}"
if [[ -z "$python" ]]; then
    if [[ -x .venv/bin/python ]]; then python=.venv/bin/python; else python=python3; fi
fi
if ! "$python" -c "import atheris" 2>/dev/null; then
    "$python" -m pip install --quiet 'atheris>=2.3'
fi
export PYTHONPATH="$PWD/src${PYTHONPATH:+:$PYTHONPATH}"

"$python" fuzz/make_corpus.py

case "$mode" in
    both) modes=(structured bytes); seconds=$(( (seconds + 1) / 2 )) ;;
    structured|bytes) modes=("$mode") ;;
    *) echo "unknown mode '$mode' (structured, bytes or both)" >&2; exit 2 ;;
esac

marker=$(mktemp)
trap 'rm -f "$marker"' EXIT
status=0
for m in "${modes[@]}"; do
    echo "== fuzzing in $m mode for ${seconds}s (bound ${bound}s per input)"
    "$python" fuzz/fuzz_loader.py --mode "$m" --seconds "$seconds" --bound "$bound" \
        --keep-going -- "${extra[@]}" || status=$?
done
found=$(find fuzz/findings -type f -newer "$marker" 2>/dev/null | wc -l)
if [[ "$found" -gt 0 ]]; then
    echo "== $found new file(s) in fuzz/findings/: inputs that broke a promise (see fuzz/README.md)"
    find fuzz/findings -type f -newer "$marker" -name '*.txt' -exec tail -n 1 {} \;
    [[ "$status" -ne 0 ]] || status=1
else
    echo "== no failures"
fi
exit "$status"
