"""PDF with a text layer, read with pypdfium2 (PDFium): text with positions, in reading order.

Each page's characters come in the order the producer wrote them (Excel, Word and typst write a
table cell by cell), with their boxes. A line is cut into pieces where the gap between two
characters is wider than ``GAP`` times the text size (the gap between a label's cell and its
value's). Running headers and footers (the same text, page numbers aside, at the same height on
most pages) are dropped. A line that ends close to the right edge of its column, closer than the
first word of the next line would need, was broken by the layout: it ``wraps``.

Every page is a figure spot (``pia.imports.figures``); its images are read only when the page
is in a part that takes figures ((別添1) 事務の内容), by ``pia.imports.pdf_figures``.
"""

from __future__ import annotations

import ctypes
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import partial
from itertools import pairwise

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pia.imports.model import ImportRefused, Place
from pia.imports.pdf_figures import page_pictures
from pia.imports.source import FigureSpot, Piece, Source

NEXT_LINE = 1.8  # a line this many text sizes below another, or less, is the next line of its column
ROW_GAP = 1.3  # a line further below the one above than this many usual line steps starts a row
CELL_PADDING = 4.0  # points between a cell's text and the next cell's, at least
GAP = 1.0  # a gap wider than this many times the text size separates two pieces of a line
MAX_PAGES = 500


@dataclass
class _Run:
    text: str
    page: int
    left: float
    right: float
    top: float
    bottom: float
    size: float
    line: int
    baseline: float = 0.0
    row_gap: bool = False  # more space above its line than between the lines of one cell


def read_pdf(data: bytes, name: str) -> Source:
    document = _open(data, name)
    try:
        pages = len(document)
        if pages > MAX_PAGES:
            raise ImportRefused(
                f"{name}: {pages:,}ページあります。取り込めるのは{MAX_PAGES}ページまでです。評価書を分けてください"
            )
        runs: list[_Run] = []
        line = 0
        for number in range(pages):
            page = document[number]
            textpage = page.get_textpage()
            try:
                line = _page_runs(textpage, number + 1, line, runs)
            finally:
                textpage.close()
                page.close()
    finally:
        document.close()
    if not any(r.text.strip() for r in runs):
        raise ImportRefused(
            f"{name}: PDF に文字の情報(テキストレイヤー)がありません。スキャンした画像の PDF と思われます。"
            "文字認識(OCR)は行いません。元の Excel・Word のファイルか、文字を選択できる PDF を使ってください"
        )
    runs = _reading_order(_without_furniture(runs, pages))
    pieces = [
        Piece(
            r.text,
            Place(r.page, round(r.left, 1), round(r.top, 1), f"{r.page}ページ"),
            r.line,
            r.left,
            end=r.right,
            row_gap=r.row_gap,
        )
        for r in runs
    ]
    _mark_wraps(runs, pieces)
    for piece in pieces:
        if not piece.wraps:
            piece.text = piece.text.rstrip(" ")
    source = Source("pdf", pages, pieces)
    source.figures = _page_spots(data, pieces, pages)
    return source


def _page_spots(data: bytes, pieces: list[Piece], pages: int) -> list[FigureSpot]:
    """One spot per page, after the pieces of the pages before it."""
    spots = []
    after = 0
    for number in range(1, pages + 1):
        while after < len(pieces) and pieces[after].place.page < number:
            after += 1
        spots.append(FigureSpot(number, after, partial(page_pictures, data, number), whole_page=True))
    return spots


def _open(data: bytes, name: str) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower() or getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise ImportRefused(
                f"{name}: パスワードで保護された PDF です。保護を解除したファイルを取り込んでください"
            ) from None
        raise ImportRefused(f"{name}: PDF として読めません(ファイルが壊れているおそれがあります)") from None


