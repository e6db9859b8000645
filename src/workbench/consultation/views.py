"""Staff pages of the 意見募集: open one on a version, read and answer the comments, mask
phrases, export CSV/XLSX, publish the results and purge personal data (管理者, after retention)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from pia.errors import PiaError
from pia.forms import item_label
from pia.render.errors import RenderError
from pia.render.results import Column, TableSheet, table_xlsx_bytes
from pia.render.spreadsheet import csv_text
from workbench import clock
from workbench.assessments.access import access_version, latest_saves
from workbench.assessments.downloads import DOCX, XLSX
from workbench.assessments.sections import version_item_choices
from workbench.assessments.workflow import CONSULTATION_ROLES
from workbench.concurrency import ConflictRow, StaleEditError, conflict_rows, fingerprint
from workbench.consultation import actions
from workbench.consultation.access import (
    access_comment,
    access_consultation,
    consultations_for,
    sees_personal_data,
)
from workbench.consultation.contact import asked_fields
from workbench.consultation.contact import editable as contact_editable
from workbench.consultation.documents import SummaryTexts, pdf_for, summary_docx, summary_texts
from workbench.consultation.forms import (
    AnswerForm,
    ChangesForm,
    ContactForm,
    ExtendForm,
    PaperCommentForm,
    PartForm,
    ScheduleForm,
    SummaryForm,
)
from workbench.consultation.models import Consultation, ConsultationState
from workbench.consultation.public_views import period_text
from workbench.consultation.summary_texts import rows_of
from workbench.feedback import flash_errors
from workbench.organizations.access import EDITOR_ROLES, has_role
from workbench.organizations.models import Role
from workbench.responses import attachment, safe_name


@login_required
def consultation_list(request):
    rows = [{"c": c, "period": period_text(c), "state": c.state().label} for c in consultations_for(request.user)]
    return render(
        request, "consultation/list.html", {"rows": rows, "candidates": consultation_candidates(request.user)}
    )


def consultation_candidates(user) -> list[dict[str, Any]]:
    """The latest save of each 改訂案 the user may open a 意見募集 on (管理者・承認者)."""
    return [row for row in latest_saves(user, CONSULTATION_ROLES) if not row["version"].revision.is_published]


@login_required
def consultation_staff(request, pk: int):
    consultation = access_consultation(request.user, pk)
    choices = version_item_choices(consultation.version)
    comments = [{"comment": c, "item": item_label(choices, c.item_key)} for c in consultation.comments.all()]
    org = consultation.organization
    state, editor = consultation.state(), has_role(request.user, org, EDITOR_ROLES)
    context = {
        "c": consultation,
        "period": period_text(consultation),
        "state": state.label,
        "comments": comments,
        "personal": sees_personal_data(request.user, consultation),
        "editor": editor,
        "can_extend": editor and state != ConsultationState.ENDED,
        "can_publish_results": editor and not consultation.results_published_at and state == ConsultationState.ENDED,
        "admin": has_role(request.user, org, (Role.ADMIN,)),
        "purge_from": actions.purge_allowed_from(consultation),
        "extend_form": ExtendForm(initial={"closes_on": consultation.closes_on}),
        "asked": asked_fields(consultation),
        "contact_editable": contact_editable(consultation),
    }
    return render(request, "consultation/staff.html", context)


@require_POST
@login_required
def extend(request, pk: int):
    consultation = access_consultation(request.user, pk)
    form = ExtendForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
        return redirect("consultation_staff", pk)
    try:
        actions.extend_period(consultation, **form.cleaned_data, user=request.user)
    except actions.ConsultationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"募集期間を{period_text(consultation)}に延長しました。")
        if consultation.schedule_rows:  # rows written freely do not follow the period
            messages.warning(
                request,
                "概要版の日程は編集した行のまま印刷されます。時期を新しい期間に合わせて直すか、"
                "「自動作成の文に戻す」で期間から作り直してください。",
            )
    return redirect("consultation_staff", pk)


@require_POST
@login_required
def proceed(request, pk: int):
    """Record why the 改訂案 goes on without a new 意見募集 despite later 重要な変更."""
    consultation = access_consultation(request.user, pk)
    assessment = consultation.version.assessment
    try:
        version = access_version(request.user, assessment.pk, int(request.POST.get("version", "")))
    except ValueError:
        messages.error(request, "対象の保存が指定されていません。")
        return redirect("assessment_detail", assessment.pk)
    try:
        actions.record_proceed_reason(consultation, version, request.POST.get("reason", ""), user=request.user)
    except actions.ConsultationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"意見募集をやり直さずに進める理由を記録しました({version.label}の時点)。")
    return redirect("assessment_detail", assessment.pk)


@login_required
def register_paper(request, pk: int):
    """Staff enter a comment that came by post, fax, e-mail or to the counter (same fields as the
    public form, plus how and when it arrived); it gets a 受付番号 and counts in the results."""
    consultation = access_consultation(request.user, pk)
    if not sees_personal_data(request.user, consultation):
        raise PermissionDenied("郵送等の意見を登録する権限がありません。")
    choices = version_item_choices(consultation.version)
    status = 200
    if request.method == "POST":
        form = PaperCommentForm(request.POST, choices=choices, consultation=consultation)
        if form.is_valid():
            data = form.cleaned_data
            submission = actions.Submission(**{name: data.get(name, "") for name in actions.SUBMISSION_FIELDS})
            try:
                comment = actions.register_comment(
                    consultation,
                    submission,
                    channel=data["channel"],
                    received_on=data["received_on"],
                    user=request.user,
                )
            except actions.ConsultationError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"受付番号 {comment.receipt} として登録しました。")
                return redirect("consultation_staff", pk)
        status = 422
    else:
        form = PaperCommentForm(choices=choices, consultation=consultation)
    return render(request, "consultation/paper.html", {"c": consultation, "form": form}, status=status)


SUMMARY_LABELS = {"purpose": "目的", "badge": "見出しの表示", "header_note": "欄外の注記"}
PART_FORMS: dict[str, type[PartForm]] = {"changes": ChangesForm, "contact": ContactForm}


@login_required
def edit_summary(request, pk: int):
    """The 概要版 inputs (目的, 見出しの表示, 欄外の注記) and, below, its reworded parts (主な修正箇所,
    日程, 問合せ先, each posted to ``edit_summary_part``): editors change them; everyone sees them.
    A form older than a colleague's save is refused with both texts shown (409), the input kept."""
    consultation = access_consultation(request.user, pk)
    editor = has_role(request.user, consultation.organization, EDITOR_ROLES)
    status, seen = 200, fingerprint(actions.summary_values(consultation))
    conflict: dict[str, Any] | None = None
    if request.method == "POST":
        if not editor:
            raise PermissionDenied("概要版を編集する権限がありません。")
        form = SummaryForm(request.POST)
        status = 422
        if form.is_valid():
            try:
                actions.update_summary(
                    consultation, **form.cleaned_data, seen=request.POST.get("seen"), user=request.user
                )
            except actions.ConsultationError as exc:
                form.add_error(None, str(exc))
            except StaleEditError as stale:
                consultation.refresh_from_db()
                conflict = {"rows": conflict_rows(SUMMARY_LABELS, stale.current, stale.attempted)}
                status, seen = 409, fingerprint(stale.current)
            else:
                messages.success(request, "概要版の内容を保存しました。次のダウンロードから反映されます。")
                return redirect("consultation_staff", consultation.pk)
    else:
        form = SummaryForm(initial=actions.summary_values(consultation))
    return _summary_page(request, consultation, {"form": form, "stale": conflict, "seen": seen}, status)


