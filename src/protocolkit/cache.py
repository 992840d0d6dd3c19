"""A content-addressed cache of ``validate`` findings, so that re-validating unchanged
files (an editor on save, a pre-commit hook over a whole folder) costs almost nothing.

A cache entry is keyed on everything the findings can depend on: the file's bytes,
protocolkit's own source code, the Python version and the set of installed
distributions (their ``*.dist-info`` names, so any upgrade of pydantic, networkx, PyYAML
… invalidates it). A protocol file that changed, or a protocolkit that changed, is
always checked afresh; the cache can only ever return what a fresh check returned for
exactly these inputs.

This module uses the standard library only: a fully cached run never imports the
model, the semantics or the checks. Where the cache lives: ``$PROTOCOLKIT_CACHE_DIR``,
else ``$XDG_CACHE_HOME/protocolkit``, else ``~/.cache/protocolkit``.
``PROTOCOLKIT_NO_CACHE=1`` (or ``protocolkit validate --no-cache``) turns it off; the
Python API does not use it unless asked.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from protocolkit.diagnostics import Finding, Location, Msg, Severity

_PACKAGE = Path(__file__).resolve().parent
FORMAT = 2


def enabled() -> bool:
    return os.environ.get("PROTOCOLKIT_NO_CACHE", "") in ("", "0")


def cache_dir() -> Path:
    explicit = os.environ.get("PROTOCOLKIT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(base) / "protocolkit"


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """What besides the file decides the findings: protocolkit's code, Python and the
    installed distributions."""
    digest = hashlib.sha256(f"{FORMAT}|{sys.version}|".encode())
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(str(path.relative_to(_PACKAGE)).encode())
        digest.update(path.read_bytes())
    for entry in sys.path:
        try:
            names = sorted(n for n in os.listdir(entry or ".") if n.endswith(".dist-info"))
        except OSError:
            continue
        digest.update("|".join(names).encode())
    return digest.hexdigest()


def key(raw: bytes) -> str:
    return hashlib.sha256(fingerprint().encode() + b"\0" + raw).hexdigest()


def _entry(raw: bytes) -> Path:
    name = key(raw)
    return cache_dir() / name[:2] / f"{name}.json"


def lookup(raw: bytes, path: str) -> list[Finding] | None:
    """The findings a fresh check gave for these bytes, placed in ``path``, or ``None``."""
    try:
        data = json.loads(_entry(raw).read_text(encoding="utf-8"))
        return [_finding(item, path) for item in data["findings"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store(raw: bytes, findings: list[Finding]) -> None:
    """Remember the findings for these bytes; a cache that cannot be written is skipped."""
    target = _entry(raw)
    payload = json.dumps({"findings": [f.to_dict() for f in findings]}, ensure_ascii=False)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(payload)
        os.replace(temporary, target)
    except OSError:
        pass


def _finding(item: dict[str, Any], path: str) -> Finding:
    location = item.get("location") or {}
    ack = item.get("acknowledgement")
    return Finding(item["code"], Severity(item["severity"]), item["message"],
                   Location(path, location.get("line"), location.get("column")),
                   item.get("hint"), item.get("witness"),
                   Msg.from_dict(item["text"]) if item.get("text") else None,
                   Msg.from_dict(item["hint_text"]) if item.get("hint_text") else None,
                   (ack["id"], ack["reason"]) if ack else None)


def cached_report(paths: list[str]) -> Any:
    """A :class:`~protocolkit.diagnostics.ValidationReport` made wholly from the cache,
    or ``None`` when any file is unknown to it (then the caller checks for real)."""
    from protocolkit.diagnostics import FileReport, ValidationReport

    if not enabled():
        return None
    report = ValidationReport()
    for path in paths:
        try:
            if os.path.getsize(path) > _READ_LIMIT:
                return None
            raw = Path(path).read_bytes()
        except OSError:
            return None
        findings = lookup(raw, path)
        if findings is None:
            return None
        report.files.append(FileReport(path, findings))
    return report


#: Files larger than this are never looked up here (the loader refuses them anyway).
_READ_LIMIT = 4 * 1024 * 1024
