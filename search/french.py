"""French words as PostgreSQL's `french_unaccent` configuration sees them
(search/migrations/0001): accents and case dropped first, then the stop
words left out and the Snowball French stemmer applied. The SQLite backend
(search/backends/sqlite_french.py) indexes and queries through it, and the
view uses it to compare a query with the synonyms and the titles."""

import re
import threading
from functools import lru_cache

import snowballstemmer

from cooperation.text import fold

WORD = re.compile(r"\w+")

# PostgreSQL's own French stop list (tsearch_data/french.stop, from the
# Snowball project), compared, as there, with the word once unaccented.
STOP_WORDS = frozenset(
    """
    au aux avec ce ces dans de des du elle en et eux il je la le leur lui ma
    mais me même mes moi mon ne nos notre nous on ou par pas pour qu que qui
    sa se ses son sur ta te tes toi ton tu un une vos votre vous c d j l à m
    n s t y été étée étées étés étant étante étants étantes suis es est
    sommes êtes sont serai seras sera serons serez seront serais serait
    serions seriez seraient étais était étions étiez étaient fus fut fûmes
    fûtes furent sois soit soyons soyez soient fusse fusses fût fussions
    fussiez fussent ayant ayante ayantes ayants eu eue eues eus ai as avons
    avez ont aurai auras aura aurons aurez auront aurais aurait aurions
    auriez auraient avais avait avions aviez avaient eut eûmes eûtes eurent
    aie aies ait ayons ayez aient eusse eusses eût eussions eussiez eussent
""".split()  # noqa: SIM905 (one list, as PostgreSQL writes it)
)

# A Snowball stemmer keeps its word in itself: one thread at a time.
_stemmer = snowballstemmer.stemmer("french")
_stemmer_lock = threading.Lock()


@lru_cache(maxsize=4096)
def stem(word):
    """The root of one folded word: « Jardins » → « jardin », « École » →
    « ecol »; None for a stop word."""
    folded = fold(word)
    if not folded or folded in STOP_WORDS:
        return None
    with _stemmer_lock:
        return _stemmer.stemWord(folded)


def stems(text):
    """The roots of the words of `text`, in order, stop words left out."""
    found = (stem(word) for word in WORD.findall(text or ""))
    return [root for root in found if root]


def stemmed_text(text):
    return " ".join(stems(text))


def stemmed_query(text):
    """The roots of a query's words; the folded words themselves when all are
    stop words, which the index does not hold: such a query finds nothing,
    as on PostgreSQL."""
    return stemmed_text(text) or " ".join(fold(word) for word in WORD.findall(text))


def number_forms(word):
    """`word`, and its singular or plural where Snowball gives that form
    another root: the French stemmer keeps a final s after a vowel such as
    o or u (« vélos » → « velos », « vélo » → « velo »; « jeux » → « jeux »),
    so that a query for one number would miss the other. The other form is
    written folded, as the index holds it."""
    root = stem(word)
    folded = fold(word)
    if folded.endswith(("s", "x")):
        other = folded[:-1] if len(folded) > 3 else None
    else:
        other = f"{folded}s"
    if not root or not other or stem(other) in (root, None):
        return [word]
    return [word, other]
