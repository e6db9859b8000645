"""Where the workbench keeps its local state (``var/``) and how it reads its configuration.

``var/`` holds the SQLite database, the secret key, the demo password and cached PDFs: the
directory is created 0700 and every file in it 0600 (owner only), whatever the umask."""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path

VAR_DIR = Path(os.environ.get("PIA_VAR_DIR", Path.cwd() / "var"))
DIR_MODE = 0o700
FILE_MODE = 0o600


def var_path(name: str) -> Path:
    """A path in ``var/``; the directory is created (0700) with a ``.gitignore`` so that the
    database, the secret key and the demo password are never committed."""
    _private_directory(VAR_DIR)
    ignore = VAR_DIR / ".gitignore"
    if not ignore.exists():
        write_private(ignore, b"*\n")
    return VAR_DIR / name


def private_dir(name: str) -> Path:
    """A directory in ``var/`` (0700), created if needed."""
    path = var_path(name)
    _private_directory(path)
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` empty (0600) if it does not exist; narrow it to 0600 if it does (e.g. a
    database file created by an earlier version with the umask's 0644)."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    except FileExistsError:
        _narrow(path, FILE_MODE)
    return path


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``, the file being 0600 from its creation on (no moment where
    another user could open it)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    _narrow(path, FILE_MODE)


def persistent_secret(name: str, length: int = 50, accept: Callable[[str], bool] | None = None) -> str:
    """A random secret generated on first use and kept in ``var/`` (0600) so restarts reuse it;
    drawn again until ``accept`` (e.g. a password policy) takes it."""
    path = var_path(name)
    if path.exists():
        _narrow(path, FILE_MODE)
        return path.read_text(encoding="utf-8").strip()
    value = secrets.token_urlsafe(length)[:length]
    while accept is not None and not accept(value):
        value = secrets.token_urlsafe(length)[:length]
    write_private(path, (value + "\n").encode("utf-8"))
    return value


def env_flag(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in ("1", "true", "yes", "on")


def _private_directory(path: Path) -> None:
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    _narrow(path, DIR_MODE)


def _narrow(path: Path, mode: int) -> None:
    """Take away any permission beyond ``mode`` (group and others), never add one."""
    current = stat.S_IMODE(path.stat().st_mode)
    if current & ~mode:
        path.chmod(current & mode)
