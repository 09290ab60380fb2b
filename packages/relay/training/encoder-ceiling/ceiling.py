#!/usr/bin/env python3
"""Step 2 of the encoder-ceiling measurement (an experiment: nothing of it ships).

    nice node packages/relay/training/encoder-ceiling/embed.mjs                   # the sentence vectors (~35 min)
    node --import tsx packages/relay/training/encoder-ceiling/shipped-scores.ts  # the shipped classifier's scores
    nice /usr/bin/python3 packages/relay/training/encoder-ceiling/ceiling.py     # the fits (~3 min; python3-sklearn)

Reads the sentence vectors embed.mjs cached under $TANDEM_EVAL_DATA/encoder and fits "negative" against neutral +
positive on TRAIN splits only: TweetEval's train tweets (the SemEval-2013…2016 messages train.py uses, as many chunks
as embed.mjs finished) and UMSAB's English train split, each with and without the complaints train split; a logistic
regression for C in C_VALUES, and a network with one hidden layer in case a linear probe undersells the encoder.
Every training message that also appears in a validation or test split, or is addressed to one of the six airlines
of Twitter US Airline Sentiment, is dropped, as in train.py. Fits are chosen on the validation splits (TweetEval's,
and the mean of the three English ones), and so is the weight of a mix of the encoder's and the shipped classifier's
logits. The TEST splits are read once, at the end, for the chosen fits, with the metric of bench/eval/sentiment.ts
(recall of negatives at the lowest threshold that flags at most 10% of the others, ties counted). Also prints a
learning curve over the size of the train sample, and compares with the test predictions TweetEval publishes for its
best fine-tuned transformer (read from the cardiffnlp/tweeteval mirror prepare_data.py reads; skipped without it).
Writes $TANDEM_EVAL_DATA/encoder/ceiling.json.
"""

import json
import math
import os
import subprocess
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier

# The same drop rules as the shipped classifier's training: held-out texts and the six reserved airlines.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from train import RESERVED_AIRLINES, comparable, held_out_texts  # noqa: E402

DATA = os.environ.get("TANDEM_EVAL_DATA", "/tmp/tandem-eval-data")
SENTIMENT = os.path.join(DATA, "sentiment")
ENCODER = os.path.join(DATA, "encoder")
ENGLISH = ["en-tweeteval", "en-umsab", "en-complaints"]
C_VALUES = [0.25, 1.0, 4.0, 16.0]
FALSE_FLAG_LIMIT = 0.10
MIRRORS = os.environ.get("TANDEM_MIRRORS", "/work/.mirror")
TWEETEVAL_GIT = os.environ.get("TWEETEVAL_GIT", f"{MIRRORS}/cardiffnlp+tweeteval/repo")
LEARNING_CURVE = [2000, 5000, 10000, 20000, 30000, 40000]


