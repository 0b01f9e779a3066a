"""Train the router's intent classifier and write a transformers.js model folder.

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tools/router-model/train.py --out models/intent-router

Pipeline: realistic validation split -> WordPiece vocabulary -> naive Bayes and a linear n-gram model ->
optional teacher BERTs (MLM pretraining, fine-tuning) -> teacher ensemble -> student BERT (MLM pretraining,
distillation) -> temperature calibration folded into the classifier -> ONNX fp32 + int8 -> reference
outputs for the Node parity test. See README.md.
"""

from __future__ import annotations

import argparse
from pathlib import Path
import json
import os
import random
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from data import LABELS, LABEL_ID, NaiveBayes, augment, fit_temperature, load_splits, metrics, softmax, transfer_text  # noqa: E402
from export import export_onnx, quantize_int8  # noqa: E402
from linear import LinearNgram  # noqa: E402
from model import Bert, BertConfig  # noqa: E402
from model_card import write_card  # noqa: E402
from reference import reference_strings  # noqa: E402
from wordpiece import WordPieceTokenizer, save_tokenizer, train_vocab  # noqa: E402

T0 = time.time()


def log(*a):
    print(f"[{time.time() - T0:7.1f}s]", *a, flush=True)


# ---------------------------------------------------------------- batching


def pad(seqs, device):
    n = max(len(s) for s in seqs)
    ids = torch.zeros(len(seqs), n, dtype=torch.long)
    for i, s in enumerate(seqs):
        ids[i, : len(s)] = torch.tensor(s)
    return ids.to(device), (ids != 0).long().to(device)


def bucketed_batches(lengths, batch_size, rng):
    """Shuffle, then sort within windows of 50 batches so a batch holds similar lengths (much less
    padding, which dominates CPU time), then shuffle the batch order."""
    idx = list(range(len(lengths)))
    rng.shuffle(idx)
    window = batch_size * 50
    batches = []
    for s in range(0, len(idx), window):
        chunk = sorted(idx[s : s + window], key=lambda i: lengths[i])
        batches.extend(chunk[j : j + batch_size] for j in range(0, len(chunk), batch_size))
    rng.shuffle(batches)
    return batches


def one_cycle(opt, total_steps, peak_lr):
    return torch.optim.lr_scheduler.OneCycleLR(
        opt, max_lr=peak_lr, total_steps=max(total_steps, 1), pct_start=0.1, anneal_strategy="cos", cycle_momentum=False
    )


@torch.no_grad()
def predict(model, seqs, device, batch_size=64):
    model.eval()
    order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
    out = np.zeros((len(seqs), model.config.num_labels), dtype=np.float32)
    for s in range(0, len(order), batch_size):
        b = order[s : s + batch_size]
        ids, mask = pad([seqs[i] for i in b], device)
        out[b] = model(ids, mask).float().cpu().numpy()
    return out


# ---------------------------------------------------------------- training stages


def optimizer_step(model, opt, sched, loss):
    """One clipped AdamW step plus the LR schedule; returns the loss value for logging."""
    opt.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    sched.step()
    return loss.item()


