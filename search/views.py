"""Site search: every live, public page of the visitor's language, in French
first (see search/migrations/0001 for the PostgreSQL configuration, and
search/ranking.py for which pages are found and in which order)."""

import unicodedata
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.views.decorators.http import require_safe
from wagtail.models import Page, Site

from cooperation.filters import query_int
from cooperation.languages import (
    active_locale,
    and_french_source,
    beneath,
    in_language,
    public,
)
from cooperation.site_cache import remembered
from search.hits import hits
from search.promotions import add_hit, promotions, query_key
from search.ranking import query_units, ranked
from search.snippets import fold

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10
QUERY_PARAM = "q"
TYPE_PARAM = "type"
PAGE_PARAM = "page"


def clean_query(raw):
    """Keep printable characters only (PostgreSQL refuses NUL bytes) and cap
    the length, so that any query string answers a page, never an error."""
    printable = "".join(char if char.isprintable() else " " for char in raw)
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


def search_terms(query):
    """The words of `query`, punctuation turned into spaces.

    The full-text engines ignore punctuation anyway, and some of it means
    something to them (`"`, `&`, `|`, `!`, `:*`, `(`): only letters, digits
    and their accents reach the database."""
    query = unicodedata.normalize("NFC", query)
    kept = "".join(
        char if char.isalnum() or unicodedata.category(char).startswith("M") else " "
        for char in query
    )
    return " ".join(kept.split())


@dataclass
class TypeFilter:
    """One link of the filter by type: « Actualités (3) »."""

    key: str
    label: str
    count: int
    content_type_id: int
    query: str = ""
    is_current: bool = False


def locale_home(request, locale):
    """The home page of `locale` on the current site, or None."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    root = site.root_page
    if root.locale_id == locale.pk:
        return root
    return remembered(
        "search-home",
        lambda: root.get_translation_or_none(locale),
        root.pk,
        locale.pk,
    )


def searchable_pages(home, locale):
    """Live, public pages of `locale`, plus the French ones not translated
    into it (as the listings show them), on the site of `home` when known.
    The private sections are read from the site cache (`public`)."""
    shown = in_language(public(Page.objects.live()), locale)
    if home is None:
        return shown.filter(depth__gt=1)
    return shown.filter(beneath(and_french_source(home)))


def section_links(home):
    """The sections shown in the main menu (Actualités, Agenda, Projets,
    Maisons de quartier…), suggested when there is nothing to show; kept
    in the site cache."""
    if home is None:
        return []
    return remembered(
        "search-sections",
        lambda: list(public(home.get_children().live()).in_menu()),
        home.pk,
    )


def type_filters(counts, current_key, query_string):
    """The filter links, from the counts of results per content type (one
    query for all of them), the labels from each model's own name."""
    filters = []
    for content_type_id, count in counts.items():
        content_type = ContentType.objects.get_for_id(content_type_id)
        model = content_type.model_class()
        if model is None:
            continue
        key = f"{content_type.app_label}.{content_type.model}"
        filters.append(
            TypeFilter(
                key=key,
                label=capfirst(model._meta.verbose_name_plural),
                count=count,
                content_type_id=content_type_id,
                query=urlencode({QUERY_PARAM: query_string, TYPE_PARAM: key}),
                is_current=key == current_key,
            )
        )
    return sorted(filters, key=lambda item: fold(str(item.label)))


def type_content_type_id(key):
    """The content type id of the page type a filter's key names
    (« blog.newspage »), or None."""
    try:
        model = apps.get_model(key)
    except (LookupError, ValueError):
        return None
    if not issubclass(model, Page):
        return None
    return ContentType.objects.get_for_model(model).pk


@require_safe
def search(request):
    """Search every live, public page of the visitor's language."""
    query_string = clean_query(request.GET.get(QUERY_PARAM, ""))
    current_type = clean_query(request.GET.get(TYPE_PARAM, ""))
    locale = active_locale()
    home = locale_home(request, locale)
    context = {"search_query": query_string, "type_param": TYPE_PARAM}
    if not query_string:
        context["sections"] = section_links(home)
        return render(request, "search/search.html", context)

    terms = search_terms(query_string)
    pages = searchable_pages(home, locale)
    number = query_int(request.GET, PAGE_PARAM) or 1
    filters, picks, found = [], [], []
    if terms:
        # The counts per type and the page asked for, in one statement.
        chosen = type_content_type_id(current_type)
        window = ((number - 1) * RESULTS_PER_PAGE, number * RESULTS_PER_PAGE)
        found = ranked(pages, query_units(terms, locale), home, chosen, window)
        filters = type_filters(found.type_counts(), current_type, query_string)
        if not any(item.is_current for item in filters):
            current_type = ""
            if chosen is not None:
                found = found.of_type(None)
        key = query_key(terms)
        picks = promotions(key, pages)
    page_obj = Paginator(found, RESULTS_PER_PAGE).get_page(number)
    if terms and page_obj.number == 1 and not current_type:
        add_hit(key)

    kept = {QUERY_PARAM: query_string}
    if current_type:
        kept[TYPE_PARAM] = current_type
    results = hits(
        page_obj.object_list,
        found.types if found else {},
        query_string,
        locale,
        request,
        Site.find_for_request(request),
    )
    context.update(
        {
            "search_results": page_obj,
            "hits": results,
            # Suggested when nothing is found.
            "sections": [] if results else section_links(home),
            "promotions": picks,
            "type_filters": filters,
            "current_type": current_type,
            "total_count": sum(item.count for item in filters),
            "all_types_query": urlencode({QUERY_PARAM: query_string}),
            # Read by components/pagination.html to keep the query and type.
            "extra_query": urlencode(kept),
        }
    )
    return render(request, "search/search.html", context)
