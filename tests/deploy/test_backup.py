"""deploy/backup.sh then deploy/restore.sh on a real database: a page and an
image saved, backed up, restored into a database made anew and an empty
media folder, and found there again."""

import os
import subprocess

import psycopg
import pytest
from django.db import connection

from tests.blog.factories import NewsPageFactory
from tests.deploy.servers import ROOT, current_database_url
from tests.factories import ImageFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def run(script, *args, env):
    result = subprocess.run(
        ["bash", str(ROOT / "deploy" / script), *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def admin_sql(statement):
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"],
        port=db["PORT"],
        user=db["USER"],
        password=db["PASSWORD"],
        dbname="postgres",
        autocommit=True,
    ) as admin:
        admin.execute(statement)


def test_backup_then_restore_into_a_new_database_finds_the_page_and_image(
    site_tree, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    image = ImageFactory(title="Jardin partagé")
    NewsPageFactory(parent=site_tree["news"], slug="fete", title="La fête", image=image)
    image_bytes = (settings.MEDIA_ROOT / image.file.name).read_bytes()

    backups = tmp_path / "backups"
    env = {
        "DATABASE_URL": current_database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "BACKUP_DIR": str(backups),
        "BACKUP_KEEP": "2",
    }
    run("backup.sh", env=env)
    (backup,) = backups.iterdir()
    assert {path.name for path in backup.iterdir()} == {"database.dump", "media.tar.gz"}

    restored_name = f"{connection.settings_dict['NAME']}_restored"
    admin_sql(f'DROP DATABASE IF EXISTS "{restored_name}"')
    admin_sql(f'CREATE DATABASE "{restored_name}"')
    restored_url = current_database_url().rsplit("/", 1)[0] + f"/{restored_name}"
    restored_media = tmp_path / "restored-media"
    try:
        restore_env = {**env, "DATABASE_URL": restored_url}
        restore_env["MEDIA_ROOT"] = str(restored_media)
        run("restore.sh", "--yes", str(backup), env=restore_env)
        # Again over the restored one: its tables are replaced, not doubled.
        run("restore.sh", "--yes", str(backup), env=restore_env)
        with psycopg.connect(restored_url) as restored:
            titles = restored.execute(
                "SELECT title FROM wagtailcore_page WHERE slug = 'fete'"
            ).fetchall()
            files = restored.execute(
                "SELECT file FROM images_customimage WHERE title = 'Jardin partagé'"
            ).fetchall()
        assert titles == [("La fête",)]
        assert files == [(image.file.name,)]
        assert (restored_media / image.file.name).read_bytes() == image_bytes
    finally:
        admin_sql(f'DROP DATABASE IF EXISTS "{restored_name}"')


def test_backup_keeps_the_newest_ones_and_refuses_a_bad_count(tmp_path, db):
    backups = tmp_path / "backups"
    for old in ("2026-01-01T000000Z", "2026-01-02T000000Z", "2026-01-03T000000Z"):
        (backups / old).mkdir(parents=True)
    media = tmp_path / "media"
    media.mkdir()
    env = {
        "DATABASE_URL": current_database_url(),
        "MEDIA_ROOT": str(media),
        "BACKUP_DIR": str(backups),
        "BACKUP_KEEP": "2",
    }
    run("backup.sh", env=env)
    kept = sorted(path.name for path in backups.iterdir())
    assert len(kept) == 2
    assert kept[0] == "2026-01-03T000000Z"
    assert kept[1] > "2026-01-03T000000Z"  # the one made now
    refused = subprocess.run(
        ["bash", str(ROOT / "deploy" / "backup.sh")],
        env={**os.environ, **env, "BACKUP_KEEP": "tous"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode == 2
    assert "BACKUP_KEEP" in refused.stderr
    assert len(list(backups.iterdir())) == 2
