"""The one error type of the renderers (message in Japanese, for users)."""

from pia.errors import PiaError


class RenderError(PiaError):
    """Output could not be produced: unwritable path, unknown format, engine failure."""


MAX_PRINTED_ROWS = 10_000  # rows of one printed document, about 500 pages (the full example: ~750)


def check_printed_rows(count: int, what: str) -> None:
    """RenderError when an output would print more than ``MAX_PRINTED_ROWS`` rows: every writer
    is linear, but a document of repeated empty elements can ask for a million rows."""
    if count > MAX_PRINTED_ROWS:
        raise RenderError(
            f"{what}が大きすぎて出力できません({count:,} 行。上限 {MAX_PRINTED_ROWS:,} 行)。"
            "繰り返しの要素の数を確認してください"
        )
