"""No withheld text in any public output (issue 13, finding 1).

For every edition file, "widened" (its own non_public items and non_public also on the first
item of every kind, on every repeat's title item — so headings and label paths carry withheld
text — and on a whole section, so the ancestor rule is used), two versions are made whose
every withheld value is a unique marker (``QZXOLD0001`` … in the old one, ``QZXNEW0001`` … in
the new one, which also removes and adds elements and has its (別添3) table filled from the
diff). Every public output of the core — the print model in every format with and without
赤字, the public document as JSON/YAML, the 概要版 in every format with and without a previous
version, the (別添3) rows, and the same through the CLI — must not contain ``QZX``; the staff
editions of the same outputs must (so the text extraction is known to find a marker).
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
import yaml

import pia.forms.registry as registry
from pia.changes import diff
from pia.changes.fill import fill_change_table
from pia.changes.rows import change_rows, existing_rows
from pia.cli import main
from pia.document import Document, dumps_json, dumps_yaml, save_document
from pia.document.public import WITHHELD, public_document
from pia.forms import FormTemplate, get_form, load_form
from pia.forms.extends import resolve
from pia.forms.model import Kind
from pia.render import docx_bytes, html_text, pdf_bytes, print_model, xlsx_bytes
from pia.render.build import build_print
from pia.render.marks import marks_between
from pia.render.model import to_data
from pia.render.sample import SampleSize, sample_attachments, sample_document, with_markers
from pia.render.summary import summary_pdf_bytes
from pia.render.summary_docx import summary_docx_bytes
from pia.render.summary_html import summary_html_text
from pia.render.summary_markdown import summary_to_markdown
from pia.render.xlsx import change_rows_xlsx_bytes
from pia.summary import build_summary

MARK = "QZX"
SHIPPED = registry.EDITIONS_DIR
EDITIONS = sorted(SHIPPED.glob("*.yaml"))
SPEC = {"purpose": "目的の文。", "plan": {"start": "2025-12-01"}}
DAY = date(2026, 4, 1)
SIZE = SampleSize(elements=2, sentences=1, table_rows=3)  # every kind of row, few pages


def squashed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_text(data: bytes) -> str:
    return squashed("".join(page.get_textpage().get_text_range() for page in pdfium.PdfDocument(data)))


def zip_text(data: bytes) -> str:
    """Every XML part of a DOCX/XLSX, tags removed (runs and shared strings joined)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml")]
    return squashed(re.sub(r"<[^>]+>", "", "".join(parts)))


# --- the editions ------------------------------------------------------------------------------


