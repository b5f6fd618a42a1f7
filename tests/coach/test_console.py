"""The coach console over HTTP (FastAPI's test client) on a seeded tracker store: login, CSRF,
the rate limit, escaping, overrides with their history, and the exports."""

from __future__ import annotations

import csv
import io
import json
import random
import re
import sqlite3

import pytest
from fastapi.testclient import TestClient

import store
from coach.app import LOGIN_ATTEMPTS, create_app
from coach.reviews import set_coach
from coach.seed import seed
from retrieval.graded import load_graded

QUESTIONS = [{"id": f"stat-x-{n}", "track": "statistics", "topic": "sampling", "key_points":
              ["The mean is the sum divided by n", "The variance is the mean squared deviation"]}
             for n in range(6)]
SCRIPT = "<script>alert('owned')</script> the mean is the sum divided by n"


@pytest.fixture
def console(tmp_path):
    tracker = tmp_path / "tracker.db"
    seed(tracker, 8, QUESTIONS, random.Random(3))
    with sqlite3.connect(tracker) as db:  # one answer carries a script
        row_id, data = db.execute("SELECT id, data FROM events WHERE type_name='user' AND "
                                  "intent_name='answer' ORDER BY id LIMIT 1").fetchone()
        event = json.loads(data)
        event["text"] = SCRIPT
        db.execute("UPDATE events SET data=? WHERE id=?", (json.dumps(event), row_id))
    url = f"sqlite:///{tmp_path}/app.db"
    with store.transaction(store.connect(url)) as db:
        set_coach(db, "ana", "correct horse battery")
    return TestClient(create_app(url, f"sqlite:///{tracker}", secret="test"))


def token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def log_in(client: TestClient, password: str = "correct horse battery"):
    return client.post("/login", data={"username": "ana", "password": password,
                                       "csrf_token": token(client.get("/login").text)},
                       follow_redirects=False)


def first_session(client: TestClient) -> str:
    candidate = re.search(r'href="(/candidate/[^"]+)"', client.get("/").text).group(1)
    return re.search(r'href="(/session/[^"]+)"', client.get(candidate).text).group(1)


def test_nothing_is_readable_without_logging_in(console):
    for path in ["/", "/export.csv", "/candidate/seed-0000"]:
        response = console.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/login"


def test_a_wrong_password_is_refused_and_the_right_one_lets_in(console):
    assert log_in(console, "wrong password").status_code == 401
    assert console.get("/", follow_redirects=False).status_code == 303
    response = log_in(console)
    assert response.status_code == 303
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert "seed-0000" in console.get("/").text


def test_failed_logins_are_rate_limited(console):
    for _ in range(LOGIN_ATTEMPTS):
        assert log_in(console, "nope nope").status_code == 401
    assert log_in(console).status_code == 429


def test_a_form_without_its_csrf_token_is_refused(console):
    log_in(console)
    session = first_session(console)
    answer_at = re.search(r'name="answer_at" value="([^"]+)"', console.get(session).text).group(1)
    refused = console.post(f"{session}/override", data={"answer_at": answer_at, "score": "1.0"})
    assert refused.status_code == 403
    assert console.post("/login", data={"username": "ana", "password": "x"}).status_code == 403


def test_an_answer_with_a_script_renders_inert(console):
    log_in(console)
    pages = [console.get(s).text for s in re.findall(r'href="(/session/[^"]+)"',
             "".join(console.get(c).text for c in set(re.findall(r'href="(/candidate/[^"]+)"',
                                                                  console.get("/").text))))]
    assert any("&lt;script&gt;alert(" in p for p in pages)
    assert not any("<script>alert(" in p for p in pages)


def test_an_override_keeps_the_automatic_score_and_its_history_and_can_be_cleared(console):
    log_in(console)
    session = first_session(console)
    page = console.get(session).text
    answer_at = re.search(r'name="answer_at" value="([^"]+)"', page).group(1)
    form = {"answer_at": answer_at, "csrf_token": token(page)}
    assert console.post(f"{session}/override", data={**form, "score": "3.5", "comment": "fair"},
                        follow_redirects=False).status_code == 303
    page = console.get(session).text
    assert "Coach score 3.5" in page and "automatic" in page and "fair" in page
    rows = list(csv.DictReader(io.StringIO(console.get("/export.csv").text)))
    assert [r["coach score"] for r in rows if r["coach score"]] == ["3.5"]
    assert {r["reviewer"] for r in rows} == {"", "ana"}
    assert console.post(f"{session}/override", data={**form, "score": "7"}).status_code == 400
    console.post(f"{session}/override", data={**form, "clear": "1"})
    page = console.get(session).text
    assert "<strong>Coach score" not in page and "cleared" in page
    assert not [r for r in csv.DictReader(io.StringIO(console.get("/export.csv").text))
                if r["coach score"]]


