"""The public site the outage tests request, in its three languages: one
page of every type (tests/test_page_types.py builds them), translated into
English and Arabic, and every public address beside the pages."""

from wagtail.models import Page

from tests.factories import translate
from tests.test_page_types import build_every_page_type

LANGUAGES = ("fr", "en", "ar")


def build_public_site(tree):
    """Every page type in French, English and Arabic; the pages by type."""
    site = build_every_page_type(tree)
    pages = site["pages"]
    home = tree["home"]
    # Parents before children (tree order), the home pages already are.
    for page in Page.objects.descendant_of(home).order_by("path").specific():
        for code in ("en", "ar"):
            if not page.get_translations().filter(locale__language_code=code):
                translate(page, code)
    site["paths"] = {
        model: {
            code: page.get_translation(
                page.locale.__class__.objects.get(language_code=code)
            ).get_url()
            for code in LANGUAGES
        }
        for model, page in pages.items()
    }
    return site


def prefix(code):
    return "" if code == "fr" else f"/{code}"


def public_requests(site):
    """(label, path) of every public GET: each page in each language, the
    agenda's iCal feed, the news feeds (site and centre), search, the
    sitemap and robots.txt."""
    centre_slug = site["pages"][
        next(m for m in site["pages"] if m.__name__ == "CentrePage")
    ].slug
    requests = [("robots", "/robots.txt"), ("sitemap", "/sitemap.xml")]
    for code in LANGUAGES:
        for model, urls in site["paths"].items():
            requests.append((f"{model.__name__} {code}", urls[code]))
        agenda = next(
            urls for m, urls in site["paths"].items() if m.__name__ == "EventIndexPage"
        )
        requests += [
            (f"agenda iCal {code}", f"{agenda[code]}ical/"),
            (f"search {code}", f"{prefix(code)}/recherche/?q=v%C3%A9lo"),
            (f"news RSS {code}", f"{prefix(code)}/actualites/flux/rss/"),
            (f"news Atom {code}", f"{prefix(code)}/actualites/flux/atom/"),
            (
                f"centre RSS {code}",
                f"{prefix(code)}/actualites/flux/{centre_slug}/rss/",
            ),
        ]
    return requests
