"""Data loading, the realistic validation split, augmentation, a naive Bayes baseline and metrics."""

from __future__ import annotations

import glob
import json
import math
import os
import random
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np

from wordpiece import normalize, pre_tokenize

LABELS = [
    "coding",
    "math",
    "reasoning",
    "creative_writing",
    "knowledge_qa",
    "text_transformation",
    "translation",
    "chitchat",
]
LABEL_ID = {l: i for i, l in enumerate(LABELS)}


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@dataclass
class Splits:
    train: list  # train.jsonl
    synthetic: list  # synthetic/ minus its validation slice
    written: list  # the project's own prompts minus their validation slice
    val: list  # stratified slice of synthetic/ (empty with a zero fraction)
    written_val: list  # stratified slice of the project's own prompts
    dev: list  # dev.jsonl, evaluation only


def _stratified_split(examples, fraction, key, seed):
    """Each group is shuffled by its own seeded generator, so adding a prompt file leaves the split of the
    others as it was."""
    groups = defaultdict(list)
    for ex in examples:
        groups[key(ex)].append(ex)
    kept, held = [], []
    for k in sorted(groups):
        items = groups[k]
        random.Random(f"{seed}:{k}").shuffle(items)
        n = round(len(items) * fraction)
        held.extend(items[:n])
        kept.extend(items[n:])
    return kept, held


def load_splits(data_dir: str, prompts_dir: str, val_fraction: float, written_val_fraction: float, seed: int) -> Splits:
    """train.jsonl + most of synthetic/ + most of the project's own written prompts train. Held out, stratified
    per label and user slice (and hard/plain for the written prompts): a slice of synthetic/ and a slice of the
    written prompts, since both imitate real traffic (a zero fraction holds nothing out). dev.jsonl is only ever
    evaluated on."""
    train = read_jsonl(os.path.join(data_dir, "train.jsonl"))
    dev = read_jsonl(os.path.join(data_dir, "dev.jsonl"))
    synthetic, written = [], []
    for path in sorted(glob.glob(os.path.join(data_dir, "synthetic", "*.jsonl"))):
        synthetic.extend(read_jsonl(path))
    for path in sorted(glob.glob(os.path.join(prompts_dir, "*.jsonl"))):
        name = os.path.splitext(os.path.basename(path))[0]
        written.extend(dict(ex, source=f"written:{name}", hard=bool(ex.get("hard"))) for ex in read_jsonl(path))
    syn_train, val = _stratified_split(synthetic, val_fraction, lambda ex: (ex["label"], ex["source"]), seed)
    written_train, written_val = _stratified_split(written, written_val_fraction,
                                                   lambda ex: (ex["label"], ex["source"], ex["hard"]), seed)
    return Splits(train, syn_train, written_train, val, written_val, dev)


# ---------------------------------------------------------------- augmentation

_PREFIXES = ["hey ", "hi, ", "Hello! ", "quick question: ", "ok so ", "pls help: ", "Hey there,\n\n", "um ", "Question - ", "yo "]
_SUFFIXES = [" thanks", " thx!", " please", " :)", "\n\nThanks in advance!", " ty", "??", " asap", " !!", "\n\n- sent from my phone"]
_KEYS = "qwertyuiopasdfghjklzxcvbnm"


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 4 or not word.isalpha():
        return word
    i = rng.randrange(1, len(word) - 1)
    op = rng.randrange(4)
    if op == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if op == 1:
        return word[:i] + word[i + 1 :]
    if op == 2:
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice(_KEYS) + word[i + 1 :]


def augment(text: str, label: str, rng: random.Random) -> str:
    """Surface noise that should never change the intent: case, typos, truncation of long prompts,
    and wrapping the request in chat filler or (for code) markdown fences."""
    r = rng.random()
    if r < 0.3:
        text = text.lower()
    elif r < 0.36:
        text = text.upper()
    elif r < 0.45 and text:
        text = text[0].swapcase() + text[1:]
    if rng.random() < 0.35:
        words = text.split(" ")
        for _ in range(rng.randint(1, 3)):
            j = rng.randrange(len(words))
            words[j] = _typo(words[j], rng)
        text = " ".join(words)
    if rng.random() < 0.15:
        words = text.split(" ")
        if len(words) > 20:
            text = " ".join(words[: int(len(words) * rng.uniform(0.6, 0.95))])
    if rng.random() < 0.15 and text.endswith(("?", ".", "!")):
        text = text[:-1]
    r = rng.random()
    if r < 0.15:
        text = rng.choice(_PREFIXES) + text
    elif r < 0.3:
        text = text + rng.choice(_SUFFIXES)
    if label == "coding" and "\n" in text and "```" not in text and rng.random() < 0.3:
        lines = text.split("\n", 1)
        text = lines[0] + "\n```\n" + lines[1] + "\n```"
    return text


