import {
  ADJECTIVES, BULLETS, CLOSERS, CODE_INTROS, CODE_TEMPLATES, CodeLanguage, CodeNames, FALLBACK_KEYWORDS, HEADINGS,
  HOW_IT_WORKS, LANGUAGE_HINTS, LIST_INTROS, NOUNS, OPENERS, REASONING, SENTENCES, STOPWORDS, VERBS,
} from './answer-templates';
import { MODEL_PROFILES, ModelProfile } from './profiles';
import { between, Deck, hashString, mulberry32, pick, Random } from './prng';

/** The part of an OpenAI chat message the simulator reads. */
export interface ChatMessageInput {
  role: string;
  content?: string | ReadonlyArray<{ type: string; text?: string }> | null;
}

/** OpenAI's `usage` object, reasoning counted inside `completion_tokens` as OpenAI does. */
export interface CompletionUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
  completion_tokens_details: { reasoning_tokens: number };
}

export type FinishReason = 'stop' | 'length';

export interface GeneratedAnswer {
  reasoningTokens: string[];
  contentTokens: string[];
  finishReason: FinishReason;
  usage: CompletionUsage;
  /** Seed of the conversation, reused for timing jitter so a replayed request also replays its pacing. */
  seed: number;
}

export type AnswerShape = Pick<ModelProfile, 'style' | 'reasoningTokens' | 'maxAnswerTokens'>;

export interface GenerateOptions {
  /** `max_tokens` / `max_completion_tokens`; spans reasoning and content, as OpenAI's does. */
  maxTokens?: number;
  /** Defaults to the built-in profile of `modelId`, or `sim-balanced`'s shape for unknown ids. */
  profile?: AnswerShape;
}

/**
 * Words keep their leading whitespace and are cut every 10 characters, punctuation stands alone and every
 * newline is its own token: close enough to BPE for pacing and counts, and joining the tokens gives back the text.
 */
const TOKEN_PATTERN = /\n|[^\S\n]*[A-Za-z0-9]{1,10}|[^\S\n]*[^A-Za-z0-9\s]|[^\S\n]+/gu;

export function tokenize(text: string): string[] {
  return text.match(TOKEN_PATTERN) ?? [];
}

export function messageText(content: ChatMessageInput['content']): string {
  if (typeof content === 'string') return content;
  if (!content) return '';
  return content.map((part) => (typeof part.text === 'string' ? part.text : '')).join('\n');
}

/** Roughly 1.3 tokens per word, like English under common BPE vocabularies. */
export function countPromptTokens(messages: readonly ChatMessageInput[]): number {
  let words = 0;
  for (const message of messages) words += messageText(message.content).split(/\s+/).filter(Boolean).length;
  return Math.max(1, Math.round(words * 1.3));
}

interface NaturalAnswer {
  reasoning: string[];
  content: string[];
  seed: number;
}

/** Benchmarks fire the same prompt many times; composing a long answer once is enough. */
const naturalAnswers = new Map<string, NaturalAnswer>();
const NATURAL_ANSWER_CACHE_SIZE = 64;

/**
 * The complete answer a model gives to a conversation. Pure: the same model id and messages
 * always produce the same tokens, so streaming and non-streaming agree and tests can replay.
 */
export function generateAnswer(
  modelId: string,
  messages: readonly ChatMessageInput[],
  options: GenerateOptions = {},
): GeneratedAnswer {
  const shape = options.profile ?? MODEL_PROFILES[modelId] ?? MODEL_PROFILES['sim-balanced'];
  const natural = naturalAnswer(modelId, messages, shape);

  let budget = options.maxTokens ?? Number.POSITIVE_INFINITY;
  const reasoningTokens = natural.reasoning.slice(0, budget);
  budget -= reasoningTokens.length;
  const contentTokens = natural.content.slice(0, Math.max(0, budget));
  const truncated = reasoningTokens.length < natural.reasoning.length || contentTokens.length < natural.content.length;

  const promptTokens = countPromptTokens(messages);
  const completionTokens = reasoningTokens.length + contentTokens.length;
  return {
    reasoningTokens,
    contentTokens,
    finishReason: truncated ? 'length' : 'stop',
    seed: natural.seed,
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: reasoningTokens.length },
    },
  };
}

function naturalAnswer(modelId: string, messages: readonly ChatMessageInput[], shape: AnswerShape): NaturalAnswer {
  const conversation = JSON.stringify(messages.map((m) => [m.role, messageText(m.content)]));
  const key = `${modelId}\u0000${shape.style}\u0000${shape.maxAnswerTokens}\u0000${shape.reasoningTokens}\u0000${conversation}`;
  const cached = naturalAnswers.get(key);
  if (cached) return cached;

  const seed = hashString(`${modelId}\u0000${conversation}`);
  const prompt = lastUserText(messages);
  const composer = new AnswerComposer(mulberry32(seed), prompt);
  const answer: NaturalAnswer = {
    seed,
    reasoning: shape.reasoningTokens > 0 ? tokenize(composer.reasoning(shape.reasoningTokens)) : [],
    content: tokenize(composer.answer(shape)),
  };

  if (naturalAnswers.size >= NATURAL_ANSWER_CACHE_SIZE) {
    const oldest = naturalAnswers.keys().next();
    if (!oldest.done) naturalAnswers.delete(oldest.value);
  }
  naturalAnswers.set(key, answer);
  return answer;
}

