"""Coverage table of the bank: questions per track, topic and level."""

from __future__ import annotations

from collections import Counter

from questionbank.schema import DIFFICULTIES, TRACKS, Question


def coverage_table(questions: list[Question]) -> str:
    counts = Counter((q.track, q.topic, q.difficulty) for q in questions)
    header = f"{'track':<12} {'topic':<34} " + " ".join(f"{d:>6}" for d in DIFFICULTIES) + "  total"
    lines = [header, "-" * len(header)]
    for track in TRACKS:
        topics = sorted({topic for (t, topic, _) in counts if t == track})
        for topic in topics:
            row = [counts[(track, topic, d)] for d in DIFFICULTIES]
            lines.append(f"{track:<12} {topic:<34} " + " ".join(f"{n:>6}" for n in row) + f"  {sum(row):>5}")
        row = [sum(counts[(track, t, d)] for t in topics) for d in DIFFICULTIES]
        lines.append(f"{track + ' total':<47} " + " ".join(f"{n:>6}" for n in row) + f"  {sum(row):>5}")
        lines.append("")
    row = [sum(1 for q in questions if q.difficulty == d) for d in DIFFICULTIES]
    lines.append(f"{'all tracks':<47} " + " ".join(f"{n:>6}" for n in row) + f"  {len(questions):>5}")
    return "\n".join(lines)
