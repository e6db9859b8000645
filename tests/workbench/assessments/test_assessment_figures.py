"""The figures of (別添1) 事務の内容 in the workbench: kept once per 評価書 and content, served only
to the people who may read the 評価書, edited in the editor (add, caption, order, 削除) as a normal
save, refused with the item named and nothing lost, printed by every output, and checked by the
gates (a missing figure is ``image.missing``)."""

from __future__ import annotations

import io
import re

import pytest
from conftest import example, make_user
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from editor_support import _form_fields
from PIL import Image

from pia.document.images import image_reference
from pia.forms import Kind, get_form
from pia.render.model import Figure
from pia.render.sample import sample_figure
from workbench.assessments.attachments import (
    FigureRefused,
    attachments_for,
    image_items,
    print_model_for,
    store_figure,
)
from workbench.assessments.models import Attachment

pytestmark = pytest.mark.django_db

FIGURE = "bessoe1.figure"  # only to read the stored value below; the code finds it by Kind.IMAGE


@pytest.fixture
def other_full(other_org, outsider):
    """A 全項目評価書 of デモ町 (another body)."""
    from workbench.assessments.actions import create_assessment, create_jimu

    jimu = create_jimu(other_org, "デモ町の住基事務", user=outsider)
    return create_assessment(jimu, "full", "デモ町 全項目評価書", user=outsider)


def _png(n: int = 1) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"flow-{n}.png", sample_figure(n), "image/png")


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 200), (200, 30, 30)).save(out, "JPEG")
    return out.getvalue()


def _pdf(pages: int = 1) -> bytes:
    """A PDF of ``pages`` pages, each a picture (what a drawing tool's 「PDF で保存」 gives)."""
    images = [Image.open(io.BytesIO(sample_figure(n))).convert("RGB") for n in range(1, pages + 1)]
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=150, save_all=True, append_images=images[1:])
    return out.getvalue()


def test_a_one_page_pdf_is_kept_as_the_png_of_its_page(assessment, people):
    ref = store_figure(assessment, SimpleUploadedFile("流れ図.pdf", _pdf()), people["author"], caption="流れ")
    assert (ref.file, ref.media_type, ref.caption) == ("流れ図.png", "image/png", "流れ")
    row = Attachment.objects.get(assessment=assessment, sha256=ref.sha256)
    assert bytes(row.data).startswith(b"\x89PNG")
    assert row.width / row.height == pytest.approx(1200 / 600, rel=0.02)  # the page, at 200 dpi
    assert row.width > 1200


def _image_item(assessment):
    (item,) = image_items(get_form(assessment.form, assessment.edition))
    assert item.kind is Kind.IMAGE
    assert item.id == FIGURE
    return item


def _figures(version) -> list[dict]:
    return version.content["values"].get(FIGURE, [])


def _editor_url(assessment) -> str:
    return reverse("editor", args=[assessment.pk])


def _chapter(client, assessment) -> tuple[str, dict[str, str]]:
    response = client.get(_editor_url(assessment) + "?section=bessoe1")
    assert response.status_code == 200
    html = response.content.decode()
    return html, _form_fields(html)


def _with_figure(assessment, people, n: int = 1, caption: str = "事務の流れ"):
    """A save of ``assessment`` holding figure ``n`` (kept through the action, as the editor does)."""
    from workbench.assessments.actions import save_version

    ref = store_figure(assessment, _png(n), people["author"], caption=caption)
    latest = assessment.versions.latest("number")
    document = latest.document()
    document.values[FIGURE] = [*document.values.get(FIGURE, []), ref.to_data()]
    return save_version(assessment, document, latest.number, user=people["author"]), ref


# --- storage ------------------------------------------------------------------------------------