function lastUserText(messages: readonly ChatMessageInput[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i].role === 'user') return messageText(messages[i].content);
  }
  return messages.map((m) => messageText(m.content)).join('\n');
}

const WORD = /[A-Za-z\u00C0-\u024F][A-Za-z0-9\u00C0-\u024F_+#.-]*[A-Za-z0-9\u00C0-\u024F+#]/g;

export interface PromptTerms {
  /** Distinct topical words in prompt order. */
  keywords: string[];
  /** The first run of two or three adjacent keywords ("Redis cache"), else the first keyword. */
  topic: string | undefined;
}

export function extractTerms(prompt: string, limit = 10): PromptTerms {
  const keywords: string[] = [];
  const seen = new Set<string>();
  const runs: string[][] = [];
  let run: string[] = [];
  let lastEnd = -1;
  for (const match of prompt.matchAll(WORD)) {
    const word = match[0];
    const at = match.index ?? 0;
    const lower = word.toLowerCase();
    const stopword = word.length < 3 || STOPWORDS.has(lower);
    const adjacent = lastEnd >= 0 && /^[ \t]+$/.test(prompt.slice(lastEnd, at));
    lastEnd = at + word.length;
    if (stopword || !adjacent) {
      if (run.length > 0) runs.push(run);
      run = [];
    }
    if (stopword) continue;
    const shown = displayCase(word, prompt, at);
    run.push(shown);
    if (!seen.has(lower) && keywords.length < limit) {
      seen.add(lower);
      keywords.push(shown);
    }
  }
  if (run.length > 0) runs.push(run);
  const phrase = runs.find((words) => words.length >= 2);
  return { keywords, topic: phrase ? phrase.slice(0, 3).join(' ') : keywords[0] };
}

/** Names (Redis, TypeScript, API) keep their casing; ordinary words, and capitals that only open a sentence, do not. */
function displayCase(word: string, text: string, at: number): string {
  if (/[A-Z]/.test(word.slice(1))) return word;
  if (!/^[A-Z\u00C0-\u00DE]/.test(word)) return word;
  const before = text.slice(0, at).trimEnd();
  return before === '' || /[.!?:\n]$/.test(before) ? word.toLowerCase() : word;
}

const CODE_SHAPE = /```|=>|\bfunction\b|\bdef\s+\w+\(|\bclass\s+\w+|;\s*$|\{\s*$|^\s*import\s|\bSELECT\b.+\bFROM\b|#include|console\.log/m;
const CODE_WORDS = /\b(code|function|snippet|implement|implementation|regex|script|query|compile|refactor|bug|stack trace)\b/i;

export function looksLikeCode(prompt: string): boolean {
  return CODE_SHAPE.test(prompt) || CODE_WORDS.test(prompt);
}

type SectionKind = 'paragraph' | 'list' | 'code' | 'how-it-works' | 'headed-paragraph' | 'headed-list';

const SECTION_PLANS: Record<AnswerShape['style'], SectionKind[]> = {
  concise: ['paragraph', 'list', 'paragraph'],
  balanced: ['paragraph', 'list', 'paragraph', 'list'],
  detailed: ['paragraph', 'headed-list', 'headed-paragraph', 'headed-list', 'headed-paragraph'],
  code: ['code', 'how-it-works', 'paragraph', 'list'],
};

/** Fills phrase templates with words of the prompt, drawing every choice from one seeded PRNG. */
class AnswerComposer {
  private readonly keywords: string[];
  private readonly topic: string;
  private readonly sentences: Deck<string>;
  private readonly bullets: Deck<string>;

  constructor(
    private readonly random: Random,
    private readonly prompt: string,
  ) {
    const terms = extractTerms(prompt);
    this.keywords = terms.keywords.length > 0 ? terms.keywords : [...FALLBACK_KEYWORDS];
    this.topic = terms.topic ?? this.keywords[0];
    this.sentences = new Deck(SENTENCES, random);
    this.bullets = new Deck(BULLETS, random);
  }

  answer(shape: AnswerShape): string {
    const target = Math.round(shape.maxAnswerTokens * (0.7 + 0.3 * this.random()));
    const wantsCode = shape.style === 'code' || looksLikeCode(this.prompt) || this.random() < 0.15;
    const plan = [...SECTION_PLANS[shape.style]];
    // Code goes first so that even a short answer, or one cut by max_tokens, shows it.
    if (wantsCode && !plan.includes('code')) plan.unshift('code');

    const parts = [this.fill(pick(this.random, OPENERS))];
    let tokens = tokenize(parts[0]).length;
    // The closer costs about 20 tokens; stopping short of the target leaves room for it.
    for (let i = 0; tokens < target - 20 || i < 1; i++) {
      const section = this.section(plan[i % plan.length]);
      parts.push(section);
      tokens += tokenize(section).length + 2;
    }
    parts.push(this.fill(pick(this.random, CLOSERS)));
    return parts.join('\n\n');
  }

  reasoning(targetTokens: number): string {
    const [opening, ...rest] = REASONING;
    const deck = new Deck(rest, this.random);
    const sentences = [this.fill(opening)];
    let tokens = tokenize(sentences[0]).length;
    while (tokens < targetTokens) {
      const sentence = this.fill(deck.draw());
      sentences.push(sentence);
      tokens += tokenize(sentence).length + 1;
    }
    return sentences.join(' ');
  }

  private section(kind: SectionKind): string {
    switch (kind) {
      case 'paragraph':
        return this.paragraph();
      case 'list':
        return `${this.fill(pick(this.random, LIST_INTROS))}\n\n${this.list()}`;
      case 'code':
        return this.codeBlock();
      case 'how-it-works':
        return `How it works:\n\n${this.pickDistinct(HOW_IT_WORKS, 3).map((line) => `- ${this.fill(line)}`).join('\n')}`;
      case 'headed-paragraph':
        return `${this.fill(pick(this.random, HEADINGS))}\n\n${this.paragraph()}`;
      case 'headed-list':
        return `${this.fill(pick(this.random, HEADINGS))}\n\n${this.list()}`;
    }
  }

  private paragraph(): string {
    const count = between(this.random, 2, 4);
    return Array.from({ length: count }, () => this.fill(this.sentences.draw())).join(' ');
  }

  private list(): string {
    const numbered = this.random() < 0.4;
    const count = between(this.random, 3, 5);
    return Array.from({ length: count }, (_, i) => `${numbered ? `${i + 1}.` : '-'} ${this.fill(this.bullets.draw())}`).join(
      '\n',
    );
  }

  private codeBlock(): string {
    const language = this.language();
    const code = pick(this.random, CODE_TEMPLATES[language])(this.codeNames());
    return `${pick(this.random, CODE_INTROS)}\n\n\`\`\`${language}\n${code}\n\`\`\``;
  }

  private language(): CodeLanguage {
    for (const [language, hint] of LANGUAGE_HINTS) if (hint.test(this.prompt)) return language;
    return pick(this.random, ['typescript', 'python', 'typescript', 'bash', 'sql'] as const);
  }

  private codeNames(): CodeNames {
    // The topic's last word is usually its head noun ("cache" in "Redis cache"), the best name for data.
    const candidates = [this.topic.split(' ').pop() ?? '', ...this.keywords];
    const word = candidates.map((k) => k.toLowerCase().replace(/[^a-z]/g, '')).find((k) => k.length >= 3) ?? 'item';
    const noun = (word.length > 4 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word).slice(0, 16);
    const Type = noun[0].toUpperCase() + noun.slice(1);
    const verb = pick(this.random, ['process', 'collect', 'merge', 'load', 'normalize'] as const);
    return { noun, Type, fn: `${verb}${Type}`, snakeFn: `${verb}_${noun}` };
  }

  private pickDistinct<T>(items: readonly T[], count: number): T[] {
    const deck = new Deck(items, this.random);
    return Array.from({ length: Math.min(count, items.length) }, () => deck.draw());
  }

  private fill(template: string): string {
    const k = pick(this.random, this.keywords);
    const others = this.keywords.filter((word) => word !== k);
    const k2 = others.length > 0 ? pick(this.random, others) : k;
    const filled = template
      .replace(/\{T\}/g, this.topic)
      .replace(/\{Kc\}/g, capitalize(k))
      .replace(/\{K2c\}/g, capitalize(k2))
      .replace(/\{K\}/g, k)
      .replace(/\{K2\}/g, k2)
      .replace(/\{N\}/g, () => pick(this.random, NOUNS))
      .replace(/\{Vc\}/g, () => capitalize(pick(this.random, VERBS)))
      .replace(/\{V\}/g, () => pick(this.random, VERBS))
      .replace(/\{A\}/g, () => pick(this.random, ADJECTIVES))
      .replace(/\b([Aa]) (?=[aeiouAEIOU])/g, '$1n ')
      .replace(/([.!?] )([a-z])/g, (_, stop: string, letter: string) => stop + letter.toUpperCase());
    return capitalize(filled);
  }
}

function capitalize(text: string): string {
  return text.length === 0 ? text : text[0].toUpperCase() + text.slice(1);
}
