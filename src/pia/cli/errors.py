"""The CLI's own error: options that do not fit together, a file that must not be overwritten.

Like every :class:`pia.errors.PiaError`, ``pia.cli.main`` prints it as 「エラー: …」 with exit code 2.
"""

from __future__ import annotations

from pia.errors import PiaError


class CliError(PiaError):
    """A problem with the command line the user can fix (bad option, existing output file)."""