def _page_runs(textpage: pdfium.PdfTextPage, page: int, line: int, runs: list[_Run]) -> int:
    count = textpage.count_chars()
    if count <= 0:
        return line
    text = textpage.get_text_range(0, count)
    raw = textpage.raw
    rect = pdfium_c.FS_RECTF()
    rect_ref = ctypes.byref(rect)
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    origin = (ctypes.byref(origin_x), ctypes.byref(origin_y))
    loose_box = pdfium_c.FPDFText_GetLooseCharBox
    current: list[str] = []
    box: list[float] = []
    size = 0.0
    last_right = None
    line += 1

    def flush() -> None:
        nonlocal current, box
        chunk = "".join(current)
        if chunk.strip():  # a space before the line's end is kept: the layout broke the line there
            runs.append(
                _Run(
                    chunk.strip() + (" " if chunk.endswith(" ") else ""),
                    page,
                    box[0],
                    box[1],
                    box[2],
                    box[3],
                    size or 10.0,
                    line,
                    box[4],
                )
            )
        current, box = [], []

    for index in range(min(count, len(text))):
        char = text[index]
        if char in "\r\n":
            if current:
                flush()
            if char == "\n":
                line += 1
                last_right = None
            continue
        if char.isspace():
            if current:
                current.append(" ")
            continue
        loose_box(raw, index, rect_ref)  # the advance box: the pen's start and end, side bearings aside
        height = rect.top - rect.bottom
        if not current:
            size = pdfium_c.FPDFText_GetFontSize(raw, index) or height
        step = rect.left - last_right if last_right is not None else 0.0
        if current and last_right is not None and not -BACK * (size or 10.0) <= step <= GAP * (size or 10.0):
            flush()
            size = pdfium_c.FPDFText_GetFontSize(raw, index) or height
        if not current:
            pdfium_c.FPDFText_GetCharOrigin(raw, index, *origin)
            box = [rect.left, rect.right, rect.top, rect.bottom, origin_y.value]
        current.append(char)
        last_right = box[1] = rect.right  # the run's height is its first character's
    if current:
        flush()
    return line


BACK = 1.0  # a character this far left of the previous one's end (text sizes) starts another run
TOUCH = 0.3  # runs of one line this close (text sizes) were one run written out of order
LINE_TOLERANCE = 2.0  # points: runs whose baselines are this close are on one line


