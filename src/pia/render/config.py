"""Fonts used by every rendering, and how to override them.

The IPAex fonts (IPAex明朝/IPAexゴシック, IPA Font License v1.0, see
``fonts/IPA_Font_License_Agreement_v1.0.txt``) are bundled so that ``pip install`` alone
renders Japanese correctly. Environment variables override them:

- ``PIA_FONT_DIR``: folder(s) with TrueType/OpenType fonts (several joined with ``os.pathsep``),
  searched before the bundled fonts;
- ``PIA_FONT_SERIF`` / ``PIA_FONT_SANS``: family names for body text and headings, e.g.
  ``BIZ UDMincho`` / ``BIZ UDGothic``. The bundled IPAex families stay as fallbacks.

System fonts are never used by the PDF renderer, so output does not depend on the machine.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

BUNDLED_FONT_DIR = Path(__file__).parent / "fonts"
TEMPLATE_DIR = Path(__file__).parent / "templates"
DEFAULT_SERIF = "IPAexMincho"
DEFAULT_SANS = "IPAexGothic"
# Names Office and browsers know the same faces by (Windows ships MS fonts, Macs Hiragino).
SERIF_FALLBACKS = ("IPAex明朝", "BIZ UD明朝", "Yu Mincho", "游明朝", "Hiragino Mincho ProN", "serif")
SANS_FALLBACKS = ("IPAexゴシック", "BIZ UDゴシック", "Yu Gothic", "游ゴシック", "Hiragino Sans", "sans-serif")


@dataclass(frozen=True)
class FontConfig:
    dirs: tuple[Path, ...]
    serif: tuple[str, ...]  # family names, preferred first
    sans: tuple[str, ...]

    @property
    def serif_name(self) -> str:
        return self.serif[0]

    @property
    def sans_name(self) -> str:
        return self.sans[0]


def font_config() -> FontConfig:
    """The fonts to use now (read from the environment on every call)."""
    extra = tuple(Path(p) for p in os.environ.get("PIA_FONT_DIR", "").split(os.pathsep) if p.strip())
    serif = _families(os.environ.get("PIA_FONT_SERIF", ""), DEFAULT_SERIF)
    sans = _families(os.environ.get("PIA_FONT_SANS", ""), DEFAULT_SANS)
    return FontConfig((*extra, BUNDLED_FONT_DIR), serif, sans)


def _families(override: str, default: str) -> tuple[str, ...]:
    chosen = override.strip()
    return (chosen, default) if chosen and chosen != default else (default,)


def css_family(families: tuple[str, ...], fallbacks: tuple[str, ...]) -> str:
    """A CSS font-family list: the configured families first, common Japanese faces after."""
    names = [*families, *(f for f in fallbacks if f not in families)]
    return ", ".join(n if n in ("serif", "sans-serif") else f'"{n}"' for n in names)