def test_a_figure_is_kept_once_per_assessment_and_content(assessment, jimu, people):
    from workbench.assessments.actions import create_assessment

    first = store_figure(assessment, _png(1), people["author"], caption="流れ")
    again = store_figure(assessment, SimpleUploadedFile("copy.png", sample_figure(1)), people["author"])
    other = store_figure(assessment, _png(2), people["author"])
    assert first.sha256 == again.sha256 != other.sha256
    assert first.file == "flow-1.png"
    assert first.caption == "流れ"
    assert first.media_type == "image/png"
    assert Attachment.objects.filter(assessment=assessment).count() == 2
    row = Attachment.objects.get(assessment=assessment, sha256=first.sha256)
    assert (row.size, row.width, row.height) == (len(sample_figure(1)), 1200, 600)
    assert row.original_name == "flow-1.png"
    assert row.uploaded_by == people["author"]
    assert bytes(row.data) == sample_figure(1)
    # another 評価書 keeps its own row of the same bytes
    second = create_assessment(jimu, "full", "別の全項目評価書", user=people["author"])
    assert store_figure(second, _png(1), people["author"]).sha256 == first.sha256
    jpeg = store_figure(second, SimpleUploadedFile("図.jpeg", _jpeg()), people["author"])
    assert jpeg.media_type == "image/jpeg"
    assert jpeg.file == "図.jpg"
    assert Attachment.objects.filter(assessment=second).count() == 2
    assert Attachment.objects.filter(assessment=assessment).count() == 2


def test_a_file_that_is_not_a_figure_is_refused_naming_the_item_and_nothing_is_kept(assessment, people):
    label = _image_item(assessment).label
    with pytest.raises(FigureRefused) as refused:
        store_figure(assessment, SimpleUploadedFile("flow.png", b"GIF89a not a figure"), people["author"])
    assert f"「{label}」(flow.png)" in str(refused.value)
    assert "PNG・JPEG の画像か、1ページの PDF" in str(refused.value)
    with pytest.raises(FigureRefused, match="PDF として読めません"):
        store_figure(assessment, SimpleUploadedFile("flow.pdf", b"%PDF-1.7 cut short"), people["author"])
    with pytest.raises(FigureRefused, match=re.escape("1ページのものにしてください(このファイルは2ページあります)")):
        store_figure(assessment, SimpleUploadedFile("flow.pdf", _pdf(pages=2)), people["author"])
    too_large = SimpleUploadedFile("big.png", sample_figure(1) + b"\0" * (5 * 1024 * 1024))
    with pytest.raises(FigureRefused, match="大きすぎます"):
        store_figure(assessment, too_large, people["author"])
    assert not Attachment.objects.exists()


def test_a_figures_bytes_are_never_deleted(assessment, people):
    from workbench.assessments.models import AttachmentKept

    store_figure(assessment, _png(), people["author"])
    with pytest.raises(AttachmentKept, match="削除できません"):
        Attachment.objects.get().delete()
    with pytest.raises(AttachmentKept):
        Attachment.objects.filter(assessment=assessment).delete()
    assert Attachment.objects.count() == 1


def test_only_editors_add_figures(assessment, people):
    with pytest.raises(PermissionDenied):
        store_figure(assessment, _png(), people["viewer"])
    assert not Attachment.objects.exists()


def test_the_attachments_mapping_reads_a_blob_only_when_asked(assessment, people, django_assert_num_queries):
    ref = store_figure(assessment, _png(), people["author"])
    with django_assert_num_queries(0):
        figures = attachments_for(assessment)
    with django_assert_num_queries(1):
        assert figures[ref.sha256] == sample_figure(1)
    with django_assert_num_queries(0):
        assert figures.get(ref.sha256) == sample_figure(1)  # kept
    assert figures.get("0" * 64) is None
    assert list(figures) == [ref.sha256]
    assert len(figures) == 1


# --- the figure view ----------------------------------------------------------------------------


def test_the_figure_is_served_inline_with_its_type_to_readers_only(assessment, people, outsider, client):
    ref = store_figure(assessment, _png(), people["author"], caption="流れ")
    url = reverse("assessment_figure", args=[assessment.pk, ref.sha256])
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))
    client.force_login(people["viewer"])
    response = client.get(url)
    assert response.status_code == 200
    assert response.content == sample_figure(1)
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(people["reviewer"])  # 第三者点検委員 not assigned to a round of this 評価書
    assert client.get(url).status_code == 404
    client.force_login(people["viewer"])
    assert client.get(reverse("assessment_figure", args=[assessment.pk, "0" * 64])).status_code == 404
    assert client.get(reverse("assessment_figure", args=[assessment.pk, "z" * 64])).status_code == 404


def test_another_bodys_figure_is_not_reached_through_ones_own_assessment(
    assessment, other_full, people, outsider, client
):
    theirs = store_figure(other_full, _png(3), outsider)
    client.force_login(people["author"])
    assert client.get(reverse("assessment_figure", args=[assessment.pk, theirs.sha256])).status_code == 404
    assert client.get(reverse("assessment_figure", args=[other_full.pk, theirs.sha256])).status_code == 404