def _part_forms(texts: SummaryTexts | None) -> dict[str, PartForm]:
    if texts is None:
        return {}
    return {
        "changes": ChangesForm(initial={"changes_intro": texts.changes_intro}),
        "schedule": ScheduleForm.initial_for(texts.schedule),
        "contact": ContactForm(initial={"contact": texts.contact}),
    }


def _summary_page(request, consultation: Consultation, context: dict[str, Any], status: int, bound: str = ""):
    """The edit page: the inputs' form and one form per reworded part (``bound``: the part whose
    posted form ``context["part_form"]`` is shown instead of a fresh one)."""
    try:
        texts: SummaryTexts | None = summary_texts(consultation)
        problem = ""
    except PiaError as exc:
        texts, problem = None, f"概要版を作成できないため、主な修正箇所・日程・問合せ先は編集できません:{exc}"
    part_forms = _part_forms(texts)
    if bound and texts is not None:
        part_forms[bound] = context["part_form"]
    parts = []
    for name, part_form in part_forms.items():
        seen = context["part_seen"] if name == bound else fingerprint(actions.part_values(consultation, name))
        parts.append(
            {
                "name": name,
                "label": actions.PART_LABELS[name],
                "form": part_form,
                "seen": seen,
                "edited": any(actions.part_values(consultation, name).values()),
                "stale": context.get("part_stale") if name == bound else None,
            }
        )
    editor = has_role(request.user, consultation.organization, EDITOR_ROLES)
    defaults: dict[str, Any] = {"form": SummaryForm(initial=actions.summary_values(consultation)), "stale": None}
    defaults["seen"] = fingerprint(actions.summary_values(consultation))
    page = {**defaults, **context, "c": consultation, "editor": editor, "texts": texts, "problem": problem}
    return render(request, "consultation/summary.html", {**page, "parts": parts}, status=status)


