"""Strings for the Node parity test: hand-picked tokenizer edge cases plus a sample of real prompts."""

from __future__ import annotations

EDGE_CASES = [
    "hi",
    "",
    "   ",
    "Héllo wörld! Ça va? Ñandú, façade, naïve, coöperate, Ångström",
    "İstanbul'da ΣΊΣΥΦΟΣ ΟΔΥΣΣΕΎΣ, straße, ǅemal, ﬁne ﬂow",
    "你好，请把这句话翻译成英文：我今天很开心。",
    "日本語の文章を英語に翻訳してください：東京は大きい都市です。",
    "한국어로 번역해 주세요: good morning",
    "Переведи на английский: Я люблю программировать.",
    "ترجم هذه الجملة إلى الإنجليزية: أنا أحب القهوة",
    "हिंदी में अनुवाद करें: how are you?",
    "สวัสดีครับ วันนี้อากาศดีมาก",
    "😀😂 lol what's up?? 🙃👍🏽 👨‍👩‍👧‍👦 family emoji",
    "hi😀there, emoji🎉inside words",
    "def foo(x):\n    return x**2 + 1  # square plus one\n\nprint(foo(3))",
    "SELECT name, COUNT(*) FROM users WHERE age >= 18 GROUP BY name HAVING COUNT(*) > 1;",
    "const f = (a, b) => a?.b ?? {...b, c: [1, 2, 3]}; // why undefined?",
    "regex for ^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$ plz",
    "Integrate x^2 e^x dx and show ∫ steps, also what's √2 ≈ 1.414?",
    "tabs\tand\nnewlines\r\nand\u00a0nbsp\u2003em-space\u3000ideographic",
    "zero\u200bwidth\u200djoiner\ufeffbom\u00adsoft-hyphen",
    "control\x01chars\x7f and \ufffd replacement",
    "Supercalifragilisticexpialidocious" * 4,
    "[CLS] what does [SEP] mean in BERT [MASK]?",
    "UPPERCASE PROMPT: WRITE A POEM ABOUT THE SEA",
    "𠀀𠀁 supplementary CJK and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 math letters 𝑥²",
    "Ｆｕｌｌｗｉｄｔｈ ｔｅｘｔ　ａｎｄ　ｋａｔａｋａｎａ ｶﾀｶﾅ",
    "a.b,c;d:e!f?g(h)i[j]k{l}m<n>o/p\\q|r~s`t@u#v$w%x^y&z*_+=-",
    "“Smart quotes” — em dash – en dash … ellipsis «guillemets» ¿qué? ¡sí!",
    "Ünïcödé ÀÉÎÕÜ àéîõü ÇĞİŞ çğış Łódź Żółć",
]


def _long_text(n_words: int) -> str:
    words = ("the quick brown fox jumps over the lazy dog while the committee reviews quarterly revenue "
             "figures and drafts a summary for stakeholders").split()
    return " ".join(words[i % len(words)] for i in range(n_words))


def reference_strings(val, dev, max_length, rng, n_sample=150):
    strings = list(EDGE_CASES)
    strings.append("Summarize this report: " + _long_text(400))
    strings.append(_long_text(max_length * 2) + "\n\nTranslate the above into German.")
    strings.append("Fix this code:\n" + "x = compute(a, b)\n" * 150)
    pool = [e["text"] for e in val] + [e["text"] for e in dev]
    long_ones = [t for t in pool if len(t) > 1200]
    strings.extend(rng.sample(long_ones, min(20, len(long_ones))))
    strings.extend(rng.sample(pool, n_sample))
    return strings
