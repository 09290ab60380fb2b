#!/usr/bin/env python3
"""Lays out the public sentiment sets the frustration classifier is trained and measured on.

Reads the bare git mirrors the search tool's `fetch` brings in (or any clone given by the *_GIT variables) and writes
one folder per set under $TANDEM_EVAL_DATA/sentiment (default /tmp/tandem-eval-data/sentiment):

    <set>/{train,val,test}_text.txt and _labels.txt   one text per line; labels 0 negative, 1 neutral, 2 positive

Sets: en-tweeteval (TweetEval sentiment, SemEval-2017), en-emotion (a train split only: TweetEval's emotion tweets,
SemEval-2018 Task 1, anger and sadness as negative, joy and optimism as positive), <language>-umsab for the eight
XLM-T/UMSAB languages, en-complaints (tweets to customer-service accounts, complaint or not, split by tweet id),
en-reviews (a train split only: the UCI Amazon, Yelp and IMDb sentences) and sv-swe-sentiment (a test split only: it is
measured on, never trained on). Tweets addressed to the six airlines of Twitter US Airline Sentiment are dropped.
Standard library only.

    python3 packages/relay/training/prepare_data.py
"""

import csv
import io
import re
import os
import subprocess
import sys

MIRRORS = os.environ.get("TANDEM_MIRRORS", "/work/.mirror")
TWEETEVAL_GIT = os.environ.get("TWEETEVAL_GIT", f"{MIRRORS}/cardiffnlp+tweeteval/repo")
XLM_T_GIT = os.environ.get("XLM_T_GIT", f"{MIRRORS}/cardiffnlp+xlm-t/repo")
SWEDISH_GIT = os.environ.get("SWEDISH_GIT", f"{MIRRORS}/lovisaberggren+swe-sentiment-dataset/repo")
# Preotiuc-Pietro, Gaman & Aletras (ACL 2019): 3,449 tweets to or about customer-service accounts, complaint or not.
COMPLAINTS_GIT = os.environ.get("COMPLAINTS_GIT", f"{MIRRORS}/danielpreotiuc+complaints-social-media/repo")
# Kotzias et al. (KDD 2015), UCI "Sentiment Labelled Sentences": 1,000 Amazon, Yelp and IMDb sentences each, as kept
# (unchanged, the three files of the UCI archive) in this coursework repository.
REVIEWS_GIT = os.environ.get("REVIEWS_GIT", f"{MIRRORS}/rushabh7cr+Sentiment-Classifier-using-naive-bayes/repo")
REVIEW_FILES = ("amazon_cells_labelled.txt", "yelp_labelled.txt", "imdb_labelled.txt")
# Twitter US Airline Sentiment is reserved for independent evaluation: no tweet addressed to one of its six airlines
# is used at all, in case a set shares tweets with it.
RESERVED_AIRLINES = re.compile(r"@(united|americanair|southwestair|usairways|virginamerica|jetblue)\b", re.IGNORECASE)
# TweetEval's train_text.txt (4.5 MB) does not come through the mirror; its tweets are SemEval-2013..2016 Task 4A, which
# this coursework repository holds as the organisers' GOLD files.
SEMEVAL_GIT = os.environ.get("SEMEVAL_GIT", f"{MIRRORS}/FireBrother+assignment/repo")
SEMEVAL_FOLDER = "语义计算与知识检索/hw2/2017_English_final/GOLD/Subtask_A"
SEMEVAL_FILES = (
    "twitter-2013train-A.txt",
    "twitter-2013dev-A.txt",
    "twitter-2013test-A.txt",
    "twitter-2014test-A.txt",
    "twitter-2014sarcasm-A.txt",
    "twitter-2015train-A.txt",
    "twitter-2015test-A.txt",
    "twitter-2016train-A.txt",
    "twitter-2016dev-A.txt",
    "twitter-2016devtest-A.txt",
    "twitter-2016test-A.txt",
    "sms-2013test-A.tsv",
    "livejournal-2014test-A.tsv",
)
SEMEVAL_LABELS = {"negative": "0", "neutral": "1", "positive": "2"}
OUTPUT = os.path.join(os.environ.get("TANDEM_EVAL_DATA", "/tmp/tandem-eval-data"), "sentiment")