def _posted_part_form(part: str, data) -> PartForm:
    if part == "schedule":
        rows = int(data["rows"]) if str(data.get("rows", "")).isdecimal() else 1
        return ScheduleForm(data, rows=rows + (1 if "add_row" in data else 0))
    return PART_FORMS[part](data)


def _shown_part(part: str, values: dict[str, Any]) -> dict[str, str]:
    """A part's values as people read them (the schedule as 「時期:内容」 lines)."""
    if part != "schedule":
        return {name: str(value) for name, value in values.items()}
    rows = rows_of(values.get("schedule_rows") or [])
    texts = values.get("schedule_texts") or {}
    shown = "\n".join(f"{r.when}:{'/'.join(r.content)}" for r in rows) or "(自動作成の行)"
    if texts:
        shown += "\n" + "\n".join(f"内容「{text}」" for text in texts.values())
    return {"schedule": shown}


@require_POST
@login_required
def edit_summary_part(request, pk: int, part: str):
    """Save one reworded part of the 概要版 (主な修正箇所, 日程, 問合せ先), or reset it to the generated
    text (「自動作成の文に戻す」). Bad input: 422 with the Japanese message, the input kept."""
    consultation = access_consultation(request.user, pk)
    if part not in actions.SUMMARY_PARTS:
        raise Http404("この部分は編集できません")
    if not has_role(request.user, consultation.organization, EDITOR_ROLES):
        raise PermissionDenied("概要版を編集する権限がありません。")
    form = _posted_part_form(part, request.POST)
    seen = request.POST.get("seen")
    context: dict[str, Any] = {"part_form": form, "part_seen": seen or ""}
    reset = "reset" in request.POST
    if "add_row" in request.POST:  # one more blank row; nothing saved yet
        return _summary_page(request, consultation, context, 200, bound=part)
    if not reset and not form.is_valid():
        return _summary_page(request, consultation, context, 422, bound=part)
    try:
        changed = actions.update_summary_part(
            consultation, part, None if reset else form.value(), seen=seen, user=request.user
        )
    except actions.ConsultationError as exc:
        form.add_error(None, str(exc))
        return _summary_page(request, consultation, context, 422, bound=part)
    except StaleEditError as stale:
        consultation.refresh_from_db()
        labels = {"schedule": "日程"} if part == "schedule" else dict.fromkeys(stale.current, actions.PART_LABELS[part])
        rows = conflict_rows(labels, _shown_part(part, stale.current), _shown_part(part, stale.attempted))
        context.update(part_stale={"rows": rows}, part_seen=fingerprint(stale.current))
        return _summary_page(request, consultation, context, 409, bound=part)
    except PiaError as exc:
        form.add_error(None, f"概要版を作成できませんでした:{exc}")
        return _summary_page(request, consultation, context, 422, bound=part)
    label = actions.PART_LABELS[part]
    if reset:
        messages.success(request, f"概要版の「{label}」を自動作成の文に戻しました。")
    elif changed:
        messages.success(request, f"概要版の「{label}」を保存しました。次のダウンロードから反映されます。")
    else:
        messages.info(request, f"概要版の「{label}」に変更はありません。")
    return redirect(reverse("consultation_summary", args=[consultation.pk]) + f"#part-{part}")


