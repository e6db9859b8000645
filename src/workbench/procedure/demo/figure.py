"""The demo 全項目評価書's (別添1) figure: the flow of the 住民基本台帳 事務, drawn with Pillow.

住民 → 窓口 → 既存住基システム → 市町村CS → 住基ネット, with Japanese labels in IPAex Gothic
(Debian's fonts-ipaexfont-gothic). Without that font the labels cannot be drawn, so the core's
made-up sample diagram (``pia.render.sample.sample_figure``) stands in. The drawing is made up
for the demo, like the example documents' text."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from pia.render.sample import sample_figure

FONT = Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf")
CAPTION = "住民基本台帳に関する事務の流れ(住民 → 窓口 → 既存住基システム → 市町村CS → 住基ネット)"
FILE = "bessoe1-figure-1.png"
BOXES = ("住民", "窓口\n(区役所)", "既存住基\nシステム", "市町村CS", "住基ネット\n(全国サーバ)")
STEPS = ("①届出", "②入力", "③更新", "④通知")
INK, BLUE, PALE = (30, 30, 30), (31, 78, 140), (232, 240, 250)
WIDTH, HEIGHT = 1600, 620


@cache
def demo_figure(font: Path = FONT) -> bytes:
    """The PNG of the flow diagram (the sample diagram when ``font`` is not installed)."""
    if not font.is_file():
        return sample_figure(1)
    title, label, small = (ImageFont.truetype(str(font), size) for size in (34, 26, 20))
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    draw.text((WIDTH // 2, 50), "住民基本台帳に関する事務の流れ", font=title, fill=INK, anchor="mm")
    box_w, gap, top, bottom = 230, 82, 200, 400
    for n, text in enumerate(BOXES):
        left = 40 + n * (box_w + gap)
        draw.rounded_rectangle((left, top, left + box_w, bottom), radius=18, outline=BLUE, width=5, fill=PALE)
        draw.multiline_text(
            (left + box_w // 2, (top + bottom) // 2), text, font=label, fill=INK, anchor="mm", align="center", spacing=8
        )
        if n < len(STEPS):
            start, end, mid = left + box_w + 6, left + box_w + gap - 6, (top + bottom) // 2
            draw.line((start, mid, end - 14, mid), fill=BLUE, width=6)
            draw.polygon(((end, mid), (end - 20, mid - 13), (end - 20, mid + 13)), fill=BLUE)
            draw.text(((start + end) // 2, mid - 16), STEPS[n], font=small, fill=INK, anchor="md")
    note = "特定個人情報(個人番号を含む本人確認情報)は、既存住基システムから市町村CSを経由して住基ネットへ送信する。"
    draw.text((WIDTH // 2, 500), note, font=small, fill=INK, anchor="mm")
    draw.text((WIDTH - 30, HEIGHT - 30), "(デモ用に作成した図)", font=small, fill=(90, 90, 90), anchor="rd")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
