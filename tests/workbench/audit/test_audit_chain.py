"""The tamper-evident audit trail (ADR 0009): the hash chain, ``verify_audit`` naming the first
broken link in Japanese, the head under concurrent writers (SQLite processes, PostgreSQL
threads), the chaining of events older than the chain, and PostgreSQL's append-only trigger."""

from __future__ import annotations

import io
import itertools
import os
import subprocess
import sys
import threading

import pytest
from conftest import ROOT
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from workbench.audit import chain
from workbench.audit.actions import changes, record
from workbench.audit.models import AuditChainHead, AuditEvent

pytestmark = pytest.mark.django_db
TABLE = "audit_auditevent"


def _verify() -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_audit", stdout=out, stderr=err)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def _tamper(sql: str, params=()) -> None:
    """Change the table behind the application's back (PostgreSQL: past the trigger, as a
    database superuser could)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")  # no triggers fire
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")


@pytest.fixture
def trail(org, people):
    """Ten events of the usual kinds, details with nested values, floats and Japanese text."""
    for n in range(10):
        record(
            people["admin"],
            "membership.change",
            organization=org,
            obj=people["viewer"],
            details={"n": n, "ratio": 1e16 if n == 3 else 0.5, "before": {"roles": ["閲覧者"]}, "after": {}},
        )
    return list(AuditEvent.objects.order_by("seq"))


def test_each_event_links_to_the_one_before(trail):
    assert [e.seq for e in trail] == list(range(1, 11))
    assert trail[0].previous_hash == chain.GENESIS
    for before, after in itertools.pairwise(trail):
        assert after.previous_hash == before.hash
    for event in trail:  # the stored hash is what the stored content gives back
        assert chain.digest(AuditEvent.objects.get(pk=event.pk)) == event.hash
    head = AuditChainHead.objects.get(pk=1)
    assert (head.length, head.hash) == (10, trail[-1].hash)


def test_an_intact_trail_verifies(trail):
    code, out, _ = _verify()
    assert code == 0
    assert "監査ログの連鎖を確認しました:10件、改ざんは見つかりませんでした。" in out


def test_a_changed_event_is_the_first_broken_link(trail):
    _tamper(f"UPDATE {TABLE} SET object_label = %s WHERE seq = 4", ["改ざん"])
    code, _, err = _verify()
    assert code == 1
    assert f"監査ログの連鎖が第4件(ID {trail[3].pk}、" in err
    assert "記録の内容がハッシュと一致しません(この記録が変更された可能性があります)。" in err
    assert "それより前の3件は連鎖が保たれています。" in err


def test_a_changed_event_with_a_recomputed_hash_breaks_the_next_link(trail):
    """Whoever recomputes the hash of the event they changed still breaks the link after it."""
    forged = AuditEvent.objects.get(seq=6)
    forged.details = {"n": 999}
    _tamper(f"UPDATE {TABLE} SET details = %s, hash = %s WHERE seq = 6", ['{"n": 999}', chain.digest(forged)])
    code, _, err = _verify()
    assert code == 1
    assert "第7件" in err
    assert "直前の記録のハッシュと一致しません" in err


def test_a_deleted_event_leaves_a_gap(trail):
    _tamper(f"DELETE FROM {TABLE} WHERE seq = 5")
    code, _, err = _verify()
    assert code == 1
    assert "第5件から第5件までの記録がありません(削除された可能性があります)。" in err


def test_a_deleted_tail_shows_against_the_head(trail):
    _tamper(f"DELETE FROM {TABLE} WHERE seq >= 9")
    code, _, err = _verify()
    assert code == 1
    assert "連鎖の末尾の記録では10件ですが、8件しかありません(最後の記録が削除された可能性があります)。" in err


def test_the_application_refuses_changes_whatever_the_database(trail):
    from workbench.audit.models import AuditEventError

    event = AuditEvent.objects.get(seq=1)
    event.action = "forged"
    with pytest.raises(AuditEventError):
        event.save()
    with pytest.raises(AuditEventError):
        AuditEvent.objects.filter(seq=1).update(action="forged")


@pytest.mark.parametrize(
    "sql", [f"UPDATE {TABLE} SET action = 'forged' WHERE seq = 1", f"DELETE FROM {TABLE} WHERE seq = 1"]
)
def test_postgresql_refuses_update_and_delete_in_plain_sql(trail, sql):
    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")
    with pytest.raises(DatabaseError, match="監査イベントは変更・削除できません"), transaction.atomic():
        connection.cursor().execute(sql)
    assert AuditEvent.objects.get(seq=1).action == "membership.change"


def test_on_sqlite_the_migration_installs_no_trigger(db):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_auditevent'")
        assert cursor.fetchall() == []  # (the search index's FTS5 triggers are on its own table)


def test_changes_keeps_only_what_differs():
    diff = changes(
        {"answer": "旧", "same": 1, "gone": "x"}, {"answer": "新", "same": 1, "new": True}, {"answer": "回答"}
    )
    assert diff == {
        "before": {"answer": "旧", "gone": "x"},
        "after": {"answer": "新", "new": True},
        "labels": {"answer": "回答"},
    }


def test_the_audit_page_shows_before_and_after(client, org, people):
    record(
        people["admin"],
        "consultation.answer",
        organization=org,
        details=changes({"answer": "検討します。"}, {"answer": "修正しました。"}, {"answer": "市の考え方"}),
    )
    client.force_login(people["admin"])
    html = client.get("/audit/").content.decode()
    assert "変更内容(1項目)" in html
    assert (
        '<th scope="row">市の考え方</th><td class="readonly">検討します。</td><td class="readonly">修正しました。</td>'
        in html
    )


WRITER = """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
import django
django.setup()
from workbench.audit.actions import record
for n in range(int(sys.argv[2])):
    record(None, "demo.load", details={"username": "writer-" + sys.argv[1], "n": n})
