"""The one base of the errors the core raises for its callers.

Every exception type of ``pia`` derives from :class:`PiaError` and says what went wrong in
Japanese (``str(error)`` is the message shown to the user). Each module keeps its own type
(``DocumentError``, ``DiffError``, ``RenderError`` …) so a caller can still tell them apart;
one that has always been a ``ValueError`` (or ``LookupError``) stays one as well. The CLI turns
any ``PiaError`` into 「エラー: …」 and exit code 2 in one place, and the workbench's views catch
``PiaError`` to show the message instead of a server error.
"""

from __future__ import annotations


class PiaError(Exception):
    """A problem the user can fix, or a limit the core refuses (message in Japanese)."""
