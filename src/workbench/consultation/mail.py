"""The receipt mail of a public comment: plain Japanese text to the address the submitter gave,
sent only after the comment is committed and only when mail is configured (``PIA_EMAIL_HOST``).
A failure is logged with the 受付番号 only and never stops the receipt page."""

from __future__ import annotations

import logging
from enum import Enum

from django.conf import settings
from django.core.mail import EmailMessage

from pia.wareki import WarekiError, format_wareki
from workbench import clock
from workbench.consultation.models import Comment

logger = logging.getLogger(__name__)


class MailResult(Enum):
    NONE = "none"  # no address given, or mail not configured: nothing was sent
    SENT = "sent"
    FAILED = "failed"


def mail_configured() -> bool:
    return bool(getattr(settings, "PIA_EMAIL_HOST", ""))


def subject(comment: Comment) -> str:
    title = " ".join(comment.consultation.title.split())  # no line breaks in a header
    return f"【受付番号 {comment.receipt}】意見を受け付けました({title})"


def _received_at(comment: Comment) -> str:
    local = clock.local(comment.submitted_at)
    try:
        day = format_wareki(local.date())
    except WarekiError:
        day = local.date().isoformat()
    return f"{day} {local:%H時%M分}(日本時間)/{local.isoformat(timespec='seconds')}"


def body(comment: Comment, item_label: str) -> str:
    consultation = comment.consultation
    lines = [
        "意見募集(パブリックコメント)に提出された意見を、次のとおり受け付けました。",
        "お問合せの際は受付番号をお知らせください。",
        "",
        f"案件名:{consultation.title}",
        f"受付番号:{comment.receipt}",
        f"受付日時:{_received_at(comment)}",
        f"該当箇所:{item_label}",
        "",
        "提出された意見:",
        comment.body,
        "",
        "問合せ先・提出方法:",
        consultation.contact,
        "",
        "このメールは意見募集のシステムから自動で送信しています。",
        "お心当たりのない場合は、上記の問合せ先までご連絡ください。",
    ]
    return "\n".join(lines) + "\n"


def send_receipt(comment: Comment, item_label: str) -> MailResult:
    """Send the receipt if the submitter gave an address and mail is configured."""
    if not comment.email or not mail_configured():
        return MailResult.NONE
    message = EmailMessage(subject(comment), body(comment, item_label), to=[comment.email])
    try:
        message.send()
    except Exception as exc:  # SMTP errors, refused connections, timeouts: the receipt stands
        logger.warning("receipt mail not sent: receipt=%s error=%s", comment.receipt, type(exc).__name__)
        return MailResult.FAILED
    return MailResult.SENT