def main() -> None:
    held_out = held_out_texts()
    val = {name: split(name, "val") for name in ENGLISH}
    tweeteval = tweeteval_train(held_out)
    umsab = filtered(split("en-umsab", "train"), held_out)
    complaints = filtered(split("en-complaints", "train"), held_out)
    print(
        f"  train: TweetEval {len(tweeteval[1])}, UMSAB en {len(umsab[1])}, complaints {len(complaints[1])}"
        " (after dropping held-out and reserved messages)"
    )

    results = {"learning_curve": {}, "candidates": [], "test": {}}
    shipped_val = {name: recall_at_false_flags(shipped_logits(name, "val"), rows[1]) for name, rows in val.items()}
    results["shipped_val"] = shipped_val
    print(f"  shipped classifier, val: {shown(shipped_val)}")
    # How much the train sample's size matters (TweetEval validation, C = 1).
    sizes = sorted({size for size in LEARNING_CURVE if size < len(tweeteval[1])} | {len(tweeteval[1])})
    for size in sizes:
        model = fit([(tweeteval[0][:size], tweeteval[1][:size])], 1.0)
        score = recall_at_false_flags(negativity(model, val["en-tweeteval"][0]), val["en-tweeteval"][1])
        results["learning_curve"][size] = round(score, 4)
        print(f"  learning curve: {size:>6} TweetEval train tweets, C=1: TweetEval val recall {score:.3f}")

    train_choices = {
        "tweeteval+umsab": [tweeteval, umsab],
        "tweeteval+umsab+complaints": [tweeteval, umsab, complaints],
    }
    for train_name, parts in train_choices.items():
        for c in C_VALUES:
            model = fit(parts, c)
            scores = {name: recall_at_false_flags(negativity(model, rows[0]), rows[1]) for name, rows in val.items()}
            mean = float(np.mean(list(scores.values())))
            print(f"  {train_name:<27} C={c:<5} val: {shown(scores)}  mean {mean:.3f}")
            results["candidates"].append({"train": train_name, "C": c, "val": scores, "mean": mean, "model": model})
    # A non-linear head, in case a linear probe undersells the encoder: one hidden layer of 256 units.
    for train_name, parts in train_choices.items():
        model = fit_network(parts)
        scores = {name: recall_at_false_flags(negativity(model, rows[0]), rows[1]) for name, rows in val.items()}
        mean = float(np.mean(list(scores.values())))
        print(f"  {train_name:<27} network  val: {shown(scores)}  mean {mean:.3f}")
        results["candidates"].append({"train": train_name, "C": "network", "val": scores, "mean": mean, "model": model})

    logistic = [item for item in results["candidates"] if item["C"] != "network"]
    chosen = {
        "logistic regression best on TweetEval val": max(logistic, key=lambda item: item["val"]["en-tweeteval"]),
        "logistic regression best on mean English val": max(logistic, key=lambda item: item["mean"]),
        "best on TweetEval val": max(results["candidates"], key=lambda item: item["val"]["en-tweeteval"]),
        "best on mean English val": max(results["candidates"], key=lambda item: item["mean"]),
    }
    # The encoder beside the shipped classifier: a mix of the two logits, each standardised on the validation
    # splits; the encoder and the mix's weight are the ones best on TweetEval's validation split (the target's set).
    best = chosen["best on TweetEval val"]
    mixes = []
    for weight in np.linspace(0.0, 1.0, 11):
        scores = {}
        for name, rows in val.items():
            mixed = mix(best["model"], rows[0], shipped_logits(name, "val"), weight, val)
            scores[name] = recall_at_false_flags(mixed, rows[1])
        mixes.append((scores["en-tweeteval"], float(weight), scores))
        print(f"  mix, shipped weight {weight:.1f}: val {shown(scores)}")
    mix_weight = max(mixes)[1]
    results["mix_weight"] = mix_weight

    # TEST splits, read once for the chosen fits.
    rows_of = {"shipped classifier": None, **chosen, f"encoder + shipped (weight {mix_weight:.1f})": best}
    for label, candidate in rows_of.items():
        figures = {}
        for name in ENGLISH:
            vectors, labels, _ = split(name, "test")
            if candidate is None:
                values = shipped_logits(name, "test")
            elif label.startswith("encoder + shipped"):
                values = mix(candidate["model"], vectors, shipped_logits(name, "test"), mix_weight, val)
            else:
                values = negativity(candidate["model"], vectors)
            figures[name] = round(recall_at_false_flags(values, labels), 4)
        described = "" if candidate is None else f" ({candidate['train']}, C={candidate['C']})"
        fitted = {} if candidate is None else {"train": candidate["train"], "C": candidate["C"]}
        results["test"][label] = {**fitted, "test": figures}
        print(f"  TEST, {label}{described}: {shown(figures)}")

    results["published_transformer"] = published_transformer_point(chosen["best on TweetEval val"]["model"])

    for candidate in results["candidates"]:
        del candidate["model"]
    with open(os.path.join(ENCODER, "ceiling.json"), "w", encoding="utf-8") as handle:
        json.dump(results, handle, indent=2)
        handle.write("\n")


