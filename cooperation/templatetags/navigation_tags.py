"""Header navigation and the language switcher."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Locale, Page, Site

from cooperation.languages import (
    and_french_source,
    beneath,
    in_french_order,
    in_language,
    reader_pages,
)

register = template.Library()


def _site_root(request):
    site = Site.find_for_request(request) if request else None
    if site is None:
        return None
    return site.root_page.localized


def menu_sections(home):
    """The sections in the menu under `home`, and in English or Arabic the
    French ones not translated yet (`is_french_fallback`), in the French
    tree's order."""
    sections = in_language(
        Page.objects.live()
        .public()
        .in_menu()
        .filter(beneath(and_french_source(home), depth=1)),
        home.locale,
    )
    return in_french_order(sections).specific()


@register.inclusion_tag("navigation/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    root = _site_root(request)
    current = context.get("page")
    items = []
    if root is not None:
        children = menu_sections(root)
        items = [{"page": root, "is_home": True}] + [
            {"page": child, "is_home": False} for child in children
        ]
    current_path = getattr(current, "path", "")
    for item in items:
        page = item["page"]
        item["is_current"] = current is not None and current.pk == page.pk
        item["is_ancestor"] = (
            not item["is_home"]
            and not item["is_current"]
            and current_path.startswith(page.path)
        )
    return {
        "items": items,
        "request": request,
        "search_is_current": bool(
            request
            and request.resolver_match
            and request.resolver_match.url_name == "search"
        ),
    }


@register.inclusion_tag("navigation/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Link every language: to this page's translation when there is one,
    otherwise to the home page in that language."""
    request = context.get("request")
    page = context.get("page")
    current_language = translation.get_language()
    translations = {}
    if isinstance(page, Page) and page.pk:
        for translated in page.get_translations(inclusive=True).live().public():
            translations[translated.locale.language_code] = translated
    root = _site_root(request)
    root_translations = {}
    if root is not None:
        for translated in root.get_translations(inclusive=True).live():
            root_translations[translated.locale.language_code] = translated
    links = []
    for code, name in settings.LANGUAGES:
        url = None
        if code in translations:
            url = translations[code].get_url(request)
        elif page is None and request is not None:
            url = translate_url(request.path, code)
        elif code in root_translations:
            url = root_translations[code].get_url(request)
        if url is None:
            continue
        links.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "is_current": code == current_language,
                "has_translation": code in translations or page is None,
                "bidi": translation.get_language_info(code)["bidi"],
            }
        )
    return {"links": links}


@register.simple_tag(takes_context=True)
def home_url(context):
    root = _site_root(context.get("request"))
    return root.get_url(context.get("request")) if root is not None else "/"


def footer_place(place, shown, locale):
    """A footer place as the reader sees it: its page (translated or
    French), and its name: the translated page's title when the place is
    named after its page (a centre), since the translator gave that page a
    name; else the name written in the settings, in French (`name_lang`).
    The address lines (street, city) are French words (`lang="fr"` outside
    French)."""
    page = shown.get(place.page.translation_key) if place.page else None
    french = locale is None or locale.language_code == settings.LANGUAGE_CODE
    if (
        page is not None
        and not french
        and page.locale_id == locale.pk
        and place.name == place.page.title
    ):
        name, name_lang = page.title, None
    else:
        name, name_lang = place.name, None if french else settings.LANGUAGE_CODE
    return {
        "place": place,
        "page": page,
        "name": name,
        "name_lang": name_lang,
        "address_lang": None if french else settings.LANGUAGE_CODE,
    }


@register.simple_tag
def footer_links(site_settings):
    """The footer's places and legal pages, in the reader's language: the
    pages they point to are replaced by their live translation, or stay
    French (marked) where there is none. The settings are the Site's, one
    for every language (docs/architecture.md)."""
    if not site_settings:
        return {"places": [], "legal_pages": []}
    locale = Locale.get_active()
    places = list(site_settings.footer_addresses.select_related("page"))
    legal = [
        site_settings.legal_notice_page,
        site_settings.privacy_page,
        site_settings.accessibility_page,
    ]
    shown = reader_pages([place.page for place in places] + legal, locale)
    by_key = {page.translation_key: page for page in shown}
    return {
        "places": [footer_place(place, by_key, locale) for place in places],
        "legal_pages": [
            by_key[page.translation_key]
            for page in legal
            if page is not None and page.translation_key in by_key
        ],
    }
