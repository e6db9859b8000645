"""The one error type the CLI turns into a Japanese message and exit code 2."""


class CliError(Exception):
    """A problem the user can fix (bad path, unreadable file, bad option)."""
