import json
import sqlite3

from bot.transcripts import main


def make_store(path):
    events = [
        ("ana", "user", {"event": "user", "text": "/start_interview"}),
        ("ana", "bot", {"event": "bot", "text": "Question 1 of 1: What is a p-value?", "data": {}}),
        ("ana", "user", {"event": "user", "text": "The chance of data this extreme\nunder the null."}),
        ("ana", "bot", {"event": "bot", "text": None, "data": {"custom": {
            "type": "feedback", "question_id": "q", "score": 3.5, "max_score": 5.0,
            "covered": ["computed under the null"], "missed": ["not P(null is true)"]}}}),
        ("ana", "action", {"event": "action", "name": "action_listen"}),
        ("bo", "user", {"event": "user", "text": "hi"}),
    ]
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, type_name TEXT, "
                   "timestamp REAL, intent_name TEXT, action_name TEXT, data TEXT)")
        for sender, kind, data in events:
            db.execute("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, ?, 0, ?)",
                       (sender, kind, json.dumps(data)))


def test_one_markdown_transcript_per_conversation_with_scores(tmp_path):
    make_store(tmp_path / "tracker.db")
    assert main(["--db", str(tmp_path / "tracker.db"), "--out", str(tmp_path / "out")]) == 0
    ana = (tmp_path / "out" / "ana.md").read_text()
    assert "> The chance of data this extreme\n> under the null." in ana
    assert "**Score 3.5 / 5.0**" in ana and "- [x] computed under the null" in ana
    assert "- [ ] not P(null is true)" in ana
    assert (tmp_path / "out" / "bo.md").exists()


def test_a_missing_store_is_a_clear_error(tmp_path, capsys):
    assert main(["--db", str(tmp_path / "none.db")]) == 1
    assert "run an interview" in capsys.readouterr().err
