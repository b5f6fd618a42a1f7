"""Behaviour the product promises and does not deliver yet, each marked where it is tested.

Strict: the day one is fixed its tests pass, pytest reports XPASS as a failure, and the mark
must go. The README's "Not built yet" names the same gaps.
"""

import pytest

JUDGE_READS_TOPIC = pytest.mark.xfail(strict=True, reason=(
    "issue 8 open: the judge reads topic, not relations; it entails reversed or misattributed claims"))
DERIVED_SCORES_COMPRESSED = pytest.mark.xfail(strict=True, reason=(
    "issue 8 open: the calibration for derived key points (SemEval) compresses scores: "
    "a complete answer in a `make score` file gets about 2.5"))
