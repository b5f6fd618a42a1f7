"""Stage three of `make judge`: a judge of fewer layers taught to give the full judge's verdicts.

The full judge (six layers, stages one and two) reads about six pairs an answer and was most of
a scored answer's time. The student starts from the package's embeddings and a uniform pick of
the teacher's own layers and head, and learns the teacher's probabilities (soft targets, a
temperature) on the teacher's own training pairs: the calibration, the trees and every bound
were fitted to the teacher's verdicts, so the student is taught those, not the labels again.
"""

from __future__ import annotations

import random
import sys

from retrieval.commands.train_judge import encoded_pairs, fit, length_buckets
from retrieval.judge import BASE_LAYERS, base_model

TEMPERATURE = 2.0
TEACHER_BATCH = 32


def picked_layers(layers: int, of: int = BASE_LAYERS) -> list[int]:
    """A uniform pick of the teacher's layers, always ending with its last (the head reads it)."""
    return [round((i + 1) * of / layers) - 1 for i in range(layers)]


def teacher_logits(teacher, tokenizer, pairs: list) -> dict[tuple[str, str], list[float]]:
    import torch
    from tqdm import tqdm

    logits = {}
    with torch.no_grad(), tqdm(total=len(pairs), unit="pair", desc="teacher", file=sys.stderr) as bar:
        for batch in length_buckets(pairs, TEACHER_BATCH, random.Random(0)):
            rows = teacher(**encoded_pairs(tokenizer, batch)).logits.tolist()
            logits.update({(text, point): row for (text, point, *_), row in zip(batch, rows)})
            bar.update(len(batch))
    return logits


def student_from(teacher, layers: int):
    """A `layers`-layer MiniLM holding the teacher's picked layers, pooler and head."""
    student, tokenizer = base_model(0, layers)
    state = teacher.state_dict()
    mapped = {}
    for name in student.state_dict():
        source = name
        if "encoder.layer." in name:
            head, rest = name.split("encoder.layer.")
            index, tail = rest.split(".", 1)
            source = f"{head}encoder.layer.{picked_layers(layers)[int(index)]}.{tail}"
        mapped[name] = state[source]
    student.load_state_dict(mapped)
    for name, parameter in student.named_parameters():
        parameter.requires_grad = "embeddings" not in name  # the package's, as the teacher's
    return student, tokenizer


def distil(teacher, tokenizer, pairs: list, layers: int, epochs: int, batch_size: int, lr: float,
           seed: int):
    """The student, trained on (text, key point, label, weight) pairs against the teacher's
    logits (softened by TEMPERATURE); the labels themselves are not read."""
    import torch

    teacher.eval()
    targets = teacher_logits(teacher, tokenizer, pairs)
    student, _ = student_from(teacher, layers)

    def pair_losses(logits, batch):
        soft = torch.softmax(torch.tensor([targets[(t, k)] for t, k, *_ in batch]) / TEMPERATURE, dim=1)
        return -(soft * torch.log_softmax(logits / TEMPERATURE, dim=1)).sum(dim=1) * TEMPERATURE**2

    fit(student, tokenizer, pairs, epochs, batch_size, lr, seed, pair_losses, f"student, {layers} layers")
    return student
