"""The one error type of the renderers (message in Japanese, for users)."""


class RenderError(Exception):
    """Output could not be produced: unwritable path, unknown format, engine failure."""
