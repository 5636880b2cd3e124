"""On every page type: one newsletter sign-up form; in Arabic, Latin text
isolated (`dir`) so that it keeps its order; the language switcher's lang
attributes; no French spacing left in English."""

import re

import pytest
from django.urls import reverse

from tests.test_page_types import build_every_page_type, module_site  # noqa: F401

pytestmark = pytest.mark.django_db

SIGNUP_FORM = '<form class="newsletter-form'


def page_urls(module_site):  # noqa: F811
    urls = {model.__name__: page.url for model, page in module_site["pages"].items()}
    urls["subscribe view"] = reverse("newsletter:subscribe")
    return urls


def test_every_page_type_shows_one_signup_form(client, module_site):  # noqa: F811
    for name, url in page_urls(module_site).items():
        html = client.get(url).content.decode()
        assert html.count(SIGNUP_FORM) == 1, name
        ids = re.findall(r'\sid="([^"]+)"', html)
        assert len(ids) == len(set(ids)), name


def test_a_form_sent_with_errors_is_the_page_one_and_the_footer_links_to_it(
    client,
    module_site,  # noqa: F811
):
    response = client.post(reverse("newsletter:subscribe"), {"email": "x"})
    html = response.content.decode()
    assert response.status_code == 400
    assert html.count(SIGNUP_FORM) == 1
    footer = html[html.index("<footer") :]
    assert 'href="#signup-page-email"' in footer


def test_the_consent_box_comes_before_its_label(client, module_site):  # noqa: F811
    html = client.get(module_site["pages"][next(iter(module_site["pages"]))].url)
    html = html.content.decode()
    field = re.search(r'<div class="checkbox-field">(.*?)</div>', html, re.S).group(1)
    assert field.index('type="checkbox"') < field.index("<label")


def opening_tags(html, pattern):
    return re.findall(rf"<[a-z0-9]+\s[^>]*{pattern}[^>]*>", html)


def test_latin_text_on_an_arabic_page_is_isolated(client, module_site):  # noqa: F811
    """The Arabic home shows the French sections, news, events and centres
    (no translation yet): each French text carries `dir="ltr"`, as do the
    phone and email links and the addresses' lines."""
    html = client.get("/ar/").content.decode()
    french = opening_tags(html, r'\slang="fr"')
    assert french, "the Arabic home shows French pages"
    assert all('dir="ltr"' in tag for tag in french), [
        tag for tag in french if "dir=" not in tag
    ]
    links = opening_tags(html, 'href="(?:tel|mailto):')
    assert all('dir="ltr"' in tag for tag in links)
    # A centre's address: « 26100 Romans-sur-Isère » in its own order.
    assert re.search(r'<span dir="auto">\s*\d{5} Romans-sur-Isère</span>', html)


def test_french_text_on_a_french_page_gets_no_direction(
    client,
    module_site,  # noqa: F811
):
    html = client.get("/").content.decode()
    assert 'dir="ltr" lang="fr"' not in html
    assert not re.search(r'<a dir="ltr" href="(?:tel|mailto):', html)


def test_the_switcher_names_each_language_in_it_and_its_note_in_the_readers(
    client,
    module_site,  # noqa: F811
):
    html = client.get(module_site["pages"][next(iter(module_site["pages"]))].url)
    switcher = re.search(
        r'<nav class="language-switcher".*?</nav>', html.content.decode(), re.S
    ).group(0)
    links = re.findall(r"<a [^>]*>.*?</a>", switcher, re.S)
    assert len(links) == 3
    for link in links:
        # The link itself is in the page's language: only the name is not.
        assert " lang=" not in link[: link.index(">")]
        assert re.search(r'<span lang="(fr|en|ar)" dir="(ltr|rtl)">', link)
    arabic = next(link for link in links if 'hreflang="ar"' in link)
    assert '<span lang="ar" dir="rtl">العربية</span>' in arabic
    note = re.search(r'<span class="visually-hidden">([^<]*)</span>', arabic)
    if note:  # the page has no Arabic translation: the note is French
        assert "page d’accueil" in note.group(1)


def test_english_pages_carry_no_french_spacing(client, module_site):  # noqa: F811
    html = client.get("/en/").content.decode()
    # French pages shown where no English one exists keep the French rules.
    html = re.sub(r'<(\w+)[^>]*\slang="fr"[^>]*>.*?</\1>', "", html, flags=re.S)
    text = re.sub(r"<script.*?</script>|<[^>]+>", "", html, flags=re.S)
    assert not re.search(r"[\u202f\u00a0 ][:;!?]", text)
    assert "«" not in text and "»" not in text
