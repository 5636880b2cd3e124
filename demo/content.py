"""What every part of the demo shares: its data files, its generated
pictures and its plain text turned into page content."""

import html
import io
import json
from pathlib import Path

from django.core.files.images import ImageFile
from wagtail.rich_text import RichText

from images.models import CustomImage

from .pictures import draw_picture

DATA_DIR = Path(__file__).resolve().parent / "data"
DEMO_CREDIT = "Illustration générée pour le site"


def load_data(name):
    with open(DATA_DIR / name, encoding="utf-8") as handle:
        return json.load(handle)


def generated_image(key, title, alt_text, credit="", motif="circles", variant=0):
    """Return the image stored under `key`, drawing it with Pillow if needed.

    Nothing is downloaded: the demo's pictures are flat illustrations in the
    site's palette (see pictures.py), each with its alternative text.
    """
    filename = f"demo-{key}.png"
    image = CustomImage.objects.filter(
        file__regex=rf"demo-{key}(_[A-Za-z0-9]+)?\.png$"
    ).first()
    if image is None:
        image = CustomImage(title=title)
        image.file = ImageFile(
            io.BytesIO(draw_picture(motif, variant=variant)), name=filename
        )
    image.title = title
    image.description = alt_text
    image.credit = credit or DEMO_CREDIT
    image.save()
    return image


def paragraphs_to_blocks(paragraphs, links=()):
    """StreamField data for plain paragraphs, then a paragraph of links."""
    blocks = [
        ("paragraph", RichText(f"<p>{html.escape(text)}</p>")) for text in paragraphs
    ]
    if links:
        items = "".join(
            f'<li><a href="{html.escape(link["url"])}">'
            f"{html.escape(link['label'])}</a></li>"
            for link in links
        )
        blocks.append(("paragraph", RichText(f"<ul>{items}</ul>")))
    return blocks


def rich_paragraphs(paragraphs):
    """Rich text HTML for plain paragraphs (a string or a list of them)."""
    if isinstance(paragraphs, str):
        paragraphs = [paragraphs] if paragraphs else []
    return "".join(f"<p>{html.escape(text)}</p>" for text in paragraphs if text)


def keep_rows(existing, rows):
    """Give new child rows the ids (and translation keys) of the rows they
    replace, in order: a second run updates the rows rather than making new
    ones, and their translations keep matching them. The rows are numbered,
    so that their order is the data's on every run."""
    for order, row in enumerate(rows):
        row.sort_order = order
    for old, new in zip(existing, rows, strict=False):
        new.pk = old.pk
        if hasattr(old, "translation_key"):
            new.translation_key = old.translation_key
            new.locale_id = old.locale_id
    return rows
