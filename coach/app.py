"""The coach console: cohort, candidate, session transcript, overrides, exports. Server-rendered
(FastAPI, Jinja2 with autoescape); every page and export behind a login.

Security: argon2 password hashes (coach/reviews.py); a signed, HttpOnly, SameSite=strict session
cookie; a CSRF token on every form; at most LOGIN_ATTEMPTS failed logins per name and address in
LOGIN_WINDOW seconds. Candidates' answers are rendered escaped.
"""

from __future__ import annotations

import os
import secrets
import time
from collections import defaultdict, deque
from datetime import date
from pathlib import Path

from fastapi import FastAPI, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.middleware.sessions import SessionMiddleware

import store
from coach import charts, exports, reviews, views
from coach.reader import read_candidates, tracker_url
from groups.members import candidate_of
from store.models import Coach

HERE = Path(__file__).parent
LOGIN_ATTEMPTS = 5
LOGIN_WINDOW = 300.0
SCORE_STEPS = [x / 2 for x in range(11)]


class LoginRequired(Exception):
    pass


def _questions() -> dict[str, str]:
    from questionbank import load_bank

    return {q.id: q.question for q in load_bank(Path(os.environ.get("BANK_DIR", "data/questions")))}


def create_app(app_db_url: str | None = None, tracker: str | None = None,
               secret: str | None = None) -> FastAPI:
    sessions = store.connect(app_db_url)
    tracker = tracker or tracker_url()
    questions = _questions()
    failures: dict[tuple[str, str], deque] = defaultdict(deque)
    app = FastAPI(title="Coach console", docs_url=None, redoc_url=None, openapi_url=None)
    # A fresh secret per start unless COACH_SECRET is set: restarting logs coaches out.
    app.add_middleware(SessionMiddleware, secret_key=secret or os.environ.get("COACH_SECRET")
                       or secrets.token_urlsafe(32), session_cookie="coach_session",
                       same_site="strict", https_only=os.environ.get("COACH_HTTPS") == "1",
                       max_age=12 * 3600)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals.update(sparkline=charts.sparkline, score_steps=SCORE_STEPS)

    @app.exception_handler(LoginRequired)
    async def to_login(request: Request, _: LoginRequired):
        return RedirectResponse("/login", status_code=303)

    def csrf(request: Request) -> str:
        if "csrf" not in request.session:
            request.session["csrf"] = secrets.token_urlsafe(24)
        return request.session["csrf"]

    def check_csrf(request: Request, token: str) -> None:
        if not token or not secrets.compare_digest(token, request.session.get("csrf", "")):
            raise HTTPException(403, "the form's CSRF token is missing or stale: reload the page")

    def coach_of(request: Request) -> Coach:
        coach_id = request.session.get("coach")
        if coach_id is None:
            raise LoginRequired()
        with sessions() as db:
            coach = db.get(Coach, coach_id)
        if coach is None:
            request.session.clear()
            raise LoginRequired()
        return coach

    def page(request: Request, name: str, coach: Coach | None, **context) -> HTMLResponse:
        return templates.TemplateResponse(request, name, {"coach": coach, "csrf": csrf(request),
                                                          **context})

    def marks():
        """(coach scores, reviewed sessions)."""
        with sessions() as db:
            return (reviews.coach_scores(db),
                    {k for k, r in reviews.reviews(db).items() if r.reviewed_at})

    def find_session(sender: str, at: float):
        """`sender`: the session's own conversation, which for Slack is one thread of a member."""
        candidate = read_candidates(tracker).get(candidate_of(sender))
        session = next((s for s in (candidate.sessions if candidate else [])
                        if s.sender_id == sender and s.at == at), None)
        if session is None:
            raise HTTPException(404, f"no session {at!r} for {sender!r}")
        return candidate, session

    @app.get("/login", response_class=HTMLResponse)
    def login_form(request: Request):
        return page(request, "login.html", None, error=None)

    @app.post("/login")
    def login(request: Request, username: str = Form(""), password: str = Form(""),
              csrf_token: str = Form("")):
        check_csrf(request, csrf_token)
        key = (username.strip().lower(), request.client.host if request.client else "")
        recent = failures[key]
        while recent and recent[0] < time.monotonic() - LOGIN_WINDOW:
            recent.popleft()
        if len(recent) >= LOGIN_ATTEMPTS:
            response = page(request, "login.html", None,
                            error="Too many failed logins: wait five minutes and try again.")
            response.status_code = 429
            return response
        with sessions() as db:
            coach = reviews.check_login(db, username, password)
        if coach is None:
            recent.append(time.monotonic())
            response = page(request, "login.html", None, error="Wrong name or password.")
            response.status_code = 401
            return response
        recent.clear()
        request.session.clear()
        request.session.update(coach=coach.id, csrf=secrets.token_urlsafe(24))
        return RedirectResponse("/", status_code=303)

    @app.post("/logout")
    def logout(request: Request, csrf_token: str = Form("")):
        check_csrf(request, csrf_token)
        request.session.clear()
        return RedirectResponse("/login", status_code=303)

    def filters_of(request: Request) -> views.Filters:
        q = request.query_params

        def number(name):
            try:
                return float(q[name]) if q.get(name) else None
            except ValueError:
                raise HTTPException(400, f"{name}={q[name]!r} is not a number") from None

        def day(name):
            try:
                return date.fromisoformat(q[name]) if q.get(name) else None
            except ValueError:
                raise HTTPException(400, f"{name}={q[name]!r} is not a date (YYYY-MM-DD)") from None

        return views.Filters(q.get("track", ""), q.get("level", ""), day("since"), day("until"),
                             number("score_min"), number("score_max"), q.get("flagged") == "1",
                             q.get("unreviewed") == "1", q.get("q", "").strip())

    @app.get("/", response_class=HTMLResponse)
    def cohort(request: Request):
        coach = coach_of(request)
        filters = filters_of(request)
        scores, reviewed = marks()
        candidates = read_candidates(tracker)
        rows = views.cohort(candidates, filters, scores, reviewed)
        tracks = sorted({a.question.get("track", "") for c in candidates.values() for s in c.sessions
                         for a in s.answers} - {""})
        return page(request, "cohort.html", coach, rows=rows, filters=filters, tracks=tracks,
                    levels=["junior", "mid", "senior"], total=len(candidates))

    @app.get("/candidate/{sender}", response_class=HTMLResponse)
    def candidate(request: Request, sender: str):
        coach = coach_of(request)
        found = read_candidates(tracker).get(sender)
        if found is None:
            raise HTTPException(404, f"no candidate {sender!r}")
        scores, reviewed = marks()
        topics = views.topics(found, scores)
        chart = charts.mastery_chart([(t.topic, [p[1] for p in t.points]) for t in topics[:8]])
        rows = [(s, views.session_score(s, scores), (s.sender_id, s.at) in reviewed) for s in found.sessions]
        return page(request, "candidate.html", coach, candidate=found, topics=topics, chart=chart,
                    sessions=rows)

    @app.get("/session/{sender}/{at}", response_class=HTMLResponse)
    def session_page(request: Request, sender: str, at: float):
        coach = coach_of(request)
        _, found = find_session(sender, at)
        with sessions() as db:
            history = reviews.histories(db, sender)
            mark = reviews.reviews(db).get((sender, at))
            notes = reviews.comments(db, sender, at)
        answers = {a.message.at: a for a in found.answers}
        return page(request, "session.html", coach, session=found, answers=answers,
                    history=history, mark=mark, notes=notes, questions=questions,
                    highlighted=views.highlighted, score=views.session_score(
                        found, reviews.current_scores(history)))

    @app.post("/session/{sender}/{at}/override")
    def set_override(request: Request, sender: str, at: float, answer_at: float = Form(...),
                     score: str = Form(""), comment: str = Form(""), clear: str = Form(""),
                     csrf_token: str = Form("")):
        coach = coach_of(request)
        check_csrf(request, csrf_token)
        _, found = find_session(sender, at)
        answer = next((a for a in found.answers if a.message.at == answer_at), None)
        if answer is None:
            raise HTTPException(404, "no such answer in this session")
        try:
            value = None if clear else reviews.parse_score(score)
        except reviews.ReviewError as error:
            raise HTTPException(400, str(error)) from None
        with store.transaction(sessions) as db:
            reviews.override(db, coach, sender, answer_at, answer.question_id, answer.score, value,
                             comment)
        return RedirectResponse(f"/session/{sender}/{at!r}#answer-{answer_at!r}", status_code=303)

    @app.post("/session/{sender}/{at}/review")
    def set_review(request: Request, sender: str, at: float, reviewed: str = Form(""),
                   tags: str = Form(""), comment: str = Form(""), csrf_token: str = Form("")):
        coach = coach_of(request)
        check_csrf(request, csrf_token)
        find_session(sender, at)
        with store.transaction(sessions) as db:
            reviews.mark_reviewed(db, coach, sender, at, reviewed == "1")
            reviews.set_tags(db, sender, at, tags)
            if comment.strip():
                reviews.add_comment(db, coach, sender, at, comment)
        return RedirectResponse(f"/session/{sender}/{at!r}", status_code=303)

    @app.get("/session/{sender}/{at}/transcript.md")
    def session_markdown(request: Request, sender: str, at: float):
        coach_of(request)
        _, found = find_session(sender, at)
        scores, _ = marks()
        return PlainTextResponse(exports.session_markdown(found, scores, questions),
                                 media_type="text/markdown; charset=utf-8")

    @app.get("/export.csv")
    def export_csv(request: Request):
        coach_of(request)
        scores, _ = marks()
        return Response(exports.answers_csv(read_candidates(tracker), scores), media_type="text/csv",
                        headers={"Content-Disposition": 'attachment; filename="answers.csv"'})

    @app.get("/healthz")
    def health():
        return {"status": "ok"}

    return app
