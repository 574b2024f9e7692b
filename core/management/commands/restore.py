"""manage.py restore FILE — load a backup made by `manage.py backup`.

Run it on a migrated database. It refuses a database that already holds
users or any of Casebook's own rows (found through the app registry) unless --replace is given,
which empties it first."""

import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


def _holds_data() -> bool:
    """Whether there are users, or rows in any model of Casebook's own apps (a folder of the project's)."""
    base = Path(settings.BASE_DIR).resolve()
    ours = [config for config in apps.get_app_configs() if Path(config.path).resolve() == base / config.name]
    return User.objects.exists() or any(model.objects.exists() for config in ours for model in config.get_models())


class Command(BaseCommand):
    help = "Restore the rows and media of a backup zip."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--replace", action="store_true", help="empty the database first")

    def handle(self, *args, file, replace, **options):
        path = Path(file)
        if not zipfile.is_zipfile(path):
            raise CommandError(f"{path}: not a backup zip")
        if _holds_data() and not replace:
            raise CommandError("The database is not empty; use --replace to empty it first.")
        with zipfile.ZipFile(path) as archive, tempfile.TemporaryDirectory() as tmp:
            names = archive.namelist()
            if "data.json" not in names:
                raise CommandError(f"{path}: no data.json inside")
            data = Path(tmp) / "data.json"
            data.write_bytes(archive.read("data.json"))
            with transaction.atomic():
                if replace:
                    call_command("flush", "--noinput", verbosity=0)
                # A backup taken before a field was removed still restores.
                call_command("loaddata", str(data), ignorenonexistent=True, verbosity=0)
            media_root = Path(settings.MEDIA_ROOT)
            restored = 0
            for name in names:
                inner = PurePosixPath(name)
                if inner.parts[:1] != ("media",) or name.endswith("/") or ".." in inner.parts:
                    continue
                target = media_root.joinpath(*inner.parts[1:])
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.read(name))
                restored += 1
        self.stdout.write(self.style.SUCCESS(f"restore: {path} loaded ({restored} media file(s))"))
