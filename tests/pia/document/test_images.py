"""Figures of a 評価書 (``image`` items): what is accepted as a figure, how a stored reference is
checked, and how a document's figures are found beside it, named and compared."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from pia.changes import diff
from pia.document import load_document
from pia.document.display import display_value
from pia.document.images import (
    ImageError,
    figure_file_name,
    figure_problem,
    figures_in,
    folder_attachments,
    image_info,
    image_reference,
    image_refs,
    sha256_hex,
)
from pia.forms import get_form
from pia.render.sample import sample_figure
from pia.rules.validation import check

ROOT = Path(__file__).resolve().parents[3]
V2 = ROOT / "examples" / "jumin-kihon-daicho-v2.yaml"
FIGURE = "bessoe1.figure"


def encoded(kind: str, size: tuple[int, int] = (40, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "white").save(out, kind)
    return out.getvalue()


def v2_with(*refs: dict) -> object:
    document = load_document(V2)
    document.values[FIGURE] = list(refs)
    return document


def image_findings(document, attachments=None) -> list[tuple[str, str]]:
    return [
        (f.code, f.message) for f in check(document, "draft", attachments=attachments) if f.code.startswith("image")
    ]


@pytest.mark.parametrize(("kind", "media_type", "suffix"), [("PNG", "image/png", "png"), ("JPEG", "image/jpeg", "jpg")])
def test_png_and_jpeg_are_figures_with_their_size(kind, media_type, suffix):
    info = image_info(encoded(kind, (64, 32)))
    assert (info.media_type, info.width, info.height, info.suffix) == (media_type, 64, 32, suffix)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"GIF89a" + b"\0" * 40, "PNG か JPEG"),
        (b"%PDF-1.7\n", "PNG か JPEG"),
        (encoded("PNG")[:30], "壊れているか"),  # cut short: the magic is right, the image is not
        (encoded("PNG", (8001, 10)), "8,001×10ピクセル"),
    ],
    ids=["gif", "pdf", "truncated", "too-wide"],
)
def test_anything_else_is_refused_in_japanese(data, message):
    with pytest.raises(ImageError) as refused:
        image_info(data)
    assert message in str(refused.value)


def test_a_figure_over_the_items_byte_limit_is_refused_with_both_sizes():
    with pytest.raises(ImageError) as refused:
        image_info(b"\x89PNG\r\n\x1a\n" + b"\0" * 3000, max_bytes=2048)
    assert "2 KB以下" in str(refused.value)


@pytest.mark.parametrize(
    ("given", "suffix", "expected"),
    [
        ("flow.PNG", "png", "flow.png"),
        ("C:\\Users\\x\\図1.jpeg", "jpg", "図1.jpg"),
        ("../../etc/passwd", "png", "passwd.png"),
        (".hidden.png", "png", "hidden.png"),
        ("a:b*c?.png", "png", "a_b_c_.png"),
        ("", "png", "figure.png"),
    ],
)
def test_a_figure_file_name_is_a_plain_name_with_the_images_suffix(given, suffix, expected):
    assert figure_file_name(given, suffix) == expected


def test_a_reference_records_the_hash_and_type_of_the_bytes():
    data = sample_figure(1)
    ref = image_reference("diagram.jpeg", data, " 事務の流れ ")
    assert ref.to_data() == {
        "file": "diagram.png",
        "sha256": sha256_hex(data),
        "media_type": "image/png",
        "caption": "事務の流れ",
    }
    assert ref.text == "図「事務の流れ」(diagram.png)"


def test_a_document_with_figures_validates_and_finds_them_beside_it(tmp_path):
    data = sample_figure(2)
    ref = image_reference("flow.png", data, "流れ")
    document = v2_with(ref.to_data())
    (tmp_path / "flow.png").write_bytes(data)
    template = get_form(document.form, document.edition)
    attachments = folder_attachments(document, tmp_path, template)
    assert attachments == {ref.sha256: data}
    assert [(str(p), i.id, r) for p, i, r in figures_in(document, template)] == [(FIGURE, FIGURE, ref)]
    assert image_findings(document) == []  # without attachments, the bytes are not checked
    assert image_findings(document, attachments) == []


def test_a_missing_or_replaced_figure_file_is_a_finding_naming_the_item_and_file(tmp_path):
    ref = image_reference("flow.png", sample_figure(1), "流れ")
    document = v2_with(ref.to_data())
    template = get_form(document.form, document.edition)
    missing = image_findings(document, folder_attachments(document, tmp_path, template))
    assert [code for code, _ in missing] == ["image.missing"]
    assert "事務の内容(図)" in missing[0][1]
    assert "「flow.png」が見つかりません" in missing[0][1]
    (tmp_path / "flow.png").write_bytes(sample_figure(3))  # another picture under the same name
    replaced = image_findings(document, folder_attachments(document, tmp_path, template))
    assert "sha256 と一致しません" in replaced[0][1]


def test_a_figure_whose_type_is_recorded_wrongly_is_named():
    data = encoded("JPEG")
    ref = image_reference("x.jpg", data)
    wrong = type(ref)(ref.file, ref.sha256, "image/png", "")
    item = get_form("full", "平成30年5月").item(FIGURE)
    assert "image/jpeg ですが" in figure_problem(wrong, item, {ref.sha256: data})


GOOD = image_reference("a.png", sample_figure(1)).to_data()


@pytest.mark.parametrize(
    ("value", "code", "message"),
    [
        ("図です", "value.type", "参照のリスト"),
        (["a.png"], "image.reference", "1枚目: 図は {file"),
        ([{**GOOD, "path": "/tmp/a.png"}], "image.reference", "使えないキー path"),
        ([{**GOOD, "file": "../a.png"}], "image.reference", "フォルダを含まない"),
        ([{**GOOD, "file": "sub/a.png"}], "image.reference", "フォルダを含まない"),
        ([{**GOOD, "sha256": "ABC"}], "image.reference", "64桁の16進数"),
        ([{**GOOD, "media_type": "image/gif"}], "image.reference", "image/png か image/jpeg"),
        ([{**GOOD, "caption": ["x"]}], "image.reference", "caption は文章"),
        ([{**GOOD, "caption": "あ" * 201}], "value.too-long", "1枚目の説明が201文字"),
        ([GOOD, GOOD], "image.duplicate-file", "「a.png」が2回"),
        ([{**GOOD, "file": f"f{n}.png"} for n in range(11)], "image.too-many", "11枚あります。この欄は10枚まで"),
    ],
)
def test_a_malformed_reference_is_a_draft_finding(value, code, message):
    findings = [(f.code, f.message) for f in check(_with_value(value), "draft") if f.path == FIGURE]
    assert [c for c, _ in findings] == [code]
    assert message in findings[0][1]


def _with_value(value):
    document = load_document(V2)
    document.values[FIGURE] = value
    return document


def test_image_refs_skips_what_is_malformed():
    assert image_refs([GOOD, {"file": "x"}, "y"]) == [image_refs([GOOD])[0]]
    assert image_refs("text") == []
    assert image_refs(None) == []


def test_figures_are_read_and_compared_by_hash_and_caption_not_by_file_name():
    item = get_form("full", "平成30年5月").item(FIGURE)
    first = image_reference("a.png", sample_figure(1), "流れ").to_data()
    assert display_value(item, [first]) == "図「流れ」(a.png)"
    renamed = {**first, "file": "b.png"}
    assert diff(v2_with(first), v2_with(renamed)).changes == []
    recaptioned = {**first, "caption": "事務の流れ"}
    assert [c.kind for c in diff(v2_with(first), v2_with(recaptioned)).changes] == ["modified"]
    other = image_reference("a.png", sample_figure(2), "流れ").to_data()
    assert [(c.path, c.kind) for c in diff(v2_with(first), v2_with(other)).changes] == [(FIGURE, "modified")]
    assert [c.kind for c in diff(v2_with(), v2_with(first)).changes] == ["added"]
