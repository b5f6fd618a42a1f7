"""Behaviour the product promises and does not deliver yet, each marked where it is tested.

Strict: the day one is fixed its tests pass, pytest reports XPASS as a failure, and the mark
must go. The README's "Not built yet" names the same gaps.
"""

import pytest

JUDGE_READS_TOPIC = pytest.mark.xfail(strict=True, reason=(
    "issue 8 open: the judge reads topic, not relations; it entails reversed or misattributed claims"))
JUDGE_DOUBTS_PARAPHRASES = pytest.mark.xfail(strict=True, reason=(
    "issue 8 open: the judge trained on fluent written contradictions finds some correct "
    "paraphrases contradictory (so complete answers lose points) and misses an inserted 'not'"))
LENGTHS_MISLEAD = pytest.mark.xfail(strict=True, reason=(
    "issue 8 open: at lengths unlike the graded rounds' (a short complete paraphrase, a long "
    "keyword list or swap), 60% of the hard kinds land within bounds on unseen questions, not 75%"))
