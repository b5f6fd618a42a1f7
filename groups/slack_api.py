"""The few Slack Web API calls the study-group service makes, over httpx (already in the action
server's environment). `SLACK_API_URL` moves the base URL: tests point it at a stand-in."""

from __future__ import annotations

import os

import httpx

DEFAULT_URL = "https://slack.com/api/"


class SlackError(RuntimeError):
    """Slack answered ok: false (the message names the method and Slack's error code)."""


class SlackApi:
    def __init__(self, token: str | None = None, base_url: str | None = None) -> None:
        self.token = token if token is not None else os.environ.get("SLACK_BOT_TOKEN", "")
        base = base_url or os.environ.get("SLACK_API_URL") or DEFAULT_URL
        self.base_url = base if base.endswith("/") else base + "/"

    @property
    def configured(self) -> bool:
        return bool(self.token)

    async def call(self, method: str, **arguments) -> dict:
        body = {k: v for k, v in arguments.items() if v is not None}
        async with httpx.AsyncClient(timeout=10) as client:
            reply = await client.post(self.base_url + method, json=body,
                                      headers={"Authorization": f"Bearer {self.token}"})
        reply.raise_for_status()
        data = reply.json()
        if not data.get("ok"):
            raise SlackError(f"Slack {method}: {data.get('error', 'not ok')}")
        return data

    async def post(self, channel: str, message: dict, thread_ts: str | None = None) -> str:
        """Post `message` ({text, blocks}) and return its ts, which names its thread."""
        data = await self.call("chat.postMessage", channel=channel, thread_ts=thread_ts,
                               unfurl_links=False, **message)
        return data["ts"]

    async def post_private(self, channel: str, user: str, message: dict,
                           thread_ts: str | None = None) -> None:
        """Seen by `user` alone (an ephemeral message in the channel or thread)."""
        await self.call("chat.postEphemeral", channel=channel, user=user, thread_ts=thread_ts,
                        **message)
