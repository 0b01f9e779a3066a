/** Keywords shared by the languages models write most (JS/TS, Python, Go, Rust, Java, C, shell, SQL). */
const KEYWORDS = new Set(
  (
    'abstract as async await break case catch class const continue def default defer del do elif else enum export ' +
    'extends false final finally fn for from func function go if impl import in interface is lambda let loop match mod ' +
    'new nil none not null of or and package pass private protected pub public raise return self static struct super ' +
    'switch this throw true try type typeof var void while with yield select where insert update delete create table ' +
    'into values echo fi then done esac None True False int float str bool string number boolean'
  ).split(' '),
);

const HASH_COMMENT_LANGS = new Set(['py', 'python', 'sh', 'bash', 'shell', 'zsh', 'rb', 'ruby', 'yaml', 'yml', 'toml', 'r']);

// One pass, longest constructs first: comments, strings, numbers, then words checked against the keyword set.
const SLASH_TOKENS = /(\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$))|("(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?|`(?:[^`\\]|\\.)*`?)|(\b\d[\d_]*(?:\.\d+)?\b)|([A-Za-z_$][\w$]*)/g;
const HASH_TOKENS = /(#[^\n]*)|("""[\s\S]*?(?:"""|$)|"(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?)|(\b\d[\d_]*(?:\.\d+)?\b)|([A-Za-z_$][\w$]*)/g;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escaped HTML of `code` with spans for comments, strings, numbers and keywords. */
export function highlight(code: string, lang: string): string {
  const pattern = HASH_COMMENT_LANGS.has(lang.toLowerCase()) ? HASH_TOKENS : SLASH_TOKENS;
  let html = '';
  let last = 0;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(code); match; match = pattern.exec(code)) {
    const [token, comment, str, num, word] = match;
    const kind = comment ? 'c' : str ? 's' : num ? 'n' : word && KEYWORDS.has(word) ? 'k' : null;
    if (!kind) continue;
    html += escapeHtml(code.slice(last, match.index)) + `<span class="tok-${kind}">${escapeHtml(token)}</span>`;
    last = match.index + token.length;
  }
  return html + escapeHtml(code.slice(last));
}
