"""Every write of the 意見募集: permission check, one transaction, one audit event.
A public submission has no user; its audit event names no personal data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID, uuid4

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from pia.rules.comment_period import CommentPeriod, comment_period
from pia.summary import SummaryInputError, read_summary_input
from pia.wareki import format_wareki
from workbench import clock
from workbench.acting import action
from workbench.assessments.models import Version
from workbench.assessments.workflow import CONSULTATION_ROLES
from workbench.audit.actions import record
from workbench.concurrency import before_after, check_fresh
from workbench.consultation.documents import SummaryTexts, summary_texts
from workbench.consultation.mail import MailResult
from workbench.consultation.models import MASK, Channel, Comment, Consultation
from workbench.consultation.personal_data import Hit, find_personal_data
from workbench.consultation.summary_texts import (
    CHANGES_MAX,
    CONTACT_MAX,
    CONTENT_MAX,
    ROWS_MAX,
    WHEN_MAX,
    Row,
    rows_data,
    texts_of,
)
from workbench.organizations.access import EDITOR_ROLES, require_role
from workbench.organizations.models import Role

PERSONAL_DATA_ROLES = (Role.ADMIN, Role.AUTHOR, Role.APPROVER)


class ConsultationError(ValueError):
    """A request the rules refuse (Japanese message)."""


def posted_text(value: str) -> str:
    """Posted text with the browser's CRLF as LF (the 目的's paragraphs are split at blank lines)."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def check_summary(purpose: str, badge: str, header_note: str) -> None:
    if not purpose:
        raise ConsultationError("「目的」を入力してください。概要版の「1. 目的」に載ります。")
    if "\n" in badge or "\n" in header_note:
        raise ConsultationError("「見出しの表示」と「欄外の注記」は1行で入力してください。")


def check_period(opens_on: date, closes_on: date, short_reason: str, past_record: bool) -> CommentPeriod:
    """The period's length against the rules' minimum (the core's rule, ``pia.rules.comment_period``);
    ConsultationError for a period that cannot be."""
    if closes_on < opens_on:
        raise ConsultationError("終了日が開始日より前になっています。")
    today = clock.today()
    if past_record and closes_on >= today:
        raise ConsultationError(
            f"「過去に実施した意見募集として記録する」は、終了日が昨日({format_wareki(today - timedelta(days=1))})"
            "以前の意見募集だけに使えます。これから行う意見募集は、チェックを外して登録してください。"
        )
    if not past_record and opens_on < today:
        raise ConsultationError(
            f"「開始日」({format_wareki(opens_on)})が過去の日付です。意見募集は今日({format_wareki(today)})以降に"
            "始めてください。すでに実施した意見募集を記録する場合は、「過去に実施した意見募集として記録する」を"
            "選んでください(公開ページには表示されません)。"
        )
    period = comment_period(opens_on, closes_on)
    if period.needs_reason(short_reason):
        raise ConsultationError(
            f"意見募集の期間が{period.days}日です。原則{period.minimum}日以上です。短縮する場合は特段の理由を記入してください。"
        )
    return period


SUBMISSION_FIELDS = ("name", "address", "phone", "email", "item", "body")


@dataclass(frozen=True)
class Submission:
    name: str
    address: str
    phone: str
    email: str
    item: str
    body: str
    submission: UUID | None = None  # the confirmation page's 送信ID


@action
def submit_comment(consultation: Consultation, submission: Submission) -> tuple[Comment, bool]:
    """Store a comment and give it a 受付番号; committed before the caller shows the receipt.
    Idempotent per 送信ID: the same confirmation page sent again returns the stored comment
    and ``False`` (nothing new is written)."""
    if not consultation.is_open():
        raise ConsultationError("意見募集の期間外です。")
    earlier = _sent_before(consultation, submission.submission)
    if earlier is not None:
        return earlier, False
    try:
        return _store(consultation, submission), True
    except IntegrityError:  # the same page sent twice at once: the other request stored it
        earlier = _sent_before(consultation, submission.submission)
        if earlier is None:
            raise
        return earlier, False


