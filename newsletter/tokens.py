"""Signed tokens carried by the links of every newsletter email.

A token holds the subscriber's id and their current secret, signed with
SECRET_KEY and a salt per purpose: a confirmation token cannot be used to
unsubscribe and the other way round. Rotating the subscriber's secret kills
every link sent before.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.encoding import force_bytes

from newsletter.models import Subscriber

CONFIRM = "newsletter.confirm"
MANAGE = "newsletter.manage"
UNSUBSCRIBE = "newsletter.unsubscribe"


def make_token(subscriber, purpose):
    return signing.dumps({"id": subscriber.pk, "k": subscriber.secret}, salt=purpose)


class TokenMaker(signing.TimestampSigner):
    """Tokens of one purpose for many people, as `make_token` writes them.

    A campaign signs two links per recipient: the signer is built once and
    its HMAC key derived once (Django derives it again for every value),
    so each token costs one HMAC over the payload.
    """

    def __init__(self, purpose):
        super().__init__(salt=purpose)
        self._keyed = salted_hmac(
            self.salt + "signer", b"", self.key, algorithm=self.algorithm
        )

    def signature(self, value, key=None):
        if key is not None:
            return super().signature(value, key)
        mac = self._keyed.copy()
        mac.update(force_bytes(value))
        return signing.b64_encode(mac.digest()).decode()

    def __call__(self, subscriber_id, secret):
        return self.sign_object({"id": subscriber_id, "k": secret})


def read_token(token, purpose):
    """The subscriber the token names, or None if it is forged, altered,
    expired (confirmation only) or revoked."""
    max_age = None
    if purpose == CONFIRM:
        max_age = timedelta(days=settings.NEWSLETTER_CONFIRM_MAX_AGE_DAYS)
    try:
        payload = signing.loads(token, salt=purpose, max_age=max_age)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict):
        return None
    subscriber_id, secret = payload.get("id"), payload.get("k")
    if not isinstance(subscriber_id, int) or not isinstance(secret, str):
        return None
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or not constant_time_compare(subscriber.secret, secret):
        return None
    return subscriber
