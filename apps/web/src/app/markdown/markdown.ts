import { escapeHtml, highlight } from './highlight';

const FENCE = /^\s{0,3}(`{3,}|~{3,})\s*([\w+#.-]*)/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const LIST_ITEM = /^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$/;
const RULE = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;
const QUOTE = /^\s{0,3}>\s?(.*)$/;
const SAFE_URL = /^(https?:|mailto:|\/|#)/i;

/**
 * Renders inline markdown of one line group. Everything is escaped first, so only the tags added here can
 * reach the DOM; link targets must be http(s), mailto or relative.
 */
export function renderInline(text: string): string {
  const codeSpans: string[] = [];
  let html = escapeHtml(text).replace(/`([^`\n]+)`/g, (_, code: string) => {
    codeSpans.push(`<code>${code}</code>`);
    return `\uE000${codeSpans.length - 1}\uE000`;
  });
  html = html
    .replace(/\[([^\]\n]+)\]\(([^)\s]+)\)/g, (whole, label: string, url: string) => {
      const href = url.replace(/&amp;/g, '&');
      return SAFE_URL.test(href) ? `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${label}</a>` : whole;
    })
    .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '<strong>$2</strong>')
    .replace(/(^|[^*\w])\*(?=\S)([^*\n]*?\S)\*(?!\*)/g, '$1<em>$2</em>')
    .replace(/(^|[^_\w])_(?=\S)([^_\n]*?\S)_(?![_\w])/g, '$1<em>$2</em>');
  return html.replace(/\uE000(\d+)\uE000/g, (_, i: string) => codeSpans[Number(i)]);
}

function renderCode(lines: string[], lang: string): string {
  const cls = lang ? ` class="language-${escapeHtml(lang)}"` : '';
  return `<pre><code${cls}>${highlight(lines.join('\n'), lang)}</code></pre>`;
}

function renderList(lines: string[]): string {
  // A stack of open lists keyed by indentation gives nesting without a full CommonMark parser.
  const stack: { indent: number; tag: 'ul' | 'ol' }[] = [];
  let html = '';
  let itemOpen = false;
  for (const line of lines) {
    const match = LIST_ITEM.exec(line);
    if (!match) {
      if (itemOpen) html += ' ' + renderInline(line.trim());
      continue;
    }
    const indent = match[1].length;
    const ordered = /\d/.test(match[2]);
    while (stack.length && indent < stack[stack.length - 1].indent) html += `</li></${stack.pop()?.tag}>`;
    const top = stack[stack.length - 1];
    if (!top || indent > top.indent) {
      const tag = ordered ? 'ol' : 'ul';
      const start = ordered && parseInt(match[2], 10) !== 1 ? ` start="${parseInt(match[2], 10)}"` : '';
      html += `<${tag}${start}>`;
      stack.push({ indent, tag });
    } else if (itemOpen) {
      html += '</li>';
    }
    html += `<li>${renderInline(match[3])}`;
    itemOpen = true;
  }
  while (stack.length) html += `</li></${stack.pop()?.tag}>`;
  return html;
}

/**
 * Renders one block: a fenced code block, or a run of lines without blank lines between them.
 * An unclosed fence renders what has arrived so far, which is what a streaming answer needs.
 */
export function renderBlock(source: string): string {
  const lines = source.replace(/\n+$/, '').split('\n');
  const fence = FENCE.exec(lines[0]);
  if (fence) {
    const body = lines.slice(1);
    const closeAt = body.findIndex((line) => line.trim().startsWith(fence[1]));
    return renderCode(closeAt === -1 ? body : body.slice(0, closeAt), fence[2]);
  }
  let html = '';
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    const heading = HEADING.exec(line);
    if (heading) {
      html += `<h${heading[1].length}>${renderInline(heading[2])}</h${heading[1].length}>`;
      i += 1;
    } else if (RULE.test(line)) {
      html += '<hr>';
      i += 1;
    } else if (QUOTE.test(line)) {
      const quoted: string[] = [];
      for (let m = QUOTE.exec(lines[i]); i < lines.length && m; m = QUOTE.exec(lines[++i] ?? '')) quoted.push(m[1]);
      html += `<blockquote>${renderBlock(quoted.join('\n'))}</blockquote>`;
    } else if (LIST_ITEM.test(line)) {
      const start = i;
      while (i < lines.length && !HEADING.test(lines[i]) && !(RULE.test(lines[i]) && !LIST_ITEM.test(lines[i]))) i += 1;
      html += renderList(lines.slice(start, i));
    } else {
      const start = i;
      while (i < lines.length && !HEADING.test(lines[i]) && !LIST_ITEM.test(lines[i]) && !QUOTE.test(lines[i]) && !RULE.test(lines[i])) i += 1;
      html += `<p>${lines.slice(start, i).map(renderInline).join('<br>')}</p>`;
    }
  }
  return html;
}

/** Splits markdown into blocks: fenced code blocks, and groups of lines separated by blank lines. */
export function splitBlocks(text: string): string[] {
  const splitter = new BlockSplitter();
  const blocks = splitter.feed(text, true);
  return blocks;
}

/**
 * Finds block boundaries incrementally: `feed` scans only whole lines not seen before and returns the blocks
 * that can no longer change. With `final` the unfinished remainder counts as a block too.
 */
export class BlockSplitter {
  private scanned = 0;
  private blockStart = 0;
  private fence: string | null = null;

  feed(text: string, final = false): string[] {
    const done: string[] = [];
    const close = (end: number) => {
      const block = text.slice(this.blockStart, end);
      if (block.trim()) done.push(block);
      this.blockStart = end;
    };
    for (let newline = text.indexOf('\n', this.scanned); newline !== -1; newline = text.indexOf('\n', this.scanned)) {
      const lineStart = this.scanned;
      const line = text.slice(lineStart, newline);
      this.scanned = newline + 1;
      if (this.fence) {
        if (line.trim().startsWith(this.fence)) {
          this.fence = null;
          close(this.scanned);
        }
        continue;
      }
      const fence = FENCE.exec(line);
      if (fence) {
        close(lineStart);
        this.fence = fence[1];
      } else if (!line.trim()) {
        close(this.scanned);
      }
    }
    if (final) close(text.length);
    return done;
  }

  /** Where the text that is not yet a finished block starts. */
  get openFrom(): number {
    return this.blockStart;
  }
}

/** Renders a whole document in one go; the naive render mode and one-off views use it. */
export function renderMarkdown(text: string): string {
  return splitBlocks(text).map(renderBlock).join('');
}