@action
def register_comment(
    consultation: Consultation, submission: Submission, *, user: User, channel: str, received_on: date
) -> Comment:
    """A comment that came by post, fax, e-mail or to the counter, entered by staff: it gets a
    受付番号 like any other and counts in the results. It must have arrived within the period
    (郵送: postmarked by the last day), and the results must not be published yet."""
    require_role(user, consultation.organization, PERSONAL_DATA_ROLES, "郵送等の意見を登録する")
    if channel == Channel.WEB or channel not in Channel.values:
        raise ConsultationError("「提出方法」は郵送・ファクス・窓口・電子メール・その他から選んでください。")
    if not consultation.opens_on <= received_on <= consultation.closes_on:
        raise ConsultationError(
            f"「受付日」({format_wareki(received_on)})が意見募集の期間"
            f"({format_wareki(consultation.opens_on)}〜{format_wareki(consultation.closes_on)})の外です。"
            "郵送は期間の最終日の消印まで受け付けます。"
        )
    if consultation.results_published_at is not None:
        raise ConsultationError("結果を公表した後は意見を追加できません(公表した結果と食い違うため)。")
    return _store(consultation, submission, channel=channel, received_on=received_on, entered_by=user)


def _sent_before(consultation: Consultation, token: UUID | None) -> Comment | None:
    if token is None:
        return None
    return Comment.objects.filter(consultation=consultation, submission=token).first()


def _store(consultation: Consultation, submission: Submission, entered_by=None, **extra) -> Comment:
    with transaction.atomic():  # a temporary receipt (fits the 20-character column) until the pk is known
        comment = Comment.objects.create(
            consultation=consultation,
            receipt=f"p-{uuid4().hex[:16]}",
            entered_by=entered_by,
            anonymous=not submission.name.strip(),  # only where the form let 氏名 be left out
            **submission.__dict__,
            **extra,
        )
        comment.receipt = receipt_number(comment.pk)  # unique by construction: no collisions under load
        comment.save(update_fields=["receipt"])
        details: dict[str, object] = {"consultation": consultation.pk, "channel": comment.channel}
        if entered_by is None:
            details["username"] = "(一般)"
        record(entered_by, "consultation.comment", organization=consultation.organization, obj=comment, details=details)
    return comment


@action
def record_export(consultation: Consultation, kind: str, *, user: User, personal_data: bool = False) -> None:
    """Audit a staff download of the consultation (the comment lists may hold submitters' data)."""
    record(
        user,
        "download",
        organization=consultation.organization,
        obj=consultation,
        details={"kind": kind, "consultation": consultation.pk, "personal_data": personal_data},
    )


@action
def record_receipt_mail(comment: Comment, result: MailResult) -> None:
    """Audit whether the receipt mail went out (after the comment's own transaction; no address)."""
    if result is MailResult.NONE:
        return
    record(
        None,
        "consultation.receipt_mail",
        organization=comment.consultation.organization,
        obj=comment,
        details={
            "username": "(一般)",
            "consultation": comment.consultation_id,
            "receipt": comment.receipt,
            "sent": result is MailResult.SENT,
        },
    )


@action
def extend_period(consultation: Consultation, *, user: User, closes_on: date, reason: str) -> Consultation:
    """Move the last day later (never earlier) while the period has not ended; the reason is shown
    on the public page beside the new period. Audited with the old and new last day."""
    require_role(user, consultation.organization, EDITOR_ROLES, "意見募集の期間を延長する")
    reason = posted_text(reason)
    old = consultation.closes_on
    if consultation.results_published_at is not None or clock.today() > old:
        raise ConsultationError("終了した意見募集の期間は延長できません。新たに意見募集を開始してください。")
    if closes_on <= old:
        raise ConsultationError(f"「新しい終了日」は今の終了日({format_wareki(old)})より後の日にしてください。")
    if not reason:
        raise ConsultationError("「延長の理由」を入力してください。公開ページに期間とともに表示されます。")
    with transaction.atomic():
        consultation.extended_from = consultation.extended_from or old
        consultation.closes_on, consultation.extension_reason = closes_on, reason
        consultation.save(update_fields=["closes_on", "extended_from", "extension_reason"])
        record(
            user,
            "consultation.extend",
            organization=consultation.organization,
            obj=consultation,
            details={"from": old.isoformat(), "to": closes_on.isoformat(), "reason": reason},
        )
    return consultation


