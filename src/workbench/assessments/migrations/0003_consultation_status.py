"""The workflow status 意見聴取 is stored as ``consultation`` (was ``public_comment``): one code name
for the 意見募集 everywhere (docs/domain/glossary.md). Audit events keep the values they were
written with (the chain is never rewritten)."""

from django.db import migrations, models

RENAMED = {"public_comment": "consultation"}


def _rename(apps, mapping):
    for model in ("Assessment", "Revision"):
        objects = apps.get_model("assessments", model).objects
        for old, new in mapping.items():
            objects.filter(status=old).update(status=new)


def forwards(apps, schema_editor):
    _rename(apps, RENAMED)


def backwards(apps, schema_editor):
    _rename(apps, {new: old for old, new in RENAMED.items()})


def _status_field():
    return models.CharField(
        choices=[
            ("draft", "作成中"),
            ("internal_review", "内部確認"),
            ("consultation", "意見聴取"),
            ("third_party_review", "第三者点検"),
            ("approval_request", "承認申請"),
            ("submitted", "提出済"),
            ("published", "公表"),
        ],
        default="draft",
        max_length=30,
        verbose_name="状態",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0002_revisions"),
    ]

    operations = [
        migrations.AlterField(model_name="assessment", name="status", field=_status_field()),
        migrations.AlterField(model_name="revision", name="status", field=_status_field()),
        migrations.RunPython(forwards, backwards),
    ]
