"""Meta tags for search engines and link previews: description, canonical
URL, hreflang alternates, OpenGraph and Twitter card."""

from django import template
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from cooperation.languages import live_translations
from cooperation.renditions import SHARE, rendition

register = template.Library()

# The description of a page that has no text of its own to give (nor its
# summary, chapeau or first paragraph), and of the views without a page.
SITE_DESCRIPTION = _(
    "La Coopération fédère les maisons de quartier de Romans-sur-Isère : "
    "actualités, agenda, projets et informations pratiques des centres."
)


def _absolute(request, url):
    if url.startswith(("http://", "https://")):
        return url
    if request is not None:
        return request.build_absolute_uri(url)
    return f"{settings.BASE_URL}{url}"


@register.inclusion_tag("components/seo_tags.html", takes_context=True)
def seo_tags(context):
    request = context.get("request")
    page = context.get("page")
    data = {
        "page": page,
        "alternates": [],
        "image": None,
        "description": SITE_DESCRIPTION,
    }
    if not isinstance(page, Page) or not page.pk:
        return data
    data["canonical"] = page.get_full_url(request)
    data["description"] = getattr(page, "meta_description", "") or SITE_DESCRIPTION
    data["title"] = page.seo_title or page.title
    for translated in live_translations(page.translation_key).values():
        url = translated.get_full_url(request)
        if url:
            data["alternates"].append(
                {"lang": translated.locale.language_code, "url": url}
            )
            if translated.locale.language_code == settings.LANGUAGE_CODE:
                data["x_default"] = url
    image = getattr(page, "share_image", None)
    if image is not None:
        share = rendition(image, SHARE)
        data["image"] = {
            "url": _absolute(request, share.url),
            "alt": image.default_alt_text,
            "width": share.width,
            "height": share.height,
        }
    return data
