"""Coverage of the bank: questions per track, topic and level, and per skill; hints that leak."""

from __future__ import annotations

from collections import Counter

from questionbank.schema import DIFFICULTIES, SKILL_TARGETS, TRACKS, Question
from retrieval.text import content_stems

# A hint shares at most this share of its content words with any one key point: past it, the
# hint states the point instead of pointing at where to look.
HINT_OVERLAP = 0.6


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


def skill_counts(questions: list[Question]) -> dict[str, Counter]:
    counts = {skill: Counter() for skill in SKILL_TARGETS}
    for question in questions:
        for skill in question.skills:
            counts[skill][question.difficulty] += 1
    return counts


def skills_table(questions: list[Question]) -> str:
    header = f"{'skill':<20} " + " ".join(f"{d:>6}" for d in DIFFICULTIES) + "  total  target"
    lines = [header, "-" * len(header)]
    for skill, counts in skill_counts(questions).items():
        total = sum(counts.values())
        mark = "" if total >= SKILL_TARGETS[skill] and len(counts) >= 2 else "  below"
        lines.append(f"{skill:<20} " + " ".join(f"{counts[d]:>6}" for d in DIFFICULTIES)
                     + f"  {total:>5}  {SKILL_TARGETS[skill]:>6}{mark}")
    return "\n".join(lines)


def skill_shortfalls(questions: list[Question]) -> list[str]:
    """Skills below their target count, or asked at fewer than two levels."""
    problems = []
    for skill, counts in skill_counts(questions).items():
        if sum(counts.values()) < SKILL_TARGETS[skill]:
            problems.append(f"skill {skill}: {sum(counts.values())} questions, at least "
                            f"{SKILL_TARGETS[skill]} needed")
        elif len(counts) < 2:
            problems.append(f"skill {skill}: asked at one level only")
    return problems


def leaky_hints(questions: list[Question]) -> list[str]:
    """Hints that share most of their content words with a key point: they give it away."""
    warnings = []
    for question in questions:
        hint = content_stems(question.hint)
        for number, point in enumerate(question.key_points, start=1):
            shared = hint & content_stems(point.text)
            if hint and len(shared) / len(hint) > HINT_OVERLAP:
                warnings.append(f"{question.id}: the hint shares {len(shared)} of its {len(hint)} "
                                f"content words with key point {number} ({', '.join(sorted(shared))})")
    return warnings