# --- the editor ---------------------------------------------------------------------------------


def test_the_chapter_with_figures_posts_files_and_others_do_not(assessment, people, client):
    client.force_login(people["author"])
    html, _ = _chapter(client, assessment)
    assert 'enctype="multipart/form-data"' in html
    assert '<label for="f-bessoe1_figure-in">図を追加(PNG・JPEG・1ページのPDF、5MBまで)</label>' in html
    cover = client.get(_editor_url(assessment)).content.decode()
    assert "multipart/form-data" not in cover


def test_an_uploaded_figure_is_shown_unsaved_then_saved_as_a_normal_save(assessment, people, client):
    client.force_login(people["author"])
    _, data = _chapter(client, assessment)
    data.update({"op": "refresh", f"{FIGURE}::upload": _png(), f"{FIGURE}::upload-caption": "住民基本台帳事務の流れ"})
    shown = client.post(_editor_url(assessment), data)
    html = shown.content.decode()
    assert shown.status_code == 200
    assert 'data-return-to="f-bessoe1_figure-f1-caption"' in html  # back at the new figure's caption
    assert "図を1枚追加しました" in html
    assert "まだ保存されていません" in html
    assert assessment.versions.count() == 1  # nothing saved yet, but the bytes are kept
    (row,) = Attachment.objects.filter(assessment=assessment)
    src = reverse("assessment_figure", args=[assessment.pk, row.sha256])
    assert f'<img class="figure-thumb" src="{src}" alt="住民基本台帳事務の流れ" width="320" height="160">' in html
    assert client.get(src).status_code == 200
    data = _form_fields(html)
    data["op"] = "save"
    saved = client.post(_editor_url(assessment), data)
    assert saved.status_code == 302
    latest = assessment.versions.latest("number")
    assert latest.number == 2
    assert _figures(latest) == [
        {"file": "flow-1.png", "sha256": row.sha256, "media_type": "image/png", "caption": "住民基本台帳事務の流れ"}
    ]


def test_upload_and_save_in_one_post(assessment, people, client):
    client.force_login(people["author"])
    _, data = _chapter(client, assessment)
    data.update({"op": "save", f"{FIGURE}::upload": [_png(1), _png(2)]})
    assert client.post(_editor_url(assessment), data).status_code == 302
    figures = _figures(assessment.versions.latest("number"))
    assert [f["file"] for f in figures] == ["flow-1.png", "flow-2.png"]


def test_captions_order_and_removal_are_edited_in_the_chapter(assessment, people, client):
    _with_figure(assessment, people, 1, "一枚目")
    _with_figure(assessment, people, 2, "二枚目")
    _, third = _with_figure(assessment, people, 3, "三枚目")
    client.force_login(people["author"])
    _, data = _chapter(client, assessment)
    data.update(
        {
            f"{FIGURE}::f1::caption": "一枚目(説明を直した)",
            f"{FIGURE}::f1::order": "3",  # first → last
            f"{FIGURE}::f2::remove": "1",
            "op": "save",
        }
    )
    assert client.post(_editor_url(assessment), data).status_code == 302
    latest = assessment.versions.latest("number")
    assert [f["caption"] for f in _figures(latest)] == ["三枚目", "一枚目(説明を直した)"]
    assert Attachment.objects.filter(assessment=assessment).count() == 3  # 削除 never deletes the bytes
    earlier = assessment.versions.get(number=latest.number - 1)
    assert third.sha256 in {f["sha256"] for f in _figures(earlier)}  # earlier saves keep theirs


def test_a_bad_file_is_refused_naming_the_item_and_nothing_typed_is_lost(assessment, people, client):
    _with_figure(assessment, people, 1, "事務の流れ")
    client.force_login(people["author"])
    _, data = _chapter(client, assessment)
    data.update(
        {
            "bessoe1.body": "新しく書いた本文です。",
            f"{FIGURE}::f1::caption": "直した説明",
            f"{FIGURE}::upload": SimpleUploadedFile("memo.png", b"just text, not a figure"),
            "op": "save",
        }
    )
    response = client.post(_editor_url(assessment), data)
    html = response.content.decode()
    assert response.status_code == 422
    assert "図を追加できませんでした(まだ保存していません)" in html
    assert 'data-return-to="f-bessoe1_figure-in"' in html  # back at the file input
    assert "「事務の内容(図)」(memo.png)" in html
    assert "新しく書いた本文です。" in html
    assert 'value="直した説明"' in html
    assert assessment.versions.count() == 2  # nothing saved
    assert Attachment.objects.filter(assessment=assessment).count() == 1


