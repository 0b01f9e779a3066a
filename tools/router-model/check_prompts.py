"""Check written prompt files before they train anything.

    python3 tools/router-model/check_prompts.py tools/router-model/prompts/new-file.jsonl [...]

Each line must be {"text", "label", "hard"} with a label of LABELS.md. A prompt whose normalised text (NFKC,
lower-cased, every run of non-word characters one space) repeats another written prompt, a line of the dataset
(train.jsonl, dev.jsonl, synthetic/) or a line earlier in the same file is reported. Prints counts per label and
the share of hard cases. Exits 1 when a line is malformed or repeated.
"""

from __future__ import annotations

import glob
import json
import os
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

LABELS = {"coding", "math", "reasoning", "creative_writing", "knowledge_qa", "text_transformation", "translation", "chitchat"}
HERE = Path(__file__).resolve().parent
DATA = HERE.parents[1].parent / "shared" / "datasets" / "intent"


def norm(text: str) -> str:
    return re.sub(r"\W+", " ", unicodedata.normalize("NFKC", text).lower()).strip()


def known_texts(exclude: set[str]) -> dict[str, str]:
    seen = {}
    paths = [DATA / "train.jsonl", DATA / "dev.jsonl", *sorted(DATA.glob("synthetic/*.jsonl"))]
    paths += [Path(p) for folder in ("prompts", "test-prompts") for p in sorted(glob.glob(str(HERE / folder / "*.jsonl")))]
    for path in paths:
        if str(path.resolve()) in exclude or not path.exists():
            continue
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    seen.setdefault(norm(json.loads(line)["text"]), path.name)
    return seen


def check(path: str, seen: dict[str, str]) -> int:
    problems = 0
    labels, hard, own = Counter(), 0, {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                ex = json.loads(line)
            except json.JSONDecodeError as e:
                print(f"{path}:{n}: not JSON ({e})")
                problems += 1
                continue
            text, label = ex.get("text"), ex.get("label")
            if not isinstance(text, str) or not text.strip() or label not in LABELS or not isinstance(ex.get("hard"), bool):
                print(f"{path}:{n}: needs a non-empty text, a label of LABELS.md and a boolean hard: {line.strip()[:120]}")
                problems += 1
                continue
            key = norm(text)
            where = own.get(key) or seen.get(key)
            if where:
                print(f"{path}:{n}: repeats a prompt of {where}: {text[:100]!r}")
                problems += 1
            own.setdefault(key, f"line {n} of this file")
            labels[label] += 1
            hard += ex["hard"]
    total = sum(labels.values())
    print(f"{path}: {total} prompts, {hard} hard ({hard / max(total, 1):.0%}); "
          + ", ".join(f"{k} {labels[k]}" for k in sorted(LABELS)))
    return problems


def main() -> int:
    files = sys.argv[1:]
    if not files:
        print(__doc__)
        return 2
    seen = known_texts({str(Path(p).resolve()) for p in files})
    return 1 if sum(check(p, seen) for p in files) else 0


if __name__ == "__main__":
    sys.exit(main())
