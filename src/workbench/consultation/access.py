"""Staff reads of 意見募集, scoped by the user's organisations (404 otherwise); public reads."""

from __future__ import annotations

from django.db.models import QuerySet
from django.db.models.fields.json import KeyTextTransform
from django.http import Http404

from workbench.assessments.access import assessments_for
from workbench.consultation.actions import PERSONAL_DATA_ROLES
from workbench.consultation.models import Comment, Consultation
from workbench.organizations.access import has_role, organizations_of


def consultations_for(user) -> QuerySet[Consultation]:
    """Consultations on the 評価書 the user sees (``assessments_for``: a member who is only
    第三者点検委員 sees those of the rounds they are assigned to)."""
    return (
        Consultation.objects.filter(organization__in=organizations_of(user))
        .filter(version__assessment__in=assessments_for(user))
        .select_related("organization", "version", "version__assessment")
    )


def access_consultation(user, pk: int) -> Consultation:
    try:
        return consultations_for(user).get(pk=pk)
    except Consultation.DoesNotExist:
        raise Http404("意見募集が見つかりません") from None


def access_comment(user, consultation_pk: int, pk: int) -> Comment:
    consultation = access_consultation(user, consultation_pk)
    try:
        return consultation.comments.select_related("consultation").get(pk=pk)
    except Comment.DoesNotExist:
        raise Http404("意見が見つかりません") from None


def sees_personal_data(user, consultation: Consultation) -> bool:
    """氏名・住所・連絡先: 管理者, 作成者 and 承認者 only."""
    return has_role(user, consultation.organization, PERSONAL_DATA_ROLES)


def public_consultation(pk: int) -> Consultation:
    """Anyone may see a consultation once it has started."""
    from workbench import clock

    try:
        consultation = (  # the content is not parsed: only its form and edition are needed (and the
            # revision's base, for the 概要版's cache name: the cached section needs no content either)
            Consultation.objects.select_related("organization", "version", "version__assessment", "version__revision")
            .defer("version__content")
            .annotate(
                form_key=KeyTextTransform("form", "version__content"),
                edition_key=KeyTextTransform("edition", "version__content"),
            )
            .get(pk=pk)
        )
    except Consultation.DoesNotExist:
        raise Http404("意見募集が見つかりません") from None
    if consultation.past_record or clock.today() < consultation.opens_on:
        raise Http404("意見募集が見つかりません")  # a past consultation recorded afterwards is never public
    return consultation


def form_of(consultation: Consultation) -> tuple[str, str]:
    """The form and edition of the consultation's version as ``public_consultation`` annotates
    them (the version's content itself is not loaded)."""
    annotated = vars(consultation)
    return str(annotated["form_key"]), str(annotated["edition_key"])
