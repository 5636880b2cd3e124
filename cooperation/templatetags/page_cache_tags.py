"""What a template tells the page cache (cooperation/page_cache.py)."""

from django import template
from django.conf import settings

from cooperation.page_cache import shorten

register = template.Library()


@register.simple_tag(takes_context=True)
def short_page_cache(context):
    """This page shows something that changes with time: the caches keep it
    PAGE_CACHE_SHORT_SECONDS at most."""
    request = context.get("request")
    if request is not None:
        shorten(request, settings.PAGE_CACHE_SHORT_SECONDS)
    return ""
