"""Back up and restore the PostgreSQL database (pg_dump's custom format) and local media (tar).

Media on object storage (S3) is backed up by the bucket's own versioning, not here.
"""

import os
import subprocess
import tarfile
from pathlib import Path

from django.core.management.base import CommandError

DATABASE_FILE = "database.dump"
MEDIA_FILE = "media.tar.gz"


def _postgres_env(database):
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise CommandError("Backups need PostgreSQL; on SQLite, copy the database file instead.")
    env = {**os.environ, "PGDATABASE": database["NAME"]}
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER")):
        if database.get(key):
            env[variable] = str(database[key])
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    return env


def _run(args, env):
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise CommandError(f"{args[0]} failed: {result.stderr.strip()}")


def backup(destination, database, media_root):
    """Write the database dump and a media archive into ``destination``; their paths."""
    destination = Path(destination)
    destination.mkdir(parents=True, exist_ok=True)
    dump = destination / DATABASE_FILE
    _run(
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={dump}"],
        _postgres_env(database),
    )
    archive = destination / MEDIA_FILE
    with tarfile.open(archive, "w:gz") as tar:
        if Path(media_root).is_dir():
            tar.add(media_root, arcname=".")
    return dump, archive


def restore_database(source, database):
    """Replace the database's contents with the backup's, in one transaction."""
    dump = Path(source) / DATABASE_FILE
    if not dump.is_file():
        raise CommandError(f"No {DATABASE_FILE} in {source}.")
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            f"--dbname={database['NAME']}",
            str(dump),
        ],
        _postgres_env(database),
    )


def restore_media(source, media_root):
    """Unpack the backup's media archive, if it has one, into the media folder."""
    archive = Path(source) / MEDIA_FILE
    if archive.is_file():
        Path(media_root).mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(media_root, filter="data")