def transfer_text(texts: list[str], rng: random.Random) -> str:
    """An unlabelled text for distillation, made from training prompts: a window of one prompt, the prompt
    with words dropped, or the first half of one prompt joined to the second half of another. These may
    change or blur the intent, so only the teacher's scores train on them."""
    words = rng.choice(texts).split(" ")
    r = rng.random()
    if r < 0.4 and len(words) > 3:
        k = max(2, int(len(words) * rng.uniform(0.3, 0.9)))
        start = rng.randrange(len(words) - k + 1)
        return " ".join(words[start : start + k])
    if r < 0.7:
        kept = [w for w in words if rng.random() > 0.15]
        return " ".join(kept or words)
    other = rng.choice(texts).split(" ")
    return " ".join(words[: max(1, len(words) // 2)] + other[len(other) // 2 :])


# ---------------------------------------------------------------- naive Bayes


def ngram_features(text: str, char_sizes=(4,)) -> list[str]:
    """Words, word bigrams and character n-grams of the normalised text (the tokenizer's normalisation)."""
    words = pre_tokenize(normalize(text[:3000]))
    feats = ["w:" + w for w in words]
    feats += ["b:" + a + " " + b for a, b in zip(words, words[1:])]
    s = " " + " ".join(words)[:1500] + " "
    for n in char_sizes:
        feats += [f"c{n}:" + s[i : i + n] for i in range(len(s) - n + 1)]
    return feats


class NaiveBayes:
    """Multinomial naive Bayes on words, word bigrams and character 4-grams. Each document's counts
    are scaled to unit L2 norm (in training and scoring alike), so a long pasted text neither dominates
    its class's counts nor produces absurd log-likelihood margins."""

    def __init__(self, alpha: float = 0.02):
        self.alpha = alpha

    @staticmethod
    def _doc(text):
        feats = Counter(ngram_features(text))
        norm = 1.0 / math.sqrt(sum(v * v for v in feats.values()) or 1.0)
        return feats, norm

    def fit(self, texts, labels):
        k = len(LABELS)
        counts = defaultdict(lambda: np.zeros(k))
        totals = np.zeros(k)
        prior = np.zeros(k)
        for t, y in zip(texts, labels):
            feats, norm = self._doc(t)
            for f, c in feats.items():
                counts[f][y] += c * norm
            totals[y] += sum(feats.values()) * norm
            prior[y] += 1
        denom = totals + self.alpha * len(counts)
        self.log_prior = np.log(prior / prior.sum())
        self.log_prob = {f: np.log((v + self.alpha) / denom) for f, v in counts.items()}
        self.log_unseen = np.log(self.alpha / denom)
        return self

    def scores(self, texts) -> np.ndarray:
        out = np.zeros((len(texts), len(LABELS)))
        for i, t in enumerate(texts):
            feats, norm = self._doc(t)
            s = self.log_prior.copy()
            for f, c in feats.items():
                s += c * norm * self.log_prob.get(f, self.log_unseen)
            out[i] = s
        return out


# ---------------------------------------------------------------- metrics


def softmax(x: np.ndarray) -> np.ndarray:
    z = x - x.max(1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(1, keepdims=True)


def ece(probs: np.ndarray, y: np.ndarray, bins: int = 15) -> float:
    conf = probs.max(1)
    correct = probs.argmax(1) == y
    edges = np.linspace(0, 1, bins + 1)
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (conf > lo) & (conf <= hi)
        if m.any():
            total += m.mean() * abs(correct[m].mean() - conf[m].mean())
    return float(total)


def macro_f1(pred: np.ndarray, y: np.ndarray) -> float:
    f1s = []
    for c in range(len(LABELS)):
        tp = ((pred == c) & (y == c)).sum()
        fp = ((pred == c) & (y != c)).sum()
        fn = ((pred != c) & (y == c)).sum()
        f1s.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return float(np.mean(f1s))


def metrics(logits: np.ndarray, y: np.ndarray) -> dict:
    p = softmax(logits)
    pred = p.argmax(1)
    return {
        "acc": round(float((pred == y).mean()), 4),
        "macro_f1": round(macro_f1(pred, y), 4),
        "ece": round(ece(p, y), 4),
        "nll": round(float(-np.log(p[np.arange(len(y)), y] + 1e-12).mean()), 4),
    }


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """Single temperature minimizing NLL, by a coarse-to-fine 1-D search (robust, no gradients)."""
    def nll(t):
        p = softmax(logits / t)
        return -np.log(p[np.arange(len(y)), y] + 1e-12).mean()

    grid = np.exp(np.linspace(np.log(0.05), np.log(20), 200))
    best = min(grid, key=nll)
    fine = np.linspace(best * 0.95, best * 1.05, 41)
    return float(min(fine, key=nll))
