"""Text helpers more than one app needs."""

import unicodedata

from django.conf import settings
from django.utils import translation


def fold(value):
    """Lower case and without accents, to sort and match French words the way
    a reader expects whatever the database's collation: « Éducation » →
    « education », next to « emploi » and not after « zèbre »."""
    if not value or value.isascii():
        return (value or "").casefold()
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


_FRENCH_ARTICLES = (
    ("les ", "des "),
    ("le ", "du "),
    ("la ", "de la "),
    ("l'", "de l’"),
    ("l’", "de l’"),
)


def of_name(name):
    """`name` as it follows « de » in a French sentence, its article
    contracted (« Les Ors » → « des Ors », « Le Chalet » → « du Chalet »)
    or elided (« d’Anneyron »). Other languages put their preposition in
    their own sentence (« Opening hours of %(name)s »): `name` as it is."""
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if language != "fr":
        return name
    lowered = name.lower()
    for article, contracted in _FRENCH_ARTICLES:
        if lowered.startswith(article):
            return contracted + name[len(article) :]
    if fold(name[:1]) in "aeiouyh":
        return f"d’{name}"
    return f"de {name}"
