"""Slack study groups end to end: both real servers, Rasa with the Slack channel on, and a
stand-in Slack Web API on loopback that records every call (tests/e2e/slack_standin.py). Events,
interactions and slash commands are posted signed, as Slack would; the question-of-the-day clock
is injected through the action server's /groups/tick."""

from __future__ import annotations

import json
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import requests

from tests.e2e.servers import running
from tests.e2e.slack_standin import BOT_USER, Slack, StandIn, text_of, wait_for_text

SECRET = "test-signing-secret"
CHANNEL = "C0STUDY01"
MEMBERS = ("UAAA00001", "UBBB00002", "UCCC00003")
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(scope="module")
def standin():
    stand_in = StandIn()
    yield stand_in
    stand_in.close()


@pytest.fixture(scope="module")
def servers(tmp_path_factory, standin):
    workdir = tmp_path_factory.mktemp("slack")
    credentials = workdir / "credentials.yml"
    credentials.write_text(
        "bot.channels.ReplyingRestInput: {}\n"
        "bot.slack.StudyGroupSlackInput:\n"
        "  slack_token: ${SLACK_BOT_TOKEN}\n"
        "  slack_signing_secret: ${SLACK_SIGNING_SECRET}\n")
    env = {"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": standin.url,
           "GROUPS_TICK_SECONDS": "0",  # the tests drive the clock themselves
           "SLACK_APP_TOKEN": "xapp-test"}  # Socket Mode beside the Events API URL
    with running(workdir, rasa_port=5505, action_port=5555, env=env, credentials=str(credentials)) as servers:
        yield servers


@pytest.fixture(scope="module")
def slack(servers):
    return Slack(f"{servers.url}/webhooks/slack/webhook", SECRET)


def tick(servers, moment: datetime) -> list[str]:
    reply = requests.post(f"http://127.0.0.1:{servers.action_port}/groups/tick",
                          params={"token": servers.env["ACTION_SERVER_TOKEN"]},
                          json={"now": moment.isoformat()}, timeout=60)
    reply.raise_for_status()
    return reply.json()["done"]


def ts_after(seconds: float = 0) -> str:
    return f"{time.time() + seconds:.6f}"


def save(name: str, call: dict) -> None:
    """The Block Kit as posted, for the README and reviews: results/slack/<name>.json."""
    from tests.e2e.servers import ROOT

    folder = ROOT / "results" / "slack"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.json").write_text(json.dumps(call, indent=2, ensure_ascii=False) + "\n")


def blocks_of(call: dict) -> list[dict]:
    blocks = call.get("blocks") or []
    return json.loads(blocks) if isinstance(blocks, str) else blocks


def test_a_bad_signature_or_a_stale_timestamp_is_refused_before_any_work(slack, standin):
    before = len(standin.calls)
    envelope = slack.message("UAAA00001", CHANNEL, f"<@{BOT_USER}> interview me", ts_after())
    assert slack.post_json(envelope, secret="not the secret").status_code == 401
    assert slack.post_json(envelope, timestamp=int(time.time()) - 600).status_code == 401
    assert slack.command("UAAA00001", CHANNEL, "help").status_code == 200  # signed: fine
    time.sleep(3)
    assert len(standin.calls) == before, "nothing is posted for a refused request"