UMSAB_LANGUAGES = {
    "arabic": "ar",
    "english": "en",
    "french": "fr",
    "german": "de",
    "hindi": "hi",
    "italian": "it",
    "portuguese": "pt",
    "spanish": "es",
}
SPLITS = ("train", "val", "test")
# TweetEval emotion: 0 anger, 1 joy, 2 optimism, 3 sadness.
EMOTION_LABELS = {"0": "0", "1": "2", "2": "2", "3": "0"}
SWEDISH_LABELS = {"neg": "0", "neu": "1", "pos": "2"}


def main() -> None:
    for path, name in ((TWEETEVAL_GIT, "cardiffnlp/tweeteval"), (XLM_T_GIT, "cardiffnlp/xlm-t")):
        if not os.path.isdir(path):
            sys.exit(f"{path} is missing: bring github:{name} in with the search tool's fetch, or set the *_GIT variable")
    copy_tweeteval()
    copy_emotion()
    for folder, language in UMSAB_LANGUAGES.items():
        copy_split_set(XLM_T_GIT, f"data/sentiment/{folder}", f"{language}-umsab")
    if os.path.isdir(COMPLAINTS_GIT):
        copy_complaints()
    else:
        print(f"  {COMPLAINTS_GIT} is missing: no complaints set (github:danielpreotiuc/complaints-social-media)")
    if os.path.isdir(REVIEWS_GIT):
        copy_reviews()
    else:
        print(f"  {REVIEWS_GIT} is missing: no review sentences (github:rushabh7cr/Sentiment-Classifier-using-naive-bayes)")
    if os.path.isdir(SWEDISH_GIT):
        copy_swedish()
    else:
        print(f"  {SWEDISH_GIT} is missing: no Swedish test set (github:lovisaberggren/swe-sentiment-dataset)")
    print(f"  wrote {OUTPUT}")


def copy_split_set(git_dir: str, folder: str, name: str) -> None:
    target = os.path.join(OUTPUT, name)
    os.makedirs(target, exist_ok=True)
    for split in SPLITS:
        texts = read_lines(git_dir, f"{folder}/{split}_text.txt")
        labels = read_lines(git_dir, f"{folder}/{split}_labels.txt")
        if len(texts) != len(labels):
            sys.exit(f"{name} {split}: {len(texts)} texts but {len(labels)} labels")
        write_split(target, split, texts, labels)
    print(f"  {name}: " + ", ".join(f"{split} {count(target, split)}" for split in SPLITS))


def copy_tweeteval() -> None:
    """TweetEval's val and test as published; train from the SemEval GOLD files, without any val or test text."""
    target = os.path.join(OUTPUT, "en-tweeteval")
    os.makedirs(target, exist_ok=True)
    held_out = set()
    for split in ("val", "test"):
        texts = read_lines(TWEETEVAL_GIT, f"datasets/sentiment/{split}_text.txt")
        labels = read_lines(TWEETEVAL_GIT, f"datasets/sentiment/{split}_labels.txt")
        write_split(target, split, texts, labels)
        held_out.update(comparable(text) for text in texts)
    for language in UMSAB_LANGUAGES:
        for split in ("val", "test"):
            held_out.update(comparable(text) for text in read_lines(XLM_T_GIT, f"data/sentiment/{language}/{split}_text.txt"))
    if not os.path.isdir(SEMEVAL_GIT):
        sys.exit(f"{SEMEVAL_GIT} is missing: bring github:FireBrother/assignment in with fetch (SemEval-2013..2016 4A)")
    texts, labels, seen = [], [], set()
    for name in SEMEVAL_FILES:
        for line in git_show(SEMEVAL_GIT, f"{SEMEVAL_FOLDER}/{name}").split("\n"):
            # "id<TAB>label<TAB>text", some files with a trailing tab, the SMS and LiveJournal ones with two ids.
            fields = line.rstrip("\r\t ").split("\t")
            if len(fields) < 3 or fields[-2].strip() not in SEMEVAL_LABELS:
                continue
            text = " ".join(unescape(fields[-1]).strip('"').split())
            key = comparable(text)
            if text == "" or text == "Not Available" or key in held_out or key in seen:
                continue
            seen.add(key)
            texts.append(text)
            labels.append(SEMEVAL_LABELS[fields[-2].strip()])
    write_split(target, "train", texts, labels)
    print(f"  en-tweeteval: " + ", ".join(f"{split} {count(target, split)}" for split in SPLITS))