def _reading_order(runs: list[_Run]) -> list[_Run]:
    """Runs in reading order, whatever order the producer wrote them in: page by page, lines
    top to bottom (baselines within ``LINE_TOLERANCE``), each line left to right. Each run's
    ``line`` is its line's number; ``row_gap`` marks a line further below the one above than the
    page's usual line spacing (a new row of a table, a new block)."""
    ordered: list[_Run] = []
    line = 0
    by_page: dict[int, list[_Run]] = defaultdict(list)
    for run in runs:
        by_page[run.page].append(run)
    for page in sorted(by_page):
        on_page = sorted(by_page[page], key=lambda r: -r.baseline)
        lines: list[list[_Run]] = []
        for run in on_page:
            if lines and lines[-1][0].baseline - run.baseline <= LINE_TOLERANCE:
                lines[-1].append(run)
            else:
                lines.append([run])
        steps = sorted(a[0].baseline - b[0].baseline for a, b in pairwise(lines))
        usual = steps[len(steps) // 4] if steps else 0.0  # most lines are lines of a text, not gaps
        previous = None
        for members in lines:
            line += 1
            gap = previous is not None and usual > 0 and previous - members[0].baseline > ROW_GAP * usual
            for run in _joined_runs(sorted(members, key=lambda r: r.left)):
                run.line, run.row_gap = line, bool(gap)
                ordered.append(run)
            previous = members[0].baseline
    return ordered


def _joined_runs(line: list[_Run]) -> list[_Run]:
    """Runs of one line, left to right, with those that touch made one again (a producer may
    write 「株式会社」, 「印刷」 and then the 「○○」 between them)."""
    joined: list[_Run] = []
    for run in line:
        before = joined[-1] if joined else None
        if before is not None and abs(run.left - before.right) <= TOUCH * max(before.size, run.size):
            before.text = before.text.rstrip(" ") + run.text
            before.right = max(before.right, run.right)
        else:
            joined.append(run)
    return joined


def _furniture_key(run: _Run) -> tuple[str, int]:
    return re.sub(r"\d+", "#", run.text), round(run.baseline / 4)


def _without_furniture(runs: list[_Run], pages: int) -> list[_Run]:
    """Runs that repeat at the same height on most pages (page numbers, the running header)."""
    if pages < 3:
        return runs
    seen: dict[tuple[str, int], set[int]] = defaultdict(set)
    for run in runs:
        seen[_furniture_key(run)].add(run.page)
    repeated = {key for key, on in seen.items() if len(on) >= max(3, pages // 2)}
    return [r for r in runs if _furniture_key(r) not in repeated]


def _column(run: _Run) -> tuple[int, int]:
    """A column of a page (its right edge is measured on the page: a table's narrow column
    must not take the edge of text elsewhere that happens to start at the same place)."""
    return run.page, round(run.left / 4)


def _edges(runs: list[_Run]) -> dict[tuple[int, int], float]:
    """The right edge of each column of each page: where the next column starts at the same
    height, when most of the column's lines have such a neighbour (a table, a label beside its
    value), else the right margin of the text."""
    margin = max(r.right for r in runs)
    by_height: dict[tuple[int, int], list[_Run]] = defaultdict(list)
    for run in runs:
        by_height[run.page, round(run.baseline)].append(run)
    limits: dict[tuple[int, int], list[float]] = defaultdict(list)
    counts: Counter[tuple[int, int]] = Counter()
    for run in runs:
        key = _column(run)
        counts[key] += 1
        starts = [o.left for o in by_height[run.page, round(run.baseline)] if o.left > run.right]
        if starts:
            limits[key].append(min(starts) - CELL_PADDING)
    edge: dict[tuple[int, int], float] = {}
    for key, count in counts.items():
        found = sorted(limits.get(key, []))
        edge[key] = found[0] if len(found) * 2 >= count else margin
    return edge


_LIST_START = re.compile(r"^(?:[・●○◆■※]|[①-⑳]|\(?\d{1,2}[).．、]|[（(][一-龥ぁ-んァ-ン0-9]{1,12}[)）])")


def _new_paragraph(before: str, after: str) -> bool:
    """A sentence ends the line and the next one starts a list item (「。」 then 「・」, 「②」,
    「3.」): a break the writer made, even when the line happens to fill its column."""
    return before.rstrip().endswith(("。", ")", "）")) and bool(_LIST_START.match(after.lstrip()))


def _mark_wraps(runs: list[_Run], pieces: list[Piece]) -> None:
    """A run wraps when the next run of its column is on the next line (or the next page) and
    the first word of that run would not have fitted after it, before the column's edge."""
    edge = _edges(runs)
    last: dict[int, int] = {}  # column (left, in 4-point steps) -> index of its latest run
    for index, run in enumerate(runs):
        column = round(run.left / 4)
        nearby = [last[c] for c in (column - 1, column, column + 1) if c in last]  # 「【」 starts a little left
        previous = max(nearby) if nearby else None
        last[column] = index
        if previous is None:
            continue
        before = runs[previous]
        below = before.baseline - run.baseline
        if before.page == run.page and not 0 < below < NEXT_LINE * run.size:
            continue  # not the next line of that column
        if before.page != run.page and before.page != run.page - 1:
            continue
        if _new_paragraph(before.text, run.text):
            continue
        if before.text.endswith(" "):  # the line ended at a space: the layout broke it there
            pieces[previous].wraps = True
            continue
        gap = edge[_column(before)] - before.right
        word = re.match(r"[A-Za-z0-9.,()\-/:]+", run.text)
        needed = (len(word.group(0)) * 0.55 * run.size) if word else run.size
        if gap < needed + 0.8 * run.size:
            pieces[previous].wraps = True
