"""The admin's Help menu leads to the project's French guide for editors,
served inside the admin with its screenshots, not to Wagtail's English one."""

import re

import pytest

from cooperation import guide

pytestmark = pytest.mark.django_db


def screenshots_named_in_the_guide():
    return re.findall(r"\]\(guide-editeur/([^)]+)\)", guide.guide_path().read_text())


def test_help_menu_leads_to_the_french_guide(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert "/admin/guide/" in html
    assert "Guide de l" in html
    assert "guide.wagtail.org" not in html


def test_guide_is_rendered_in_the_admin_with_its_screenshots(admin_client):
    response = admin_client.get("/admin/guide/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h2 id="ajouter-une-actualite">Ajouter une actualité</h2>' in html
    names = screenshots_named_in_the_guide()
    assert names
    for name in names:
        assert f'src="guide-editeur/{name}"' in html
        image = admin_client.get(f"/admin/guide/guide-editeur/{name}")
        assert image.status_code == 200
        assert image["Content-Type"] == "image/png"
        assert b"".join(image.streaming_content).startswith(b"\x89PNG")


@pytest.mark.parametrize("name", ["absent.png", "guide-editeur.md", "x.svg"])
def test_only_the_guide_screenshots_are_served(admin_client, name):
    assert admin_client.get(f"/admin/guide/guide-editeur/{name}").status_code == 404


def test_the_guide_is_for_signed_in_editors(client):
    response = client.get("/admin/guide/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
