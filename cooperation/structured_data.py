"""schema.org data as JSON-LD, safe inside a <script> element."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

# What Django's json_script escapes, so that no text can close the element.
SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld(data):
    """`data` as JSON text to put between <script type="application/ld+json">
    tags: `<`, `>` and `&` are escaped, so it stays one JSON value."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(text.translate(SCRIPT_ESCAPES))  # escaped just above
