"""Writes MODEL_CARD.md for a trained model folder from its metrics.json.

    /usr/bin/python3 tools/router-model/model_card.py models/intent-router [node-results.txt]
"""

from __future__ import annotations

import json
import os
import sys

from data import LABELS

ROWS = [
    ("naive_bayes", "Naive Bayes (words, bigrams, char 4-grams)"),
    ("linear", "Linear n-gram model (words, bigrams, char 3-5-grams)"),
    ("teacher_bert", "Teacher BERT"),
    ("teacher_bert_2", "Second teacher BERT"),
    ("teacher", "Teacher ensemble"),
    ("student_uncalibrated", "Student 2x128, before calibration"),
    ("student", "**Student 2x128, shipped (calibrated)**"),
    ("student_int8_simulated", "Student, int8 weights (simulated in PyTorch)"),
]


def _teacher_members(a: dict) -> str:
    members = [f"naive Bayes (weight {a['nb_weight']})",
               f"a linear n-gram model ({a.get('linear_epochs', 2)} epochs, weight {a.get('linear_weight', 0)})"]
    if a["teacher"] != "none":
        members.append(f"BERT {a['teacher']} (MLM pretraining {a['teacher_mlm_epochs']} epochs, fine-tuning"
                       f" {a['teacher_epochs']} epochs, weight {a.get('bert_weight', 1 - a['nb_weight'])})")
    return ", ".join(members)


def write_card(model_dir: str, node_results: str | None = None) -> None:
    m = json.load(open(os.path.join(model_dir, "metrics.json")))
    a = m["args"]
    lines = [
        "# intent-router",
        "",
        "Prompt intent classifier for the Parallax router: a small BERT (2 layers x 128 hidden) that maps a prompt to one",
        "of 8 intents, shipped as ONNX for transformers.js (`text-classification` pipeline).",
        "",
        "Labels (id order): " + ", ".join(f"{i} `{l}`" for i, l in enumerate(LABELS)) + ". Definitions and tie rules:",
        "the dataset's `LABELS.md`.",
        "",
        "## Data",
        f"- Training: `train.jsonl` ({m['data']['train']}) + {m['data']['synthetic_train']} prompts of `synthetic/` +"
        f" {m['data']['written_train']} of the project's own written prompts (`tools/router-model/prompts/`), seen"
        f" {a['synthetic_repeat']}x and {a['written_repeat']}x per epoch because they imitate real traffic.",
        *([f"- `val` below: a stratified {a['val_fraction']:.0%} slice of `synthetic/` per label and user slice"
           f" ({m['data']['val']} prompts), never trained on."] if "val" in m["data"] else
          ["- All of `synthetic/` is trained on (`--val-fraction 0`, the default); `--val-fraction 0.1` holds a slice out to measure it."]),
        f"- `written_val`: a stratified {a['written_val_fraction']:.0%} slice of the written prompts per label, user slice"
        f" and hard/plain ({m['data']['written_val']} prompts, never trained on); `written_hard` is its"
        f" {m['data']['written_hard']} hard boundary cases. The realistic held-out sets together calibrate temperatures.",
        f"- `dev.jsonl` ({m['data']['dev']}): evaluation only. It comes from the same sources as `train.jsonl` and flatters",
        "  every model; the realistic split is the better guide to live traffic.",
        "- The WordPiece vocabulary and MLM pretraining use the training prompts only.",
        "",
        "## Model",
        f"- BERT, 2 layers, hidden 128, 4 heads, FFN 512, {a['max_length']} positions, WordPiece vocabulary of"
        f" {a['vocab_size']}; {m['params']['student'] / 1e6:.2f} M parameters.",
        "- Tokenizer: BertNormalizer (lower-case, strip accents, CJK split, control characters removed) + BertPreTokenizer +",
        f"  WordPiece. An input longer than {a['max_length']} tokens (`model_max_length`) keeps its first and last"
        f" {a['max_length'] // 2}, so an instruction after a long paste still counts; the router cuts the same way.",
        f"- Logits are already calibrated: temperature {m['temperature']} fitted on the realistic held-out sets is folded into the classifier.",
        "  Softmax scores can be used directly as routing confidence.",
        "",
        "## Training recipe",
        f"1. Teacher ensemble: {_teacher_members(a)}; each temperature-calibrated, then mixed in log space.",
        f"2. Student: MLM pretraining {a['student_mlm_epochs']} epochs, then {a['student_epochs']} epochs of distillation"
        f" (KL to the teacher at T=2, weight {a['kd_alpha']}, plus label-smoothed cross-entropy)"
        + ("; the teacher scores every augmented text the student is shown" if a.get("relabel_augmented") else "")
        + (f", and each epoch adds {a['transfer']:.0%} as many unlabelled texts (windows of a prompt, prompts with words"
           " dropped, halves of two prompts joined) that only the teacher labels." if a.get("transfer") else "."),
        f"3. AdamW, one-cycle LR (peak {a['lr']}), batch {a['batch_size']}; augmentation re-drawn every epoch: case changes,",
        "   typos, truncation, dropped final punctuation, chat filler around the request, code fences. Seed"
        f" {a['seed']}.",
        "",
        "## Metrics",
        "Accuracy / macro-F1 / ECE on each held-out set.",
        "",
        "| model | " + " | ".join(f"`{k}`" for k in m["student"]) + " |",
        "|---|" + "---|" * len(m["student"]),
    ]
    for key, name in ROWS:
        if key in m:
            cells = [f"{v['acc']:.4f} / {v['macro_f1']:.4f} / {v['ece']:.4f}" for v in m[key].values()]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", "ECE: 15 equal-width confidence bins."]
    if node_results and os.path.exists(node_results):
        lines += ["", "## transformers.js check", "```", open(node_results).read().strip(), "```"]
    realistic, hard = m["student"]["written_val"], m["student"]["written_hard"]
    sizes = m.get("sizes_bytes", {})
    lines += [
        "",
        "## Files",
        *[f"- `{p}`: {b / 1e6:.2f} MB" for p, b in sizes.items()],
        "- `reference.json`: strings with their token ids and fp32 logits from PyTorch, for parity tests.",
        "",
        "## Limits",
        f"- Realistic-style accuracy is {realistic['acc']:.3f} on the held-out written prompts ({hard['acc']:.3f} on their hard",
        f"  boundary cases): expect about one routing error in {1 / max(1e-9, 1 - realistic['acc']):.0f} on real traffic, mostly",
        "  between neighbouring intents (reasoning vs math, knowledge_qa vs text_transformation or chitchat,",
        "  creative_writing vs text_transformation). Use the calibrated confidence with a threshold and a fallback route.",
        f"- A long prompt is read only at its ends (the first and last {a['max_length'] // 2} tokens): an instruction in the"
        " middle of a long paste can be missed.",
        "- Multi-intent prompts get a single label. Non-English coverage is uneven (about 12% of the training prompts).",
        f"- Trained from scratch on ~{(m['data']['train'] + m['data']['synthetic_train'] + m['data']['written_train']) / 1000:.0f}k prompts with no pretrained weights; rare words are split into characters or map",
        "  to [UNK] (e.g. emoji glued to words).",
        "- Data licences: several sources are CC BY-SA (NQ-open, XQuAD, FOLIO, CoNaLa) and GPTeacher text is GPT-4",
        "  generated; see the dataset's SOURCES.md.",
    ]
    with open(os.path.join(model_dir, "MODEL_CARD.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    write_card(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