def copy_emotion() -> None:
    """TweetEval's emotion train split as extra English training data; its val and test splits are not used."""
    target = os.path.join(OUTPUT, "en-emotion")
    os.makedirs(target, exist_ok=True)
    texts = read_lines(TWEETEVAL_GIT, "datasets/emotion/train_text.txt")
    labels = [EMOTION_LABELS[label] for label in read_lines(TWEETEVAL_GIT, "datasets/emotion/train_labels.txt")]
    if len(texts) != len(labels):
        sys.exit(f"en-emotion: {len(texts)} texts but {len(labels)} labels")
    write_split(target, "train", texts, labels)
    print(f"  en-emotion: train {len(texts)}")


def unescape(text: str) -> str:
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda match: chr(int(match.group(1), 16)), text)


def comparable(text: str) -> str:
    """Mentions and links differ between releases of the same tweet ("@user", "http"): compare without them."""
    text = re.sub(r"https?://\S+|@\w+", " ", unescape(text).lower())
    return " ".join(re.findall(r"\w+", text))


def copy_complaints() -> None:
    """Complaint (negative) or not (the others), split by tweet id: last digit 0-3 train, 4-5 val, 6-9 test."""
    target = os.path.join(OUTPUT, "en-complaints")
    os.makedirs(target, exist_ok=True)
    splits = {split: ([], []) for split in SPLITS}
    dropped = 0
    for row in csv.reader(io.StringIO(git_show(COMPLAINTS_GIT, "complaints-data.csv"))):
        if len(row) != 4 or row[2] not in ("0", "1"):
            continue
        text = " ".join(row[1].split())
        if RESERVED_AIRLINES.search(text):
            dropped += 1
            continue
        digit = int(row[0][-1])
        split = "train" if digit <= 3 else "val" if digit <= 5 else "test"
        splits[split][0].append(text)
        splits[split][1].append("0" if row[2] == "1" else "1")
    for split, (texts, labels) in splits.items():
        write_split(target, split, texts, labels)
    print(f"  en-complaints: " + ", ".join(f"{split} {count(target, split)}" for split in SPLITS) + f" ({dropped} to reserved airlines dropped)")


def copy_reviews() -> None:
    """The UCI review sentences, negative (0) or positive (2); a train split only."""
    target = os.path.join(OUTPUT, "en-reviews")
    os.makedirs(target, exist_ok=True)
    texts, labels = [], []
    for name in REVIEW_FILES:
        for line in git_show(REVIEWS_GIT, name).split("\n"):
            text, _, label = line.strip().rpartition("\t")
            if label.strip() in ("0", "1") and text.strip():
                texts.append(" ".join(text.split()))
                labels.append("0" if label.strip() == "0" else "2")
    write_split(target, "train", texts, labels)
    print(f"  en-reviews: train {len(texts)}")


def copy_swedish() -> None:
    """The Swedish set has no splits and no stated licence for reuse: it is used whole, as a test set only."""
    target = os.path.join(OUTPUT, "sv-swe-sentiment")
    os.makedirs(target, exist_ok=True)
    raw = git_show(SWEDISH_GIT, "swe-sentiment-dataset.csv")
    texts, labels = [], []
    for row in csv.DictReader(io.StringIO(raw)):
        label = SWEDISH_LABELS.get(row["label"].strip())
        if label is None:
            continue
        texts.append(" ".join(row["text"].split()))
        labels.append(label)
    write_split(target, "test", texts, labels)
    print(f"  sv-swe-sentiment: test {len(texts)}")


def read_lines(git_dir: str, path: str) -> list[str]:
    return [line.strip() for line in git_show(git_dir, path).split("\n") if line.strip() != ""]


def git_show(git_dir: str, path: str) -> str:
    return subprocess.run(
        ["git", f"--git-dir={git_dir}", "show", f"HEAD:{path}"], check=True, capture_output=True, text=True
    ).stdout


def write_split(target: str, split: str, texts: list[str], labels: list[str]) -> None:
    with open(os.path.join(target, f"{split}_text.txt"), "w", encoding="utf-8") as handle:
        handle.write("".join(f"{text}\n" for text in texts))
    with open(os.path.join(target, f"{split}_labels.txt"), "w", encoding="utf-8") as handle:
        handle.write("".join(f"{label}\n" for label in labels))


def count(target: str, split: str) -> int:
    with open(os.path.join(target, f"{split}_labels.txt"), encoding="utf-8") as handle:
        return sum(1 for _ in handle)


if __name__ == "__main__":
    main()
