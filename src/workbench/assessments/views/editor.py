"""The 評価書 editor: one top-level section per page, generated from the form data.

GET shows the latest save. POST applies the inputs to the save the page was opened from; repeat
operations, 「表示を更新」 and (in the 変更箇所 section) 「公表中の版との差分から変更箇所を追加」
re-render without saving; 「保存」 makes a new save of the 改訂案, merged with any save made meanwhile
(``views/saving.py``: the conflict page lets the user choose where both changed the same element).
Both come back where the user worked (``return_to``, the element an operation acted on; ADR 0011)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

from pia.document import Document, PathError
from pia.findings import Finding
from workbench.assessments.access import access_assessment, access_version, latest_version_of
from workbench.assessments.editor import figures, fill, names
from workbench.assessments.editor.parse import EditorOpError, apply_op, apply_post
from workbench.assessments.editor.session import EditorPage, section_item, template_of
from workbench.assessments.views import saving
from workbench.organizations.access import EDITOR_ROLES, has_role

UNSAVED = "まだ保存されていません。内容を確認して「保存」を押すと、新しい版として保存されます。"


@login_required
def editor(request, pk: int):
    assessment = access_assessment(request.user, pk)
    editable = has_role(request.user, assessment.organization, EDITOR_ROLES)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied("評価書を編集する権限がありません。")
        if request.POST.get("op") == saving.RESOLVE:
            return saving.resolve(request, assessment)
        return _post(request, assessment)
    base = latest_version_of(assessment)
    document = base.document()
    section = section_item(template_of(document), request.GET.get("section"))
    return _show(request, EditorPage(assessment, base, document, section, editable))


def _post(request, assessment):
    try:
        base = access_version(request.user, assessment.pk, int(request.POST.get("base_version", "")))
    except ValueError:
        raise Http404("元の版が指定されていません") from None
    document = base.document()
    section = section_item(template_of(document), request.POST.get("section"))
    template = template_of(document)
    refused: list[Finding] = []
    working = apply_post(document, template, section, request.POST, refused)
    refused += figures.foreign_figures(assessment, document, working, template, section)
    if refused:
        return _refused(request, EditorPage(assessment, base, working, section, True, field_errors=refused))
    added = figures.take_uploads(
        assessment, working, template, section, dict(request.FILES.lists()), request.POST, request.user
    )
    if added.refused:  # the page comes back at the file input, to choose the file again
        place = names.anchor(added.refused[0].path) + "-in"
        page = EditorPage(assessment, base, working, section, True, field_errors=added.refused, return_to=place)
        return _refused_figure(request, page)
    op = request.POST.get("op", "save")
    if op == "save":
        return _save(request, assessment, base, working, section)
    place = names.clean_anchor(request.POST.get(names.RETURN_TO))  # 表示を更新: the field last focused
    if op == fill.OP:
        working = _fill_changes(request, base, working, section)
        place = names.anchor(section.id)
    elif op != "refresh":
        try:
            shown = apply_op(working, template_of(working), op)
        except (EditorOpError, PathError, KeyError) as exc:
            messages.error(request, f"操作できませんでした:{exc}")
        else:
            place = names.anchor(shown) if shown else place  # the moved or added element, the repeat
    if added.count:
        messages.success(request, f"図を{added.count}枚追加しました。")
        place = added.place  # the caption of the first figure added
    messages.info(request, UNSAVED)
    return _show(request, EditorPage(assessment, base, working, section, True, return_to=place))


def _refused(request, page: EditorPage):
    """A posted order of a repeat broke the element-id rules (too many elements, a bad or repeated
    id: a forged or broken page). Nothing is saved and nothing is built from that order: the stored
    elements are shown with the values typed into them, and the reason at the repeat."""
    reason = page.field_errors[0].message
    messages.error(request, f"送信された内容を受け付けられませんでした(まだ保存していません)。{reason}")
    return _show(request, page, status=422)


def _refused_figure(request, page: EditorPage):
    """A posted file was refused (not a PNG or JPEG, too large, too many): nothing is saved, every
    other input is shown as typed (figures accepted in the same post included), with the reason
    at the image item. The file input cannot be refilled by the page: the user chooses it again."""
    reasons = "".join(f.message for f in page.field_errors[:3])
    messages.error(request, f"図を追加できませんでした(まだ保存していません)。{reasons}")
    return _show(request, page, status=422)


def _fill_changes(request, base, working: Document, section) -> Document:
    """The (別添3) rows missing against the 公表版, added unsaved (nothing is stored)."""
    if not fill.is_change_table(template_of(working), section):
        messages.error(request, "変更箇所の追加は、変更箇所の表の画面で行ってください。")
        return working
    result = fill.fill_from_published(base, working)
    if not result.ok:
        messages.error(request, result.message)
    elif result.rows:
        messages.success(request, result.message)
    else:
        messages.info(request, result.message)
    return result.document


def _save(request, assessment, base, working: Document, section):
    return saving.save(request, assessment, base, working, section)


def _show(request, page: EditorPage, status: int = 200):
    return saving.show_editor(request, page, status=status)