def mlm_pretrain(model, seqs, tok, epochs, lr, batch_size, device, rng, name):
    """BERT-style masking: 15% of non-special tokens, 80/10/10 mask/random/keep."""
    if epochs <= 0:
        return
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    lengths = [len(s) for s in seqs]
    steps = epochs * ((len(seqs) + batch_size - 1) // batch_size)
    sched = one_cycle(opt, steps, lr)
    gen = torch.Generator().manual_seed(rng.randrange(1 << 30))
    vocab_size = model.config.vocab_size
    for ep in range(epochs):
        model.train()
        tot, t_ep = 0.0, time.time()
        for b in bucketed_batches(lengths, batch_size, rng):
            ids, mask = pad([seqs[i] for i in b], "cpu")
            special = (ids == tok.pad_id) | (ids == tok.cls_id) | (ids == tok.sep_id)
            sel = (torch.rand(ids.shape, generator=gen) < 0.15) & ~special
            if not sel.any():
                continue
            targets = ids[sel]
            r = torch.rand(ids.shape, generator=gen)
            inp = ids.clone()
            inp[sel & (r < 0.8)] = tok.mask_id
            rand_pos = sel & (r >= 0.8) & (r < 0.9)
            inp[rand_pos] = torch.randint(5, vocab_size, (int(rand_pos.sum()),), generator=gen)
            h = model.encode(inp.to(device), mask.to(device))
            loss = F.cross_entropy(model.mlm_logits(h[sel.to(device)]), targets.to(device))
            tot += optimizer_step(model, opt, sched, loss)
        log(f"{name} mlm epoch {ep + 1}/{epochs}: loss {tot / max(1, len(lengths) // batch_size):.3f} ({time.time() - t_ep:.0f}s)")


def finetune(model, items, tok, epochs, lr, batch_size, device, rng, name, soft=None, alpha=0.5, kd_temp=2.0,
             aug_p=0.5, label_smoothing=0.05, evaluate=None, relabel=None, transfer=0.0):
    """Cross-entropy on labels, plus (when `soft` teacher logits are given) KL to the teacher's
    tempered distribution. Each epoch re-draws augmentations; with `relabel` (texts -> teacher logits) the
    teacher scores each augmented text itself, so the student learns what the teacher makes of that very input,
    and `transfer` adds that share of unlabelled texts (`transfer_text`) that only the teacher labels."""
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    clean = [tok.encode(it["text"]) for it in items]
    n_transfer = int(transfer * len(items)) if relabel is not None else 0
    pool = sorted({it["text"] for it in items}) if n_transfer else []
    steps = epochs * ((len(items) + n_transfer + batch_size - 1) // batch_size)
    sched = one_cycle(opt, steps, lr)
    labels = torch.tensor([it["y"] for it in items])
    soft_t = None if soft is None else torch.tensor(soft, dtype=torch.float32)
    for ep in range(epochs):
        model.train()
        t_ep = time.time()
        augmented = {i: augment(it["text"], it["label"], rng) for i, it in enumerate(items) if rng.random() < aug_p}
        seqs = [tok.encode(augmented[i]) if i in augmented else clean[i] for i in range(len(items))]
        epoch_soft, epoch_labels = soft_t, labels
        if relabel is not None and augmented:
            epoch_soft = soft_t.clone()
            idx = list(augmented)
            epoch_soft[idx] = torch.tensor(relabel([augmented[i] for i in idx]), dtype=torch.float32)
        if n_transfer:
            extra = [transfer_text(pool, rng) for _ in range(n_transfer)]
            extra_soft = torch.tensor(relabel(extra), dtype=torch.float32)
            seqs += [tok.encode(t) for t in extra]
            epoch_soft = torch.cat([epoch_soft, extra_soft])
            epoch_labels = torch.cat([labels, extra_soft.argmax(-1)])
        tot = 0.0
        batches = bucketed_batches([len(s) for s in seqs], batch_size, rng)
        for b in batches:
            ids, mask = pad([seqs[i] for i in b], device)
            logits = model(ids, mask)
            y = epoch_labels[b].to(device)
            loss = F.cross_entropy(logits, y, label_smoothing=label_smoothing)
            if soft_t is not None:
                t = F.softmax(epoch_soft[b].to(device) / kd_temp, -1)
                kd = F.kl_div(F.log_softmax(logits / kd_temp, -1), t, reduction="batchmean") * kd_temp**2
                loss = (1 - alpha) * loss + alpha * kd
            tot += optimizer_step(model, opt, sched, loss)
        msg = f"{name} epoch {ep + 1}/{epochs}: loss {tot / len(batches):.4f} ({time.time() - t_ep:.0f}s)"
        if evaluate is not None:
            msg += " " + evaluate()
        log(msg)


# ---------------------------------------------------------------- main


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(Path(__file__).resolve().parents[2].parent / "shared" / "datasets" / "intent"))
    ap.add_argument("--out", default="models/intent-router")
    ap.add_argument("--work", default="/tmp/router-model-work", help="cache: teacher soft targets, pretrained student, held-out prompts")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--prompts", default=str(Path(__file__).resolve().parent / "prompts"),
                    help="the project's own written prompts (*.jsonl)")
    ap.add_argument("--val-fraction", type=float, default=0.0,
                    help="share of synthetic/ held out as `val` (0.1 measures it; the shipped model trains on all of it)")
    ap.add_argument("--written-val-fraction", type=float, default=0.25, help="share of the written prompts held out")
    ap.add_argument("--vocab-size", type=int, default=8000)
    ap.add_argument("--max-length", type=int, default=128,
                    help="positions; a longer prompt keeps its first and last halves")
    ap.add_argument("--synthetic-repeat", type=int, default=2, help="synthetic prompts seen this many times per epoch")
    ap.add_argument("--written-repeat", type=int, default=3, help="written prompts seen this many times per epoch")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--lr", type=float, default=3e-4)
    ap.add_argument("--teacher", default="none",
                    help="teacher BERTs as LAYERSxHIDDEN, comma-separated for several (e.g. 2x128), beside the linear "
                         "n-gram model and naive Bayes; 'none' for those two alone")
    ap.add_argument("--teacher-mlm-epochs", type=int, default=2)
    ap.add_argument("--teacher-epochs", type=int, default=8)
    ap.add_argument("--student-mlm-epochs", type=int, default=6)
    ap.add_argument("--student-epochs", type=int, default=12)
    ap.add_argument("--mlm-lr", type=float, default=5e-4)
    ap.add_argument("--nb-weight", type=float, default=0.2, help="naive Bayes share of the teacher ensemble (log space)")
    ap.add_argument("--linear-weight", type=float, default=0.8, help="linear n-gram model's share of the teacher ensemble")
    ap.add_argument("--bert-weight", type=float, default=0.3, help="teacher BERTs' share, split between them")
    ap.add_argument("--linear-epochs", type=int, default=2)
    ap.add_argument("--kd-alpha", type=float, default=0.8)
    ap.add_argument("--student-aug-p", type=float, default=0.5, help="share of items the student sees augmented each epoch")
    ap.add_argument("--transfer", type=float, default=0.3,
                    help="unlabelled texts made from training prompts, as a share of the items, that the teacher labels "
                         "for the student each epoch (needs --relabel-augmented)")
    ap.add_argument("--reuse-teacher", action="store_true", help="reuse cached teacher soft targets from --work")
    ap.add_argument("--relabel-augmented", action=argparse.BooleanOptionalAction, default=True,
                    help="the teacher scores every augmented text the student sees (needs the teacher in this run, "
                         "so --reuse-teacher is ignored)")
    ap.add_argument("--pretrain-only", action="store_true",
                    help="only MLM-pretrain the student and cache it in --work (runs beside the teacher on a second core)")
    ap.add_argument("--teacher-only", action="store_true", help="only train the teacher and cache its soft targets in --work")
    ap.add_argument("--reuse-pretrained", action="store_true", help="reuse the MLM-pretrained student cached in --work")
    ap.add_argument("--fast", action="store_true", help="smoke run: tiny epochs and data subset")
    ap.add_argument("--device", default="cpu")
    args = ap.parse_args()

    if args.fast:
        args.teacher_mlm_epochs, args.teacher_epochs = 0, 1
        args.student_mlm_epochs, args.student_epochs = 1, 1
        args.teacher, args.linear_epochs = "2x64", 1

    torch.set_num_threads(1)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    device = args.device
    os.makedirs(os.path.join(args.out, "onnx"), exist_ok=True)
    os.makedirs(args.work, exist_ok=True)
    results = {"args": vars(args)}

    # ---- data
    splits = load_splits(args.data, args.prompts, args.val_fraction, args.written_val_fraction, args.seed)
    train, syn_train, written = splits.train, splits.synthetic, splits.written
    if args.fast:
        train, syn_train = rng.sample(train, 2000), rng.sample(syn_train, 1000)
    items = [dict(ex, y=LABEL_ID[ex["label"]]) for ex in train]
    for group, repeat in ((syn_train, args.synthetic_repeat), (written, args.written_repeat)):
        for ex in group:
            items.extend(dict(ex, y=LABEL_ID[ex["label"]]) for _ in range(repeat))
    # Held-out sets, each reported separately. The realistic ones (synthetic and written slices) together
    # calibrate temperatures; dev is evaluated only.
    held = {"val": splits.val, "written_val": splits.written_val,
            "written_hard": [e for e in splits.written_val if e["hard"]], "dev": splits.dev}
    held = {k: v for k, v in held.items() if v}
    calib = splits.val + splits.written_val
    os.makedirs(os.path.join(args.work, "held-out"), exist_ok=True)
    for name in ("val", "written_val"):  # for `npm run router:eval -- --data <work>/held-out/<name>.jsonl`
        with open(os.path.join(args.work, "held-out", f"{name}.jsonl"), "w", encoding="utf-8") as f:
            f.writelines(json.dumps({"text": e["text"], "label": e["label"], "hard": e.get("hard", False)},
                                    ensure_ascii=False) + "\n" for e in held.get(name, []))
    log(f"data: train {len(train)} + synthetic {len(syn_train)} (x{args.synthetic_repeat}) + written {len(written)} "
        f"(x{args.written_repeat}) = {len(items)} items; held out: "
        + ", ".join(f"{k} {len(v)}" for k, v in held.items()))
    results["data"] = {"train": len(train), "synthetic_train": len(syn_train), "written_train": len(written),
                       **{k: len(v) for k, v in held.items()}}
    labels_of = lambda exs: np.array([LABEL_ID[e["label"]] for e in exs])  # noqa: E731
    y_calib = labels_of(calib)

    # ---- vocabulary: every training prompt; held-out prompts stay unseen
    train_texts = [e["text"] for e in train + syn_train + written]
    vocab = train_vocab(train_texts, args.vocab_size, log=log)
    tok = WordPieceTokenizer(vocab, args.max_length)
    held_seqs = {k: [tok.encode(e["text"]) for e in v] for k, v in held.items()}
    held_y = {k: labels_of(v) for k, v in held.items()}
    calib_seqs = [tok.encode(e["text"]) for e in calib]
    mlm_seqs = [tok.encode(t) for t in train_texts]

    def report(name, logits_of):
        """Metrics of `logits_of(key)` on every held-out set `key`, logged and kept for metrics.json."""
        r = {k: metrics(logits_of(k), held_y[k]) for k in held}
        log(f"{name}: " + "  ".join(f"{k} {v}" for k, v in r.items()))
        results[name] = r
        return r

    def quick_eval(model):
        return lambda: " ".join(f"{k} acc {metrics(predict(model, held_seqs[k], device), held_y[k])['acc']:.4f}"
                                for k in held if k != "dev")

    # ---- student pretraining: MLM on the training prompts; needs no teacher, so it can run on its own
    scfg = BertConfig(len(vocab), hidden_size=128, num_hidden_layers=2, num_attention_heads=4, intermediate_size=512,
                      max_position_embeddings=args.max_length)
    pretrained = os.path.join(args.work, "student_mlm.pt")

    def pretrain_student():
        torch.manual_seed(args.seed + 1)
        student = Bert(scfg).to(device)
        log(f"student BERT 2x128: {student.num_params() / 1e6:.2f}M params")
        if args.reuse_pretrained and os.path.exists(pretrained):
            student.load_state_dict(torch.load(pretrained, map_location=device))
            log(f"student MLM weights reused from {pretrained}")
        else:
            mlm_pretrain(student, mlm_seqs, tok, args.student_mlm_epochs, args.mlm_lr, args.batch_size, device, rng, "student")
            torch.save(student.state_dict(), pretrained)
        return student

    if args.pretrain_only:
        pretrain_student()
        log(f"pretrained student cached in {pretrained}")
        return

    # ---- teacher: naive Bayes, the linear n-gram model and any BERTs, each temperature-calibrated, mixed in log space
    cache = os.path.join(args.work, "teacher.npz")
    teacher_keys = ("naive_bayes", "linear", "teacher_bert", "teacher")
    teacher_fn = None
    if args.reuse_teacher and os.path.exists(cache) and not args.relabel_augmented:
        soft = np.load(cache)["train"]
        results.update(json.load(open(os.path.join(args.work, "teacher_results.json"))))
        log(f"teacher soft targets reused from {cache}")
    else:
        item_texts, item_y = [it["text"] for it in items], [it["y"] for it in items]
        specs = [] if args.teacher == "none" else args.teacher.split(",")
        members = []
        for name, weight, model in (
            ("naive_bayes", args.nb_weight, lambda: NaiveBayes().fit(item_texts, item_y)),
            ("linear", args.linear_weight,
             lambda: LinearNgram(epochs=args.linear_epochs, seed=args.seed).fit(item_texts, item_y, log=log)),
        ):
            m = model()
            out = {"calib": m.scores([e["text"] for e in calib]), "train": m.scores(item_texts),
                   **{k: m.scores([e["text"] for e in v]) for k, v in held.items()}}
            members.append((name, weight, m.scores, out))
            log(f"{name} trained")
        item_seqs = [tok.encode(t) for t in item_texts]
        for n, spec in enumerate(specs):
            nl, hs = (int(x) for x in spec.split("x"))
            tcfg = BertConfig(len(vocab), hidden_size=hs, num_hidden_layers=nl, num_attention_heads=max(2, hs // 64),
                              intermediate_size=4 * hs, max_position_embeddings=args.max_length)
            torch.manual_seed(args.seed + 100 + n)
            teacher = Bert(tcfg).to(device)
            name = "teacher_bert" if n == 0 else f"teacher_bert_{n + 1}"
            log(f"{name} {spec}: {teacher.num_params() / 1e6:.2f}M params")
            mlm_pretrain(teacher, mlm_seqs, tok, args.teacher_mlm_epochs, args.mlm_lr, args.batch_size, device, rng, name)
            finetune(teacher, items, tok, args.teacher_epochs, args.lr, args.batch_size, device, rng, name,
                     evaluate=quick_eval(teacher))
            members.append((name, args.bert_weight / len(specs),
                            lambda texts, m=teacher: predict(m, [tok.encode(t) for t in texts], device),
                            {"calib": predict(teacher, calib_seqs, device), "train": predict(teacher, item_seqs, device),
                             **{k: predict(teacher, v, device) for k, v in held_seqs.items()}}))
        mix, scaled = {}, []
        total_weight = sum(m[1] for m in members)
        for name, weight, scores, out in members:
            weight /= total_weight
            t = fit_temperature(out["calib"], y_calib)
            scaled.append((weight, t, scores))
            report(name, lambda k: out[k] / t)
            for k, v in out.items():
                mix[k] = mix.get(k, 0) + weight * np.log(softmax(v / t))
        t_e = fit_temperature(mix["calib"], y_calib)
        report("teacher", lambda k: mix[k] / t_e)
        soft = mix["train"] / t_e
        if args.relabel_augmented:
            def teacher_fn(texts):
                return sum(w * np.log(softmax(scores(texts) / t)) for w, t, scores in scaled) / t_e
        np.savez(cache, train=soft)
        json.dump({k: v for k, v in results.items() if k.startswith(teacher_keys)},
                  open(os.path.join(args.work, "teacher_results.json"), "w"))
    if args.teacher_only:
        log(f"teacher soft targets cached in {cache}")
        return

    # ---- student: distillation from the teacher
    student = pretrain_student()
    finetune(student, items, tok, args.student_epochs, args.lr, args.batch_size, device, rng, "student",
             soft=soft, alpha=args.kd_alpha, aug_p=args.student_aug_p, evaluate=quick_eval(student), relabel=teacher_fn,
             transfer=args.transfer)
    report("student_uncalibrated", lambda k: predict(student, held_seqs[k], device))

    # ---- calibration folded into the classifier, so shipped logits are already calibrated
    temp = fit_temperature(predict(student, calib_seqs, device), y_calib)
    with torch.no_grad():
        student.classifier.weight.div_(temp)
        student.classifier.bias.div_(temp)
    report("student", lambda k: predict(student, held_seqs[k], device))
    results["temperature"] = round(temp, 4)
    log(f"temperature {temp:.3f} folded into the classifier")

    # ---- export
    student = student.cpu().eval()
    cfg = scfg.to_dict()
    config = {
        "model_type": "bert",
        "architectures": ["BertForSequenceClassification"],
        **{k: v for k, v in cfg.items() if k != "num_labels"},
        "hidden_act": "gelu",
        "position_embedding_type": "absolute",
        "initializer_range": 0.02,
        "problem_type": "single_label_classification",
        "id2label": {str(i): l for i, l in enumerate(LABELS)},
        "label2id": {l: i for i, l in enumerate(LABELS)},
        "transformers_version": "4.46.0",
    }
    with open(os.path.join(args.out, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    save_tokenizer(vocab, args.max_length, args.out)
    fp32 = os.path.join(args.out, "onnx", "model.onnx")
    export_onnx(student, fp32)
    qstats = quantize_int8(fp32, os.path.join(args.out, "onnx", "model_quantized.onnx"))
    log(f"onnx written; int8: {qstats}")

    # int8 accuracy estimated by simulating the same per-channel weight rounding in PyTorch
    qmodel = Bert(scfg)
    qmodel.load_state_dict(student.state_dict())
    with torch.no_grad():
        for name, p in qmodel.named_parameters():
            # Same rule as quantize_int8: 2-D weights of >= 4096 elements, one scale per output
            # row (Linear) or per embedding row (Gather).
            if p.ndim == 2 and p.numel() >= 4096 and not name.startswith("mlm_"):
                s = (p.abs().amax(dim=1) / 127).clamp_min(1e-12).view(-1, 1)
                p.copy_(torch.round(p / s).clamp(-127, 127) * s)
    report("student_int8_simulated", lambda k: predict(qmodel, held_seqs[k], "cpu"))

    # ---- reference outputs for the Node parity test
    refs = reference_strings(splits.val + splits.written_val, splits.dev, args.max_length, rng)
    ref_seqs = [tok.encode(t) for t in refs]
    ref_logits = predict(student, ref_seqs, "cpu", batch_size=1)
    with open(os.path.join(args.out, "reference.json"), "w", encoding="utf-8") as f:
        json.dump({"labels": LABELS, "max_length": args.max_length,
                   "items": [{"text": t, "input_ids": s, "logits": [round(float(x), 6) for x in l]}
                             for t, s, l in zip(refs, ref_seqs, ref_logits)]}, f, ensure_ascii=False)

    results["params"] = {"student": student.num_params()}
    results["sizes_bytes"] = {p: os.path.getsize(os.path.join(args.out, p)) for p in
                              ("config.json", "tokenizer.json", "tokenizer_config.json", "vocab.txt", "reference.json",
                               "onnx/model.onnx", "onnx/model_quantized.onnx")}
    results["total_seconds"] = round(time.time() - T0)
    with open(os.path.join(args.out, "metrics.json"), "w") as f:
        json.dump(results, f, indent=2)
    write_card(args.out)
    log("done:", json.dumps({k: results[k] for k in ("teacher", "student") if k in results}))


if __name__ == "__main__":
    main()