def test_the_cohort_filters(console):
    log_in(console)
    everyone = console.get("/").text.count('href="/candidate/')
    assert everyone == 2
    assert console.get("/?track=deployment").text.count('href="/candidate/') == 0
    assert console.get("/?q=alert").text.count('href="/candidate/') == 1
    assert console.get("/?score_min=abc").status_code == 400


def test_review_tags_and_comments_are_kept(console):
    log_in(console)
    session = first_session(console)
    page = console.get(session).text
    console.post(f"{session}/review", data={"reviewed": "1", "tags": "Follow up, strong",
                                            "comment": "good progress", "csrf_token": token(page)})
    page = console.get(session).text
    assert 'value="follow up,strong"' in page and "good progress" in page
    assert 'name="reviewed" value="1" checked' in page


def test_logout_locks_every_page_again(console):
    log_in(console)
    page = console.get("/").text
    assert console.post("/logout", data={"csrf_token": token(page)},
                        follow_redirects=False).status_code == 303
    assert console.get("/export.csv", follow_redirects=False).status_code == 303


def test_export_graded_loads_in_the_graded_set_reader(console, tmp_path):
    from coach import exports, reviews
    from coach.reader import read_candidates

    log_in(console)
    session = first_session(console)
    page = console.get(session).text
    answer_at = re.search(r'name="answer_at" value="([^"]+)"', page).group(1)
    console.post(f"{session}/override", data={"answer_at": answer_at, "score": "2.0",
                                              "comment": "misses the variance", "csrf_token": token(page)})
    with store.connect(f"sqlite:///{tmp_path}/app.db")() as db:
        rows = exports.graded_rows(read_candidates(f"sqlite:///{tmp_path}/tracker.db"),
                                   reviews.histories(db))
    (tmp_path / "graded").mkdir()
    (tmp_path / "graded" / "coach.jsonl").write_text(exports.graded_jsonl(rows))
    graded = load_graded(tmp_path / "graded")
    assert [(g.grade, g.grader, g.reason) for g in graded] == [(2.0, "coach:ana", "misses the variance")]


def test_forget_deletes_a_candidate_from_both_stores(tmp_path, monkeypatch, capsys):
    from coach.__main__ import main
    from coach.reader import read_candidates
    from store import progress

    tracker = tmp_path / "tracker.db"
    seed(tracker, 8, QUESTIONS, random.Random(3))
    url = f"sqlite:///{tmp_path}/app.db"
    with store.transaction(store.connect(url)) as db:
        progress.review(db, "seed-0000", "s", "stat-x-1", "statistics", "sampling", 1.0,
                        progress.rating_for(1.0))
    monkeypatch.setenv("APP_DB_URL", url)
    monkeypatch.setenv("TRACKER_DB", str(tracker))
    assert main(["forget", "seed-0000"]) == 0
    said = capsys.readouterr().out
    assert "1 progress_reviews" in said and "tracker events" in said
    assert set(read_candidates(f"sqlite:///{tracker}")) == {"seed-0001"}


def test_a_slack_members_threads_are_one_candidate_with_a_session_each(console, tmp_path):
    # Turn seed-0000's four interviews into threads of one Slack member, two per thread.
    with sqlite3.connect(tmp_path / "tracker.db") as db:
        rows = db.execute("SELECT id, intent_name FROM events WHERE sender_id='seed-0000' "
                          "ORDER BY id").fetchall()
        started = 0
        for row_id, intent in rows:
            started += intent == "start_interview"
            db.execute("UPDATE events SET sender_id=? WHERE id=?", (f"slack:U1:C1:{started % 2}.5", row_id))
    log_in(console)
    cohort = console.get("/").text
    assert set(re.findall(r'href="/candidate/([^"]+)"', cohort)) == {"slack%3AU1", "seed-0001"}
    page = console.get("/candidate/slack:U1").text
    links = re.findall(r'href="(/session/[^"]+)"', page)
    assert len(links) == 4 and {link.split("/")[2] for link in links} == {"slack%3AU1%3AC1%3A0.5",
                                                                          "slack%3AU1%3AC1%3A1.5"}
    session = console.get(links[0]).text
    assert 'href="/candidate/slack%3AU1"' in session
    answer_at = re.search(r'name="answer_at" value="([^"]+)"', session).group(1)
    form = {"answer_at": answer_at, "csrf_token": token(session), "score": "2.5"}
    assert console.post(f"{links[0]}/override", data=form, follow_redirects=False).status_code == 303
    assert "Coach score 2.5" in console.get(links[0]).text
    assert console.get("/session/slack:U1:C1:9.5/" + links[0].split("/")[3]).status_code == 404
