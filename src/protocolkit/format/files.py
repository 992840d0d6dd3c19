"""What kind of file a path is, before anything reads it: the loader and the CLI's
usage check share this (the CLI without importing the loader, so that a ``validate``
answered from the findings cache never loads the model)."""

from __future__ import annotations

import stat


def file_kind(mode: int) -> str | None:
    """What a file of this ``st_mode`` is when it is no regular file (``folder``,
    ``device``, ``fifo``, ``socket``, ``other``; texts ``file.kind.*``), else ``None``.

    >>> import os
    >>> file_kind(os.stat(".").st_mode), file_kind(os.stat(__file__).st_mode)
    ('folder', None)
    """
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "fifo" if stat.S_ISFIFO(mode) else "socket" if stat.S_ISSOCK(mode) else "other"