@action
def record_proceed_reason(consultation: Consultation, version: Version, reason: str, *, user: User) -> Consultation:
    """The body's decision to go on without a new 意見募集 although 重要な変更 were made after it
    opened: the reason, recorded on the latest save ``version`` of the same round (a later 重要な
    変更 needs a new decision). Audited with the reason and the save."""
    require_role(user, consultation.organization, CONSULTATION_ROLES, "意見募集後の変更について判断を記録する")
    reason = posted_text(reason)
    if not reason:
        raise ConsultationError("「意見募集をやり直さずに進める理由」を入力してください。")
    if version.revision_id != consultation.version.revision_id or version.number < consultation.version.number:
        raise ConsultationError("この意見募集と同じ改訂案の、意見募集の後の保存について記録してください。")
    latest = version.assessment.latest_version()
    if latest is None or latest.pk != version.pk:
        raise ConsultationError("最新の保存ではありません。画面を更新してから記録してください。")
    with transaction.atomic():
        before = {"reason": consultation.proceed_reason, "version": consultation.proceed_version_id}
        consultation.proceed_reason, consultation.proceed_version = reason, version
        consultation.proceed_by, consultation.proceed_at = user, clock.now()
        consultation.save(update_fields=["proceed_reason", "proceed_version", "proceed_by", "proceed_at"])
        record(
            user,
            "consultation.proceed",
            organization=consultation.organization,
            obj=consultation,
            version_number=version.number,
            details={"before": before, "after": {"reason": reason, "version": version.pk}},
        )
    return consultation


SUMMARY_FIELDS = ("purpose", "badge", "header_note")


def summary_values(consultation: Consultation) -> dict[str, str]:
    """The 概要版 inputs as stored (what a form's ``seen`` fingerprint is taken over)."""
    return {name: getattr(consultation, name) for name in SUMMARY_FIELDS}


@action
def update_summary(
    consultation: Consultation, *, user: User, purpose: str, badge: str, header_note: str, seen: str | None = None
) -> Consultation:
    """Edit the 概要版 inputs (目的, 見出しの表示, 欄外の注記); the next download is rendered anew.
    ``seen``: the fingerprint of the values the form showed; a colleague's save since then raises
    ``StaleEditError`` and nothing is written. Audited with the values before and after."""
    require_role(user, consultation.organization, EDITOR_ROLES, "概要版を編集する")
    purpose, badge, header_note = posted_text(purpose), posted_text(badge), posted_text(header_note)
    check_summary(purpose, badge, header_note)
    new = {"purpose": purpose, "badge": badge, "header_note": header_note}
    with transaction.atomic():
        old = summary_values(Consultation.objects.select_for_update().get(pk=consultation.pk))
        check_fresh(seen, old, new)
        changed = sorted(name for name, value in new.items() if old[name] != value)
        if not changed:
            return consultation
        for name in SUMMARY_FIELDS:
            setattr(consultation, name, new[name])
        consultation.save(update_fields=changed)
        record(
            user,
            "consultation.summary",
            organization=consultation.organization,
            obj=consultation,
            version_number=consultation.version.number,
            details={"changed": changed, **before_after(old, new)},
        )
    return consultation


# The 概要版's reworded parts: each stored apart, blank/empty = the generated text.
SUMMARY_PARTS: dict[str, tuple[str, ...]] = {
    "changes": ("changes_intro",),
    "schedule": ("schedule_rows", "schedule_texts"),
    "contact": ("summary_contact",),
}
PART_LABELS = {"changes": "主な修正箇所", "schedule": "日程", "contact": "問合せ先"}


def part_values(consultation: Consultation, part: str) -> dict[str, Any]:
    """One part's stored values (what its form's ``seen`` fingerprint is taken over)."""
    return {name: getattr(consultation, name) for name in SUMMARY_PARTS[part]}


def check_text(label: str, text: str, limit: int) -> str:
    text = posted_text(text)
    if not text:
        raise ConsultationError(
            f"「{label}」を入力してください。自動作成の文にするには「自動作成の文に戻す」を押してください。"
        )
    if len(text) > limit:
        raise ConsultationError(f"「{label}」は{limit}文字以内で入力してください。")
    return text


def check_rows(rows: Sequence[Row]) -> tuple[Row, ...]:
    """The posted schedule rows, each with a 時期 and at least one 内容 line (the core reads them too)."""
    if not rows:
        raise ConsultationError("「日程」を1行以上入力してください。")
    if len(rows) > ROWS_MAX:
        raise ConsultationError(f"「日程」は{ROWS_MAX}行以内にしてください。")
    cleaned = []
    for n, row in enumerate(rows, start=1):
        when = " ".join(row.when.split())
        lines = tuple(line.strip() for line in row.content if line.strip())
        if not when:
            raise ConsultationError(f"「日程{n}行目の時期」を入力してください。")
        if not lines:
            raise ConsultationError(f"「日程{n}行目の内容」を入力してください。")
        if len(when) > WHEN_MAX:
            raise ConsultationError(f"「日程{n}行目の時期」は{WHEN_MAX}文字以内で入力してください。")
        if sum(map(len, lines)) > CONTENT_MAX:
            raise ConsultationError(f"「日程{n}行目の内容」は{CONTENT_MAX}文字以内で入力してください。")
        cleaned.append(Row(when, lines))
    try:  # the core's own reading of the rows (its message names the row)
        read_summary_input({"schedule": rows_data(cleaned)})
    except SummaryInputError as exc:
        raise ConsultationError(f"「日程」: {exc}") from None
    return tuple(cleaned)


