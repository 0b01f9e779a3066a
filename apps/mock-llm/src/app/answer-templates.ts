/**
 * Phrase material for simulated answers. Slots: {T} topic, {K}/{K2} prompt keywords, {N} noun,
 * {V} verb, {A} adjective. Kept apart from the composition logic so wording can grow without
 * touching how answers are assembled.
 */

export const NOUNS = [
  'interface', 'trade-off', 'constraint', 'default', 'edge case', 'bottleneck', 'configuration', 'workflow',
  'dependency', 'cache', 'boundary', 'invariant', 'schema', 'pipeline', 'error path', 'baseline', 'test suite',
  'data model', 'failure mode', 'feedback loop',
] as const;

export const VERBS = [
  'measure', 'isolate', 'document', 'validate', 'simplify', 'cache', 'batch', 'profile', 'split', 'review',
  'version', 'monitor',
] as const;

export const ADJECTIVES = [
  'small', 'explicit', 'predictable', 'boring', 'cheap', 'stable', 'observable', 'reversible', 'incremental',
  'well-tested', 'simple', 'consistent',
] as const;

export const OPENERS = [
  'Here is a practical way to approach {T}.',
  'Good question. {T} mostly comes down to a few trade-offs.',
  'Short answer: start simple with {T}, then refine it once you can measure the result.',
  "Let's break {T} down into the parts that actually matter.",
  '{T} is easier to get right if you separate the decisions from the details.',
  'There are a couple of ways to handle {T}, and the right one depends on your constraints.',
  'The most reliable way to think about {T} is in terms of inputs, outputs and failure modes.',
  'Sure. Here is how I would tackle {T}.',
] as const;

export const SENTENCES = [
  'The key idea is that {K} should stay {A}, so every {N} around it remains easy to reason about.',
  'In practice, most problems with {K} come from an unclear {N} rather than from {K2} itself.',
  'A good first step is to {V} the {N} before changing anything else.',
  'If {K} sits on a hot path, {V} it once and reuse the result instead of recomputing it on every call.',
  'Keep the {N} {A}; it pays off the first time {K2} changes.',
  'It helps to write down what "done" means for {K}, because that decides which {N} matters most.',
  'Once that is in place, {V} the {N} and compare it against a {A} baseline.',
  'This keeps {K} {A} without hiding the {N} from whoever maintains it next.',
  'There is rarely a single right answer, but the {A} option usually survives contact with production.',
  'Watch the {N} closely: it is the usual source of surprises with {K}.',
  'Treat {K2} as a separate concern from {K}, even if they look related at first.',
  'You can always add sophistication later, but removing it from a {N} is much harder.',
  'A {A} {N} also makes it easier to explain {K} to the rest of the team.',
  'Measure before and after each change, otherwise improvements to {K} are mostly guesswork.',
  'When {K} and {K2} disagree, prefer the behaviour that is easiest to observe and roll back.',
  'Most teams underestimate the {N}, so budget time for it explicitly.',
  'If you only change one thing, {V} the {N} around {K}.',
  'The same reasoning applies to {K2}, with one caveat: its {N} tends to be less forgiving.',
] as const;

export const LIST_INTROS = [
  'A few things to keep in mind:',
  'Here is how I would do it:',
  'The main options are:',
  'Concretely:',
  'In order of impact:',
  'A reasonable checklist:',
] as const;

export const BULLETS = [
  '**{Kc}**: keep it {A} and {V} it early.',
  '**The {N}**: decide it up front, because {K} depends on it.',
  '{Vc} the {N} so that {K} stays {A}.',
  'Prefer a {A} {N} over a clever one.',
  'Add a test for the {N} that covers {K2}.',
  '**{K2c}**: revisit it once you have real numbers.',
  'Log enough about {K} to debug the {N} later.',
  'Make the {N} explicit instead of relying on defaults.',
  'Keep {K} and {K2} behind a {A} {N}.',
  'Write down the {N} you chose and why.',
] as const;

export const HEADINGS = [
  '### {Kc} in practice',
  '### Choosing a {N}',
  '### Common pitfalls',
  '### How {K2} fits in',
  '### A {A} starting point',
  '### Trade-offs',
] as const;

export const CODE_INTROS = [
  'Here is a minimal example:',
  'A small, self-contained version looks like this:',
  'For example:',
  'This is the shape I would start from:',
] as const;

export const HOW_IT_WORKS = [
  'The function has no hidden state, so it is easy to test in isolation.',
  'Inputs are validated at the edge, and everything after that can trust them.',
  'The loop runs once over the input, so the cost grows linearly with {K}.',
  'Errors surface to the caller instead of being swallowed.',
  'Names follow the domain ({K}), which keeps the intent readable.',
  'It is deliberately {A}; extend it only when a real case needs it.',
] as const;

export const CLOSERS = [
  'If you share more about your setup, I can tailor this to your {K}.',
  'Start with the first step, measure, and only then reach for the more advanced options.',
  'That should give you a solid, {A} starting point for {T}.',
  'Happy to go deeper on any of these points.',
  'In short: keep {K} {A}, measure, and iterate.',
  'Let me know which constraint matters most and I can refine the recommendation.',
] as const;

