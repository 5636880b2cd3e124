"""The demo loader: idempotent on PostgreSQL, and `make run`'s SQLite path."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.models import Locale, Page, Site

from home.models import HomePage

ROOT = Path(__file__).resolve().parents[2]


# transaction=True: wagtail-localize publishes translations on commit, as it
# does for editors; inside a test transaction they would never be published.
@pytest.mark.django_db(transaction=True)
def test_load_demo_builds_the_multilingual_home_and_can_run_twice(client):
    call_command("load_demo", "--force", "--admin-password", "un-mot-de-passe")
    counts = (Page.objects.count(), Locale.objects.count())
    call_command("load_demo", "--force", "--admin-password", "un-mot-de-passe")
    assert (Page.objects.count(), Locale.objects.count()) == counts

    assert set(Locale.objects.values_list("language_code", flat=True)) == {
        "fr",
        "en",
        "ar",
    }
    home = Site.objects.get(is_default_site=True).root_page.specific
    assert isinstance(home, HomePage)
    assert home.locale.language_code == "fr"
    assert home.hero_image.alt_text
    for prefix, lang in (("/", "fr"), ("/en/", "en"), ("/ar/", "ar")):
        response = client.get(prefix)
        assert response.status_code == 200
        assert f'lang="{lang}"' in response.content.decode()
    assert "Three neighbourhood centres" in client.get("/en/").content.decode()
    from centres.models import CentrePage

    centres = CentrePage.objects.live().filter(locale__language_code="fr")
    assert sorted(centres.values_list("title", flat=True)) == [
        "Maison Citoyenne",
        "Maison de quartier Saint-Nicolas",
        "Maison de quartier des Ors",
    ]
    saint_nicolas = centres.get(slug="saint-nicolas")
    coope_hours = {
        (
            hours.weekday,
            hours.opens.isoformat("minutes"),
            hours.closes.isoformat("minutes"),
        )
        for hours in saint_nicolas.opening_hours.all()
        if hours.label == "P'tite Coopé"
    }
    assert coope_hours == {
        (1, "09:30", "11:30"),
        (3, "09:30", "11:30"),
        (4, "14:00", "16:00"),
    }
    assert client.get(saint_nicolas.url).status_code == 200
    assert client.login(username="admin", password="un-mot-de-passe")
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_load_demo_refuses_to_run_without_debug():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo")


def test_make_run_path_on_sqlite_migrates_loads_the_demo_and_serves_home(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"REDIS_URL"}},
        "DJANGO_SETTINGS_MODULE": "cooperation.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'smoke.sqlite3'}",
        "VAR_DIR": str(tmp_path),
        "REDIS_URL": "",
    }

    def manage(*args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        return result.stdout

    manage("migrate", "--noinput")
    manage("load_demo")
    probe = (
        "from django.test import Client; c = Client(); "
        "h = {'HTTP_HOST': 'localhost'}; "
        "print(c.get('/', **h).status_code, c.get('/admin/login/', **h).status_code, "
        "c.get('/ar/', **h).status_code)"
    )
    assert manage("shell", "-c", probe).split()[-3:] == ["200", "200", "200"]