def _stored(part: str, value: Any, texts: SummaryTexts) -> dict[str, Any]:
    """What to store for a part's posted value (None: reset); the generated text is stored as blank."""
    if part == "changes":
        text = "" if value is None else check_text("主な修正箇所", value, CHANGES_MAX)
        return {"changes_intro": "" if text == texts.generated_intro else text}
    if part == "contact":
        text = "" if value is None else check_text("問合せ先", value, CONTACT_MAX)
        return {"summary_contact": "" if text == texts.generated_contact else text}
    rows = texts.planned if value is None else check_rows(value)
    reworded = texts_of(texts.planned, rows)
    if reworded is not None:  # the planned rows, 内容 reworded at most: the dates keep following the period
        return {"schedule_rows": [], "schedule_texts": reworded}
    return {"schedule_rows": rows_data(rows), "schedule_texts": {}}


@action
def update_summary_part(
    consultation: Consultation, part: str, value: Any, *, user: User, seen: str | None = None
) -> bool:
    """Reword one part of the 概要版 (``part``: changes = 3. 主な修正箇所's text, schedule = the rows
    (``value``: Rows), contact = 5. 問合せ先), or reset it to the generated text (``value`` None).
    The text the generator gives is stored as blank, so it keeps following the document and the
    period. ``seen``: as in :func:`update_summary`. Audited with the values before and after;
    returns whether anything changed."""
    require_role(user, consultation.organization, EDITOR_ROLES, "概要版を編集する")
    if part not in SUMMARY_PARTS:
        raise ConsultationError("編集する部分が正しくありません。")
    new = _stored(part, value, summary_texts(consultation))  # built before the lock (the diff is slow)
    with transaction.atomic():
        old = part_values(Consultation.objects.select_for_update().get(pk=consultation.pk), part)
        check_fresh(seen, old, new)
        changed = sorted(name for name, stored in new.items() if old[name] != stored)
        if not changed:
            return False
        for name, stored in new.items():
            setattr(consultation, name, stored)
        consultation.save(update_fields=changed)
        record(
            user,
            "consultation.summary",
            organization=consultation.organization,
            obj=consultation,
            version_number=consultation.version.number,
            details={"part": part, "reset": value is None, "changed": changed, **before_after(old, new)},
        )
    return True


def receipt_number(pk: int) -> str:
    """受付番号 from the row's primary key: ``2026-0042`` (the year of receipt, JST)."""
    return f"{clock.today().year}-{pk:04d}"


COMMENT_FIELDS = ("tag", "answer", "draft_changed", "masks")


def comment_values(comment: Comment) -> dict[str, object]:
    """The staff's side of a comment as stored (what a form's ``seen`` fingerprint is taken over)."""
    return {name: getattr(comment, name) for name in COMMENT_FIELDS}


@action
def update_comment(
    comment: Comment,
    *,
    user: User,
    tag: str,
    answer: str,
    draft_changed: bool,
    masks: list[str],
    seen: str | None = None,
) -> Comment:
    """Tag the item, write the 考え方, mark 案の修正 and the phrases to mask. ``seen``: the
    fingerprint of the values the form showed; a colleague's save since then raises
    ``StaleEditError`` and nothing is written. Audited with the values before and after."""
    consultation = comment.consultation
    require_role(user, consultation.organization, EDITOR_ROLES, "意見を整理する")
    missing = [m for m in masks if m not in comment.body]
    if missing:
        raise ConsultationError(f"伏せる語句「{missing[0]}」は意見の本文にありません。本文のとおりに入力してください。")
    new = {"tag": tag, "answer": answer.strip(), "draft_changed": draft_changed, "masks": sorted(set(masks))}
    with transaction.atomic():
        old = comment_values(Comment.objects.select_for_update().get(pk=comment.pk))
        check_fresh(seen, old, new)
        for name in COMMENT_FIELDS:
            setattr(comment, name, new[name])
        comment.save(update_fields=list(COMMENT_FIELDS))
        record(
            user,
            "consultation.answer",
            organization=consultation.organization,
            obj=comment,
            details={"consultation": consultation.pk, "masks": len(comment.masks), **before_after(old, new)},
        )
    return comment


