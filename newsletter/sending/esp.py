"""What the sending state machine asks of an email service provider.

`Esp` answers as an ESP that offers nothing beyond sending: it cannot say
which messages it accepted, takes no idempotency key, and refuses no
request as a repeat. An ESP that offers more overrides what it offers
(see `brevo.py`) and is listed in `registry.py`.
"""


class Esp:
    def accepted(self, campaign, addresses):
        """The addresses among `addresses` the ESP already accepted a message
        for, in this campaign; None when it cannot tell (the rows are then
        left `unknown`, never sent again automatically). Raises
        `requests.RequestException` when the ESP could not be asked."""
        return None

    def prepare(self, message, campaign, recipients):
        """Add what this ESP needs to a batch message before it is posted."""

    def is_repeat(self, error):
        """True when the ESP refused the request (an `AnymailRequestsAPIError`)
        because it already took the very same one: the outcome of the batch
        is then unknown, not a failure."""
        return False
