"""Custom actions for the interview, one class per file (rasa-sdk registers every Action)."""
