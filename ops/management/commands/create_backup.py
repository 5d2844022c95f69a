"""A backup of the database (pg_dump) and the local evidence files, with a manifest of row counts."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Write a backup into DIRECTORY (made; must be new or empty): database.dump (pg_dump, custom "
        "format), media.tar.gz (evidence on local disk) and manifest.json (exact row counts taken in "
        "the dump's snapshot). Needs pg_dump on PATH or in PG_BINDIR."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory: Path, **options) -> None:
        try:
            manifest = backup_create(directory=directory)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        counts = manifest["counts"]
        media = manifest["media"]
        self.stdout.write(
            f"Backup written to {directory}: {len(counts)} tables, {sum(counts.values())} rows, "
            + (
                f"{media['files']} media files."
                if "files" in media
                else "media on object storage (not included)."
            )
        )
