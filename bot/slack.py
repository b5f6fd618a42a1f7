"""Slack for study groups, on Rasa's own Slack connector (`SlackInput`), extended where it falls
short (README, "Slack study groups"):

- an interview runs in the thread of the message that started it; its answers are plain thread
  replies, no mention needed. One conversation per member per thread: `slack:<user>:<channel>:<thread>`
  (a DM without a thread: `slack:<user>:<channel>`). Another member's reply in the thread is
  never this member's answer;
- every bot turn is one Block Kit message (groups/blocks.py) with its text as the fallback, not
  split on blank lines, without the legacy `as_user`, and `SLACK_API_URL` moves the Web API;
- the slash command `/mlinterview` (start, qotd, leaderboard, progress, help), answered at once;
- deliveries are claimed once (event id, and channel + ts for a message that comes as both
  `message` and `app_mention`) in the app database through the action server, so a retry or a
  duplicate never posts twice; replies in a question-of-the-day thread go to the study-group
  service (groups/routes.py), which scores them and answers the member alone;
- Socket Mode when `SLACK_APP_TOKEN` is set, for a laptop with no public URL.

The signature check (v0, five-minute window) is the connector's own, before any work.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import aiohttp
from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.slack import SlackInput
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from slack_sdk.web.async_client import AsyncWebClient

from bot.channels import always_reply
from groups import blocks
from groups.members import conversation_id

logger = logging.getLogger(__name__)
DEFAULT_API_URL = "https://slack.com/api/"
COMMAND = "/mlinterview"
HELP = (f"*{COMMAND}* — mock ML-engineer interviews, and a question of the day for the group.\n"
        f"• `{COMMAND} start [senior statistics, 3 questions]`: your own interview, in a thread\n"
        f"• `{COMMAND} qotd #channel 09:00 Europe/Berlin tracks=statistics,deployment level=mid`: "
        f"a daily question for the group (`{COMMAND} qotd off #channel` stops it)\n"
        f"• `{COMMAND} leaderboard`: this week's points in this channel\n"
        f"• `{COMMAND} progress`: your mastery per topic\n"
        "Or mention me in a channel (\"@mlinterview interview me on statistics\"), or write to me "
        "directly; answer in the thread I open.")
SERVICE_DOWN = ("The study-group service is not answering right now; nothing was changed. "
                "Try again in a minute.")
_MENTION = re.compile(r"<@([UW][A-Z0-9]+)>")


class ThreadOutput(OutputChannel):
    """Posts each bot turn as one message, in the conversation's thread."""

    def __init__(self, client: AsyncWebClient, channel: str, thread_ts: str | None) -> None:
        self.client, self.channel, self.thread_ts = client, channel, thread_ts

    @classmethod
    def name(cls) -> str:
        return "slack"

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        pairs = [(b.get("title", ""), b.get("payload", "")) for b in message.get("buttons") or []]
        rendered = blocks.bot_message(message.get("text") or "", message.get("custom"), pairs)
        await self.client.chat_postMessage(channel=self.channel, thread_ts=self.thread_ts,
                                           unfurl_links=False, **rendered)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"text": text})


