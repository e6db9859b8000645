"""The 評価書 editor: one top-level section per page, generated from the form data.

GET shows the latest version. POST applies the inputs to the version the page was opened
from; repeat operations, 「表示を更新」 and (in the 変更箇所 section) 「前の版との差分から変更箇所を
追加」 re-render without saving; 「保存」 creates a new
version unless another version was saved meanwhile (then the conflict page keeps both).
Both come back where the user worked (``return_to``, the element an operation acted on; ADR 0011)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render

from pia.document import Document, PathError
from workbench.assessments import actions
from workbench.assessments.access import access_assessment, access_version, latest_version_of
from workbench.assessments.conflicts import conflict_rows
from workbench.assessments.editor import fill, names
from workbench.assessments.editor.parse import EditorOpError, apply_op, apply_post
from workbench.assessments.editor.session import EditorPage, posted_errors, section_item, template_of
from workbench.organizations.access import EDITOR_ROLES, has_role

UNSAVED = "まだ保存されていません。内容を確認して「保存」を押すと、新しい版として保存されます。"


@login_required
def editor(request, pk: int):
    assessment = access_assessment(request.user, pk)
    editable = has_role(request.user, assessment.organization, EDITOR_ROLES)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied("評価書を編集する権限がありません。")
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
    working = apply_post(document, template_of(document), section, request.POST)
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
    messages.info(request, UNSAVED)
    return _show(request, EditorPage(assessment, base, working, section, True, return_to=place))


def _fill_changes(request, base, working: Document, section) -> Document:
    """The (別添3) rows missing against the parent version, added unsaved (nothing is stored)."""
    if not fill.is_change_table(template_of(working), section):
        messages.error(request, "変更箇所の追加は、変更箇所の表の画面で行ってください。")
        return working
    result = fill.fill_from_parent(base, working)
    if not result.ok:
        messages.error(request, result.message)
    elif result.rows:
        messages.success(request, result.message)
    else:
        messages.info(request, result.message)
    return result.document


def _save(request, assessment, base, working: Document, section):
    page = EditorPage(assessment, base, working, section, True)
    errors = posted_errors(working, section, page.template)
    if errors:
        page.field_errors = errors
        messages.error(
            request,
            f"入力内容に{len(errors)}件の誤りがあります。該当欄の説明に従って直してください(まだ保存していません)。",
        )
        return _show(request, page, status=422)
    try:
        version = actions.save_version(request.user, assessment, working, base.number, request.POST.get("note", ""))
    except actions.ConflictError as conflict:
        return _conflict(request, assessment, working, conflict.latest, section)
    messages.success(request, f"第{version.number}版として保存しました。")
    return redirect(_saved_url(request, section))


def _saved_url(request, section) -> str:
    """The page after 「保存」, at the place the user worked: the field that had focus last (the
    page's script posts it) or, without JavaScript, the section."""
    place = names.clean_anchor(request.POST.get(names.RETURN_TO)) or names.anchor(section.id)
    return f"{request.path}?section={section.id}#{place}"


def _conflict(request, assessment, ours: Document, latest, section):
    """Both texts are kept: theirs is the latest version; ours is re-applied on top of it
    in the form below, so saving again keeps their other changes and our inputs."""
    theirs = latest.document()
    merged = apply_post(theirs, template_of(theirs), section, request.POST)
    context = EditorPage(assessment, latest, merged, section, True).context()
    context["conflict"] = {"latest": latest, "rows": conflict_rows(theirs, ours, section)}
    messages.warning(
        request,
        f"編集中に他の利用者が第{latest.number}版を保存しました。あなたの入力はまだ保存していません。"
        "下の比較を確認し、必要なら修正して、もう一度「保存」を押してください。",
    )
    return render(request, "assessments/editor.html", context, status=409)


def _show(request, page: EditorPage, status: int = 200):
    return render(request, "assessments/editor.html", page.context(), status=status)
