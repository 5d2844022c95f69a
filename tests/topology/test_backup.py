"""Backup and restore as docs/deploy.md describes them: dump a database in use, restore into a fresh
database, and find the same row counts, the same timeline of a complaint and the same evidence."""

from __future__ import annotations

import json

from tests.topology.servers import PG_BIN, manage

ATTACH = """
from django.core.files.uploadedfile import SimpleUploadedFile
from django.contrib.auth.models import User
from complaints.models import Complaint, FINAL_STATES
from complaints.services import attachment_add
agent = User.objects.get(username="agent1")
complaint = Complaint.objects.filter(owner=agent).exclude(status__in=FINAL_STATES).order_by("number").first()
attachment_add(complaint=complaint, actor=agent,
               upload=SimpleUploadedFile("photo.png", b"\\x89PNG\\r\\n\\x1a\\n" + b"evidence" * 100))
print(complaint.number)
"""
TIMELINE = (
    "SELECT e.at, e.kind, e.name, e.from_state, e.to_state, e.note, u.username "
    "FROM complaints_complaintevent e JOIN complaints_complaint c ON c.id = e.complaint_id "
    "LEFT JOIN auth_user u ON u.id = e.actor_id WHERE c.number = %s ORDER BY e.at, e.id"
)


def test_a_backup_restores_into_a_fresh_database_with_the_same_rows(
    pg15, seeded_database, prod_env, tmp_path
):
    source_db = seeded_database.rsplit("/", 1)[1]
    env = prod_env(seeded_database, MEDIA_ROOT=str(tmp_path / "media"), PG_BINDIR=str(PG_BIN))
    number = manage(env, "shell", "-c", ATTACH).strip().splitlines()[-1]

    printed = manage(env, "create_backup", str(tmp_path / "backup"))
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["media"] == {"files": 1}
    assert (
        manifest["counts"]["complaints_complaint"] > 10
        and manifest["counts"]["complaints_complaintevent"] > 10
    )
    assert f"{sum(manifest['counts'].values())} rows" in printed

    restored_url = pg15.create_database("restored_" + source_db)
    restored_env = prod_env(restored_url, MEDIA_ROOT=str(tmp_path / "restored-media"), PG_BINDIR=str(PG_BIN))
    dry = manage(restored_env, "restore_backup", str(tmp_path / "backup"))
    assert "Dry run" in dry
    assert pg15.execute(
        "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", database="restored_" + source_db
    ) == [(0,)]
    printed = manage(restored_env, "restore_backup", str(tmp_path / "backup"), "--commit")
    assert "counts match the manifest" in printed and "1 media files" in printed

    for table, expected in manifest["counts"].items():
        assert pg15.execute(f'SELECT count(*) FROM "{table}"', database=source_db) == [(expected,)]
        assert pg15.execute(f'SELECT count(*) FROM "{table}"', database="restored_" + source_db) == [
            (expected,)
        ]
    original = pg15.execute(TIMELINE, [number], database=source_db)
    assert len(original) >= 2  # intake and the evidence, at least
    assert pg15.execute(TIMELINE, [number], database="restored_" + source_db) == original
    [stored] = [p for p in (tmp_path / "media").rglob("*") if p.is_file()]
    [copy] = [p for p in (tmp_path / "restored-media").rglob("*") if p.is_file()]
    assert copy.relative_to(tmp_path / "restored-media") == stored.relative_to(tmp_path / "media")
    assert copy.read_bytes() == stored.read_bytes()

    # The restored database runs: every migration is recorded as applied.
    assert "[ ]" not in manage(restored_env, "showmigrations")
    # A second restore into a database that is no longer empty is refused.
    refused = manage(restored_env, "restore_backup", str(tmp_path / "backup"), "--commit", check=False)
    assert "Restored" not in refused
