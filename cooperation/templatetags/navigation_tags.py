"""Header navigation, the language switcher and the breadcrumbs."""

from django import template
from django.conf import settings
from django.db.models import Q
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Page, Site

from cooperation.languages import (
    active_locale,
    and_french_source,
    beneath,
    in_french_order,
    in_language,
    live_translations,
    public,
    reader_pages,
    with_locale,
)
from cooperation.site_cache import remembered
from cooperation.structured_data import json_ld

register = template.Library()


def _site_homes(request):
    """The site's home page in every language it is live in, by language
    code (its own root under ""): from the site cache, or one query; kept on
    the request (the menu, the switcher and the home link all ask)."""
    if request is None:
        return {}
    if not hasattr(request, "_cooperation_homes"):
        site = Site.find_for_request(request)
        request._cooperation_homes = (
            remembered("homes", lambda: _homes(site.root_page_id), site.root_page_id)
            if site is not None
            else {}
        )
    return request._cooperation_homes


def _homes(root_page_id):
    source = Page.objects.filter(pk=root_page_id)
    found = Page.objects.filter(
        Q(pk=root_page_id)
        | Q(live=True, translation_key__in=source.values("translation_key"))
    )
    homes = {}
    for page in found:
        with_locale(page)
        if page.pk == root_page_id:
            homes[""] = page  # the site's own root, live or not
        if page.live:
            homes.setdefault(page.locale.language_code, page)
    return homes


def _site_root(request):
    """The site's home page in the reader's language (the French one where it
    is not translated), or None."""
    homes = _site_homes(request)
    return homes.get(active_locale().language_code) or homes.get("")


def menu_sections(home):
    """The sections in the menu under `home`, and in English or Arabic the
    French ones not translated yet (`is_french_fallback`), in the French
    tree's order."""
    sections = in_language(
        public(
            Page.objects.live()
            .in_menu()
            .filter(beneath(and_french_source(home), depth=1))
        ),
        home.locale,
    )
    # Generic pages: the menu needs a title and a URL, not each type's fields.
    return in_french_order(sections)


def _menu(root):
    """The sections in the menu under `root`, kept in the site cache."""
    return remembered("menu", lambda: list(menu_sections(root)), root.pk)


@register.inclusion_tag("navigation/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    root = _site_root(request)
    current = context.get("page")
    items = []
    if root is not None:
        children = _menu(root)
        items = [{"page": root, "is_home": True, "is_french_fallback": False}] + [
            {
                "page": child,
                "is_home": False,
                "is_french_fallback": getattr(child, "is_french_fallback", False),
            }
            for child in children
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
        translations = live_translations(page.translation_key)
    root_translations = {
        code: home for code, home in _site_homes(request).items() if code
    }
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


@register.inclusion_tag("navigation/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, current_title=None):
    """The trail from the home page to a page below a section (a news item,
    an event, a centre, a sheet, a page inside a section): the pages above
    it, one query, and the page itself; with its schema.org BreadcrumbList.
    A home page and a section (the menu names it) have none. On a page's
    sub-route (a centre's Programme du mois), `current_title` names what is
    shown: the page becomes a link and that title the current step."""
    request = context.get("request")
    page = context.get("page")
    root = _site_root(request)
    if not isinstance(page, Page) or page.pk is None or root is None:
        return {"items": []}
    if page.depth < root.depth + 2:
        return {"items": []}
    above = _pages_above(request, root, page)
    items = []
    for number, item in enumerate([*above, page], start=1):
        with_locale(item)
        is_home = item.depth == root.depth
        items.append(
            {
                "position": number,
                "title": gettext("Accueil") if is_home else item.title,
                "url": item.get_url(request),
                "full_url": item.get_full_url(request),
                "is_current": item.pk == page.pk and not current_title,
            }
        )
    if current_title:
        items.append(
            {
                "position": len(items) + 1,
                "title": current_title,
                "url": request.path,
                "full_url": request.build_absolute_uri(request.path),
                "is_current": True,
            }
        )
    return {"items": items, "json_ld": json_ld(breadcrumb_list(items))}


def _pages_above(request, root, page):
    """The pages from the home page down to `page`'s parent: those the menu
    already read (the homes, the sections in the menu: no query), else one
    query."""
    paths = [
        page.path[:length]
        for length in range(root.depth * Page.steplen, len(page.path), Page.steplen)
    ]
    known = {home.path: home for home in _site_homes(request).values()}
    known.update((section.path, section) for section in _menu(root))
    if all(path in known for path in paths):
        return [known[path] for path in paths]
    return list(
        Page.objects.filter(path__in=paths)
        .only("title", "path", "depth", "url_path", "locale_id")
        .order_by("depth")
    )


def breadcrumb_list(items):
    """schema.org's BreadcrumbList of the trail."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": item["position"],
                "name": str(item["title"]),
                "item": item["full_url"],
            }
            for item in items
        ],
    }


@register.filter
def reader_version(page):
    """Wagtail's `page.localized` (its live translation in the reader's
    language, or itself) with the locale and translations read once per
    request."""
    if page is None:
        return None
    locale = active_locale()
    if page.locale_id == locale.pk:
        return page
    return live_translations(page.translation_key).get(locale.language_code) or page


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
    locale = active_locale()
    return remembered(
        "footer",
        lambda: _footer_links(site_settings, locale),
        site_settings.pk,
        locale.language_code,
    )


def _footer_links(site_settings, locale):
    places = list(site_settings.footer_addresses.select_related("page"))
    legal_ids = [
        site_settings.legal_notice_page_id,
        site_settings.privacy_page_id,
        site_settings.accessibility_page_id,
    ]
    # The three legal pages in one query, not one per foreign key.
    found = Page.objects.in_bulk([pk for pk in legal_ids if pk is not None])
    legal = [found.get(pk) for pk in legal_ids]
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