def test_more_figures_than_the_item_takes_are_refused(assessment, people, client):
    client.force_login(people["author"])
    _, data = _chapter(client, assessment)
    files = [SimpleUploadedFile(f"f{n}.png", sample_figure(1 + n % 3)) for n in range(11)]
    data.update({f"{FIGURE}::upload": files, "op": "refresh"})
    response = client.post(_editor_url(assessment), data)
    assert response.status_code == 422
    assert "「事務の内容(図)」は10枚までです" in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_forged_figure_reference_is_refused(assessment, other_full, people, outsider, client):
    theirs = store_figure(other_full, _png(3), outsider)
    client.force_login(people["author"])
    _, data = _chapter(client, assessment)
    data.update(
        {
            f"{FIGURE}::figures": "1",
            f"{FIGURE}::f1::sha": theirs.sha256,
            f"{FIGURE}::f1::file": "x.png",
            f"{FIGURE}::f1::type": "image/png",
            "op": "save",
        }
    )
    response = client.post(_editor_url(assessment), data)
    assert response.status_code == 422
    assert "この評価書にない図が送信された" in response.content.decode()
    assert assessment.versions.count() == 1


def test_a_reader_sees_the_figures_without_inputs(assessment, people, client):
    _with_figure(assessment, people, 1, "事務の流れ")
    client.force_login(people["viewer"])
    html, _ = _chapter(client, assessment)
    assert 'alt="事務の流れ"' in html
    assert "<figcaption>事務の流れ</figcaption>" in html
    assert 'type="file"' not in html
    assert "multipart" not in html


