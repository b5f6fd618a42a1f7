"""REST and socket.io channels that never leave a message unanswered.

When a custom action fails (the action server is stopped or crashed), Rasa logs the error and
sends nothing. These channels notice that a message produced no reply and apologise instead;
the message itself is already in the tracker, so nothing the candidate wrote is lost.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput

from bot import action_response

action_response.install()  # the server loads these channels first: every reply is checked by it

# A message is kept whole in the tracker up to this size; past it, the rest is dropped and said so.
MAX_MESSAGE_CHARS = 50_000
TRIMMED = ("Your message was {length:,} characters long; I kept its first {kept:,} characters "
           "and answered those.")

APOLOGY = (
    "Sorry, the interview service is not responding right now, so I could not handle that. "
    "Your message is saved in the transcript; please send it again in a moment."
)


class _CountingOutput(OutputChannel):
    """Passes every bot message through to the real channel and counts them."""

    def __init__(self, inner: OutputChannel) -> None:
        self.inner = inner
        self.sent = 0

    @classmethod
    def name(cls) -> str:
        return "counting"

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self.inner, attribute)

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        self.sent += 1
        await self.inner.send_response(recipient_id, message)


def always_reply(
    on_new_message: Callable[[UserMessage], Awaitable[Any]]
) -> Callable[[UserMessage], Awaitable[Any]]:
    async def handle(message: UserMessage) -> None:
        real_output = message.output_channel
        counting = _CountingOutput(real_output)
        message.output_channel = counting
        length = len(message.text or "")
        # NUL bytes cannot be stored by every tracker store, and mean nothing in an answer.
        message.text = (message.text or "").replace("\x00", "")[:MAX_MESSAGE_CHARS]
        await on_new_message(message)
        if counting.sent == 0:
            await real_output.send_text_message(message.sender_id, APOLOGY)
        if length > MAX_MESSAGE_CHARS:
            await real_output.send_text_message(
                message.sender_id, TRIMMED.format(length=length, kept=MAX_MESSAGE_CHARS))

    return handle


def read_json_leniently(request: Any) -> None:
    """Invalid UTF-8 in a body (a client's bad encoding) is read with replacement characters, so
    the message gets a reply and is kept, instead of a bare 400. Malformed JSON stays a 400."""
    if request.method != "POST" or not request.body:
        return
    try:
        request.body.decode("utf-8")
    except UnicodeDecodeError:
        try:
            request.parsed_json = json.loads(request.body.decode("utf-8", errors="replace"))
        except ValueError:
            pass  # Sanic answers 400 for it, as for any malformed body


class ReplyingRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]):
        blueprint = super().blueprint(always_reply(on_new_message))
        blueprint.middleware(read_json_leniently, "request")
        return blueprint


class CustomKeySocketIOOutput(SocketIOOutput):
    """Sends a custom payload as an ordinary bot message, {"custom": payload}.

    Rasa 3.6's SocketIOOutput.send_custom_json passes the payload as keyword arguments of
    sio.emit, a TypeError for any payload without a `data` key, so nothing reached the client.
    """

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any],
                               **kwargs: Any) -> None:
        await self._send_message(recipient_id, {"custom": json_message})


class ReplyingSocketIOInput(SocketIOInput):
    @classmethod
    def name(cls) -> str:
        return "socketio"

    def get_output_channel(self) -> OutputChannel | None:
        if self.sio is None:
            return super().get_output_channel()
        return CustomKeySocketIOOutput(self.sio, self.bot_message_evt)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]):
        replying = always_reply(on_new_message)

        async def handle(message: UserMessage) -> None:
            output = message.output_channel
            if isinstance(output, SocketIOOutput) and not isinstance(output, CustomKeySocketIOOutput):
                message.output_channel = CustomKeySocketIOOutput(output.sio, output.bot_message_evt)
            await replying(message)

        blueprint = super().blueprint(handle)
        sio = self.sio

        # Rasa 3.6 calls sio.enter_room without await, but in python-socketio 5.18 (the lock) it
        # is a coroutine: with session_persistence the client never joined its session's room and
        # received no bot message at all. This handler replaces Rasa's.
        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: dict | None) -> None:
            data = data or {}
            if not data.get("session_id"):
                data["session_id"] = uuid.uuid4().hex
            if self.session_persistence:
                await sio.enter_room(sid, data["session_id"], namespace=self.namespace)
            await sio.emit("session_confirm", data["session_id"], room=sid,
                           namespace=self.namespace)

        return blueprint