def test_a_thread_interview_from_mention_to_summary(slack, standin, servers):
    user, root = "UAAA00001", ts_after()
    mention = slack.message(user, CHANNEL, f"<@{BOT_USER}> interview me on junior statistics, 1 question",
                            root, kind="app_mention")
    assert slack.post_json(mention).status_code == 200
    question = wait_for_text(standin, "Question 1 of 1", method="chat.postMessage", thread_ts=root)
    assert "statistics" in text_of(question)
    assert "as_user" not in question, "the legacy as_user is never sent"
    actions = [b for b in blocks_of(question) if b["type"] == "actions"]
    assert [e["value"] for e in actions[0]["elements"]] == ["/hint", "/repeat_question", "/skip_question",
                                                            "/show_answer"]
    # A plain reply in the thread, with no mention, is the answer.
    answer = slack.message(user, CHANNEL, "A p-value is the probability of data at least as extreme "
                           "as observed, assuming the null hypothesis is true.", ts_after(1), thread_ts=root)
    assert slack.post_json(answer).status_code == 200
    feedback = wait_for_text(standin, "Score", method="chat.postMessage", thread_ts=root)
    summary = wait_for_text(standin, "Interview summary", method="chat.postMessage", thread_ts=root)
    posts = standin.posts(method="chat.postMessage", thread_ts=root)
    assert "/ 5.0" in text_of(feedback)
    folded = [b for b in blocks_of(feedback) if b["type"] == "context"]
    assert "Model answer" in text_of({"blocks": folded}), "the model answer is folded into a context block"
    assert "```" in text_of(summary), "the summary table"
    for name, call in (("question", question), ("feedback", feedback), ("summary", summary)):
        save(name, call)
    assert all(p["channel"] == CHANNEL for p in posts)
    # Rasa saves the tracker after the turn's posts have gone out: wait for the save.
    def last_user_text() -> str:
        events = servers.tracker(f"slack:{user}:{CHANNEL}:{root}")["events"]
        return [e["text"] for e in events if e["event"] == "user"][-1]

    deadline = time.monotonic() + 30
    while not last_user_text().startswith("A p-value") and time.monotonic() < deadline:
        time.sleep(0.5)
    assert last_user_text().startswith("A p-value"), "the answer is in the member's thread conversation"


def test_a_duplicate_delivery_and_a_retry_never_post_twice(slack, standin):
    user, root = "UBBB00002", ts_after()
    text = f"<@{BOT_USER}> interview me on junior mathematics, 2 questions"
    as_message = slack.message(user, CHANNEL, text, root)
    as_mention = slack.message(user, CHANNEL, text, root, kind="app_mention")
    assert slack.post_json(as_message).status_code == 200
    assert slack.post_json(as_mention).status_code == 200
    wait_for_text(standin, "Question 1 of 2", method="chat.postMessage", thread_ts=root)
    replies = len(standin.posts(method="chat.postMessage", thread_ts=root))
    retry = slack.post_json(as_message, headers={"X-Slack-Retry-Num": "1",
                                                 "X-Slack-Retry-Reason": "http_error"})
    assert retry.status_code == 200
    time.sleep(4)
    posts = standin.posts(method="chat.postMessage", thread_ts=root)
    assert len(posts) == replies and sum("Question 1 of 2" in text_of(p) for p in posts) == 1


def test_another_members_reply_in_the_thread_is_not_the_owners_answer(slack, standin, servers):
    owner, other, root = "UCCC00003", "UAAA00001", ts_after()
    start = f"<@{BOT_USER}> interview me on junior algorithms, 1 question"
    slack.post_json(slack.message(owner, CHANNEL, start, root, kind="app_mention"))
    question = wait_for_text(standin, "Question 1 of 1", method="chat.postMessage", thread_ts=root)
    replies = len(standin.posts(method="chat.postMessage", thread_ts=root))
    slack.post_json(slack.message(other, CHANNEL, "It is about overfitting.", ts_after(1), thread_ts=root))
    time.sleep(4)
    assert len(standin.posts(method="chat.postMessage", thread_ts=root)) == replies, "nothing for the other"
    events = servers.tracker(f"slack:{owner}:{CHANNEL}:{root}")["events"]
    owners = [e for e in events if e["event"] == "user"]
    assert len(owners) == 1, "the owner's conversation holds only the owner's messages"
    # A button pressed by the owner: the hint, in the same thread.
    assert slack.press(owner, CHANNEL, question["ts"], root, "/hint").status_code == 200
    wait_for_text(standin, "💡", method="chat.postMessage", thread_ts=root)
    # The same button pressed by the other member is refused privately.
    slack.press(other, CHANNEL, question["ts"], root, "/hint")
    refusal = standin.wait_for(method="chat.postEphemeral", user=other, thread_ts=root)[0]
    assert "another member" in text_of(refusal)


