"""Where the workbench keeps its local state (``var/``) and how it reads its configuration."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

VAR_DIR = Path(os.environ.get("PIA_VAR_DIR", Path.cwd() / "var"))


def var_path(name: str) -> Path:
    """A path in ``var/``; the directory is created with a ``.gitignore`` so that the
    database, the secret key and the demo password are never committed."""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    ignore = VAR_DIR / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n", encoding="utf-8")
    return VAR_DIR / name


def persistent_secret(name: str, length: int = 50) -> str:
    """A random secret generated on first use and kept in ``var/`` so restarts reuse it."""
    path = var_path(name)
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    value = secrets.token_urlsafe(length)[:length]
    path.write_text(value + "\n", encoding="utf-8")
    path.chmod(0o600)
    return value


def env_flag(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in ("1", "true", "yes", "on")
