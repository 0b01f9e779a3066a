import { IncrementalMarkdown } from './incremental';
import { renderBlock, renderInline, renderMarkdown, splitBlocks } from './markdown';
import { highlight } from './highlight';

describe('markdown renderer', () => {
  it('escapes HTML so model output can never inject markup', () => {
    expect(renderMarkdown('<img src=x onerror=alert(1)> & "q"')).toBe('<p>&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot;</p>');
    expect(renderMarkdown('```html\n<script>alert(1)</script>\n```')).not.toContain('<script>');
  });

  it('renders headings, paragraphs, emphasis, inline code and safe links', () => {
    expect(renderMarkdown('## Title\nSome **bold**, *italic* and `a<b` [docs](https://x.dev/a?b=1&c=2).')).toBe(
      '<h2>Title</h2><p>Some <strong>bold</strong>, <em>italic</em> and <code>a&lt;b</code> ' +
        '<a href="https://x.dev/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">docs</a>.</p>',
    );
  });

  it('leaves links with unsafe schemes as text', () => {
    expect(renderInline('[x](javascript:alert(1))')).not.toContain('<a');
  });

  it('renders nested and ordered lists', () => {
    expect(renderBlock('- a\n  - b\n- c')).toBe('<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>');
    expect(renderBlock('3. three\n4. four')).toBe('<ol start="3"><li>three</li><li>four</li></ol>');
  });

  it('highlights keywords, strings, numbers and comments in fenced code', () => {
    const html = renderMarkdown('```ts\nconst x = "hi"; // note\nreturn 42;\n```');
    expect(html).toContain('<pre><code class="language-ts">');
    expect(html).toContain('<span class="tok-k">const</span>');
    expect(html).toContain('<span class="tok-s">&quot;hi&quot;</span>');
    expect(html).toContain('<span class="tok-c">// note</span>');
    expect(html).toContain('<span class="tok-n">42</span>');
    expect(highlight('# comment\nx = 1', 'python')).toContain('<span class="tok-c"># comment</span>');
  });

  it('splits on blank lines and around fences, keeping blank lines inside code', () => {
    expect(splitBlocks('para one\n\nIntro:\n```js\na\n\nb\n```\nafter')).toEqual(['para one\n\n', 'Intro:\n', '```js\na\n\nb\n```\n', 'after']);
  });

  it('renders an unclosed fence as code while it streams', () => {
    expect(renderBlock('```py\nprint(1)')).toBe('<pre><code class="language-py">print(<span class="tok-n">1</span>)</code></pre>');
  });
});

describe(IncrementalMarkdown.name, () => {
  it('renders finished blocks once and reuses them while only the tail changes', () => {
    const md = new IncrementalMarkdown();
    const first = md.update('# Head\n\nGrowing par');
    const second = md.update('# Head\n\nGrowing paragraph');
    expect(second[0]).toBe(first[0]);
    expect(second[1].html).toBe('<p>Growing paragraph</p>');
  });

  it('produces the same HTML as rendering the whole text at once, however the text arrives', () => {
    const text = 'Intro **x**\n\n- a\n- b\n\n```js\nlet a = 1;\n\nfoo();\n```\nDone.\n';
    const md = new IncrementalMarkdown();
    let blocks = md.update('');
    for (let i = 1; i <= text.length; i += 3) blocks = md.update(text.slice(0, i));
    blocks = md.update(text);
    expect(blocks.map((b) => b.html).join('')).toBe(renderMarkdown(text));
  });

  it('starts over when the text is replaced rather than extended', () => {
    const md = new IncrementalMarkdown();
    md.update('old\n\nstuff');
    expect(md.update('new').map((b) => b.html)).toEqual(['<p>new</p>']);
  });
});
