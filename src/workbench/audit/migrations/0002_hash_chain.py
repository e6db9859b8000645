"""The hash chain over audit events (ADR 0009): ``seq``, ``previous_hash``, ``hash`` and the head
row. Events written before this migration join the chain in the order they were written (by id):
the chain starts at the first event ever recorded."""

import django.utils.timezone
from django.db import migrations, models


def chain_existing_events(apps, schema_editor):
    from workbench.audit import chain

    event_model = apps.get_model("audit", "AuditEvent")
    head_model = apps.get_model("audit", "AuditChainHead")
    previous, seq = chain.GENESIS, 0
    for event in event_model.objects.order_by("id").iterator(chunk_size=2000):
        seq += 1
        event.seq, event.previous_hash = seq, previous
        event.hash = chain.digest(event)
        event_model.objects.filter(pk=event.pk).update(seq=seq, previous_hash=previous, hash=event.hash)
        previous = event.hash
    head_model.objects.update_or_create(pk=1, defaults={"length": seq, "hash": previous})


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="at",
            field=models.DateTimeField(
                db_index=True, default=django.utils.timezone.now, editable=False, verbose_name="日時"
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="seq",
            field=models.PositiveBigIntegerField(null=True, verbose_name="連番"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="previous_hash",
            field=models.CharField(default="", max_length=64, verbose_name="直前の記録のハッシュ"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(default="", max_length=64, verbose_name="ハッシュ"),
            preserve_default=False,
        ),
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("length", models.PositiveBigIntegerField(default=0, verbose_name="件数")),
                ("hash", models.CharField(max_length=64, verbose_name="最後の記録のハッシュ")),
            ],
            options={"verbose_name": "監査ログの連鎖の末尾", "verbose_name_plural": "監査ログの連鎖の末尾"},
        ),
        migrations.RunPython(chain_existing_events, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditevent",
            name="seq",
            field=models.PositiveBigIntegerField(unique=True, verbose_name="連番"),
        ),
    ]
