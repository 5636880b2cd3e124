"""The catalogue's rows, written in Python: two hundred rows through the
template engine took half the page's time (each `{% if %}`, `{% with %}` and
variable is a node rendered per row); here a row is one `format_html`."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from cooperation.templatetags.image_tags import card_image

register = template.Library()

ROW = (
    '<tr><th scope="row">{}<a href="{}"{}>{}</a>{}{}</th>\n'
    "<td{}>{}</td><td>{}</td><td>{}</td></tr>"
)


def row(project, in_french):
    """One sheet's row: its picture and summary (the phone card's, hidden on
    wide screens), its title, structure, département and year. A French
    sheet shown to an English or Arabic reader is marked `lang="fr"`."""
    french = mark_safe(' lang="fr"') if project.is_french_fallback else ""
    image = project.card_image
    summary = project.card_summary
    return (
        mark_safe(card_image(image)) if image else "",
        project.catalogue_url,
        french,
        project.title,
        format_html(' <span class="card__language">{}</span>', in_french)
        if project.is_french_fallback
        else "",
        format_html('<span class="project-table__summary"{}>{}</span>', french, summary)
        if summary
        else "",
        french,
        project.structure or "",
        project.organiser_department,
        str(project.year_started) if project.year_started else "",
    )


@register.simple_tag
def catalogue_rows(projects, in_french):
    return format_html_join("", ROW, (row(project, in_french) for project in projects))