SUMMARY_FORMATS = {"pdf": "application/pdf", "docx": DOCX}


@login_required
def summary_download(request, pk: int, ext: str):
    """The 概要版 for staff, before and during the period: PDF (cached, as public) or Word to edit."""
    consultation = access_consultation(request.user, pk)
    if ext not in SUMMARY_FORMATS:
        raise Http404("この形式では出力できません")
    try:
        data = pdf_for(consultation, "summary") if ext == "pdf" else summary_docx(consultation)
    except PiaError as exc:
        messages.error(request, f"概要版を作成できませんでした:{exc}")
        return redirect("consultation_staff", pk)
    actions.record_export(consultation, f"summary-{ext}", user=request.user)
    return attachment(data, f"{safe_name(consultation.title)}_概要版.{ext}", SUMMARY_FORMATS[ext])


@login_required
def comment_detail(request, pk: int, comment_pk: int):
    comment = access_comment(request.user, pk, comment_pk)
    consultation = comment.consultation
    choices = version_item_choices(consultation.version)
    editor = has_role(request.user, consultation.organization, EDITOR_ROLES)
    status, seen = 200, fingerprint(actions.comment_values(comment))
    conflict: dict[str, Any] | None = None
    if request.method == "POST" and editor:
        form = AnswerForm(request.POST, choices=choices, answer_label=consultation.organization.answer_label)
        status = 422
        if form.is_valid():
            try:
                actions.update_comment(comment, **form.cleaned_data, seen=request.POST.get("seen"), user=request.user)
            except actions.ConsultationError as exc:
                form.add_error("masks", str(exc))
            except StaleEditError as stale:
                comment.refresh_from_db()
                conflict = {"rows": _answer_conflict(comment, choices, stale.current, stale.attempted)}
                status, seen = 409, fingerprint(stale.current)
            else:
                messages.success(request, f"受付番号 {comment.receipt} の整理を保存しました。")
                return redirect("consultation_staff", consultation.pk)
    else:
        initial = {
            "tag": comment.item_key,
            "answer": comment.answer,
            "draft_changed": comment.draft_changed,
            "masks": "\n".join(comment.masks),
        }
        form = AnswerForm(initial=initial, choices=choices, answer_label=consultation.organization.answer_label)
    context = {
        "c": consultation,
        "comment": comment,
        "item": item_label(choices, comment.item),
        "form": form,
        "editor": editor,
        "personal": sees_personal_data(request.user, consultation),
        "stale": conflict,
        "seen": seen,
    }
    return render(request, "consultation/comment.html", context, status=status)


def _answer_conflict(comment, choices, theirs: dict[str, Any], posted: dict[str, Any]) -> list[ConflictRow]:
    """What the colleague saved against what this user typed, as people read them."""
    labels = {
        "tag": "該当箇所(整理)",
        "answer": comment.consultation.organization.answer_label,
        "draft_changed": "案を修正した",
        "masks": "公表時に伏せる語句",
    }
    stored = {**theirs, "tag": item_label(choices, theirs["tag"] or comment.item)}
    mine = {**posted, "tag": item_label(choices, posted["tag"] or comment.item)}
    return conflict_rows(labels, stored, mine)


def export_columns(consultation: Consultation) -> tuple[Column, ...]:
    return (
        Column("受付番号", 12),
        Column("受付日時", 17),
        Column("該当箇所", 28),
        Column("意見(伏字後)", 60),
        Column(consultation.organization.answer_label, 60),
        Column("案の修正", 9, "center"),
        Column("提出方法", 14),
    )


PERSONAL_COLUMNS = (Column("氏名/団体名", 20), Column("住所", 30), Column("電話番号", 15), Column("メールアドレス", 28))


