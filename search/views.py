from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.shortcuts import render
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Locale, Page

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10


def clean_query(raw):
    """Keep printable characters only (PostgreSQL refuses NUL bytes) and cap
    the length, so that any query string answers a page, never an error."""
    printable = "".join(char if char.isprintable() else " " for char in raw)
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


def search(request):
    """Search every live, public page of the visitor's language."""
    query_string = clean_query(request.GET.get("q", ""))
    results = Page.objects.none()
    if query_string:
        pages = (
            Page.objects.live().public().filter(locale=Locale.get_active()).specific()
        )
        results = pages.search(query_string)
        Query.get(query_string).add_hit()
    paginator = Paginator(results, RESULTS_PER_PAGE)
    try:
        page_obj = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page_obj = paginator.page(1)
    except EmptyPage:
        page_obj = paginator.page(paginator.num_pages)
    return render(
        request,
        "search/search.html",
        {"search_query": query_string, "search_results": page_obj},
    )
