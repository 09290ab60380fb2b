"""Step 3 of the encoder-scope measurement (an experiment: nothing of it ships).

Does a pretrained sentence encoder (USE lite, see embed.mjs) lift the offline assistant's out-of-scope decision to
the issue 12 target (>= 90% of held-out in-scope paraphrases answered from the right section, <= 5% of out-of-scope
questions answered)? Reads what export-questions.ts and embed.mjs cached under $TANDEM_EVAL_DATA/encoder-scope and
prints, test splits first:

  (a) right section ranked first by the encoder's cosine alone. The way a section is scored (whole section, heading,
      best sentence, or the mean of the three) is chosen on the tuning questions; only the chosen one is read on test.
  (b) a hybrid: the shipped scope model's seven features (0 and `reached` = 0 for a section the question's words do
      not reach, so the encoder can propose any of the 30 sections), plus the section's cosine and its margin over the
      best other section, refitted as bench/eval/scope/calibrate.ts does (class-balanced logistic regression over every
      candidate, L2 0.01) on the same calibration data (CLINC150 val + oos_val, tuning paraphrases, demo tuning
      questions), with the same answer line (at most 4% of each out-of-scope calibration set answered). A lexical-only
      refit on all 30 candidates, by this same code, is the control; the shipped model's own answers are beside.

    python3 packages/relay/training/encoder-scope/measure.py        (numpy only; a few seconds)

Writes $TANDEM_EVAL_DATA/encoder-scope/results.json. Never prints anything about single test questions.
"""

import json
import os

import numpy as np

DATA = os.path.join(os.environ.get("TANDEM_EVAL_DATA", "/tmp/tandem-eval-data"), "encoder-scope")
TARGET_OUT_OF_SCOPE = 0.04
L2 = 0.01
DIMENSIONS = 512

with open(os.path.join(DATA, "questions.json")) as file:
    exported = json.load(file)
sections = [section["id"] for section in exported["sections"]]
position = {section: index for index, section in enumerate(sections)}
sets = exported["sets"]


def vectors(name):
    raw = np.fromfile(os.path.join(DATA, f"{name}.f32"), dtype=np.float32).reshape(-1, DIMENSIONS)
    return raw / np.maximum(np.linalg.norm(raw, axis=1, keepdims=True), 1e-9)


with open(os.path.join(DATA, "sentence-sections.json")) as file:
    sentence_owner = np.array([position[section] for section in json.load(file)])
section_vectors = vectors("sections")
heading_vectors = vectors("headings")
sentence_vectors = vectors("sentences")


def section_scores(questions, variant):
    """Cosine of every question with every section (questions x 30) under one way of scoring a section."""
    whole = questions @ section_vectors.T
    heading = questions @ heading_vectors.T
    by_sentence = questions @ sentence_vectors.T
    best_sentence = np.full_like(whole, -1.0)
    for index in range(len(sections)):
        mine = by_sentence[:, sentence_owner == index]
        if mine.shape[1] > 0:
            best_sentence[:, index] = mine.max(axis=1)
    return {
        "section": whole,
        "heading": heading,
        "sentence": best_sentence,
        "mean": (whole + heading + best_sentence) / 3,
        "max": np.maximum(np.maximum(whole, heading), best_sentence),
    }[variant]


VARIANTS = ["section", "heading", "sentence", "mean", "max"]
question_vectors = {name: vectors(name) for name in sets}
expected = {
    name: np.array([position[q["expected"]] if q["expected"] is not None else -1 for q in questions])
    for name, questions in sets.items()
}
TUNING = ["paraphrases_tuning", "demo_tuning"]
TEST = ["paraphrases_test", "demo_held_out"]


def ranked_first(name, variant):
    inside = expected[name] >= 0
    scores = section_scores(question_vectors[name], variant)
    return float((scores.argmax(axis=1) == expected[name])[inside].mean()), int(inside.sum())


def pooled_ranked_first(names, variant):
    hits = total = 0
    for name in names:
        rate, count = ranked_first(name, variant)
        hits += rate * count
        total += count
    return hits / total


# (a) Choose the variant on the tuning questions only.
tuning_rank = {variant: pooled_ranked_first(TUNING, variant) for variant in VARIANTS}
chosen = max(VARIANTS, key=lambda variant: tuning_rank[variant])
results = {"cosine_variants_tuning": tuning_rank, "chosen_variant": chosen}


def lexical_ranked_first(name):
    """The shipped retrieval's own ranking (its first candidate), for comparison."""
    questions = sets[name]
    inside = [q for q in questions if q["expected"] is not None]
    return sum(1 for q in inside if q["candidates"] and q["candidates"][0]["section"] == q["expected"]) / len(inside)


def tuning_misses(variant):
    """Cosine-alone misses on the tuning questions, and how many pick another section of the same article."""
    misses = same_article = 0
    for name in TUNING:
        picked = section_scores(question_vectors[name], variant).argmax(axis=1)
        for right, chosen_section in zip(expected[name], picked):
            if right >= 0 and chosen_section != right:
                misses += 1
                same_article += sections[right].split("#")[0] == sections[chosen_section].split("#")[0]
    return misses, same_article