def export_table(consultation: Consultation, personal: bool) -> tuple[tuple[Column, ...], list[list[str]]]:
    """The columns and rows of the staff export (CSV and XLSX); submitters only when ``personal``."""
    choices = version_item_choices(consultation.version)
    rows = []
    for c in consultation.comments.all():
        row = [
            c.receipt,
            c.received_on.isoformat() if c.received_on else clock.local(c.submitted_at).strftime("%Y-%m-%d %H:%M"),
            item_label(choices, c.item_key),
            c.masked_body(),
            c.answer,
            "有" if c.draft_changed else "無",
            c.get_channel_display(),
        ]
        rows.append(row + ([c.submitter, c.address, c.phone, c.email] if personal else []))
    return export_columns(consultation) + (PERSONAL_COLUMNS if personal else ()), rows


@login_required
def export_csv(request, pk: int):
    consultation = access_consultation(request.user, pk)
    personal = sees_personal_data(request.user, consultation)
    columns, rows = export_table(consultation, personal)
    actions.record_export(consultation, "comments-csv", personal_data=personal, user=request.user)
    text = csv_text([[c.label for c in columns], *rows])  # formula-like fields marked as text
    return attachment("\ufeff" + text, f"{safe_name(consultation.title)}_意見一覧.csv", "text/csv; charset=utf-8")


@login_required
def export_xlsx(request, pk: int):
    """The same columns as the CSV (personal data only for 管理者・作成者・承認者), as Excel."""
    consultation = access_consultation(request.user, pk)
    personal = sees_personal_data(request.user, consultation)
    columns, rows = export_table(consultation, personal)
    try:
        data = table_xlsx_bytes(TableSheet("意見一覧", columns, rows))
    except RenderError as exc:
        messages.error(request, f"Excelファイルを作成できませんでした:{exc}")
        return redirect("consultation_staff", pk)
    actions.record_export(consultation, "comments-xlsx", personal_data=personal, user=request.user)
    return attachment(data, f"{safe_name(consultation.title)}_意見一覧.xlsx", XLSX)


@login_required
def publish(request, pk: int):
    """GET: the check before publishing (what looks like personal data in the texts to be
    published, per comment, with 「選んだ語句を伏せる」); POST: publish, refused with the same page
    (409) while hits remain that were not acknowledged."""
    consultation = access_consultation(request.user, pk)
    if not has_role(request.user, consultation.organization, EDITOR_ROLES):
        raise PermissionDenied("結果を公表する権限がありません。")
    if request.method != "POST":
        return _publish_page(request, consultation)
    try:
        actions.publish_results(consultation, acknowledged=request.POST.get("acknowledged") == "1", user=request.user)
    except actions.PersonalDataWarning as warning:
        messages.error(request, str(warning))
        return _publish_page(request, consultation, status=409)
    except actions.ConsultationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"「{consultation.organization.results_title}」を公表しました。")
    return redirect("consultation_staff", pk)


def _publish_page(request, consultation: Consultation, status: int = 200):
    warnings = actions.personal_data_warnings(consultation)
    context = {"c": consultation, "warnings": warnings, "hits": sum(len(w.hits) for w in warnings)}
    return render(request, "consultation/publish.html", context, status=status)


@require_POST
@login_required
def mask_found(request, pk: int):
    """「選んだ語句を伏せる」: the ticked hits of the publication check become masks (audited)."""
    consultation = access_consultation(request.user, pk)
    phrases: dict[int, list[str]] = {}
    for value in request.POST.getlist("mask"):
        comment_pk, _, phrase = value.partition("|")
        if comment_pk.isdecimal() and phrase:
            phrases.setdefault(int(comment_pk), []).append(phrase)
    added = actions.mask_phrases(consultation, phrases, user=request.user)
    if added:
        messages.success(request, f"{added}件の語句を伏せました。公表される文章では「＊＊＊」になります。")
    else:
        messages.info(request, "伏せる語句が選ばれていません。")
    return redirect("consultation_publish", pk)


@require_POST
@login_required
def purge(request, pk: int):
    consultation = access_consultation(request.user, pk)
    try:
        count = actions.purge_personal_data(consultation, user=request.user)
    except actions.ConsultationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{count}件の意見から提出者の個人情報を消去しました。")
    return redirect("consultation_staff", pk)
