# The 第三者点検委員 assigned to a round (ADR 0010). Existing rounds get every member who holds the
# 第三者点検委員 role in the round's organisation today, so nobody loses access by the migration.

from django.conf import settings
from django.db import migrations, models


def assign_current_reviewers(apps, schema_editor):
    ReviewRound = apps.get_model("reviews", "ReviewRound")
    Membership = apps.get_model("organizations", "Membership")
    for round_ in ReviewRound.objects.all():
        users = Membership.objects.filter(organization_id=round_.organization_id, role="reviewer").values_list(
            "user_id", flat=True
        )
        round_.reviewers.set(list(users))


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0001_initial"),
        ("reviews", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="reviewround",
            name="reviewers",
            field=models.ManyToManyField(
                blank=True,
                related_name="assigned_review_rounds",
                to=settings.AUTH_USER_MODEL,
                verbose_name="担当の第三者点検委員",
            ),
        ),
        migrations.RunPython(assign_current_reviewers, migrations.RunPython.noop),
    ]