def published_transformer_point(encoder) -> dict | None:
    """TweetEval publishes the test predictions of its best model (RoBERTa-base re-trained on tweets, then fine-tuned:
    "RoB-RT", Barbieri et al. 2020) as labels, not scores: one operating point. Where does it flag negatives, and
    what do the shipped classifier and the encoder flag at the same false-flag rate?"""
    try:
        predicted = subprocess.run(
            ["git", f"--git-dir={TWEETEVAL_GIT}", "show", "HEAD:predictions/sentiment.txt"],
            check=True, capture_output=True, text=True,
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        print(f"  (no {TWEETEVAL_GIT}: the published RoB-RT predictions are not compared)")
        return None
    vectors, labels, _ = split("en-tweeteval", "test")
    flagged = np.array([label == "0" for label in predicted])
    point = {"recall": float(flagged[labels == 1].mean()), "falseFlags": float(flagged[labels == 0].mean())}
    shipped = recall_at_false_flags(shipped_logits("en-tweeteval", "test"), labels, point["falseFlags"])
    encoded = recall_at_false_flags(negativity(encoder, vectors), labels, point["falseFlags"])
    point.update({"shipped recall at its false flags": shipped, "encoder recall at its false flags": encoded})
    print(
        f"  TEST, TweetEval's published RoB-RT predictions: recall {point['recall']:.3f} at {point['falseFlags']:.3f}"
        f" false flags; at that rate the shipped classifier {shipped:.3f}, the encoder {encoded:.3f}"
    )
    return point


def shown(figures: dict) -> str:
    return "  ".join(f"{name} {value:.3f}" for name, value in figures.items())


def shipped_logits(name: str, split_name: str) -> np.ndarray:
    with open(os.path.join(ENCODER, f"shipped.{name}.{split_name}.json"), encoding="utf-8") as handle:
        probabilities = np.clip(np.array(json.load(handle)), 1e-9, 1 - 1e-9)
    return np.log(probabilities / (1 - probabilities))


def mix(model, vectors: np.ndarray, shipped: np.ndarray, weight: float, val: dict) -> np.ndarray:
    """(1 - weight) x the encoder's logit + weight x the shipped classifier's, each standardised on the val splits."""
    encoder_val = np.concatenate([negativity(model, rows[0]) for rows in val.values()])
    shipped_val = np.concatenate([shipped_logits(name, "val") for name in val])
    encoder = (negativity(model, vectors) - encoder_val.mean()) / encoder_val.std()
    ours = (shipped - shipped_val.mean()) / shipped_val.std()
    return (1 - weight) * encoder + weight * ours


def vectors_of(name: str) -> np.ndarray:
    with open(os.path.join(ENCODER, f"{name}.json"), encoding="utf-8") as handle:
        shape = json.load(handle)
    vectors = np.fromfile(os.path.join(ENCODER, f"{name}.f32"), dtype=np.float32)
    return vectors.reshape(shape["count"], shape["dimensions"])


def lines(name: str, split_name: str, kind: str) -> list:
    with open(os.path.join(SENTIMENT, name, f"{split_name}_{kind}.txt"), encoding="utf-8") as handle:
        return [line.rstrip("\n") for line in handle if line.strip()]


def split(name: str, split_name: str) -> tuple:
    """(vectors, labels, texts): label 1 for a negative message (label 0 in the data), 0 for the others."""
    labels = np.array([1 if label == "0" else 0 for label in lines(name, split_name, "labels")])
    return vectors_of(f"{name}.{split_name}"), labels, lines(name, split_name, "text")


def tweeteval_train(held_out: set) -> tuple:
    """The chunks embed.mjs finished, in its shuffled order (any prefix is a random sample)."""
    with open(os.path.join(ENCODER, "train.order.json"), encoding="utf-8") as handle:
        order = json.load(handle)
    texts = lines("en-tweeteval", "train", "text")
    labels = lines("en-tweeteval", "train", "labels")
    vectors, chunk_order = [], []
    chunk = 0
    while os.path.exists(os.path.join(ENCODER, f"en-tweeteval.train.{chunk:02d}.json")):
        part = vectors_of(f"en-tweeteval.train.{chunk:02d}")
        vectors.append(part)
        chunk_order.extend(order[len(chunk_order) : len(chunk_order) + len(part)])
        chunk += 1
    matrix = np.concatenate(vectors)
    target = np.array([1 if labels[index] == "0" else 0 for index in chunk_order])
    return filtered((matrix, target, [texts[index] for index in chunk_order]), held_out)


def filtered(rows: tuple, held_out: set) -> tuple:
    vectors, labels, texts = rows
    keep = np.array([comparable(text) not in held_out and not RESERVED_AIRLINES.search(text) for text in texts])
    return vectors[keep], labels[keep]


def negativity(model, vectors: np.ndarray) -> np.ndarray:
    if isinstance(model, LogisticRegression):
        return model.decision_function(vectors)
    probabilities = np.clip(model.predict_proba(vectors)[:, 1], 1e-9, 1 - 1e-9)
    return np.log(probabilities / (1 - probabilities))


def fit_network(parts: list) -> MLPClassifier:
    vectors = np.concatenate([part[0] for part in parts])
    labels = np.concatenate([part[1] for part in parts])
    network = MLPClassifier(hidden_layer_sizes=(256,), alpha=1e-3, early_stopping=True, random_state=0, max_iter=200)
    return network.fit(vectors, labels)


def fit(parts: list, c: float) -> LogisticRegression:
    vectors = np.concatenate([part[0] for part in parts])
    labels = np.concatenate([part[1] for part in parts])
    return LogisticRegression(C=c, solver="lbfgs", max_iter=2000).fit(vectors, labels)


def recall_at_false_flags(negativity: np.ndarray, labels: np.ndarray, limit: float = FALSE_FLAG_LIMIT) -> float:
    """recallAtFalseFlags of bench/eval/sentiment.ts: the lowest threshold (flag when negativity >= it) that flags at
    most floor(limit x others) of the others, ties counted; when even the highest other may not be flagged, count the
    positives strictly above it."""
    others = np.sort(negativity[labels == 0])[::-1]
    positives = negativity[labels == 1]
    allowed = math.floor(limit * len(others))
    threshold = math.inf
    for index in range(len(others)):
        candidate = others[index]
        if index + 1 < len(others) and others[index + 1] == candidate:
            continue
        if index + 1 > allowed:
            break
        threshold = candidate
    if threshold == math.inf:
        flagged = np.sum(positives > (others[0] if len(others) else -math.inf))
    else:
        flagged = np.sum(positives >= threshold)
    return float(flagged / max(1, len(positives)))


if __name__ == "__main__":
    main()
