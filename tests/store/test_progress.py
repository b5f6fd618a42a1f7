"""Progress across sessions: the rating mapping, due ordering, mastery, streaks, concurrency."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta, timezone

import pytest
from fsrs import Rating

import store
from store import progress

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def sessions(tmp_path):
    return store.connect(f"sqlite:///{tmp_path}/app.db")


@pytest.mark.parametrize("score, hinted, revealed, rating", [
    (0.0, False, False, Rating.Again), (1.9, False, False, Rating.Again),
    (2.0, False, False, Rating.Hard), (3.4, False, False, Rating.Hard),
    (3.5, False, False, Rating.Good), (4.4, False, False, Rating.Good),
    (4.5, False, False, Rating.Easy), (5.0, True, False, Rating.Hard),
    (3.0, True, False, Rating.Hard), (1.0, True, False, Rating.Again),
    (5.0, False, True, Rating.Again)])
def test_the_rating_follows_the_score_capped_by_a_hint_or_a_revealed_answer(score, hinted, revealed, rating):
    assert progress.rating_for(score, hinted, revealed) == rating


def test_mastery_is_shrunk_toward_the_prior_and_weighs_recent_answers_more():
    assert progress.mastery([]) == progress.PRIOR
    assert progress.PRIOR < progress.mastery([5.0]) < progress.mastery([5.0, 5.0, 5.0]) < 1.0
    assert progress.mastery([0.0, 5.0]) > progress.mastery([5.0, 0.0])
    assert progress.mastery([0.0] * 20) < 0.1


def test_streaks_count_consecutive_days_up_to_today_or_yesterday():
    today = date(2026, 12, 1)
    days = {today - timedelta(days=n) for n in (0, 1, 2, 5)}
    assert progress.streak(days, today) == 3
    assert progress.streak(days - {today}, today) == 2
    assert progress.streak({today - timedelta(days=3)}, today) == 0


def test_failed_questions_are_due_first_and_well_answered_ones_rest(sessions):
    with store.transaction(sessions) as db:
        for question, score, minutes in [("q-hard", 3.0, 0), ("q-failed", 0.5, 1), ("q-easy", 5.0, 2),
                                         ("q-failed-too", 1.0, 3)]:
            progress.review(db, "ana", "s1", question, "statistics", "anova", score,
                            progress.rating_for(score), at=T0 + timedelta(minutes=minutes))
        progress.review(db, "ana", "s1", "q-other", "deployment", "sql", 0.0, Rating.Again, at=T0)
    with sessions() as db:
        due, resting = progress.due_and_resting(db, "ana", "statistics", at=T0 + timedelta(days=2))
    assert due[:2] == ["q-failed", "q-failed-too"] and "q-hard" in due
    assert resting == {"q-easy"}
    with sessions() as db:
        due, _ = progress.due_and_resting(db, "ana", "statistics", at=T0 + timedelta(minutes=5))
    assert due == ["q-failed", "q-failed-too"], "a failed question is due at once; others wait"


def test_the_progress_payload(sessions):
    with store.transaction(sessions) as db:
        progress.review(db, "ana", "s1", "q1", "statistics", "anova", 1.0, Rating.Again, at=T0)
        progress.review(db, "ana", "s2", "q2", "statistics", "anova", 4.0, Rating.Good,
                        at=T0 + timedelta(days=1))
    with sessions() as db:
        payload = progress.progress(db, "ana", at=T0 + timedelta(days=1, minutes=1))
    assert payload["type"] == "progress" and payload["sessions"] == 2 and payload["streak_days"] == 2
    [topic] = payload["topics"]
    assert topic == {"track": "statistics", "topic": "anova", "answered": 2,
                     "mastery": progress.mastery([1.0, 4.0]), "due": 1}


def test_two_reviews_of_one_card_at_once_lose_neither(sessions):
    barrier = threading.Barrier(2)

    def answer(score):
        barrier.wait()
        with store.transaction(sessions) as db:
            progress.review(db, "ana", "s1", "q1", "statistics", "anova", score, progress.rating_for(score))

    threads = [threading.Thread(target=answer, args=(s,)) for s in (1.0, 4.0)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    with sessions() as db:
        [card] = progress.cards(db, "ana")
        assert card.reps == 2
        assert sorted(progress.topic_scores(db, "ana")[("statistics", "anova")]) == [1.0, 4.0]


def test_forget_deletes_a_candidates_progress_only(sessions):
    with store.transaction(sessions) as db:
        progress.review(db, "ana", "s1", "q1", "statistics", "anova", 1.0, Rating.Again)
        progress.review(db, "bo", "s2", "q1", "statistics", "anova", 4.0, Rating.Good)
    with store.transaction(sessions) as db:
        deleted = progress.forget(db, "ana")
    assert deleted["progress_reviews"] == 1 and deleted["progress_cards"] == 1
    with sessions() as db:
        assert not progress.cards(db, "ana") and progress.cards(db, "bo")


def test_forgetting_a_slack_member_takes_every_thread_and_their_group_answers(sessions):
    from store.models import Coach, GroupAnswer, GroupMember, GroupPost, GroupSchedule, ScoreOverride

    with store.transaction(sessions) as db:
        progress.review(db, "slack:U1", "s1", "q1", "statistics", "anova", 1.0, Rating.Again)
        progress.review(db, "slack:U10", "s2", "q1", "statistics", "anova", 4.0, Rating.Good)
        schedule = GroupSchedule(channel="C1", post_at="09:00", reveal_at="09:00", timezone="UTC",
                                 tracks="statistics", created_by="U1")
        db.add(schedule)
        db.flush()
        post = GroupPost(schedule_id=schedule.id, day="2026-11-30", channel="C1", question_id="q1",
                         reveal_due=T0)
        db.add(post)
        db.flush()
        for member in ("U1", "U10"):
            db.add(GroupAnswer(post_id=post.id, member=member, text="x", score=1.0, covered="[]", points=1.0))
            db.add(GroupMember(channel="C1", member=member))
        coach = Coach(name="c", password_hash="x")
        db.add(coach)
        db.flush()
        db.add(ScoreOverride(sender_id="slack:U1:C1:1.0", answer_at=1.0, question_id="q1",
                             automatic_score=1.0, score=2.0, coach_id=coach.id))
    with store.transaction(sessions) as db:
        deleted = progress.forget(db, "slack:U1")
    assert deleted["progress_reviews"] == 1 and deleted["group_answers"] == 1
    assert deleted["group_members"] == 1 and deleted["score_overrides"] == 1
    with sessions() as db:
        assert progress.cards(db, "slack:U10"), "a member whose id starts the same stays"
