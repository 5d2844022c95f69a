"""The backup commands refuse what would lose or mix data, before touching anything."""

import json

import pytest
from django.core.management import CommandError, call_command


def test_create_backup_refuses_a_directory_that_is_not_empty(tmp_path, db):
    (tmp_path / "old.txt").write_text("an earlier backup")
    with pytest.raises(CommandError, match="not empty"):
        call_command("create_backup", str(tmp_path))
    assert [p.name for p in tmp_path.iterdir()] == ["old.txt"]


def test_restore_backup_refuses_a_directory_without_a_manifest(tmp_path, db):
    with pytest.raises(CommandError, match="manifest.json"):
        call_command("restore_backup", str(tmp_path), "--commit")


def test_restore_backup_refuses_a_database_that_is_not_empty(tmp_path, db, capsys):
    (tmp_path / "manifest.json").write_text(
        json.dumps({"format": 1, "created_at": "2026-12-01T02:30:00+08:00", "database": "x", "counts": {}})
    )
    (tmp_path / "database.dump").write_bytes(b"PGDMP")
    call_command("restore_backup", str(tmp_path))  # dry run: says what it would do
    assert "Dry run" in capsys.readouterr().out
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore_backup", str(tmp_path), "--commit")  # the test database has tables
