"""Restore a backup made by create_backup into a fresh database and check the row counts."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, backup_read, backup_restore


class Command(BaseCommand):
    help = (
        "Restore DIRECTORY (from create_backup) into the database of DATABASE_URL, which must be empty "
        "(createdb first), and its media into MEDIA_ROOT; then compare every table's row count with the "
        "manifest. Prints what it would do unless --commit is given."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument("--commit", action="store_true", help="restore (without it: dry run)")

    def handle(self, *args, directory: Path, commit: bool, **options) -> None:
        try:
            manifest = backup_read(directory)
            target = settings.DATABASES["default"]
            self.stdout.write(
                f"Backup of {manifest['database']} made {manifest['created_at']} "
                f"({len(manifest['counts'])} tables, {sum(manifest['counts'].values())} rows) "
                f"→ database {target['NAME']} on {target.get('HOST') or 'the local socket'}."
            )
            if not commit:
                self.stdout.write("Dry run: nothing restored (add --commit).")
                return
            result = backup_restore(directory=directory)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        if result.mismatches:
            details = ", ".join(f"{t}: {a} expected, {b} restored" for t, (a, b) in result.mismatches.items())
            raise CommandError(f"Restored, but the row counts differ: {details}")
        self.stdout.write(
            f"Restored {result.tables} tables, {result.rows} rows (counts match the manifest), "
            f"{result.media_files} media files."
        )
