"""WordPiece tokenizer: normalization, pre-tokenization, vocabulary training and tokenizer.json writing.

The normalizer and pre-tokenizer reproduce the JavaScript implementation that transformers.js uses
(@huggingface/tokenizers: BertNormalizer + BertPreTokenizer + WordPiece), character class by character
class, so that token ids computed here are the ids the shipped model sees at inference time.
"""

from __future__ import annotations

import heapq
import json
import re
import unicodedata
from collections import Counter, defaultdict

PAD, UNK, CLS, SEP, MASK = "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"
SPECIAL_TOKENS = [PAD, UNK, CLS, SEP, MASK]
PREFIX = "##"
MAX_INPUT_CHARS_PER_WORD = 100

# JavaScript's \s (ECMAScript WhiteSpace + LineTerminator). Python's str.isspace() differs
# (it includes \x1c-\x1f and \x85 and excludes \ufeff), so the set is spelled out.
_JS_WHITESPACE = frozenset(
    "\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff" + "".join(chr(c) for c in range(0x2000, 0x200B))
)
_CONTROL_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs"})


def _is_chinese_char(cp: int) -> bool:
    # The JS normalizer inspects UTF-16 code units, so the supplementary-plane CJK blocks never
    # match there; only the BMP blocks are listed here on purpose.
    return 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF


def _is_punctuation(ch: str) -> bool:
    cp = ord(ch)
    if 0x21 <= cp <= 0x2F or 0x3A <= cp <= 0x40 or 0x5B <= cp <= 0x60 or 0x7B <= cp <= 0x7E:
        return True
    return unicodedata.category(ch).startswith("P")


def normalize(text: str) -> str:
    """BertNormalizer(clean_text, handle_chinese_chars, lowercase, strip_accents)."""
    out = []
    for ch in text:
        cp = ord(ch)
        if cp == 0 or cp == 0xFFFD:
            continue
        if ch not in "\t\n\r" and unicodedata.category(ch) in _CONTROL_CATEGORIES:
            continue
        if ch in _JS_WHITESPACE:
            out.append(" ")
        elif _is_chinese_char(cp):
            out.append(" " + ch + " ")
        else:
            out.append(ch)
    text = "".join(out).lower()
    text = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")


def pre_tokenize(text: str) -> list[str]:
    """BertPreTokenizer: runs of non-space, non-punctuation characters, and single punctuation characters."""
    words, cur = [], []
    for ch in text:
        if ch in _JS_WHITESPACE:
            if cur:
                words.append("".join(cur))
                cur = []
        elif _is_punctuation(ch):
            if cur:
                words.append("".join(cur))
                cur = []
            words.append(ch)
        else:
            cur.append(ch)
    if cur:
        words.append("".join(cur))
    return words


_SPECIAL_SPLIT = re.compile("(" + "|".join(re.escape(t) for t in SPECIAL_TOKENS) + ")")


class WordPieceTokenizer:
    def __init__(self, vocab: list[str], max_length: int):
        self.vocab = vocab
        self.token_to_id = {t: i for i, t in enumerate(vocab)}
        self.max_length = max_length
        self.pad_id = self.token_to_id[PAD]
        self.unk_id = self.token_to_id[UNK]
        self.cls_id = self.token_to_id[CLS]
        self.sep_id = self.token_to_id[SEP]
        self.mask_id = self.token_to_id[MASK]
        self._word_cache: dict[str, list[int]] = {}

    def _word_ids(self, word: str) -> list[int]:
        cached = self._word_cache.get(word)
        if cached is not None:
            return cached
        if len(word) > MAX_INPUT_CHARS_PER_WORD:
            ids = [self.unk_id]
        else:
            ids, start = [], 0
            while start < len(word):
                end, found = len(word), None
                while start < end:
                    piece = word[start:end] if start == 0 else PREFIX + word[start:end]
                    found = self.token_to_id.get(piece)
                    if found is not None:
                        break
                    end -= 1
                if found is None:
                    ids = [self.unk_id]
                    break
                ids.append(found)
                start = end
        if len(self._word_cache) < 500_000:
            self._word_cache[word] = ids
        return ids

    def tokenize_ids(self, text: str) -> list[int]:
        """Token ids without special tokens. Special-token strings in the raw text map to themselves,
        as the JS tokenizer's added-token splitter does."""
        ids: list[int] = []
        for section in _SPECIAL_SPLIT.split(text):
            if not section:
                continue
            if section in self.token_to_id and section in SPECIAL_TOKENS:
                ids.append(self.token_to_id[section])
                continue
            for word in pre_tokenize(normalize(section)):
                ids.extend(self._word_ids(word))
        return ids

    def encode(self, text: str) -> list[int]:
        """[CLS] text [SEP]; a longer sequence than max_length keeps its first and last halves, so an
        instruction after a long paste survives. The router's Node code cuts the same way."""
        ids = [self.cls_id] + self.tokenize_ids(text) + [self.sep_id]
        if len(ids) <= self.max_length:
            return ids
        head = self.max_length // 2
        return ids[:head] + ids[len(ids) - (self.max_length - head):]

    def tokens(self, ids: list[int]) -> list[str]:
        return [self.vocab[i] for i in ids]


