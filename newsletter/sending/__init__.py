"""Sending a campaign: recipients, batches, and the at-most-once state machine.

A campaign's recipients are written once, at the start, as `Delivery` rows
(`snapshot`). Batch tasks then each claim a chunk of queued rows
(`claims.claim`: `select_for_update(skip_locked=True)`, marked `sending`
with the task's key and the time, committed before anything leaves), send
the chunk in one call to the ESP through Anymail's batch API (`batches`),
and mark it `sent`.

What makes a message go out at most once:

- a row is claimed by one batch only (row locks, and the `queued` state is
  left in the same transaction);
- rows still `sending` are never sent again blindly. They belong to a batch
  whose outcome is unknown (the worker died, the call timed out, the ESP
  answered 5xx). Before sending them again, the sender asks the ESP which
  of these addresses it already accepted for this campaign
  (`claims.settle_unsure`) and marks those `sent`; only the others go out.
  With an ESP we cannot ask, they become `unknown` and stay unsent.
- `Delivery` is unique per (campaign, subscriber) and (campaign, address).

The modules, ESP-neutral first: `snapshot` (who receives it), `claims`
(taking, settling and giving back rows), `batches` (one ESP call and its
outcome), `progress` (counts and the campaign's end), `pacing` (send rate
and retry delays), `connections` (the ESP connection a worker keeps).
What differs between ESPs is asked of an `esp.Esp` (`registry` picks it by
the Anymail backend): `brevo` is the one we use; another ESP is one more
module like it and one line in `registry`.
"""
