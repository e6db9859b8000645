"""「保存」 in the editor and the conflict page: merge with saves made meanwhile, never overwrite.

A save whose page was opened from an older save is merged (``merging.save_merging``): without
a conflict it is saved and the message names what the colleague changed that was kept; with
conflicts the conflict page (409) shows only the elements both changed differently, both values
side by side, and the user chooses per element. Submitting the choices (``op=resolve``) saves,
merging again if someone saved meanwhile. A database that stays locked answers 503 with the
input shown again; nothing is lost and nothing is saved half."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from pia.changes import MergeError, MergeResult
from pia.changes.elements import same_content
from pia.changes.merge import Side
from pia.document import Document
from pia.forms import Item
from workbench.assessments import merging
from workbench.assessments.access import access_version
from workbench.assessments.actions import FormatRefused
from workbench.assessments.conflicts import conflict_rows, merged_rows, posted_choices, short_list
from workbench.assessments.editor import names
from workbench.assessments.editor.session import EditorPage, section_item, template_of
from workbench.assessments.models import Assessment, Version

RESOLVE = "resolve"
BUSY = (
    "他の利用者の保存と重なって混み合っているため、保存できませんでした。あなたの入力はこの画面にそのまま"
    "残っています。少し待ってから、もう一度保存してください。"
)
STALE = (
    "この競合の画面の内容を読み取れませんでした(別の利用者・別の評価書の画面か、画面が古くなっています)。"
    "何も保存していません。最新の保存を開いて、もう一度入力してください。"
)


def save(request, assessment: Assessment, base: Version, working: Document, section: Item) -> HttpResponse:
    """「保存」 from the editor: ``working`` was edited from ``base``."""
    note = request.POST.get("note", "")
    try:
        outcome = merging.save_merging(request.user, assessment, base, working, note)
    except FormatRefused as refused:
        messages.error(request, str(refused))
        shown = EditorPage(assessment, base, working, section, True, field_errors=refused.findings)
        return show_editor(request, shown, status=422)
    except MergeError as exc:
        messages.error(
            request,
            f"他の利用者の保存と自動で統合できませんでした({exc})。あなたの入力はまだ保存していません。",
        )
        return _editor(request, assessment, base, working, section, status=409)
    if outcome.busy:
        messages.error(request, BUSY)
        return _editor(request, assessment, base, working, section, status=503)
    if outcome.result is not None and outcome.conflicts:
        page = _ConflictPage(assessment, base, working, outcome.latest, outcome.result, section, note)
        return page.render(request, status=409)
    if outcome.unchanged:
        messages.info(request, f"変更がないため保存しませんでした(最新は{outcome.latest.label}のままです)。")
        return _back(request, section)
    messages.success(request, _saved_message(assessment, base, outcome))
    return _back(request, section)


def resolve(request, assessment: Assessment) -> HttpResponse:
    """The choices of the conflict page: apply them, then save (merging again if needed)."""
    try:
        pending = merging.read_pending(request.POST.get("pending", ""), request.user, assessment)
        shown_number = int(request.POST.get("merged_with", ""))
    except (merging.PendingError, ValueError):
        messages.error(request, STALE)
        return redirect("editor", assessment.pk)
    base = access_version(request.user, assessment.pk, pending.base)
    shown = access_version(request.user, assessment.pk, shown_number)
    mine = pending.document(base.document())
    section = section_item(template_of(mine), request.POST.get("section"))
    note = request.POST.get("note", "")
    choices = posted_choices(request.POST)
    result = merging.resolve(base, shown, mine, choices)
    page = _ConflictPage(assessment, base, mine, shown, result, section, note, choices)
    if page.missing:
        messages.error(request, f"{len(page.missing)}項目で、残す内容が選ばれていません(まだ保存していません)。")
        return page.render(request, status=422)
    if same_content(shown.document(), result.document):
        messages.info(request, f"選んだ内容は{shown.label}と同じため、保存していません。")
        return _back(request, section)
    outcome = merging.save_merging(request.user, assessment, shown, result.document, note)
    if outcome.busy:
        messages.error(request, BUSY)
        return page.render(request, status=503)
    if outcome.result is not None and outcome.conflicts:
        again = _ConflictPage(assessment, shown, result.document, outcome.latest, outcome.result, section, note)
        return again.render(request, status=409)
    messages.success(request, _resolved_message(assessment, shown, result, choices, outcome))
    return _back(request, section)


class _ConflictPage:
    """The conflicts of ``merge(base, latest, mine)`` with the choices made so far."""

    def __init__(
        self,
        assessment: Assessment,
        base: Version,
        mine: Document,
        latest: Version,
        result: MergeResult,
        section: Item,
        note: str,
        choices: dict[str, Side] | None = None,
    ) -> None:
        self.assessment, self.base, self.mine, self.latest = assessment, base, mine, latest
        self.result, self.section, self.note, self.choices = result, section, note, choices or {}
        self.missing = (
            {c.path for c in result.conflicts if c.path not in self.choices} if choices is not None else set()
        )

    def render(self, request, status: int) -> HttpResponse:
        versions = merging.versions_between(self.assessment, self.base, self.latest)
        rows = conflict_rows(self.result, self.choices, self.missing)
        context = {
            "assessment": self.assessment,
            "section": self.section,
            "base": self.base,
            "latest": self.latest,
            "names": _names(versions),
            "span": _span(versions),
            "rows": rows,
            "missing": [row for row in rows if row.missing],
            "theirs_merged": merged_rows(self.result, "theirs"),
            "mine_merged": merged_rows(self.result, "mine"),
            "token": merging.pending_token(request.user, self.assessment, self.base, self.mine),
            "note": self.note,
            "resolve_op": RESOLVE,
            "editor_url": reverse("editor", args=[self.assessment.pk]) + f"?section={self.section.id}",
        }
        return render(request, "assessments/conflict.html", context, status=status)


def _saved_message(assessment: Assessment, base: Version, outcome: merging.Outcome) -> str:
    version = outcome.version
    if outcome.result is None and version is not None:
        return f"{version.revision.kind_label}を保存しました({version.label})。"
    assert outcome.result is not None
    names, span, taken = _colleagues(assessment, base, outcome.latest, outcome.result)
    if version is None:
        return (
            f"編集中に{names}が保存しており({span})、あなたの変更はすべてその保存に含まれていたため、保存していません。"
        )
    if not taken:
        return (
            f"編集中に{names}が保存していましたが({span})、あなたの変更と同じ内容だったため、"
            f"そのまま統合して保存しました({version.label})。"
        )
    return f"編集中に{names}が保存していたため({span})、その変更({taken})と統合して保存しました({version.label})。"


def _resolved_message(
    assessment: Assessment, shown: Version, result: MergeResult, choices: dict[str, Side], outcome: merging.Outcome
) -> str:
    mine = sum(1 for c in result.conflicts if choices.get(c.path) == "mine")
    chosen = f"(競合した項目:自分の入力 {mine}項目、相手の保存した内容 {len(result.conflicts) - mine}項目)"
    if outcome.version is None:
        return f"選んだ内容は、その後の保存にすべて含まれていたため、保存していません{chosen}。"
    text = f"選んだ内容で、{shown.label}と統合して保存しました({outcome.version.label}){chosen}。"
    if outcome.result is not None:
        names, span, taken = _colleagues(assessment, shown, outcome.latest, outcome.result)
        text += f"その間に{names}が保存していたため({span})、その変更({taken or '同じ内容'})とも統合しました。"
    return text


def _colleagues(assessment: Assessment, base: Version, latest: Version, result: MergeResult) -> tuple[str, str, str]:
    """Who saved after ``base``, which saves, and what of theirs the merge kept."""
    versions = merging.versions_between(assessment, base, latest)
    return _names(versions), _span(versions), short_list([m.label for m in result.taken_from("theirs")])


def _names(versions: list[Version]) -> str:
    people = dict.fromkeys(v.author.get_username() for v in versions)
    return "、".join(f"{name}さん" for name in people) or "他の利用者"


def _span(versions: list[Version]) -> str:
    if not versions:
        return "新しい保存"
    first, last = versions[0].number, versions[-1].number
    return f"第{first}回保存" if first == last else f"第{first}～{last}回保存"


def _editor(request, assessment: Assessment, base: Version, working: Document, section: Item, status: int):
    return show_editor(request, EditorPage(assessment, base, working, section, True), status=status)


def show_editor(request, page: EditorPage, status: int = 200) -> HttpResponse:
    """The editor page. One built for a POST shows what was posted, not a stored save (a stored save
    redirects): it is marked unsaved, and the page's script asks before the user leaves it."""
    context = {**page.context(), "unsaved": request.method == "POST"}
    return render(request, "assessments/editor.html", context, status=status)


def _back(request, section: Item) -> HttpResponse:
    """The page after 「保存」, at the place the user worked: the field that had focus last (the
    page's script posts it as ``return_to``) or, without JavaScript, the section (ADR 0011)."""
    place = names.clean_anchor(request.POST.get(names.RETURN_TO)) or names.anchor(section.id)
    return redirect(f"{request.path}?section={section.id}#{place}")


__all__ = ["RESOLVE", "resolve", "save"]
