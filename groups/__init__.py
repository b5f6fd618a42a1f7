"""Slack study groups: the question of the day, its private feedback and reveal, the weekly
leaderboard, and the slash command's group subcommands.

`schedule` and `blocks` are pure and import nothing outside the standard library, so the Rasa
server's Slack connector (bot/slack.py, another Python) renders with the same code; `service`
keeps the state in the app database (store/); `routes` serves it from the action server, which
already holds the scorer.
"""
