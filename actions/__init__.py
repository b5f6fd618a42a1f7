"""Custom actions for the interview, one class per file (rasa-sdk registers every Action)."""

import os

if os.environ.get("ACTIONS_WARM_UP") == "1":
    # The server is starting: load the encoder and index now, not on the first answer.
    from actions import grading

    grading.warm_up()