class StudyGroupSlackInput(SlackInput):
    """credentials.yml (scripts/run.sh writes it when SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET
    are set): `slack_token`, `slack_signing_secret`, optional `slack_api_url`, `slack_app_token`."""

    @classmethod
    def name(cls) -> str:
        return "slack"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> StudyGroupSlackInput:
        channel = super().from_credentials(credentials)  # sets the retry-header names
        credentials = credentials or {}
        api_url = credentials.get("slack_api_url") or os.environ.get("SLACK_API_URL") or DEFAULT_API_URL
        channel.app_token = credentials.get("slack_app_token") or os.environ.get("SLACK_APP_TOKEN") or ""
        channel.client = AsyncWebClient(channel.slack_token,
                                        base_url=api_url if api_url.endswith("/") else api_url + "/")
        channel.bot_user = credentials.get("bot_user_id") or ""
        channel.recent: OrderedDict[str, None] = OrderedDict()  # the claim when the service is down
        channel.app = None
        channel.socket = None
        return channel

    # The study-group service, on the action server ------------------------------------------

    async def _service(self, path: str, body: dict, timeout: float = 10) -> dict | None:
        endpoint = os.environ.get("ACTION_ENDPOINT_URL", "http://127.0.0.1:5055/webhook")
        scheme, netloc, _, _, _ = urlsplit(endpoint)
        url = urlunsplit((scheme, netloc, path, "", ""))
        params = {"token": os.environ["ACTION_SERVER_TOKEN"]} if os.environ.get("ACTION_SERVER_TOKEN") else {}
        try:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session:
                async with session.post(url, json=body, params=params) as reply:
                    if reply.status >= 500 and reply.status != 503:
                        logger.error("study-group service %s: HTTP %s", path, reply.status)
                        return None
                    return await reply.json()
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            logger.error("study-group service %s unreachable: %s", path, error)
            return None

    async def _claim(self, keys: list[str]) -> bool:
        """First delivery of these keys? In the app database (survives restarts, shared by
        replicas); in memory as well, for when the service is down."""
        seen = any(k in self.recent for k in keys)
        for key in keys:
            self.recent[key] = None
        while len(self.recent) > 10_000:
            self.recent.popitem(last=False)
        reply = await self._service("/groups/claim", {"keys": keys}, timeout=5)
        return not seen and (reply is None or reply.get("fresh", True))

    # Incoming ------------------------------------------------------------------------------

    async def _bot_user(self, envelope: dict) -> str:
        if not self.bot_user:
            authorizations = envelope.get("authorizations") or []
            if authorizations and authorizations[0].get("user_id"):
                self.bot_user = authorizations[0]["user_id"]
            else:
                try:
                    self.bot_user = (await self.client.auth_test()).get("user_id") or ""
                except Exception as error:  # noqa: BLE001 - the mention check falls back to the event type
                    logger.warning("Slack auth.test failed: %s", error)
        return self.bot_user

    async def _exists(self, conversation: str) -> bool:
        agent = getattr(self.app.ctx, "agent", None) if self.app else None
        return bool(agent and agent.tracker_store and await agent.tracker_store.exists(conversation))

    async def _run(self, on_new_message, text: str, user: str, channel: str, thread: str | None,
                   conversation: str) -> None:
        message = UserMessage(text, ThreadOutput(self.client, channel, thread), conversation,
                              input_channel=self.name(),
                              metadata={"slack_user": user, "slack_channel": channel, "thread_ts": thread})
        await always_reply(on_new_message)(message)

    async def handle_event(self, envelope: dict, on_new_message) -> None:
        event = envelope.get("event") or {}
        if event.get("type") not in ("message", "app_mention") \
                or event.get("subtype") not in (None, "thread_broadcast", "file_share"):
            return  # edits, deletions, joins, bot posts (a reply also sent to the channel counts)
        user, channel, ts = event.get("user"), event.get("channel"), event.get("ts")
        bot_user = await self._bot_user(envelope)
        if not user or not channel or not ts or event.get("bot_id") or user == bot_user:
            return
        raw = event.get("text") or ""
        mentioned = event["type"] == "app_mention" or (bot_user and f"<@{bot_user}>" in raw)
        thread = event.get("thread_ts")
        direct = event.get("channel_type") == "im" or channel.startswith("D")
        if not (direct or thread or mentioned):
            # Not for the bot. It claims nothing, so the app_mention of the same message, which
            # may come first or second, is never refused as already handled.
            return
        keys = [f"msg:{channel}:{ts}"]
        if envelope.get("event_id"):
            keys.append(f"event:{envelope['event_id']}")
        if not await self._claim(keys):
            logger.info("Slack: %s already handled", keys[0])
            return
        text = self._sanitize_user_message(raw, [bot_user] if bot_user else _MENTION.findall(raw)[:1])
        if direct:
            own = conversation_id(user, channel, thread)
            if not (thread and await self._exists(own)):
                thread, own = None, conversation_id(user, channel, None)
            return await self._run(on_new_message, text, user, channel, thread, own)
        if thread:
            own = conversation_id(user, channel, thread)
            if await self._exists(own):
                return await self._run(on_new_message, text, user, channel, thread, own)
            # Slack has had its 200: this runs in the background, so it may wait out a scorer that is
            # still loading after a restart (10 s dropped such answers on a busy machine).
            reply = await self._service("/groups/thread", {"channel": channel, "thread_ts": thread,
                                                           "user": user, "text": text}, timeout=90)
            if reply and reply.get("handled"):
                return
            if not mentioned:
                return  # someone else's interview thread, or a conversation not for the bot
            return await self._run(on_new_message, text or "hi", user, channel, thread, own)
        if mentioned:
            return await self._run(on_new_message, text or "hi", user, channel, ts,
                                   conversation_id(user, channel, ts))

    async def handle_action(self, payload: dict, on_new_message) -> None:
        """A pressed button: its payload is the member's message, in the conversation of the
        thread it was pressed in (and only the member's own)."""
        action = (payload.get("actions") or [{}])[0]
        text = self._get_interactive_response(action) if action.get("type") else None
        user = (payload.get("user") or {}).get("id")
        channel = ((payload.get("channel") or {}).get("id")
                   or (payload.get("container") or {}).get("channel_id"))
        message = payload.get("message") or {}
        if not text or not user or not channel:
            return
        if not await self._claim([f"action:{channel}:{message.get('ts')}:{action.get('action_ts')}:{user}"]):
            return
        thread = message.get("thread_ts") or message.get("ts")
        own = conversation_id(user, channel, thread)
        if not await self._exists(own) and channel.startswith("D"):
            thread, own = None, conversation_id(user, channel, None)
        if await self._exists(own) or channel.startswith("D"):
            return await self._run(on_new_message, text, user, channel, thread, own)
        await self.client.chat_postEphemeral(
            channel=channel, user=user, thread_ts=thread,
            **blocks.text_only("Those buttons belong to another member's interview. Mention me "
                               "to start your own."))

    async def handle_command(self, form: dict, on_new_message) -> dict:
        """Slack waits 3 s for this reply: anything slower runs after it."""
        words = (form.get("text") or "").split()
        verb = words[0].lower() if words else "help"
        user, channel = form.get("user_id", ""), form.get("channel_id", "")
        if verb == "start":
            task = asyncio.create_task(self._start_thread(on_new_message, user, channel, " ".join(words[1:])))
            self._background_tasks.add(task)
            task.add_done_callback(self._background_tasks.discard)
            return {"response_type": "ephemeral", "text": "Starting your interview in a thread below."}
        if verb in ("qotd", "leaderboard", "progress"):
            reply = await self._service("/groups/command",
                                        {"channel": channel, "user": user, "text": " ".join(words)},
                                        timeout=2.5)
            return reply if reply and "text" in reply else {"response_type": "ephemeral",
                                                            "text": SERVICE_DOWN}
        return {"response_type": "ephemeral", **blocks.text_only(HELP)} if verb == "help" else \
            {"response_type": "ephemeral", "text": f"I don't know `{verb}`.\n{HELP}"}

    async def _start_thread(self, on_new_message, user: str, channel: str, words: str) -> None:
        try:
            root = await self.client.chat_postMessage(
                channel=channel, **blocks.text_only(f"<@{user}>'s mock interview: answer in this thread."))
        except Exception as error:  # noqa: BLE001 - e.g. not in the channel: say so privately
            logger.error("Slack: cannot open an interview thread in %s: %s", channel, error)
            await self.client.chat_postEphemeral(channel=channel, user=user, **blocks.text_only(
                "I can't post in this channel: invite me (`/invite @mlinterview`) or write to me directly."))
            return
        thread = root["ts"]
        text = f"start an interview on {words}" if words else "/start_interview"
        await self._run(on_new_message, text, user, channel, thread, conversation_id(user, channel, thread))

    # The blueprint -------------------------------------------------------------------------

    def _spawn(self, coroutine: Awaitable[Any]) -> None:
        async def guarded() -> None:
            try:
                await coroutine
            except Exception as error:  # noqa: BLE001 - logged; Slack already has its 200
                logger.exception("Slack: handling a delivery failed: %s", error)

        task = asyncio.create_task(guarded())
        self._background_tasks.add(task)
        task.add_done_callback(self._background_tasks.discard)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        slack = Blueprint("slack_webhook", __name__)

        @slack.listener("after_server_start")
        async def remember_app(app: Sanic, _loop) -> None:
            self.app = app
            if self.app_token:  # in the background: an unreachable Slack must not hold the server
                self._spawn(self._start_socket_mode(on_new_message))

        @slack.listener("before_server_stop")
        async def stop_socket(_app: Sanic, _loop) -> None:
            if self.socket is not None:
                await self.socket.close()

        @slack.route("/", methods=["GET"])
        async def health(_: Request) -> response.HTTPResponse:
            return response.json({"status": "ok", "socket_mode": bool(self.app_token)})

        @slack.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> response.HTTPResponse:
            if not self.is_request_from_slack_authentic(request):
                return response.text("Bad or stale X-Slack-Signature / X-Slack-Request-Timestamp.",
                                     status=401)
            self.app = request.app
            kind = (request.headers.get("content-type") or "").split(";")[0].strip()
            if kind == "application/json":
                envelope = request.json or {}
                if envelope.get("type") == "url_verification":
                    return response.json({"challenge": envelope.get("challenge")})
                if envelope.get("type") == "event_callback":
                    self._spawn(self.handle_event(envelope, on_new_message))
                return response.text("", headers={"X-Slack-No-Retry": "1"}
                                     if request.headers.get("x-slack-retry-num") else None)
            if kind == "application/x-www-form-urlencoded":
                form = {k: v[0] for k, v in request.form.items()}
                if "payload" in form:
                    try:
                        payload = json.loads(form["payload"])
                    except ValueError:
                        return response.text("The payload is not JSON.", status=400)
                    self._spawn(self.handle_action(payload, on_new_message))
                    return response.text("")
                if form.get("command"):
                    return response.json(await self.handle_command(form, on_new_message))
            return response.text("Expected a Slack event, interaction or slash command.", status=400)

        return slack

    async def _start_socket_mode(self, on_new_message) -> None:
        """Slack pushes the same envelopes over a WebSocket; each is acknowledged first (a slash
        command's reply travels in its acknowledgement)."""
        from slack_sdk.socket_mode.aiohttp import SocketModeClient
        from slack_sdk.socket_mode.response import SocketModeResponse

        async def on_request(client: SocketModeClient, request) -> None:
            if request.type == "slash_commands":
                reply = await self.handle_command(request.payload, on_new_message)
                await client.send_socket_mode_response(SocketModeResponse(request.envelope_id, reply))
                return
            await client.send_socket_mode_response(SocketModeResponse(request.envelope_id))
            if request.type == "events_api":
                self._spawn(self.handle_event(request.payload, on_new_message))
            elif request.type == "interactive":
                self._spawn(self.handle_action(request.payload, on_new_message))

        self.socket = SocketModeClient(app_token=self.app_token, web_client=self.client)
        self.socket.socket_mode_request_listeners.append(on_request)
        await self.socket.connect()
        logger.info("Slack: Socket Mode connected")
