"""Pictures for the demo site, drawn with Pillow: nothing is downloaded.

Each motif is a simple flat illustration in the site's palette (a jar for the
cannery, a leaf for the gardens, a coin for the Tic-Tac time currency…). The
alternative text that describes it comes with the data files.
"""

import io
import math

from PIL import Image, ImageDraw

PALETTE = {
    "paper": (255, 250, 242),
    "paper_deep": (246, 236, 220),
    "sun": (246, 196, 69),
    "green": (31, 111, 92),
    "brand": (162, 59, 18),
    "ink": (29, 27, 25),
    "white": (255, 255, 255),
}
BACKGROUNDS = ["paper_deep", "sun", "paper"]


def _circle(draw, cx, cy, radius, colour):
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=colour)


def _three_circles(draw, w, h):
    radius = int(min(w, h) * 0.3)
    _circle(draw, w * 0.38, h * 0.4, radius, PALETTE["sun"] + (230,))
    _circle(draw, w * 0.62, h * 0.4, radius, PALETTE["green"] + (215,))
    _circle(draw, w * 0.5, h * 0.64, radius, PALETTE["brand"] + (215,))


def _jar(draw, w, h):
    body = (w * 0.34, h * 0.3, w * 0.66, h * 0.85)
    draw.rounded_rectangle(body, radius=int(w * 0.05), fill=PALETTE["green"])
    draw.rectangle((w * 0.31, h * 0.2, w * 0.69, h * 0.3), fill=PALETTE["brand"])
    draw.rounded_rectangle(
        (w * 0.39, h * 0.45, w * 0.61, h * 0.65), radius=12, fill=PALETTE["white"]
    )
    for index in range(3):
        _circle(draw, w * (0.44 + 0.06 * index), h * 0.55, h * 0.025, PALETTE["brand"])


def _leaf(draw, w, h):
    draw.ellipse((w * 0.3, h * 0.15, w * 0.7, h * 0.75), fill=PALETTE["green"])
    draw.line((w * 0.5, h * 0.2, w * 0.5, h * 0.9), fill=PALETTE["ink"], width=10)
    for step in range(4):
        y = h * (0.3 + 0.1 * step)
        draw.line((w * 0.5, y + 40, w * 0.38, y), fill=PALETTE["sun"], width=8)
        draw.line((w * 0.5, y + 40, w * 0.62, y), fill=PALETTE["sun"], width=8)


def _garden(draw, w, h):
    draw.rectangle((0, h * 0.7, w, h), fill=PALETTE["brand"])
    for index in range(5):
        x = w * (0.15 + 0.175 * index)
        draw.line((x, h * 0.7, x, h * 0.45), fill=PALETTE["green"], width=12)
        _circle(draw, x, h * 0.42, h * 0.07, PALETTE["green"])
    _circle(draw, w * 0.82, h * 0.2, h * 0.09, PALETTE["sun"])


def _coin(draw, w, h):
    _circle(draw, w * 0.5, h * 0.5, h * 0.33, PALETTE["sun"])
    _circle(draw, w * 0.5, h * 0.5, h * 0.25, PALETTE["brand"])
    # Clock hands: the Tic-Tac currency counts time.
    draw.line((w * 0.5, h * 0.5, w * 0.5, h * 0.32), fill=PALETTE["white"], width=14)
    draw.line((w * 0.5, h * 0.5, w * 0.62, h * 0.56), fill=PALETTE["white"], width=14)


def _speech(draw, w, h):
    draw.rounded_rectangle(
        (w * 0.12, h * 0.18, w * 0.58, h * 0.55), radius=40, fill=PALETTE["green"]
    )
    draw.polygon(
        [(w * 0.2, h * 0.55), (w * 0.3, h * 0.55), (w * 0.18, h * 0.68)],
        fill=PALETTE["green"],
    )
    draw.rounded_rectangle(
        (w * 0.42, h * 0.42, w * 0.88, h * 0.78), radius=40, fill=PALETTE["brand"]
    )
    draw.polygon(
        [(w * 0.8, h * 0.78), (w * 0.7, h * 0.78), (w * 0.82, h * 0.9)],
        fill=PALETTE["brand"],
    )


def _rocket(draw, w, h):
    draw.polygon(
        [
            (w * 0.5, h * 0.1),
            (w * 0.6, h * 0.35),
            (w * 0.6, h * 0.7),
            (w * 0.4, h * 0.7),
            (w * 0.4, h * 0.35),
        ],
        fill=PALETTE["brand"],
    )
    _circle(draw, w * 0.5, h * 0.4, h * 0.06, PALETTE["white"])
    draw.polygon(
        [(w * 0.4, h * 0.55), (w * 0.3, h * 0.75), (w * 0.4, h * 0.7)],
        fill=PALETTE["green"],
    )
    draw.polygon(
        [(w * 0.6, h * 0.55), (w * 0.7, h * 0.75), (w * 0.6, h * 0.7)],
        fill=PALETTE["green"],
    )
    draw.polygon(
        [(w * 0.44, h * 0.7), (w * 0.5, h * 0.9), (w * 0.56, h * 0.7)],
        fill=PALETTE["sun"],
    )