def area_under_curve(positives, negatives):
    ranks = np.concatenate([positives, negatives]).argsort().argsort() + 1
    above = ranks[: len(positives)].sum() - len(positives) * (len(positives) + 1) / 2
    return float(above / (len(positives) * len(negatives)))


# (b) The hybrid: one row per (question, section), for all 30 sections.
def design(name, encoder):
    questions = sets[name]
    count = len(questions)
    lexical = np.zeros((count, len(sections), len(exported["features"]) + 1))
    for row, question in enumerate(questions):
        for candidate in question["candidates"]:
            lexical[row, position[candidate["section"]], :-1] = candidate["features"]
            lexical[row, position[candidate["section"]], -1] = 1.0  # reached by the question's words
    if not encoder:
        return lexical
    extra = []
    for variant in [chosen] if encoder is True else encoder:
        cosine = section_scores(question_vectors[name], variant)
        ordered = np.sort(cosine, axis=1)
        best_other = np.where(cosine >= ordered[:, -1:], ordered[:, -2:-1], ordered[:, -1:])
        extra += [cosine[:, :, None], (cosine - best_other)[:, :, None]]
    return np.concatenate([lexical, *extra], axis=2)


def fit(names, encoder, l2=L2):
    """`encoder`: False (lexical features only), True (the chosen cosine) or a tuple of cosine variants."""
    x = np.concatenate([design(name, encoder).reshape(-1, design(name, encoder).shape[2]) for name in names])
    y = np.concatenate(
        [
            (np.arange(len(sections))[None, :] == expected[name][:, None]).astype(float).reshape(-1)
            for name in names
        ]
    )
    positives = y.sum()
    weight = np.where(y == 1, len(y) / (2 * positives), len(y) / (2 * (len(y) - positives)))
    features = np.concatenate([x, np.ones((len(x), 1))], axis=1)
    theta = np.zeros(features.shape[1])
    penalty = np.full(features.shape[1], l2)
    penalty[-1] = 0.0
    # Newton's method on the mean weighted log loss + L2/2 |w|^2 (the bias unpenalised), the optimum calibrate.ts's
    # gradient descent approaches.
    for _ in range(50):
        probability = 1 / (1 + np.exp(-(features @ theta)))
        gradient = features.T @ ((probability - y) * weight) / len(y) + penalty * theta
        hessian = (features * (probability * (1 - probability) * weight)[:, None]).T @ features / len(y)
        step = np.linalg.solve(hessian + np.diag(penalty) + 1e-9 * np.eye(len(theta)), gradient)
        theta -= step
        if np.abs(step).max() < 1e-8:
            break
    return theta


def best(name, encoder, theta):
    x = design(name, encoder)
    logits = x @ theta[:-1] + theta[-1]
    return logits.max(axis=1), logits.argmax(axis=1)


CALIBRATION = ["clinc_val_oos", "clinc_val_other", *TUNING]


def answer_line(encoder, theta):
    """calibrate.ts's rule: the smallest line (>= 0) under which at most 4% of each out-of-scope set is answered."""
    out_of_scope = {"clinc_val_oos": None, "clinc_val_other": None}
    for name in out_of_scope:
        out_of_scope[name] = best(name, encoder, theta)[0]
    uncovered = np.concatenate([best(name, encoder, theta)[0][expected[name] < 0] for name in TUNING])
    out_of_scope["shop_uncovered"] = uncovered
    line = 0.0
    for logits in out_of_scope.values():
        ordered = np.sort(logits)[::-1]
        line = max(line, ordered[int(np.floor(len(ordered) * TARGET_OUT_OF_SCOPE))])
    return line + 1e-6


def figures(name, encoder, theta, line):
    logit, argmax = best(name, encoder, theta)
    answered = logit >= line
    inside = expected[name] >= 0
    if not inside.any():
        return {"answered": float(answered.mean()), "count": int(len(answered))}
    right = answered & (argmax == expected[name])
    wrong = answered & (argmax != expected[name])
    return {
        "right": float(right[inside].mean()),
        "wrong": float(wrong[inside].mean()),
        "declined": float((~answered)[inside].mean()),
        "ranked_first": float((argmax == expected[name])[inside].mean()),
        "in_scope": int(inside.sum()),
        "uncovered_answered": f"{int(answered[~inside].sum())}/{int((~inside).sum())}",
    }


def shipped(name):
    questions = sets[name]
    inside = [q for q in questions if q["expected"] is not None]
    if not inside:
        return {"answered": sum(1 for q in questions if q["shipped"] is not None) / len(questions)}
    right = sum(1 for q in inside if q["shipped"] == q["expected"]) / len(inside)
    wrong = sum(1 for q in inside if q["shipped"] is not None and q["shipped"] != q["expected"]) / len(inside)
    return {"right": right, "wrong": wrong, "declined": 1 - right - wrong}


