"""Every public page type, in French, English and Arabic, is valid HTML for
the Nu Html Checker (the W3C's validator, npm's vnu-jar: `make
page-checkers` installs it in tools/node/). The pages are rendered by the
test client, written to files and checked in one run of the validator,
which takes seconds to start."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import translate
from tests.test_page_types import build_every_page_type

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = ROOT / "tools/node/node_modules/vnu-jar/build/dist/vnu.jar"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def every_page_in_three_languages(module_site_tree, django_db_blocker):
    """build_every_page_type(), each page translated into English and Arabic
    (the home pages and the English news section are translated already)."""
    with django_db_blocker.unblock():
        site = build_every_page_type(module_site_tree)
        pages = {"fr": site["pages"]}
        for code in ("en", "ar"):
            pages[code] = {}
            for model, page in site["pages"].items():
                existing = page.get_translation_or_none(
                    module_site_tree["translations"][code].locale
                )
                pages[code][model] = (
                    existing.specific
                    if existing
                    else translate(page, code, slug=f"{page.slug}-{code}")
                )
        return pages


def page_addresses(pages):
    """{name: (address, expected status)} of every HTML page a reader meets."""
    addresses = {}
    for code, by_model in pages.items():
        prefix = "" if code == "fr" else f"/{code}"
        for model, page in by_model.items():
            addresses[f"{model.__name__} [{code}]"] = (page.url, 200)
        agenda = next(p for m, p in by_model.items() if m.__name__ == "EventIndexPage")
        centre = next(p for m, p in by_model.items() if m.__name__ == "CentrePage")
        addresses.update(
            {
                f"agenda month [{code}]": (agenda.url + "mois/2026/5/", 200),
                f"past events [{code}]": (agenda.url + "passes/", 200),
                f"centre programme [{code}]": (centre.url + "programme/", 200),
                f"search [{code}]": (f"{prefix}{reverse('search')}?q=velo", 200),
                f"empty search [{code}]": (f"{prefix}{reverse('search')}", 200),
                f"not found [{code}]": (f"{prefix}/cette-page-n-existe-pas/", 404),
            }
        )
    addresses.update(
        {
            "sign-up page": (reverse("newsletter:subscribe"), 200),
            "lost link page": (reverse("newsletter:manage_link"), 200),
            "check inbox page": (reverse("newsletter:check_inbox"), 200),
        }
    )
    return addresses


# An invalid document checked with the pages: its error proves that the
# validator read the files and that its messages are matched to them.
CANARY = (
    '<!DOCTYPE html><html lang="fr"><head><title>Témoin</title></head>'
    '<body><time datetime="2026-05-01T10:00:00.000000+02:00">1er mai</time>'
    "</body></html>"
)


def validate(files):
    """The validator's error messages on `files`, in one run."""
    java = shutil.which("java")
    if not java or not VNU_JAR.exists():
        pytest.fail("The HTML validator is missing: run `make page-checkers`.")
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]
        + [str(path) for path in files],
        capture_output=True,
        text=True,
        timeout=600,
    )
    # vnu writes its report to stderr, and exits 1 when it found an error.
    return json.loads(result.stderr)["messages"]


@pytest.mark.django_db
def test_every_public_page_is_valid_html(
    every_page_in_three_languages, client, tmp_path
):
    files = {}
    for index, (name, (url, status)) in enumerate(
        page_addresses(every_page_in_three_languages).items()
    ):
        response = client.get(url)
        assert response.status_code == status, (name, url, response.status_code)
        assert response["Content-Type"].startswith("text/html"), (name, url)
        path = tmp_path / f"{index:03}-{re.sub(r'[^a-z]+', '-', name.lower())}.html"
        path.write_bytes(response.content)
        files[path.name] = f"{name} {url}"
    canary = tmp_path / "canary.html"
    canary.write_text(CANARY)

    messages = validate([canary, *(tmp_path / name for name in files)])

    # vnu names a file "file:/tmp/…": matched by its name.
    by_file = {}
    for message in messages:
        by_file.setdefault(message.get("url", "").rsplit("/", 1)[-1], []).append(
            message
        )
    assert [m["message"] for m in by_file.pop("canary.html", [])] == [
        "Bad value “2026-05-01T10:00:00.000000+02:00” for attribute “datetime” on "
        "element “time”: A fraction of a second must be one, two, or three digits."
    ]
    report = [
        f"{files.get(name, name)}:{message.get('lastLine', '?')}: "
        f"{message['message']}\n    {message.get('extract', '').strip()}"
        for name, found in by_file.items()
        for message in found
    ]
    assert not report, f"{len(report)} errors:\n" + "\n".join(report)
