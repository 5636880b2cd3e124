"""The demo's translation files, read without a database: both languages
cover the same French texts, every text of the translated pages has its
entry, slugs are valid Latin slugs and the Arabic is written in Arabic."""

import json
import re
from pathlib import Path

import pytest
from django.utils.text import slugify

DATA_DIR = Path(__file__).resolve().parents[2] / "demo" / "data"
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")


def load(name):
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def capitalised(name):
    return name[:1].upper() + name[1:]


def page_texts():
    """(texts, slugs) of the pages and terms the demo ships translated."""
    site = load("site.json")
    home = site["home"]
    texts = [
        home[key] for key in ("title", "seo_title", "search_description", "hero_title")
    ]
    texts += [home["hero_text"], home["hero_link_text"]]
    slugs = ["accueil"]
    for section in site["sections"]:
        texts += [section["title"], section["intro"]]
        slugs.append(section["slug"])
    for page in site["legal_pages"]:
        texts += [page["title"], page["intro"], *page["paragraphs"]]
        slugs.append(page["slug"])
    for address in site["settings"]["addresses"]:
        texts += [address["name"], address["street"]]
    for centre in load("centres.json")["centres"]:
        if centre["key"] == "cooperation":
            continue
        slugs.append(centre["key"])
        texts += [centre["name"], centre["intro"], centre["street"]]
        texts += [centre["short_name"], centre["neighbourhood"]]
        texts += [hours["label"] for hours in centre["opening_hours"]]
        for service in centre["services"]:
            texts += [service["title"], service["description"]]
    projects = load("projects.json")
    for project in projects["coope_projects"]:
        slugs.append(project["slug"])
        texts += [project["title"], project["summary"], *project["description"]]
        texts += [project["initiator_detail"], project["funding_text"]]
        texts += [project["people"]["text"], *project["results"].values()]
        texts += [project["limits"], project["perspectives"]]
        texts += [partner["name"] for partner in project["partners"]]
    vocabularies = projects["vocabularies"]
    names = [*vocabularies["dimension"], *vocabularies["keywords"]]
    names += vocabularies["partner_types"]
    for sheet in projects["action_sheets"]:
        names += sheet["keywords"] + [partner["type"] for partner in sheet["partners"]]
    for data in (load("news.json"), load("events.json")):
        for category in data["categories"]:
            texts.append(category["name"])
            slugs.append(category["slug"])
    texts += [capitalised(name) for name in names]
    slugs += [slugify(name) for name in names]
    return [text for text in texts if text], slugs


@pytest.fixture(scope="module")
def translations():
    return {
        path.stem: json.loads(path.read_text(encoding="utf-8"))
        for path in (DATA_DIR / "translations").glob("*.json")
    }


def test_english_and_arabic_translate_the_same_french_texts(translations):
    assert set(translations) == {"en", "ar"}
    assert set(translations["en"]) == set(translations["ar"])
    for strings in translations.values():
        assert all(isinstance(text, str) and text.strip() for text in strings.values())


def test_every_text_and_slug_of_the_translated_pages_has_its_translation(
    translations,
):
    texts, slugs = page_texts()
    for strings in translations.values():
        assert [text for text in texts if text not in strings] == []
        assert [slug for slug in slugs if slug not in strings] == []


def test_translated_slugs_are_latin_slugs_and_the_arabic_is_arabic(translations):
    _texts, slugs = page_texts()
    # Wagtail refuses Unicode slugs here (WAGTAIL_ALLOW_UNICODE_SLUGS = False):
    # Arabic addresses are transliterated.
    for code, strings in translations.items():
        for slug in slugs:
            assert SLUG.fullmatch(strings[slug]), (code, slug, strings[slug])
    for french, arabic in translations["ar"].items():
        if SLUG.fullmatch(french) or french.startswith("_") or arabic == french:
            continue
        assert ARABIC_LETTER.search(arabic), (french, arabic)
