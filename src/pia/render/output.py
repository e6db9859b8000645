"""Writing rendered bytes to a path, with a Japanese error for the user."""

from __future__ import annotations

from pathlib import Path

from pia.render.errors import RenderError


def write_bytes(out: Path, data: bytes) -> None:
    try:
        Path(out).write_bytes(data)
    except OSError as exc:
        raise RenderError(f"ファイル '{out}' に書き込めません: {exc.strerror or exc}") from exc
