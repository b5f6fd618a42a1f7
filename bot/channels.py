"""REST and socket.io channels that never leave a message unanswered.

When a custom action fails (the action server is stopped or crashed), Rasa logs the error and
sends nothing. These channels notice that a message produced no reply and apologise instead;
the message itself is already in the tracker, so nothing the candidate wrote is lost.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput

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
        await on_new_message(message)
        if counting.sent == 0:
            await real_output.send_text_message(message.sender_id, APOLOGY)

    return handle


class ReplyingRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]):
        return super().blueprint(always_reply(on_new_message))


class ReplyingSocketIOInput(SocketIOInput):
    @classmethod
    def name(cls) -> str:
        return "socketio"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]):
        return super().blueprint(always_reply(on_new_message))
