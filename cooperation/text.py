"""Text helpers more than one app needs."""

import unicodedata


def fold(value):
    """Lower case and without accents, to sort and match French words the way
    a reader expects whatever the database's collation: « Éducation » →
    « education », next to « emploi » and not after « zèbre »."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
