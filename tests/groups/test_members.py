"""A Slack member's conversations map back to one candidate, and nobody else's do."""

from groups.members import candidate_of, conversation_id, conversations_of, member_id, user_of


def test_a_members_threads_and_dms_are_one_candidate():
    thread = conversation_id("U123", "C9", "1700000000.000100")
    dm = conversation_id("U123", "D4", None)
    assert (thread, dm) == ("slack:U123:C9:1700000000.000100", "slack:U123:D4")
    assert candidate_of(thread) == candidate_of(dm) == member_id("U123") == "slack:U123"
    assert user_of("slack:U123") == "U123"


def test_other_senders_are_their_own_candidate_and_match_no_threads():
    for sender in ("web-3f2a", "matrix-1", "slack:lowercase"):
        assert candidate_of(sender) == sender
        assert user_of(sender) is None
        assert conversations_of(sender) == "\x00"
    assert conversations_of("slack:U123") == "slack:U123:%"