def train_vocab(texts, vocab_size: int, min_char_freq: int = 3, max_alphabet: int = 1500, log=print) -> list[str]:
    """WordPiece vocabulary learned by BPE-style merges over word-internal symbols, the way the HF
    WordPiece trainer does it: non-initial symbols carry the '##' prefix, and the most frequent
    adjacent pair is merged until the vocabulary is full."""
    word_counts: Counter = Counter()
    for t in texts:
        word_counts.update(pre_tokenize(normalize(t)))

    char_counts: Counter = Counter()
    for w, c in word_counts.items():
        for ch in w:
            char_counts[ch] += c
    alphabet = [ch for ch, c in char_counts.most_common(max_alphabet) if c >= min_char_freq]
    alpha_set = set(alphabet)

    vocab = list(SPECIAL_TOKENS)
    seen = set(vocab)

    def add(tok):
        if tok not in seen:
            seen.add(tok)
            vocab.append(tok)

    for ch in alphabet:
        add(ch)
    for ch in alphabet:
        # Punctuation and CJK are always single-character words, so their '##' forms would be wasted.
        if not _is_punctuation(ch) and not _is_chinese_char(ord(ch)):
            add(PREFIX + ch)

    # Words are symbol lists; words with out-of-alphabet characters cannot be built and are skipped.
    words, counts = [], []
    for w, c in word_counts.items():
        if len(w) < 2 or len(w) > MAX_INPUT_CHARS_PER_WORD or any(ch not in alpha_set for ch in w):
            continue
        words.append([w[0]] + [PREFIX + ch for ch in w[1:]])
        counts.append(c)

    pair_counts: defaultdict = defaultdict(int)
    pair_words: defaultdict = defaultdict(set)
    for wi, syms in enumerate(words):
        for a, b in zip(syms, syms[1:]):
            pair_counts[(a, b)] += counts[wi]
            pair_words[(a, b)].add(wi)
    heap = [(-c, p) for p, c in pair_counts.items()]
    heapq.heapify(heap)

    def merged(a, b):
        return a + (b[len(PREFIX):] if b.startswith(PREFIX) else b)

    while len(vocab) < vocab_size and heap:
        negc, pair = heapq.heappop(heap)
        if pair_counts.get(pair, 0) != -negc or -negc <= 0:
            continue  # stale heap entry
        a, b = pair
        new_sym = merged(a, b)
        add(new_sym)
        for wi in list(pair_words[pair]):
            syms = words[wi]
            c = counts[wi]
            i, changed = 0, False
            out = []
            while i < len(syms):
                if i + 1 < len(syms) and syms[i] == a and syms[i + 1] == b:
                    out.append(new_sym)
                    i += 2
                    changed = True
                else:
                    out.append(syms[i])
                    i += 1
            if not changed:
                continue
            touched = set()
            for x, y in zip(syms, syms[1:]):
                pair_counts[(x, y)] -= c
                touched.add((x, y))
            for x, y in zip(out, out[1:]):
                pair_counts[(x, y)] += c
                pair_words[(x, y)].add(wi)
                touched.add((x, y))
            words[wi] = out
            for p in touched:
                if pair_counts[p] > 0:
                    heapq.heappush(heap, (-pair_counts[p], p))
        pair_counts.pop(pair, None)
        pair_words.pop(pair, None)
    log(f"vocab: {len(vocab)} tokens ({len(alphabet)} characters, {len(word_counts)} distinct words)")
    return vocab


def tokenizer_json(vocab: list[str]) -> dict:
    special = [
        {"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False, "normalized": False, "special": True}
        for i, t in enumerate(vocab)
        if t in SPECIAL_TOKENS
    ]
    ids = {t: i for i, t in enumerate(vocab)}
    return {
        "version": "1.0",
        "truncation": None,  # long inputs keep their first and last halves, cut outside the tokenizer (see encode)
        "padding": None,
        "added_tokens": special,
        "normalizer": {
            "type": "BertNormalizer",
            "clean_text": True,
            "handle_chinese_chars": True,
            "strip_accents": None,
            "lowercase": True,
        },
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [
                {"SpecialToken": {"id": CLS, "type_id": 0}},
                {"Sequence": {"id": "A", "type_id": 0}},
                {"SpecialToken": {"id": SEP, "type_id": 0}},
            ],
            "pair": [
                {"SpecialToken": {"id": CLS, "type_id": 0}},
                {"Sequence": {"id": "A", "type_id": 0}},
                {"SpecialToken": {"id": SEP, "type_id": 0}},
                {"Sequence": {"id": "B", "type_id": 1}},
                {"SpecialToken": {"id": SEP, "type_id": 1}},
            ],
            "special_tokens": {
                t: {"id": t, "ids": [ids[t]], "tokens": [t]} for t in (CLS, SEP)
            },
        },
        "decoder": {"type": "WordPiece", "prefix": PREFIX, "cleanup": True},
        "model": {
            "type": "WordPiece",
            "unk_token": UNK,
            "continuing_subword_prefix": PREFIX,
            "max_input_chars_per_word": MAX_INPUT_CHARS_PER_WORD,
            "vocab": ids,
        },
    }


def tokenizer_config(max_length: int) -> dict:
    return {
        "tokenizer_class": "BertTokenizer",
        "model_max_length": max_length,
        "do_lower_case": True,
        "strip_accents": None,
        "tokenize_chinese_chars": True,
        "clean_up_tokenization_spaces": True,
        "padding_side": "right",
        "truncation_side": "right",
        "pad_token": PAD,
        "unk_token": UNK,
        "cls_token": CLS,
        "sep_token": SEP,
        "mask_token": MASK,
    }


def save_tokenizer(vocab: list[str], max_length: int, out_dir: str) -> None:
    with open(f"{out_dir}/tokenizer.json", "w", encoding="utf-8") as f:
        json.dump(tokenizer_json(vocab), f, ensure_ascii=False)
    with open(f"{out_dir}/tokenizer_config.json", "w", encoding="utf-8") as f:
        json.dump(tokenizer_config(max_length), f, ensure_ascii=False, indent=2)
    with open(f"{out_dir}/vocab.txt", "w", encoding="utf-8") as f:
        f.write("\n".join(vocab) + "\n")
