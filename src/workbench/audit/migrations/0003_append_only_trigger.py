"""PostgreSQL refuses UPDATE and DELETE of audit events at the database (ADR 0009): plain SQL,
another program or a mistaken script cannot change the trail either. A no-op on SQLite, whose
file is protected by its permissions (0600, ``workbench/runtime.py``) and checked by
``verify_audit``."""

from django.db import migrations

FUNCTION = "audit_event_append_only"
TRIGGER = "audit_event_append_only"

CREATE = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '監査イベントは変更・削除できません(追記のみ): % on %', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION {FUNCTION}();
"""
DROP = f"DROP TRIGGER IF EXISTS {TRIGGER} ON audit_auditevent; DROP FUNCTION IF EXISTS {FUNCTION}();"


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)  # no placeholders: the % are plpgsql's

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_hash_chain")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
