"""manage.py backup [FILE] — the whole site (database rows and uploaded media) in one zip.

Rows are written with Django's serialiser using natural keys, so a restore
into a freshly migrated database of any supported engine gets them back."""

import datetime
import io
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

# Recreated by `migrate`, or not worth keeping (sessions, login-attempt logs).
EXCLUDE = ["contenttypes", "auth.permission", "sessions", "axes"]


class Command(BaseCommand):
    help = "Write a zip with every row (JSON) and every uploaded file."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="where to write (default: casebook-backup-<time>.zip)")

    def handle(self, *args, file=None, **options):
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        path = Path(file or f"casebook-backup-{stamp}.zip")
        rows = io.StringIO()
        call_command("dumpdata", "--natural-foreign", "--natural-primary", "--indent", "0",
                     *[f"--exclude={name}" for name in EXCLUDE], stdout=rows)
        media_root = Path(settings.MEDIA_ROOT)
        partial = path.with_suffix(path.suffix + ".partial")
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("data.json", rows.getvalue())
            count = 0
            if media_root.is_dir():
                for item in sorted(media_root.rglob("*")):
                    if item.is_file():
                        archive.write(item, f"media/{item.relative_to(media_root)}")
                        count += 1
        partial.replace(path)  # never leave a half-written backup under the real name
        self.stdout.write(self.style.SUCCESS(f"backup: {path} ({count} media file(s))"))
