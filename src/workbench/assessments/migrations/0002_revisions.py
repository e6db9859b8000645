"""Saves and editions are different things (ADR 0005): every save now belongs to a revision
(公表版 or 改訂案), and the procedure's status moves from the save to the revision.

Existing saves are grouped in order: a save that was 公表 closes its revision (its 公表日 from the
document's cover, else the approval or save date), the saves after it start the next one (the
改訂案, whose status is that of its latest save); an approved save is the revision's submission.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

from pia.wareki import WarekiError, parse_date


def _publication_day(version):
    raw = (version.content or {}).get("values", {}).get("cover.publication_date")
    if raw:
        try:
            return parse_date(str(raw))
        except WarekiError:
            pass
    moment = version.approved_at or version.created_at
    return timezone.localdate(moment) if moment else None


def group_saves_into_revisions(apps, schema_editor):
    Assessment = apps.get_model("assessments", "Assessment")
    Revision = apps.get_model("assessments", "Revision")
    Version = apps.get_model("assessments", "Version")
    for assessment in Assessment.objects.all():
        current, published, number = None, None, 0
        for version in Version.objects.filter(assessment=assessment).order_by("number"):
            if current is None:
                number += 1
                current = Revision.objects.create(
                    assessment=assessment, number=number, base=published, created_by=version.author, status="draft"
                )
                Revision.objects.filter(pk=current.pk).update(created_at=version.created_at)
            version.revision = current
            version.save(update_fields=["revision"])
            current.status = version.status
            if version.approved_at is not None:
                current.submitted_version = version
                current.submitted_on = timezone.localdate(version.approved_at)
            if version.status == "published":
                current.published_version = version
                current.published_on = _publication_day(version)
                if published is not None:
                    published.superseded_at = version.approved_at or version.created_at
                    published.save(update_fields=["superseded_at"])
                current.save()
                published, current = current, None
            else:
                current.save()
        latest = Revision.objects.filter(assessment=assessment).order_by("-number").first()
        if latest is not None:
            assessment.status = latest.status
            assessment.save(update_fields=["status"])


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Revision",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.PositiveIntegerField(verbose_name="改訂の番号")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "作成中"),
                            ("internal_review", "内部確認"),
                            ("public_comment", "意見聴取"),
                            ("third_party_review", "第三者点検"),
                            ("approval_request", "承認申請"),
                            ("submitted", "提出済"),
                            ("published", "公表"),
                        ],
                        default="draft",
                        max_length=30,
                        verbose_name="状態",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="作成日時")),
                ("submitted_on", models.DateField(blank=True, null=True, verbose_name="提出日")),
                ("published_on", models.DateField(blank=True, null=True, verbose_name="公表日")),
                ("superseded_at", models.DateTimeField(blank=True, null=True, verbose_name="次の版の公表日時")),
                (
                    "assessment",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="revisions",
                        to="assessments.assessment",
                    ),
                ),
                (
                    "base",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="assessments.revision",
                        verbose_name="改訂元の公表版",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "published_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "published_version",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="assessments.version",
                        verbose_name="公表した保存",
                    ),
                ),
                (
                    "submitted_version",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="assessments.version",
                        verbose_name="提出した保存",
                    ),
                ),
            ],
            options={
                "verbose_name": "評価書の版(公表版・改訂案)",
                "verbose_name_plural": "評価書の版(公表版・改訂案)",
                "ordering": ["assessment", "number"],
            },
        ),
        migrations.AddField(
            model_name="version",
            name="revision",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="saves",
                to="assessments.revision",
                verbose_name="版",
            ),
        ),
        migrations.RunPython(group_saves_into_revisions, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="version",
            name="revision",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="saves",
                to="assessments.revision",
                verbose_name="版",
            ),
        ),
        migrations.RemoveField(
            model_name="version",
            name="status",
        ),
        migrations.AlterModelOptions(
            name="version",
            options={"ordering": ["assessment", "number"], "verbose_name": "保存", "verbose_name_plural": "保存"},
        ),
        migrations.AlterField(
            model_name="version",
            name="parent",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                to="assessments.version",
                verbose_name="元の保存",
            ),
        ),
        migrations.AddConstraint(
            model_name="revision",
            constraint=models.UniqueConstraint(fields=("assessment", "number"), name="unique_revision_number"),
        ),
        migrations.AddConstraint(
            model_name="revision",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "published"), _negated=True),
                fields=("assessment",),
                name="one_revision_in_progress",
            ),
        ),
        migrations.AddConstraint(
            model_name="revision",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "published"), ("superseded_at__isnull", True)),
                fields=("assessment",),
                name="one_current_publication",
            ),
        ),
    ]