@dataclass(frozen=True)
class CommentWarning:
    """A comment whose text, as it would be published, still holds what looks like personal data."""

    comment: Comment
    hits: list[Hit]


class PersonalDataWarning(ConsultationError):
    """Publishing refused until the staff mask the hits or acknowledge them."""

    def __init__(self, warnings: list[CommentWarning]) -> None:
        self.warnings = warnings
        hits = sum(len(w.hits) for w in warnings)
        super().__init__(
            f"公表する意見の本文に、個人情報と思われる記載が{hits}件({len(warnings)}件の意見)あります。"
            "伏せるか、内容を確認して「確認しました」にチェックしてから公表してください。"
        )


def personal_data_warnings(consultation: Consultation) -> list[CommentWarning]:
    """Per comment, what looks like personal data in its masked body (telephone numbers, 12-digit
    numbers, e-mail and street addresses, the submitter's own name and contacts), not yet masked."""
    warnings = []
    for comment in consultation.comments.all():
        submitter = () if comment.purged else (comment.name, comment.address, comment.phone, comment.email)
        hits = [
            hit
            for hit in find_personal_data(comment.masked_body(), submitter)
            if hit.text in comment.body and MASK not in hit.text
        ]
        if hits:
            warnings.append(CommentWarning(comment, hits))
    return warnings


@action
def mask_phrases(consultation: Consultation, phrases: dict[int, list[str]], *, user: User) -> int:
    """Add phrases to comments' masks in one step (the 「選んだ語句を伏せる」 button of the
    publication check); only phrases written in the comment's text. One audit event per comment
    changed, with the masks before and after. Returns the number of phrases added."""
    require_role(user, consultation.organization, EDITOR_ROLES, "個人情報を伏せる")
    added = 0
    with transaction.atomic():
        for comment in consultation.comments.select_for_update().filter(pk__in=list(phrases)):
            old = list(comment.masks)
            new = sorted(set(old) | {p for p in phrases[comment.pk] if p and p in comment.body})
            if new == sorted(set(old)):
                continue
            added += len(new) - len(set(old))
            comment.masks = new
            comment.save(update_fields=["masks"])
            record(
                user,
                "consultation.mask",
                organization=consultation.organization,
                obj=comment,
                details={"consultation": consultation.pk, "before": {"masks": old}, "after": {"masks": new}},
            )
    return added


@action
def publish_results(consultation: Consultation, *, user: User, acknowledged: bool = False) -> Consultation:
    """Publish 「意見の概要と市の考え方」 once the period is over. Refused (``PersonalDataWarning``)
    while the texts to be published hold what looks like personal data, unless the staff
    ``acknowledged`` it; the audit event says how many hits were acknowledged."""
    require_role(user, consultation.organization, EDITOR_ROLES, "結果を公表する")
    if consultation.is_open() or clock.today() < consultation.opens_on:
        raise ConsultationError("意見募集の期間が終わってから結果を公表できます。")
    warnings = personal_data_warnings(consultation)
    if warnings and not acknowledged:
        raise PersonalDataWarning(warnings)
    with transaction.atomic():
        consultation.results_published_at = clock.now()
        consultation.save(update_fields=["results_published_at"])
        details = {"personal_data_warnings": sum(len(w.hits) for w in warnings), "acknowledged": bool(warnings)}
        record(user, "consultation.publish", organization=consultation.organization, obj=consultation, details=details)
    return consultation


def retention_days() -> int:
    return int(getattr(settings, "PIA_COMMENT_RETENTION_DAYS", 365))


def purge_allowed_from(consultation: Consultation) -> date:
    return consultation.closes_on + timedelta(days=retention_days() + 1)


@action
def purge_personal_data(consultation: Consultation, *, user: User) -> int:
    """Erase the submitters' names, addresses and contacts after the retention period (管理者)."""
    require_role(user, consultation.organization, (Role.ADMIN,), "個人情報を消去する")
    if clock.today() < purge_allowed_from(consultation):
        raise ConsultationError(f"保存期間(終了日から{retention_days()}日)が過ぎていないため、まだ消去できません。")
    with transaction.atomic():
        comments = list(consultation.comments.select_for_update().filter(purged=False))
        for comment in comments:
            comment.name, comment.address, comment.phone, comment.email = "(消去済み)", "", "", ""
            comment.purged = True
            comment.save(update_fields=["name", "address", "phone", "email", "purged"])
        consultation.purged_at = clock.now()
        consultation.save(update_fields=["purged_at"])
        record(
            user,
            "consultation.purge",
            organization=consultation.organization,
            obj=consultation,
            details={"comments": len(comments)},
        )
    return len(comments)
