"""mynumber-pia domain core: official forms, documents, rules, diffs and rendering.

This package imports no web framework; the Django workbench builds on it.
"""

__version__ = "0.1.0"