def _items(raw: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for item in raw:
        yield item
        yield from _items(item.get("children") or [])


def widened(raw: dict[str, Any]) -> dict[str, Any]:
    """non_public also on the first item of every value kind, every repeat's title item and the
    section holding the first checkbox (everything inside it withheld through its ancestor)."""
    items = list(_items(raw["items"]))
    titles = {item.get("title_item") for item in items if item.get("title_item")}
    first: dict[str, dict[str, Any]] = {}
    for item in items:
        first.setdefault(item["kind"], item)
        if item["id"] in titles:
            item["non_public"] = True
    for kind, item in first.items():
        if kind not in ("section", "heading"):
            item["non_public"] = True
    checkbox = first.get("checkbox")
    for item in items:
        if item["kind"] == "section" and checkbox is not None and checkbox in (item.get("children") or []):
            item["non_public"] = True
            break
    return raw


CASES = [p.name for p in EDITIONS]


def revised(document: Document) -> Document:
    """Each repeat loses its first element and gains a new one (removed, kept and added elements)."""
    new = document.copy()

    def shift(value: Any) -> Any:
        if isinstance(value, list) and value and all(isinstance(e, dict) and "id" in e for e in value):
            added = dict(value[-1], id=f"{value[-1]['id']}-added")
            value[:] = [*value[1:], added]
        if isinstance(value, list):
            for entry in value:
                shift(entry)
        elif isinstance(value, dict):
            for entry in value.values():
                shift(entry)
        return value

    shift(new.values)
    return new


@dataclass(frozen=True)
class Case:
    template: FormTemplate  # widened
    shipped: FormTemplate
    old: Document
    new: Document
    pdf: bool  # the CLI writes PDFs too (once: the writers are the ones tested above)


@pytest.fixture(scope="module", params=CASES)
def case(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Case]:
    """The edition ``request.param`` widened (its shipped non_public items stay non_public)."""
    name = request.param
    folder = tmp_path_factory.mktemp("editions")
    loader, dumper = getattr(yaml, "CSafeLoader", yaml.SafeLoader), getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    for path in EDITIONS:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
        if path.name == name:  # an edition that extends another is widened in full (its base's data included)
            raw, problems = resolve(raw, SHIPPED)
            assert raw is not None, problems
            raw.pop("extends", None)
            raw = widened(raw)
        (folder / path.name).write_text(yaml.dump(raw, Dumper=dumper), "utf-8")
    patch = pytest.MonkeyPatch()
    patch.setattr(registry, "EDITIONS_DIR", folder)
    registry.all_forms.cache_clear()
    try:
        widest = load_form(folder / name)
        template = get_form(widest.form, widest.edition)
        old = with_markers(sample_document(template, SIZE), template, f"{MARK}OLD")
        new = with_markers(revised(sample_document(template, SIZE)), template, f"{MARK}NEW")
        new = fill_change_table(old, new, DAY)[0]  # the (別添3) rows written from the diff
        yield Case(template, load_form(SHIPPED / name), old, new, pdf=name == "full-h30-05.yaml")
    finally:
        patch.undo()
        registry.all_forms.cache_clear()


# --- the rule itself ------------------------------------------------------------------------------


def test_the_case_has_markers_in_every_withheld_kind(case: Case) -> None:
    withheld = {i.id for i in case.template.walk() if i.kind.holds_value and case.template.is_withheld(i.id)}
    shipped = {i.id for i in case.shipped.walk() if i.kind.holds_value and case.shipped.is_withheld(i.id)}
    assert shipped <= withheld  # the shipped non_public items are among those tested
    kinds = {case.template.item(i).kind for i in withheld}
    assert kinds == {i.kind for i in case.template.walk() if i.kind.holds_value}
    assert all(case.template.is_withheld(r.title_item) for r in case.template.walk() if r.title_item)
    assert MARK in dumps_json(case.old)
    assert MARK in dumps_json(case.new)


def test_public_document_holds_no_marker_and_keeps_the_rest(case: Case) -> None:
    public = public_document(case.new)
    assert MARK not in dumps_json(public) + dumps_yaml(public)
    assert WITHHELD in dumps_json(public)
    assert public_document(public) == public  # idempotent
    shown = [i for i in case.template.walk() if i.kind is Kind.TEXT and not case.template.is_withheld(i.id)]
    assert any(public.values.get(i.id) == case.new.values.get(i.id) for i in shown if i.id in case.new.values)


def test_public_print_refuses_staff_marks(case: Case) -> None:
    with pytest.raises(ValueError, match="公表用の出力には"):
        build_print(case.new, case.template, public=True, marks=marks_between(case.old, case.new))


# --- every public output ----------------------------------------------------------------------


def print_outputs(model: Any) -> dict[str, str]:
    return {
        "pdf": pdf_text(pdf_bytes(model)),
        "html": html_text(model),
        "docx": zip_text(docx_bytes(model)),
        "xlsx": zip_text(xlsx_bytes(model)),
        "json": json.dumps(to_data(model), ensure_ascii=False),
    }


def summary_outputs(content: Any) -> dict[str, str]:
    return {
        "md": summary_to_markdown(content),
        "html": summary_html_text(content),
        "docx": zip_text(summary_docx_bytes(content)),
        "pdf": pdf_text(summary_pdf_bytes(content)),
        "json": json.dumps(content.to_json(), ensure_ascii=False),
    }


@pytest.mark.parametrize("with_previous", [False, True], ids=["plain", "赤字"])
def test_print_model_in_every_format(case: Case, with_previous: bool) -> None:
    previous = case.old if with_previous else None
    public = print_outputs(print_model(case.new, previous=previous, public=True))
    assert {fmt: MARK in text for fmt, text in public.items()} == dict.fromkeys(public, False)
    assert all(WITHHELD in text or fmt in ("docx", "xlsx", "pdf") for fmt, text in public.items())


def test_staff_print_model_shows_the_markers(case: Case) -> None:
    """The control: the same extraction finds the markers in the submitted edition."""
    staff = print_outputs(print_model(case.new, previous=case.old, attachments=sample_attachments()))
    assert all(f"{MARK}NEW" in text for text in staff.values()), [f for f, t in staff.items() if MARK not in t]
    assert f"{MARK}OLD" in staff["html"]  # struck-through removed text


@pytest.mark.parametrize("with_previous", [False, True], ids=["new", "revision"])
def test_summary_in_every_format(case: Case, with_previous: bool) -> None:
    old = case.old if with_previous else case.new
    public = summary_outputs(build_summary(old, case.new, SPEC))
    assert {fmt: MARK in text for fmt, text in public.items()} == dict.fromkeys(public, False)


def test_staff_summary_shows_the_markers(case: Case) -> None:
    staff = build_summary(case.old, case.new, SPEC, public=False)
    assert MARK in summary_to_markdown(staff)
    assert WITHHELD in summary_to_markdown(build_summary(case.old, case.new, SPEC))


def test_change_rows_are_public_text(case: Case) -> None:
    rows = change_rows(diff(case.old, case.new), case.old, case.new, DAY)
    stored = existing_rows(public_document(case.new))  # the table as the public edition prints it
    texts = json.dumps([r.to_json() for r in [*stored, *rows]], ensure_ascii=False)
    assert rows
    assert MARK not in texts
    assert MARK not in zip_text(change_rows_xlsx_bytes(rows))


# --- the same through the CLI -----------------------------------------------------------------


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    return out + err


def _file_text(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix == ".pdf":
        return pdf_text(data)
    if path.suffix in (".docx", ".xlsx"):
        return zip_text(data)
    return data.decode("utf-8")


def test_cli_public_outputs(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new, spec = tmp_path / "old.yaml", tmp_path / "new.yaml", tmp_path / "summary.yaml"
    save_document(case.old, old)
    save_document(case.new, new)
    spec.write_text(yaml.safe_dump(SPEC, allow_unicode=True), "utf-8")
    printed = []
    written: list[Path] = []
    for fmt in ("pdf", "html", "docx", "xlsx")[0 if case.pdf else 1 :]:
        for extra in ([], ["--changes-from", str(old)]):
            out = tmp_path / f"render-{len(written)}.{fmt}"
            printed.append(_cli(capsys, "render", str(new), "--public", "-o", str(out), *extra))
            written.append(out)
    for suffix in ("md", "docx", "html", "pdf")[: 4 if case.pdf else 3]:
        out = tmp_path / f"summary.{suffix}"
        printed.append(_cli(capsys, "summary", str(old), str(new), "--input", str(spec), "-o", str(out)))
        written.append(out)
    printed.append(_cli(capsys, "summary", str(new), str(new), "--input", str(spec)))
    generated = json.loads(_cli(capsys, "changes", str(old), str(new), "--json"))["rows"]  # the (別添3) rows
    printed.append(json.dumps(generated, ensure_ascii=False))
    rows = tmp_path / "rows.xlsx"
    printed.append(_cli(capsys, "changes", str(old), str(new), "--format", "xlsx", "-o", str(rows)))
    written.append(rows)
    leaks = [p.name for p in written if MARK in _file_text(p)] + [t[:80] for t in printed if MARK in t]
    assert leaks == []
    internal = _cli(capsys, "summary", str(old), str(new), "--input", str(spec), "--internal")
    assert MARK in internal
    assert "庁内用" in internal
