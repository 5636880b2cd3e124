"""The consent wording shown next to the checkbox, stored with each consent.

Change WORDING_VERSION whenever CONSENT_WORDING changes, so that each consent
record says which text the person accepted.
"""

from django.utils.translation import gettext_lazy as _

WORDING_VERSION = "2026-11-v1"

CONSENT_WORDING = _(
    "J'accepte de recevoir la lettre d'information de La Coopération par "
    "courriel. Je peux me désinscrire à tout moment grâce au lien présent "
    "dans chaque envoi."
)