def test_a_dm_interview(slack, standin):
    user, dm = "UDDD00004", "D0DIRECT1"
    slack.post_json(slack.message(user, dm, "interview me on junior deployment, 1 question", ts_after(),
                                  channel_type="im"))
    question = wait_for_text(standin, "Question 1 of 1", method="chat.postMessage", channel=dm)
    assert question.get("thread_ts") is None, "a DM interview is the DM itself"
    slack.post_json(slack.message(user, dm, "I don't know", ts_after(1), channel_type="im"))
    wait_for_text(standin, "model answer", method="chat.postMessage", channel=dm)


def test_the_slash_command_answers_within_three_seconds(slack, standin):
    for text, expected in (("help", "/mlinterview start"), ("progress", "progress"),
                           ("leaderboard", "No question of the day"), ("nonsense", "I don't know")):
        started = time.time()
        reply = slack.command("UAAA00001", CHANNEL, text)
        assert reply.status_code == 200 and time.time() - started < 3, text
        assert expected.lower() in json.dumps(reply.json()).lower(), (text, reply.json())
    started = time.time()
    reply = slack.command("UEEE00005", CHANNEL, "start junior statistics, 1 question")
    assert reply.status_code == 200 and time.time() - started < 3
    root = standin.wait_for(method="chat.postMessage", channel=CHANNEL,
                            text="<@UEEE00005>'s mock interview: answer in this thread.")[0]
    wait_for_text(standin, "Question 1 of 1", method="chat.postMessage", thread_ts=root["ts"])


def test_socket_mode_carries_events_and_slash_commands(slack, standin):
    socket = standin.socket_mode
    socket.push({"envelope_id": "env-command", "type": "slash_commands", "accepts_response_payload": True,
                 "payload": {"command": "/mlinterview", "text": "help", "user_id": "UFFF00006",
                             "channel_id": CHANNEL}})
    assert "/mlinterview start" in json.dumps(socket.ack("env-command")["payload"])
    root = ts_after()
    start = f"<@{BOT_USER}> interview me on junior statistics, 1 question"
    event = slack.message("UFFF00006", CHANNEL, start, root, kind="app_mention")
    socket.push({"envelope_id": "env-event", "type": "events_api", "accepts_response_payload": False,
                 "payload": event})
    socket.ack("env-event")
    wait_for_text(standin, "Question 1 of 1", method="chat.postMessage", thread_ts=root)


def _days():
    """Tuesday and Wednesday of last week (Berlin), and this week's Monday."""
    today = datetime.now(BERLIN).date()
    monday = today - timedelta(days=today.weekday())
    return monday - timedelta(days=6), monday - timedelta(days=5), monday


def at(day: date, clock: str) -> datetime:
    hours, minutes = map(int, clock.split(":"))
    return datetime(day.year, day.month, day.day, hours, minutes, tzinfo=BERLIN)