REPORTED = ["paraphrases_test", "demo_held_out", "clinc_test_oos", "clinc_test_other", *CALIBRATION]
models = {}
for label, encoder in [("lexical refit (control)", False), ("hybrid: lexical + encoder", True)]:
    theta = fit(CALIBRATION, encoder)
    line = answer_line(encoder, theta)
    models[label] = {
        "weights": theta.tolist(),
        "line": line,
        "figures": {name: figures(name, encoder, theta, line) for name in REPORTED},
    }
results["models"] = models
# Richer hybrids, read on the calibration data only (in-sample, so optimistic): how far could more encoder features
# go before any test figure is read?
richer = {}
ALL_COSINES = ("section", "heading", "sentence")
for variants, l2 in [(ALL_COSINES, 0.01), ((chosen,), 0.001), (ALL_COSINES, 0.001)]:
    theta = fit(CALIBRATION, variants, l2)
    line = answer_line(variants, theta)
    label = f"cosines {'+'.join(variants)}, L2 {l2}"
    richer[label] = {name: figures(name, variants, theta, line) for name in CALIBRATION}
results["richer_calibration_only"] = richer
# How well the best score separates in-scope tuning questions from CLINC's validation questions (calibration only).
CLINC_VALIDATION = ["clinc_val_oos", "clinc_val_other"]
separation = {}
for variant in VARIANTS:
    inside = np.concatenate(
        [section_scores(question_vectors[n], variant).max(axis=1)[expected[n] >= 0] for n in TUNING]
    )
    outside = np.concatenate([section_scores(question_vectors[n], variant).max(axis=1) for n in CLINC_VALIDATION])
    separation[f"best cosine ({variant})"] = area_under_curve(inside, outside)
for label, encoder in [("lexical refit", False), ("hybrid", True)]:
    theta = fit(CALIBRATION, encoder)
    inside = np.concatenate([best(n, encoder, theta)[0][expected[n] >= 0] for n in TUNING])
    outside = np.concatenate([best(n, encoder, theta)[0] for n in CLINC_VALIDATION])
    separation[label] = area_under_curve(inside, outside)
results["separation_auc_calibration"] = separation
results["cosine_tuning_misses"] = dict(zip(["misses", "same_article"], tuning_misses(chosen)))
results["shipped"] = {name: shipped(name) for name in REPORTED}
results["lexical_ranked_first"] = {name: lexical_ranked_first(name) for name in TEST + TUNING}
results["cosine_ranked_first"] = {name: ranked_first(name, chosen)[0] for name in TEST + TUNING}
with open(os.path.join(DATA, "cost.json")) as file:
    results["cost"] = json.load(file)
with open(os.path.join(DATA, "results.json"), "w") as file:
    json.dump(results, file, indent=2)


def percent(value):
    return f"{value * 100:.1f}%"


print(f"(a) right section ranked first, cosine alone; variant chosen on tuning: {chosen}")
print("    tuning (pooled) by variant: " + ", ".join(f"{v} {percent(r)}" for v, r in tuning_rank.items()))
for name in TEST + TUNING:
    role = "held out" if name in TEST else "tuning"
    print(
        f"    {name} ({role}): cosine {percent(results['cosine_ranked_first'][name])}, "
        f"shipped lexical retrieval {percent(results['lexical_ranked_first'][name])}"
    )
misses = results["cosine_tuning_misses"]
print(f"    cosine misses on tuning: {misses['misses']}, of which {misses['same_article']} in the same article")
print(
    "    in-scope tuning vs CLINC val, area under the curve: "
    + ", ".join(f"{label} {value:.3f}" for label, value in separation.items())
)
print("(b) answered from the right section / wrong / declined; out-of-scope answered")
for label, body in [("shipped scope model", results["shipped"])] + [
    (label, model["figures"]) for label, model in models.items()
]:
    print(f"  {label}")
    for name in REPORTED:
        entry = body[name]
        role = "calibration" if name in CALIBRATION else "held out"
        if "right" in entry:
            extra = f", ranked first {percent(entry['ranked_first'])}" if "ranked_first" in entry else ""
            print(
                f"    {name} ({role}): right {percent(entry['right'])}, wrong {percent(entry['wrong'])}, "
                f"declined {percent(entry['declined'])}{extra}"
            )
        else:
            print(f"    {name} ({role}): answered {percent(entry['answered'])}")
print("  richer hybrids, calibration data only (in-sample; no test figure read)")
for label, body in richer.items():
    print(
        f"    {label}: "
        + ", ".join(
            f"{name} right {percent(body[name]['right'])}"
            if "right" in body[name]
            else f"{name} answered {percent(body[name]['answered'])}"
            for name in CALIBRATION
        )
    )
cost = results["cost"]
print(
    f"cost: encoder load {cost['loadMs']:.0f} ms, {cost['singleMs']:.1f} ms a question one at a time "
    f"({cost['batchedMs']:.1f} ms in batches of 32), model package {cost['weightBytes'] / 1e6:.1f} MB"
)
