"""A stand-in for Slack: its Web API on loopback, recording every call; Socket Mode's WebSocket,
recording every acknowledgement; and helpers that sign events, interactions and slash commands
as Slack does (v0 HMAC over `v0:<ts>:<body>`)."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode

import requests
from websockets.sync.server import serve

BOT_USER = "UBOT0001"


class SocketModeStandIn:
    """What `apps.connections.open` hands out: a WebSocket that pushes envelopes to the bot."""

    def __init__(self) -> None:
        self.connections: list = []
        self.acks: list[dict] = []
        self.server = serve(self._serve, "127.0.0.1", 0)
        self.url = f"ws://127.0.0.1:{self.server.socket.getsockname()[1]}/link"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def _serve(self, connection) -> None:
        self.connections.append(connection)
        connection.send(json.dumps({"type": "hello", "num_connections": 1}))
        for message in connection:
            self.acks.append(json.loads(message))

    def push(self, envelope: dict, seconds: float = 90) -> None:
        deadline = time.time() + seconds
        while not self.connections and time.time() < deadline:
            time.sleep(0.2)
        assert self.connections, "the bot never opened its Socket Mode connection"
        self.connections[-1].send(json.dumps(envelope))

    def ack(self, envelope_id: str, seconds: float = 10) -> dict:
        deadline = time.time() + seconds
        while time.time() < deadline:
            for ack in self.acks:
                if ack.get("envelope_id") == envelope_id:
                    return ack
            time.sleep(0.1)
        raise AssertionError(f"no acknowledgement of {envelope_id}: {self.acks}")

    def close(self) -> None:
        self.server.shutdown()


class StandIn:
    def __init__(self) -> None:
        self.socket_mode = SocketModeStandIn()
        self.calls: list[dict] = []
        self.lock = threading.Lock()
        counter = itertools.count(1)
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_):
                pass

            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("content-length") or 0)).decode()
                if "json" in (self.headers.get("content-type") or ""):
                    arguments = json.loads(body or "{}")
                else:
                    arguments = {k: v[0] for k, v in parse_qs(body).items()}
                method = self.path.rsplit("/", 1)[-1]
                reply = {"ok": True}
                if method == "auth.test":
                    reply.update(user_id=BOT_USER, bot_id="BBOT0001")
                elif method == "apps.connections.open":
                    reply.update(url=standin.socket_mode.url)
                else:
                    with standin.lock:
                        ts = f"{1_700_000_000 + next(counter)}.000100"
                        standin.calls.append({"method": method, "ts": ts, **arguments})
                    reply.update(ts=ts, channel=arguments.get("channel"), message_ts=ts)
                data = json.dumps(reply).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/api/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.socket_mode.close()

    def posts(self, **match) -> list[dict]:
        with self.lock:
            return [c for c in self.calls if all(c.get(k) == v for k, v in match.items())]

    def wait_for(self, count: int = 1, seconds: float = 60, **match) -> list[dict]:
        deadline = time.time() + seconds
        while time.time() < deadline:
            found = self.posts(**match)
            if len(found) >= count:
                return found
            time.sleep(0.2)
        raise AssertionError(f"expected {count} call(s) matching {match}, got {self.posts(**match)}"
                             f"\nall calls: {json.dumps(self.calls, indent=1)[-4000:]}")


def wait_for_text(standin: StandIn, needle: str, seconds: float = 60, **match) -> dict:
    """The first recorded call matching `match` whose text holds `needle`."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        for call in standin.posts(**match):
            if needle in text_of(call):
                return call
        time.sleep(0.2)
    raise AssertionError(f"no call matching {match} says {needle!r}; calls: "
                         f"{json.dumps(standin.posts(**match), indent=1)[-4000:]}")


def text_of(call: dict) -> str:
    """A posted message's fallback text and every text in its blocks."""
    blocks = call.get("blocks") or []
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    parts = [call.get("text") or ""]

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "text" and isinstance(value, str):
                    parts.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks)
    return "\n".join(parts)


class Slack:
    """Posts to the bot's webhook as Slack would."""

    def __init__(self, webhook: str, secret: str) -> None:
        self.webhook, self.secret = webhook, secret
        self.ids = itertools.count(1)

    def _headers(self, body: str, timestamp: int | None = None, secret: str | None = None) -> dict:
        timestamp = int(time.time()) if timestamp is None else timestamp
        digest = hmac.new((secret or self.secret).encode(), f"v0:{timestamp}:{body}".encode(),
                          hashlib.sha256).hexdigest()
        return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": f"v0={digest}"}

    def post_json(self, envelope: dict, headers: dict | None = None, **signing) -> requests.Response:
        body = json.dumps(envelope)
        return requests.post(self.webhook, data=body, timeout=30, headers={
            "content-type": "application/json", **self._headers(body, **signing), **(headers or {})})

    def post_form(self, fields: dict, **signing) -> requests.Response:
        body = urlencode(fields)
        return requests.post(self.webhook, data=body, timeout=30, headers={
            "content-type": "application/x-www-form-urlencoded", **self._headers(body, **signing)})

    def event(self, event: dict, event_id: str | None = None) -> dict:
        return {"type": "event_callback", "team_id": "T0001",
                "event_id": event_id or f"Ev{next(self.ids):06d}", "event_time": int(time.time()),
                "authorizations": [{"user_id": BOT_USER}], "event": event}

    def message(self, user: str, channel: str, text: str, ts: str, thread_ts: str | None = None,
                kind: str = "message", channel_type: str = "channel", **extra) -> dict:
        event = {"type": kind, "user": user, "channel": channel, "text": text, "ts": ts,
                 "channel_type": channel_type, **extra}
        if thread_ts:
            event["thread_ts"] = thread_ts
        return self.event(event)

    def press(self, user: str, channel: str, message_ts: str, thread_ts: str | None,
              value: str) -> requests.Response:
        payload = {"type": "block_actions", "user": {"id": user}, "channel": {"id": channel},
                   "container": {"channel_id": channel, "message_ts": message_ts},
                   "message": {"ts": message_ts, **({"thread_ts": thread_ts} if thread_ts else {})},
                   "actions": [{"type": "button", "value": value, "action_id": "press_0",
                                "action_ts": f"{time.time():.6f}"}]}
        return self.post_form({"payload": json.dumps(payload)})

    def command(self, user: str, channel: str, text: str) -> requests.Response:
        return self.post_form({"command": "/mlinterview", "text": text, "user_id": user,
                               "channel_id": channel, "team_id": "T0001",
                               "response_url": "http://127.0.0.1:9/unused", "trigger_id": "1.2.3"})