def test_a_week_of_questions_of_the_day(slack, standin, servers):
    from questionbank import load_bank
    from tests.e2e.servers import ROOT

    bank = {q.id: q for q in load_bank(ROOT / "data" / "questions")}
    reply = slack.command("UAAA00001", CHANNEL, f"qotd <#{CHANNEL}|study> 09:00 Europe/Berlin "
                                                "tracks=statistics level=junior")
    assert reply.json()["response_type"] == "in_channel" and "09:00" in reply.json()["text"]
    bad = slack.command("UAAA00001", CHANNEL, "qotd here 25:00 Mars/Olympus")
    assert "not a time" in bad.json()["text"]
    day1, day2, monday = _days()

    assert tick(servers, at(day1, "08:59")) == []
    assert len(tick(servers, at(day1, "09:00"))) == 1
    assert tick(servers, at(day1, "09:05")) == [], "posted once"
    posts = [c for c in standin.posts(method="chat.postMessage", channel=CHANNEL)
             if "Question of the day" in text_of(c)]
    assert len(posts) == 1
    post = posts[0]
    question = next(q for q in bank.values() if q.question in text_of(post))
    assert question.track == "statistics" and question.difficulty == "junior"

    # Three members answer in the thread: a model answer, a partial one, a non-answer.
    answers = {MEMBERS[0]: question.reference_answers[0],
               MEMBERS[1]: question.key_points[0].text,
               MEMBERS[2]: "no idea, sorry"}
    for i, (member, text) in enumerate(answers.items()):
        slack.post_json(slack.message(member, CHANNEL, text, ts_after(i), thread_ts=post["ts"]))
    private = [standin.wait_for(method="chat.postEphemeral", user=m, thread_ts=post["ts"])[0]
               for m in MEMBERS]
    for feedback in private:
        assert "only you can see this" in text_of(feedback)
        assert "Model answer" not in text_of(feedback), "the thread is not spoiled"
    assert not standin.posts(method="chat.postMessage", thread_ts=post["ts"]), "nothing public yet"
    slack.post_json(slack.message(MEMBERS[0], CHANNEL, "second try", ts_after(5), thread_ts=post["ts"]))
    again = standin.wait_for(2, method="chat.postEphemeral", user=MEMBERS[0], thread_ts=post["ts"])[1]
    assert "first answer counts" in text_of(again)

    # The action server restarts between the schedule and the reveal; the state is in the database.
    servers.restart_actions()
    done = tick(servers, at(day2, "11:30"))  # down at 09:00: caught up once
    assert [d.split()[0] for d in done] == ["revealed", "posted"], done
    assert tick(servers, at(day2, "11:31")) == []
    reveal = standin.wait_for(method="chat.postMessage", thread_ts=post["ts"])[0]
    save("qotd-question", post)
    save("qotd-feedback", private[0])
    save("qotd-reveal", reveal)
    text = text_of(reveal)
    unescaped = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    assert question.reference_answers[0][:40] in unescaped
    ranking = [line for line in text.splitlines() if "<@U" in line]
    assert [m for line in ranking for m in MEMBERS if m in line] == list(MEMBERS), ranking
    assert "Key points" in text and "%" in text

    # Day 2: two members answer; Monday's tick posts last week's leaderboard.
    day2_post = [c for c in standin.posts(method="chat.postMessage", channel=CHANNEL)
                 if "Question of the day" in text_of(c)][-1]
    question2 = next(q for q in bank.values() if q.question in text_of(day2_post))
    assert question2.id != question.id
    for i, member in enumerate(MEMBERS[:2]):
        slack.post_json(slack.message(member, CHANNEL, question2.reference_answers[0], ts_after(i),
                                      thread_ts=day2_post["ts"]))
    for member in MEMBERS[:2]:
        standin.wait_for(method="chat.postEphemeral", user=member, thread_ts=day2_post["ts"])
    done = tick(servers, at(monday, "09:00"))
    assert any(d.startswith("posted the leaderboard") for d in done), done
    board = [c for c in standin.posts(method="chat.postMessage", channel=CHANNEL)
             if "Leaderboard" in text_of(c)]
    assert len(board) == 1
    save("leaderboard", board[0])
    lines = [line for line in text_of(board[0]).splitlines() if line[:2] in ("1.", "2.", "3.")]
    assert MEMBERS[0] in lines[0] and "2 answer(s)" in lines[0], lines
    assert len(lines) == 3
    assert tick(servers, at(monday, "10:00")) == [], "the leaderboard is posted once"
    shown = slack.command(MEMBERS[2], CHANNEL, "leaderboard").json()
    assert MEMBERS[0] in json.dumps(shown), shown
