"""The results as the template shows them (`Hit`): what each page shows
whatever the query (`Shown`: its title, address, dates and the text its
snippet is cut from), kept in the site cache until the site changes, and
the words of the query marked in its snippet for each search."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils.text import capfirst
from django.utils.translation import get_language

from cooperation.site_cache import remembered_many
from search.snippets import marked, snippet_source


@dataclass(frozen=True)
class Shown:
    """What a result shows of its page, the same for every query."""

    title: str
    url: str
    content_type_id: int
    locale_id: int
    text: str  # plain text, the snippet's source
    date: object = None
    end_date: object = None


@dataclass
class Hit:
    """One result as the template shows it."""

    title: str
    url: str
    label: str
    snippet: str
    date: object = None
    end_date: object = None
    # A French page shown where its translation is missing: marked lang="fr"
    # and « en français », as in the listings.
    is_french_fallback: bool = False


def type_label(model):
    return capfirst(model._meta.verbose_name)


def result_dates(page):
    """The date a result shows: an event's first and last day, a news
    item's date, nothing for the other pages."""
    start = getattr(page, "start_date", None)
    if start:
        last = getattr(page, "last_date", None)
        return start, last if last and last > start else None
    return getattr(page, "date", None), None


def specific_pages(ids, types):
    """The pages of `ids` as their own types, by id: one query per type,
    the types known from the search (`types`: {page id: content type id})."""
    by_type = {}
    for pk in ids:
        by_type.setdefault(types[pk], []).append(pk)
    pages = {}
    for content_type_id, pks in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is not None:
            found = model._default_manager.filter(pk__in=pks).defer_streamfields()
            pages.update((page.pk, page) for page in found)
    return pages


def shown(page, request):
    date, end_date = result_dates(page)
    return Shown(
        title=page.title,
        url=page.get_url(request=request),
        content_type_id=page.content_type_id,
        locale_id=page.locale_id,
        text=snippet_source(page),
        date=date,
        end_date=end_date,
    )


def shown_pages(ids, types, request, site):
    """{page id: Shown} for the pages of `ids`, from the site cache (the
    addresses per site and language); those missing read from the
    database."""

    def compute(keys):
        pages = specific_pages([int(key) for key in keys], types)
        return {str(pk): shown(page, request) for pk, page in pages.items()}

    name = f"search-shown:{site.pk if site else ''}:{get_language()}"
    found = remembered_many(name, [str(pk) for pk in ids], compute)
    return {int(key): value for key, value in found.items()}


def hits(ids, types, query_string, locale, request, site):
    """The results of `ids`, in that order, as the template shows them."""
    if not ids:
        return []
    found = shown_pages(ids, types, request, site)
    results = []
    for pk in ids:
        page = found.get(pk)
        if page is None:
            continue
        model = ContentType.objects.get_for_id(page.content_type_id).model_class()
        if model is None:
            continue
        results.append(
            Hit(
                title=page.title,
                url=page.url,
                label=type_label(model),
                snippet=marked(page.text, query_string),
                date=page.date,
                end_date=page.end_date,
                is_french_fallback=page.locale_id != locale.pk,
            )
        )
    return results
