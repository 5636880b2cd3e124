"""A stand-in for Brevo's v3 API on 127.0.0.1, for tests and benchmarks.

Anymail's real Brevo backend talks to it through `ANYMAIL_BREVO_API_URL`
(`fake.url`). It implements what the newsletter uses:

- `POST /v3/smtp/email`: a single message (answers `messageId`) or a batch
  with `messageVersions` (answers `messageIds`, one per version);
- `GET /v3/smtp/statistics/events?email=…&tags=…&event=requests`: the
  messages it accepted for an address and a tag, which is how the sender
  finds out what a dead worker had already handed over.

Like Brevo, it refuses (400 `duplicate_parameter`) a send whose
`headers.idempotencyKey` it saw in the last 30 minutes, and accepts nothing
from it. A test can hide what it accepted from the events log
(`hide_events`), as when Brevo's log lags behind.

It records every recipient it accepted, with the delivery id found in the
version's `X-Mailin-custom` header, the message's tags and its subject. A test can make
it slow (`latency`), answer errors for the next calls (`fail_next`), or
close the connection without answering (`drop_next`), before or after it
has accepted the messages.
"""

import itertools
import json
import socket
import threading
import time
from collections import Counter, defaultdict, deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class FakeBrevo:
    def __init__(self, api_key="test"):
        self.api_key = api_key
        self.latency = 0.0
        self.lock = threading.Lock()
        self.accepted = []  # (email, delivery id or None, tags) per recipient
        self.by_tag_and_email = defaultdict(list)
        self.subjects = defaultdict(list)  # the subject of each message, by email
        self.calls = Counter()  # "accepted", "429", "500", "dropped", …
        self.plan = deque()  # what to do with the next send calls
        # Brevo refuses a request whose idempotency key it saw within 30 min.
        self.idempotency_keys = {}
        self.idempotency_ttl = 30 * 60
        # When True, the events log shows nothing yet (Brevo's log lags).
        self.hide_events = False
        self._ids = itertools.count(1)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # Life cycle --------------------------------------------------------

    @property
    def url(self):
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/v3/"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # Commands ------------------------------------------------------------

    def fail_next(self, count, status=500):
        """Answer `status` (429, 500, 503…) to the next `count` send calls."""
        with self.lock:
            self.plan.extend([("status", status)] * count)

    def drop_next(self, count, after_accepting=False):
        """Close the connection without an answer on the next `count` calls;
        with `after_accepting`, the messages are accepted first (the sender
        cannot know they were)."""
        action = "drop-after" if after_accepting else "drop-before"
        with self.lock:
            self.plan.extend([(action, None)] * count)

    # What it received ----------------------------------------------------

    def recipients(self):
        """How many messages each address received."""
        with self.lock:
            return Counter(email for email, _, _ in self.accepted)

    def subjects_of(self, email):
        """The subjects of the messages `email` received, in order."""
        with self.lock:
            return list(self.subjects.get(email.lower(), ()))

    def delivery_ids(self):
        with self.lock:
            return Counter(delivery for _, delivery, _ in self.accepted)

    def accepted_count(self):
        with self.lock:
            return len(self.accepted)

    # Behaviour -----------------------------------------------------------

    def _next_action(self):
        with self.lock:
            return self.plan.popleft() if self.plan else (None, None)

    def _seen_before(self, payload):
        """Whether the request's idempotency key was used within the TTL
        (and, if not, remember it)."""
        key = (payload.get("headers") or {}).get("idempotencyKey")
        if not key:
            return False
        now = time.monotonic()
        with self.lock:
            seen = self.idempotency_keys.get(key)
            if seen is not None and now - seen < self.idempotency_ttl:
                self.calls["duplicate"] += 1
                return True
            self.idempotency_keys[key] = now
        return False

    def _accept(self, payload):
        tags = tuple(payload.get("tags") or ())
        versions = payload.get("messageVersions")
        if versions is None:
            versions = [{"to": payload.get("to", [])}]
        message_ids = []
        with self.lock:
            for version in versions:
                custom = (version.get("headers") or {}).get("X-Mailin-custom")
                if custom is None:
                    custom = (payload.get("headers") or {}).get("X-Mailin-custom")
                delivery = json.loads(custom).get("delivery") if custom else None
                subject = version.get("subject") or payload.get("subject", "")
                for to in version.get("to", []):
                    email = to["email"].lower()
                    self.accepted.append((email, delivery, tags))
                    self.subjects[email].append(subject)
                    for tag in tags:
                        self.by_tag_and_email[(tag, email)].append(time.time())
                message_ids.append(f"<{next(self._ids)}@fake-brevo>")
            self.calls["accepted"] += 1
        if "messageVersions" in payload:
            return {"messageIds": message_ids}
        return {"messageId": message_ids[0]}

    def _events(self, query):
        email = (query.get("email") or [""])[0].lower()
        tags = (query.get("tags") or [""])[0]
        with self.lock:
            times = list(self.by_tag_and_email.get((tags, email), ()))
            if self.hide_events:
                times = []
        return {
            "events": [
                {
                    "email": email,
                    "event": "requests",
                    "tag": tags,
                    "date": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(when)),
                }
                for when in times
            ]
        }

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _answer(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _authorised(self):
                if self.headers.get("api-key") == fake.api_key:
                    return True
                self._answer(401, {"code": "unauthorized", "message": "Key not found"})
                return False

            def do_GET(self):
                parts = urlsplit(self.path)
                if not self._authorised():
                    return
                if parts.path != "/v3/smtp/statistics/events":
                    self._answer(404, {"code": "not_found", "message": "no route"})
                    return
                self._answer(200, fake._events(parse_qs(parts.query)))

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                if not self._authorised():
                    return
                if urlsplit(self.path).path != "/v3/smtp/email":
                    self._answer(404, {"code": "not_found", "message": "no route"})
                    return
                action, status = fake._next_action()
                if action == "status":
                    with fake.lock:
                        fake.calls[str(status)] += 1
                    self._answer(status, {"code": "error", "message": "planned"})
                    return
                if action == "drop-before":
                    with fake.lock:
                        fake.calls["dropped"] += 1
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                try:
                    payload = json.loads(body)
                except ValueError:
                    self._answer(400, {"code": "bad_request", "message": "json"})
                    return
                if fake._seen_before(payload):
                    self._answer(
                        400,
                        {
                            "code": "duplicate_parameter",
                            "message": "idempotencyKey already used",
                        },
                    )
                    return
                answer = fake._accept(payload)
                if action == "drop-after":
                    with fake.lock:
                        fake.calls["dropped"] += 1
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if fake.latency:
                    time.sleep(fake.latency)
                self._answer(201, answer)

        return Handler
