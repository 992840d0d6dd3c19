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

An entry is believed only if it is the cache's own (docs/security.md): each carries an
HMAC of its cache key and findings under a random secret kept in the cache folder
(``secret.key``, readable by its owner only), and is checked against the shape of a
finding on read. A cache folder that others may write to, or that belongs to someone
else, is not used at all (:func:`refusal`): a planted entry could make a file with
errors pass ``--strict``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import stat
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from protocolkit.format.diagnostics import CODES, Finding, Location, Msg, Severity

_PACKAGE = Path(__file__).resolve().parent
FORMAT = 3
#: Entries larger than this are not stored (bounded witnesses keep real ones far smaller).
MAX_ENTRY_BYTES = 4 * 1024 * 1024


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


def refusal() -> Msg | None:
    """Why the cache folder must not be used (writable by others, someone else's), for
    every language (``cache.others-write``, ``cache.other-owner``), or ``None`` when it
    is safe (or does not exist yet: it is then created private)."""
    folder = cache_dir()
    try:
        info = folder.stat()
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode):
        return None  # nothing can be read from it, and store() fails quietly
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return Msg.of("cache.others-write", folder=str(folder))
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return Msg.of("cache.other-owner", folder=str(folder))
    return None


def _secret(create: bool) -> bytes | None:
    """The cache's own key (``secret.key``, mode 0600), made on first store."""
    path = cache_dir() / "secret.key"
    try:
        if create and not path.exists():
            cache_dir().mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(os.urandom(32))
        info = path.lstat()
        if (not stat.S_ISREG(info.st_mode) or info.st_mode & 0o077
                or (hasattr(os, "getuid") and info.st_uid != os.getuid())):
            return None
        secret = path.read_bytes()
    except OSError:
        return None
    return secret if len(secret) == 32 else None


def _mac(secret: bytes, name: str, findings: Any) -> str:
    body = json.dumps(findings, ensure_ascii=False, sort_keys=True)
    return hmac.new(secret, name.encode() + b"\0" + body.encode(), hashlib.sha256).hexdigest()


def lookup(raw: bytes, path: str) -> list[Finding] | None:
    """The findings a fresh check gave for these bytes, placed in ``path``, or ``None``
    (also for an entry that is not the cache's own or not of the right shape)."""
    if refusal() is not None:
        return None
    secret = _secret(create=False)
    if secret is None:
        return None
    try:
        data = json.loads(_entry(raw).read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
            return None
        if not hmac.compare_digest(str(data.get("mac", "")),
                                   _mac(secret, key(raw), data["findings"])):
            return None
        return [_finding(item, path) for item in data["findings"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def store(raw: bytes, findings: list[Finding]) -> None:
    """Remember the findings for these bytes; a cache that cannot be written is skipped."""
    if refusal() is not None:
        return
    secret = _secret(create=True)
    if secret is None:
        return
    target = _entry(raw)
    items = json.loads(json.dumps([f.to_dict() for f in findings], ensure_ascii=False))
    payload = json.dumps({"findings": items, "mac": _mac(secret, key(raw), items)},
                         ensure_ascii=False)
    if len(payload) > MAX_ENTRY_BYTES:
        return
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(payload)
        os.replace(temporary, target)
    except OSError:
        pass


def _finding(item: dict[str, Any], path: str) -> Finding:
    """A finding from an entry, checked against the shape ``Finding.to_dict`` writes
    (``ValueError`` for anything else)."""
    if not isinstance(item, dict) or item.get("code") not in CODES:
        raise ValueError("not a finding")
    location = item.get("location") or {}
    line, column = location.get("line"), location.get("column")
    if (not isinstance(item.get("message"), str)
            or not isinstance(item.get("hint"), (str, type(None)))
            or not isinstance(item.get("witness"), (dict, type(None)))
            or not all(isinstance(v, (int, type(None))) and not isinstance(v, bool)
                       for v in (line, column))):
        raise ValueError("not a finding")
    ack = item.get("acknowledgement")
    return Finding(item["code"], Severity(item["severity"]), item["message"],
                   Location(path, line, column), item.get("hint"), item.get("witness"),
                   Msg.from_dict(item["text"]) if item.get("text") else None,
                   Msg.from_dict(item["hint_text"]) if item.get("hint_text") else None,
                   (ack["id"], ack["reason"]) if ack else None)


def cached_report(paths: list[str]) -> Any:
    """A :class:`~protocolkit.format.diagnostics.ValidationReport` made wholly from the cache,
    or ``None`` when any file is unknown to it (then the caller checks for real)."""
    from protocolkit.format.diagnostics import FileReport, ValidationReport

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