export const REASONING = [
  'Okay, the user is asking about {T}.',
  'Let me think about what matters most here: probably the {N} and how {K} interacts with it.',
  'I should lead with a {A} default, then explain the trade-offs.',
  'A short list might be clearer than one long paragraph.',
  'Wait, I should also mention the {N}, since that is a common pitfall with {K}.',
  'Is {K2} relevant? It seems related, so I will touch on it briefly.',
  'They probably want something practical rather than a survey of every option.',
  'Let me double-check that the advice about {K} still holds when the {N} changes.',
  'Alright, I will structure the answer as an overview, a few concrete steps and a closing note.',
] as const;

export const FALLBACK_KEYWORDS = ['the setup', 'the approach', 'the data', 'the system'] as const;

export const STOPWORDS = new Set(
  (
    'the and for with that this what how why when where which who whom can could would should will your you are was ' +
    'were have has had from into about there their them they then than does did not but all any some use using get ' +
    'make please tell explain give show want need like just also more most very really its it\'s write help way best ' +
    'between difference doing done good better know let thanks thank hello hey could able work works working one two ' +
    'new old other our ours these those here each such only over under again been being while after before say says'
  ).split(' '),
);

export type CodeLanguage = 'typescript' | 'javascript' | 'python' | 'sql' | 'bash' | 'go' | 'rust';

/** Identifiers derived from the prompt: `noun` as written in snake/lower case, `Type` in PascalCase. */
export interface CodeNames {
  noun: string;
  Type: string;
  fn: string;
  snakeFn: string;
}

export const LANGUAGE_HINTS: ReadonlyArray<[CodeLanguage, RegExp]> = [
  ['typescript', /\b(typescript|ts|nestjs|angular|nx|deno|tsx)\b/i],
  ['python', /\b(python|py|django|flask|fastapi|pandas|numpy|pytest)\b/i],
  ['sql', /\b(sql|postgres|postgresql|mysql|sqlite|select|join)\b/i],
  ['bash', /\b(bash|shell|zsh|terminal|cli|cron)\b/i],
  ['go', /\b(golang|goroutine)\b/i],
  ['rust', /\b(rust|cargo|tokio)\b/i],
  ['javascript', /\b(javascript|js|node|nodejs|react|express|npm)\b/i],
];

export const CODE_TEMPLATES: Record<CodeLanguage, ReadonlyArray<(n: CodeNames) => string>> = {
  typescript: [
    (n) =>
      `export interface ${n.Type} {\n  id: string;\n  updatedAt: number;\n}\n\n` +
      `export function ${n.fn}(items: ${n.Type}[]): ${n.Type}[] {\n  const latest = new Map<string, ${n.Type}>();\n` +
      `  for (const item of items) {\n    const seen = latest.get(item.id);\n` +
      `    if (!seen || seen.updatedAt < item.updatedAt) latest.set(item.id, item);\n  }\n` +
      `  return [...latest.values()];\n}`,
    (n) =>
      `export async function ${n.fn}<T>(task: () => Promise<T>, attempts = 3): Promise<T> {\n` +
      `  let lastError: unknown;\n  for (let attempt = 1; attempt <= attempts; attempt++) {\n    try {\n` +
      `      return await task();\n    } catch (error) {\n      lastError = error;\n` +
      `      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));\n    }\n  }\n  throw lastError;\n}`,
  ],
  javascript: [
    (n) =>
      `export function ${n.fn}(fn, waitMs = 200) {\n  let timer;\n  return (...args) => {\n    clearTimeout(timer);\n` +
      `    timer = setTimeout(() => fn(...args), waitMs);\n  };\n}`,
  ],
  python: [
    (n) =>
      `from collections import defaultdict\n\n\ndef ${n.snakeFn}(${n.noun}s):\n` +
      `    """Group ${n.noun}s by key, keeping the order they arrived in."""\n    groups = defaultdict(list)\n` +
      `    for ${n.noun} in ${n.noun}s:\n        groups[${n.noun}["key"]].append(${n.noun})\n    return dict(groups)`,
    (n) =>
      `import time\n\n\ndef ${n.snakeFn}(fn, attempts=3, delay=0.1):\n    for attempt in range(1, attempts + 1):\n` +
      `        try:\n            return fn()\n        except Exception:\n            if attempt == attempts:\n` +
      `                raise\n            time.sleep(delay * 2 ** attempt)`,
  ],
  sql: [
    (n) =>
      `SELECT ${n.noun}_id, COUNT(*) AS total, MAX(created_at) AS last_seen\nFROM ${n.noun}s\n` +
      `WHERE created_at >= NOW() - INTERVAL '7 days'\nGROUP BY ${n.noun}_id\nORDER BY total DESC\nLIMIT 20;`,
  ],
  bash: [
    (n) =>
      `#!/usr/bin/env bash\nset -euo pipefail\n\nfor file in ./${n.noun}/*.log; do\n  echo "$(wc -l < "$file") $file"\n` +
      `done | sort -rn | head -n 10`,
  ],
  go: [
    (n) =>
      `func ${n.Type}ByKey(items []${n.Type}) map[string][]${n.Type} {\n\tgroups := make(map[string][]${n.Type})\n` +
      `\tfor _, item := range items {\n\t\tgroups[item.Key] = append(groups[item.Key], item)\n\t}\n\treturn groups\n}`,
  ],
  rust: [
    (n) =>
      `fn ${n.snakeFn}(items: &[${n.Type}]) -> HashMap<&str, Vec<&${n.Type}>> {\n` +
      `    let mut groups: HashMap<&str, Vec<&${n.Type}>> = HashMap::new();\n    for item in items {\n` +
      `        groups.entry(item.key.as_str()).or_default().push(item);\n    }\n    groups\n}`,
  ],
};
