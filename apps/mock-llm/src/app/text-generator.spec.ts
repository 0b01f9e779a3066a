import { MODEL_PROFILES } from './profiles';
import { countPromptTokens, extractTerms, generateAnswer, looksLikeCode, tokenize } from './text-generator';

const question = [
  { role: 'system', content: 'You are a helpful assistant.' },
  { role: 'user', content: 'How should I invalidate a Redis cache when PostgreSQL rows change?' },
];

describe(generateAnswer.name, () => {
  it('returns identical tokens for the same model and conversation', () => {
    expect(generateAnswer('sim-balanced', question)).toEqual(generateAnswer('sim-balanced', question));
  });

  it('answers differently for another model or another conversation', () => {
    const base = generateAnswer('sim-balanced', question).contentTokens.join('');
    const otherModel = generateAnswer('sim-fast', question).contentTokens.join('');
    const otherPrompt = generateAnswer('sim-balanced', [{ role: 'user', content: 'Explain Kafka consumer groups.' }]);
    expect(otherModel).not.toEqual(base);
    expect(otherPrompt.contentTokens.join('')).not.toEqual(base);
  });

  it('mentions words of the prompt in a multi-paragraph answer', () => {
    const text = generateAnswer('sim-balanced', question).contentTokens.join('');
    expect(text).toMatch(/Redis|cache|PostgreSQL|invalidate|rows|change/);
    expect(text.split('\n\n').length).toBeGreaterThanOrEqual(3);
    expect(text).not.toMatch(/lorem|ipsum|\{[A-Z]\w*\}/i);
  });

  it('always includes a fenced code block with a language for sim-coder', () => {
    for (const topic of ['a date parser', 'rate limiting', 'sorting users by signup date']) {
      const text = generateAnswer('sim-coder', [{ role: 'user', content: `Help with ${topic}` }]).contentTokens.join('');
      expect(text).toMatch(/```[a-z]+\n[\s\S]+\n```/);
    }
  });

  it('answers a code-looking prompt with code in the language it mentions', () => {
    const text = generateAnswer('sim-fast', [{ role: 'user', content: 'Fix this python function: def load(rows): return rows[0]' }])
      .contentTokens.join('');
    expect(text).toContain('```python\n');
  });

  it('keeps an unbounded answer near the profile length and ends it with stop', () => {
    const answer = generateAnswer('sim-balanced', question);
    expect(answer.finishReason).toBe('stop');
    expect(answer.contentTokens.length).toBeGreaterThan(MODEL_PROFILES['sim-balanced'].maxAnswerTokens * 0.5);
    expect(answer.contentTokens.length).toBeLessThan(MODEL_PROFILES['sim-balanced'].maxAnswerTokens * 1.6);
  });

  it('truncates to max tokens with finish reason length', () => {
    const full = generateAnswer('sim-balanced', question);
    const cut = generateAnswer('sim-balanced', question, { maxTokens: 7 });
    expect(cut.finishReason).toBe('length');
    expect(cut.contentTokens).toEqual(full.contentTokens.slice(0, 7));
    expect(cut.usage.completion_tokens).toBe(7);
  });

  it('produces reasoning for sim-reasoner and counts it inside completion tokens', () => {
    const answer = generateAnswer('sim-reasoner', question);
    expect(answer.reasoningTokens.length).toBeGreaterThanOrEqual(MODEL_PROFILES['sim-reasoner'].reasoningTokens);
    expect(answer.reasoningTokens.length).toBeLessThan(MODEL_PROFILES['sim-reasoner'].reasoningTokens + 30);
    expect(answer.usage.completion_tokens_details.reasoning_tokens).toBe(answer.reasoningTokens.length);
    expect(answer.usage.completion_tokens).toBe(answer.reasoningTokens.length + answer.contentTokens.length);
    expect(answer.usage.total_tokens).toBe(answer.usage.prompt_tokens + answer.usage.completion_tokens);
  });

  it('spends a small max tokens budget on reasoning first, like OpenAI reasoning models', () => {
    const answer = generateAnswer('sim-reasoner', question, { maxTokens: 10 });
    expect(answer.reasoningTokens).toHaveLength(10);
    expect(answer.contentTokens).toHaveLength(0);
    expect(answer.finishReason).toBe('length');
  });

  it('uses the given profile shape over the built-in one', () => {
    const long = generateAnswer('custom', question, { profile: { style: 'detailed', reasoningTokens: 0, maxAnswerTokens: 2000 } });
    expect(long.contentTokens.length).toBeGreaterThan(1400);
    expect(long.contentTokens.join('')).toContain('### ');
  });

  it('reads text out of content parts', () => {
    const parts = [{ role: 'user', content: [{ type: 'text', text: 'Compare Terraform and Pulumi' }] }];
    expect(generateAnswer('sim-fast', parts).contentTokens.join('')).toMatch(/terraform|pulumi/i);
  });
});

describe(tokenize.name, () => {
  it('splits into words with their leading space, punctuation and newlines that join back exactly', () => {
    const text = 'Hello, world!\n\n```ts\nconst x = 1;\n```\n  - **Bold** item\té café 🚀 done.';
    const tokens = tokenize(text);
    expect(tokens.join('')).toBe(text);
    expect(tokens.slice(0, 4)).toEqual(['Hello', ',', ' world', '!']);
    expect(tokens).toContain('\n');
    expect(tokens).toContain(' 🚀');
  });

  it('round-trips every generated answer', () => {
    for (const model of Object.keys(MODEL_PROFILES)) {
      const answer = generateAnswer(model, question);
      const text = answer.contentTokens.join('');
      expect(tokenize(text)).toEqual(answer.contentTokens);
    }
  });
});

describe(countPromptTokens.name, () => {
  it('counts about 1.3 tokens per word across all messages', () => {
    expect(countPromptTokens([{ role: 'user', content: 'one two three four five six seven eight nine ten' }])).toBe(13);
    expect(countPromptTokens([{ role: 'user', content: '' }])).toBe(1);
  });
});

describe(extractTerms.name, () => {
  it('keeps topical words, drops stopwords and keeps the casing of names', () => {
    expect(extractTerms('How do I use TypeScript generics with the API?').keywords).toEqual(['TypeScript', 'generics', 'API']);
    expect(extractTerms('Should I invalidate a Redis cache?').keywords).toEqual(['invalidate', 'Redis', 'cache']);
  });

  it('takes the first run of adjacent keywords as the topic', () => {
    expect(extractTerms('Explain Kafka consumer groups to me.').topic).toBe('Kafka consumer groups');
    expect(extractTerms('Why recursion?').topic).toBe('recursion');
  });
});

describe(looksLikeCode.name, () => {
  it('recognises code and requests for code but not plain questions', () => {
    expect(looksLikeCode('const a = () => 1;')).toBe(true);
    expect(looksLikeCode('Write a function that sums a list')).toBe(true);
    expect(looksLikeCode('What is the capital of France?')).toBe(false);
  });
});