"""


def test_concurrent_sqlite_processes_keep_one_chain(tmp_path):
    """Four processes appending to one SQLite file at the same time: one unbroken chain."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update({"PIA_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "workbench.settings"})
    python = [sys.executable]
    subprocess.run([*python, "-m", "workbench", "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    writers = [
        subprocess.Popen([*python, "-c", WRITER, str(w), "25"], env=env, cwd=ROOT, stderr=subprocess.PIPE)
        for w in range(4)
    ]
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err.decode()
    verified = subprocess.run(
        [*python, "-m", "workbench", "verify_audit"], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert verified.returncode == 0, verified.stderr
    assert "100件、改ざんは見つかりませんでした。" in verified.stdout


@pytest.mark.django_db(transaction=True)
def test_concurrent_postgresql_writers_keep_one_chain():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (SQLite: the test with processes)")
    from django.db import connections

    def write(worker: int) -> None:
        try:
            for n in range(25):
                with transaction.atomic():
                    record(None, "demo.load", details={"username": f"thread-{worker}", "n": n})
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert AuditEvent.objects.count() == 200
    code, _out, err = _verify()
    assert code == 0, err


@pytest.mark.django_db(transaction=True)
def test_events_older_than_the_chain_are_chained_by_the_migration():
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()  # every app: the ones that depend on audit too
    executor.migrate([("audit", "0001_initial")])
    try:
        old_model = (
            MigrationExecutor(connection)
            .loader.project_state([("audit", "0001_initial")])
            .apps.get_model("audit", "AuditEvent")
        )
        for n in range(5):
            old_model.objects.create(action="login_failed", actor_name=f"old-{n}", details={"username": f"old-{n}"})
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(latest)
    events = list(AuditEvent.objects.order_by("seq"))
    assert [e.actor_name for e in events] == [f"old-{n}" for n in range(5)]
    assert events[0].previous_hash == chain.GENESIS
    record(None, "demo.load", details={"username": "new"})  # the chain goes on from the old events
    code, out, _ = _verify()
    assert code == 0
    assert "6件" in out