def test_the_chapter_makes_no_query_per_figure(assessment, people, client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(people["author"])
    _with_figure(assessment, people, 1)
    client.get(_editor_url(assessment) + "?section=bessoe1")
    with CaptureQueriesContext(connection) as one:
        client.get(_editor_url(assessment) + "?section=bessoe1")
    _with_figure(assessment, people, 2)
    _with_figure(assessment, people, 3)
    with django_assert_max_num_queries(len(one.captured_queries)):
        html, _ = _chapter(client, assessment)
    assert html.count('class="figure-thumb"') == 3


# --- printing and gates -------------------------------------------------------------------------


def _printed_figures(model) -> list[Figure]:
    return [b for part in model.parts for b in part.blocks if isinstance(b, Figure)]


def test_the_print_model_carries_the_figure_in_the_bessoe1_part(assessment, people):
    version, ref = _with_figure(assessment, people, 1, "事務の流れ")
    model = print_model_for(assessment, version.document())
    (part,) = [p for p in model.parts if any(isinstance(b, Figure) for b in p.blocks)]
    assert part.title.startswith("(別添1)")
    (figure,) = _printed_figures(model)
    assert figure.data == sample_figure(1)
    assert figure.sha256 == ref.sha256
    assert figure.alt == "事務の流れ"
    public = print_model_for(assessment, version.document(), public=True)
    assert [f.data for f in _printed_figures(public)] == [sample_figure(1)]  # not withheld


def test_every_download_passes_the_figures(assessment, people, client, monkeypatch):
    """The PDF, the public PDF of a published save and the consultation's draft are built with
    the figure (the print model the PDF writer receives holds its bytes)."""
    from workbench.assessments import downloads

    version, _ = _with_figure(assessment, people, 1)
    seen: list[object] = []

    def capture(model):
        seen.append(model)
        return b"%PDF-1.7"

    monkeypatch.setattr(downloads, "pdf_bytes", capture)
    client.force_login(people["author"])
    response = client.get(reverse("download", args=[assessment.pk, version.number, "pdf"]))
    assert response.status_code == 200
    assert [f.data for f in _printed_figures(seen[-1])] == [sample_figure(1)]
    monkeypatch.setattr(downloads, "docx_bytes", lambda m: seen.append(m) or b"")  # the writers place
    monkeypatch.setattr(downloads, "html_text", lambda m: seen.append(m) or "")  # figures on their own
    for key in ("docx", "html"):
        client.get(reverse("download", args=[assessment.pk, version.number, key]))
        assert [f.data for f in _printed_figures(seen[-1])] == [sample_figure(1)]


def test_the_public_pdf_and_the_consultation_draft_print_the_figure(assessment, people, monkeypatch, client):
    from workbench.assessments.models import Status
    from workbench.consultation import documents
    from workbench.procedure.actions import seed_status
    from workbench.publication import views as publication_views

    version, _ = _with_figure(assessment, people, 1)
    seen: list[object] = []
    monkeypatch.setattr(documents, "pdf_bytes", lambda m: seen.append(m) or b"%PDF")
    monkeypatch.setattr(publication_views, "pdf_bytes", lambda m: seen.append(m) or b"%PDF")
    seed_status(version, Status.PUBLISHED)
    url = reverse("publication_download", args=[assessment.organization.pk, version.pk])
    assert client.get(url).status_code == 200
    assert [f.data for f in _printed_figures(seen[-1])] == [sample_figure(1)]
    assert seen[-1].public
    from datetime import date

    from workbench.consultation.models import Consultation

    consultation = Consultation.objects.create(
        version=version,
        organization=assessment.organization,
        title="意見募集",
        opens_on=date(2020, 1, 6),
        closes_on=date(2020, 2, 4),
        contact="総務課",
        created_by=people["admin"],
    )
    documents.BUILDERS["draft"](consultation)
    assert [f.data for f in _printed_figures(seen[-1])] == [sample_figure(1)]


def test_the_printed_pdf_has_an_image_on_the_bessoe1_page(assessment, people):
    import pypdfium2

    from pia.render import pdf_bytes

    version, _ = _with_figure(assessment, people, 1)
    pdf = pypdfium2.PdfDocument(pdf_bytes(print_model_for(assessment, version.document())))
    pages = [p for p in pdf if "(別添1)" in p.get_textpage().get_text_range()]
    assert pages
    assert any(list(p.get_objects(filter=[pypdfium2.raw.FPDF_PAGEOBJ_IMAGE])) for p in pages)


def test_a_missing_figure_blocks_the_steps_with_image_missing(assessment, people):
    from workbench.assessments.actions import save_version
    from workbench.assessments.models import Status
    from workbench.assessments.workflow import find_transition
    from workbench.procedure.consultations import consultation_refusals
    from workbench.procedure.steps import check_step

    document = assessment.versions.get().document()
    ghost = image_reference("ghost.png", sample_figure(2), "どこにもない図").to_data()  # never stored
    document.values[FIGURE] = [ghost]
    version = save_version(assessment, document, 1, user=people["author"])
    step = find_transition(assessment.form, "local", Status.DRAFT, Status.INTERNAL_REVIEW)
    checked = check_step(version, step)
    assert [f.code for f in checked.errors] == ["image.missing"]
    assert "ghost.png" in checked.errors[0].message
    revision = version.revision
    revision.status = Status.INTERNAL_REVIEW
    revision.save(update_fields=["status"])
    assert any("要修正の指摘が1件" in r for r in consultation_refusals(people["approver"], version))
    store_figure(assessment, SimpleUploadedFile("ghost.png", sample_figure(2)), people["author"])
    version.refresh_from_db()
    assert not check_step(version, step).errors


def test_a_figure_of_another_user_survives_a_merge(assessment, people, client):
    """Two people edit the chapter from the same save: one adds a figure, the other the text;
    the merge keeps both (a figure edit is a normal save)."""
    client.force_login(people["author"])
    _, data = _chapter(client, assessment)
    colleague = make_user("colleague", assessment.organization, "author")
    other = example("jumin-kihon-daicho-v2.yaml")
    other.values["bessoe1.body"] = "同僚が直した本文"
    from workbench.assessments.actions import save_version

    save_version(assessment, other, 1, user=colleague)
    data.update({"op": "save", f"{FIGURE}::upload": _png()})
    assert client.post(_editor_url(assessment), data).status_code == 302
    latest = assessment.versions.latest("number")
    assert latest.content["values"]["bessoe1.body"] == "同僚が直した本文"
    assert [f["file"] for f in _figures(latest)] == ["flow-1.png"]
    assert re.fullmatch(r"[0-9a-f]{64}", _figures(latest)[0]["sha256"])