def _people(draw, w, h):
    colours = [PALETTE["green"], PALETTE["brand"], PALETTE["ink"], PALETTE["green"]]
    for index, colour in enumerate(colours):
        x = w * (0.2 + 0.2 * index)
        _circle(draw, x, h * 0.38, h * 0.08, colour)
        draw.rounded_rectangle(
            (x - h * 0.1, h * 0.5, x + h * 0.1, h * 0.82), radius=30, fill=colour
        )
    draw.line((w * 0.2, h * 0.6, w * 0.8, h * 0.6), fill=PALETTE["white"], width=10)


def _globe(draw, w, h):
    cx, cy, radius = w * 0.5, h * 0.5, h * 0.34
    _circle(draw, cx, cy, radius, PALETTE["green"])
    box = (cx - radius, cy - radius, cx + radius, cy + radius)
    draw.ellipse(
        (cx - radius * 0.45, cy - radius, cx + radius * 0.45, cy + radius),
        outline=PALETTE["sun"],
        width=8,
    )
    draw.line((cx - radius, cy, cx + radius, cy), fill=PALETTE["sun"], width=8)
    draw.arc(box, 200, 340, fill=PALETTE["white"], width=6)


def _house(draw, w, h):
    draw.polygon(
        [(w * 0.5, h * 0.15), (w * 0.8, h * 0.45), (w * 0.2, h * 0.45)],
        fill=PALETTE["brand"],
    )
    draw.rectangle((w * 0.27, h * 0.45, w * 0.73, h * 0.85), fill=PALETTE["green"])
    draw.rectangle((w * 0.45, h * 0.6, w * 0.55, h * 0.85), fill=PALETTE["sun"])
    draw.rectangle((w * 0.32, h * 0.52, w * 0.41, h * 0.62), fill=PALETTE["white"])
    draw.rectangle((w * 0.59, h * 0.52, w * 0.68, h * 0.62), fill=PALETTE["white"])


MOTIFS = {
    "circles": _three_circles,
    "jar": _jar,
    "leaf": _leaf,
    "garden": _garden,
    "coin": _coin,
    "speech": _speech,
    "rocket": _rocket,
    "people": _people,
    "globe": _globe,
    "house": _house,
}

# What each motif shows, for the alternative text of the pictures that the
# data files do not describe themselves (events and projects).
ALT_TEXTS = {
    "circles": "Illustration : trois grands cercles qui se chevauchent, jaune, "
    "vert et terre cuite.",
    "jar": "Illustration : un bocal vert au couvercle terre cuite, avec une "
    "étiquette blanche.",
    "leaf": "Illustration : une feuille verte aux nervures jaunes, sur une tige noire.",
    "garden": "Illustration : cinq jeunes pousses vertes sur une bande de terre "
    "cuite, sous un soleil jaune.",
    "coin": "Illustration : une pièce terre cuite cerclée de jaune, marquée des "
    "aiguilles blanches d'une horloge.",
    "speech": "Illustration : deux bulles de dialogue, verte et terre cuite.",
    "rocket": "Illustration : une fusée terre cuite au hublot blanc, aux ailerons "
    "verts et à la flamme jaune.",
    "people": "Illustration : quatre silhouettes simples, vertes, terre cuite et "
    "noire, qui tiennent une même barre blanche.",
    "globe": "Illustration : un globe vert traversé d'un méridien et d'un "
    "équateur jaunes.",
    "house": "Illustration : une maison verte au toit terre cuite, avec une porte "
    "jaune et deux fenêtres blanches.",
}


def draw_picture(motif, size=(1600, 1000), variant=0):
    """PNG bytes of `motif` on one of the site's background colours."""
    width, height = size
    background = PALETTE[BACKGROUNDS[variant % len(BACKGROUNDS)]]
    canvas = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(canvas, "RGBA")
    # A few soft dots so that two pictures of one motif still differ.
    for index in range(6):
        angle = (variant * 53 + index * 61) % 360
        x = width * 0.5 + math.cos(math.radians(angle)) * width * 0.42
        y = height * 0.5 + math.sin(math.radians(angle)) * height * 0.4
        _circle(draw, x, y, height * 0.05, PALETTE["white"] + (120,))
    MOTIFS.get(motif, _three_circles)(draw, width, height)
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
