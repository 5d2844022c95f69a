"""Backups: the database with pg_dump (custom format) and the local evidence files as a tar archive,
with a manifest of exact row counts taken in the dump's own snapshot; restore into a fresh database
with pg_restore, then the counts are compared with the manifest.

The PostgreSQL client programs come from PATH or from PG_BINDIR (their major version must be at least
the server's). Connection settings are passed in libpq's environment variables, never on a command
line (where `ps` would show a password).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection, transaction
from django.utils import timezone

DUMP, MEDIA, MANIFEST = "database.dump", "media.tar.gz", "manifest.json"


class BackupError(Exception):
    pass


@dataclass
class RestoreResult:
    tables: int
    rows: int
    media_files: int
    mismatches: dict[str, tuple[int, int]]  # table: (in the manifest, after the restore)


def _program(name: str) -> str:
    directory = os.environ.get("PG_BINDIR")
    path = str(Path(directory) / name) if directory else shutil.which(name)
    if not path or not Path(path).exists():
        raise BackupError(f"{name} not found (install the PostgreSQL client programs or set PG_BINDIR).")
    return path


def _libpq_env() -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    for key, value in (
        ("PGHOST", db.get("HOST")),
        ("PGPORT", db.get("PORT")),
        ("PGUSER", db.get("USER")),
        ("PGPASSWORD", db.get("PASSWORD")),
        ("PGDATABASE", db.get("NAME")),
    ):
        if value:
            env[key] = str(value)
    for option, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")):
        if db.get("OPTIONS", {}).get(option):
            env[variable] = str(db["OPTIONS"][option])
    return env


def _run(argv: list[str]) -> None:
    result = subprocess.run(argv, env=_libpq_env(), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(argv[0]).name} failed: {result.stderr.strip()[-2000:]}")


def _tables(cursor) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    return [row[0] for row in cursor.fetchall()]


def _counts(cursor, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM public."{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def _local_media() -> Path | None:
    return Path(settings.MEDIA_ROOT) if isinstance(default_storage, FileSystemStorage) else None


def backup_create(*, directory: Path) -> dict:
    """Dump the database and archive the local media into `directory` (made; must not exist or be
    empty). The counts and the dump come from one snapshot, so they agree even while users write."""
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise BackupError(f"{directory} is not empty.")
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
        snapshot, server_version = cursor.fetchone()
        counts = _counts(cursor, _tables(cursor))
        # The snapshot lives as long as this transaction: pg_dump runs inside it.
        _run([_program("pg_dump"), "--format=custom", f"--snapshot={snapshot}", "--no-owner",
              f"--file={directory / DUMP}"])  # fmt: skip
    media = _local_media()
    files = 0
    if media is not None and media.exists():
        with tarfile.open(directory / MEDIA, "w:gz") as archive:
            for path in sorted(media.rglob("*")):
                if path.is_file():
                    archive.add(path, arcname=str(path.relative_to(media)))
                    files += 1
    manifest = {
        "format": 1,
        "created_at": timezone.now().isoformat(),
        "server_version": server_version,
        "database": settings.DATABASES["default"].get("NAME"),
        "counts": counts,
        "media": {"files": files} if media is not None else {"object_storage": True},
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
    return manifest


def backup_read(directory: Path) -> dict:
    try:
        manifest = json.loads((Path(directory) / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{directory} holds no readable {MANIFEST}: {exc}") from exc
    if manifest.get("format") != 1 or not (Path(directory) / DUMP).exists():
        raise BackupError(f"{directory} is not a backup made by create_backup.")
    return manifest


def backup_restore(*, directory: Path) -> RestoreResult:
    """Restore into the configured database, which must be empty (a fresh `createdb`), and the media
    into MEDIA_ROOT (existing files are never overwritten); then compare every table's count with the
    manifest."""
    manifest = backup_read(directory)
    with connection.cursor() as cursor:
        if _tables(cursor):
            raise BackupError("The target database is not empty: restore into a freshly created one.")
    _run([_program("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
          f"--dbname={settings.DATABASES['default']['NAME']}", str(Path(directory) / DUMP)])  # fmt: skip
    files = 0
    media, archive_path = _local_media(), Path(directory) / MEDIA
    if media is not None and archive_path.exists():
        with tarfile.open(archive_path, "r:gz") as archive:
            members = [m for m in archive.getmembers() if m.isfile()]
            for member in members:
                if (media / member.name).exists():
                    raise BackupError(f"{media / member.name} exists; not overwritten.")
            archive.extractall(media, members=members, filter="data")
            files = len(members)
    with connection.cursor() as cursor:
        after = _counts(cursor, list(manifest["counts"]))
    mismatches = {
        table: (expected, after[table])
        for table, expected in manifest["counts"].items()
        if after[table] != expected
    }
    return RestoreResult(
        tables=len(after), rows=sum(after.values()), media_files=files, mismatches=mismatches
    )
