"""Requests no view can read, answered 400 before any view runs.

PostgreSQL refuses NUL in text: a NUL byte in the path or the query string
(raw or `%00`) would reach a lookup and fail there. A query string that is
not UTF-8 once decoded (`%ff`) is refused too: Django would read it with
replacement characters, and no address of the site is written that way;
nor has any a path piece longer than 255 characters (Wagtail's document
view reads 5,000 digits as an id and fails).
Each view still reads its parameters safely (`cooperation.filters`); this
is the one answer for what none of them can use.
"""

from urllib.parse import unquote_to_bytes

from django.views.defaults import bad_request

# Longer than any piece of an address of the site (slugs, file names and
# signed tokens stay under it); past it, a path is nobody's link.
MAX_SEGMENT_LENGTH = 255


def is_unreadable(request):
    """True when the path or the query string holds NUL or is not UTF-8, or
    a piece of the path is too long to be one of the site's."""
    # Django has already percent-encoded the bytes of the path that are not
    # UTF-8 (`%FF`): such a path matches no address and answers 404.
    path = request.path
    if "\x00" in path:
        return True
    if any(len(segment) > MAX_SEGMENT_LENGTH for segment in path.split("/")):
        return True
    raw = request.META.get("QUERY_STRING", "")
    if not raw:
        return False
    try:
        text = unquote_to_bytes(raw.replace("+", " ")).decode()
    except UnicodeDecodeError:
        return True
    return "\x00" in text


class UnreadableRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_unreadable(request):
            return bad_request(request, exception=None)
        return self.get_response(request)
