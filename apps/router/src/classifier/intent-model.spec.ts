import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { INTENT_LABELS } from '@parallax/contracts';
import { IntentModel } from './intent-model';

// ROUTER_MODEL_DIR checks a freshly trained folder before it replaces the shipped one.
const MODEL_DIR = resolve(__dirname, '../../../..', process.env['ROUTER_MODEL_DIR'] ?? 'models/intent-router');
const reference = JSON.parse(readFileSync(resolve(MODEL_DIR, 'reference.json'), 'utf8')) as {
  labels: string[];
  items: { text: string; input_ids: number[]; logits: number[] }[];
};

describe(IntentModel.name, () => {
  let model: IntentModel;

  beforeAll(async () => {
    model = await IntentModel.load(MODEL_DIR, 'fp32');
  });
  afterAll(() => model.dispose());

  it('tokenizes every reference string exactly as the training code did and matches its logits within 1e-4', async () => {
    expect(reference.labels).toEqual([...INTENT_LABELS]);
    expect(reference.items.length).toBeGreaterThanOrEqual(100);
    const mismatches: string[] = [];
    for (const item of reference.items) {
      const { inputIds, logits } = await model.logits(item.text);
      if (JSON.stringify(inputIds) !== JSON.stringify(item.input_ids)) mismatches.push(`ids of ${JSON.stringify(item.text.slice(0, 40))}`);
      const worst = Math.max(...logits.map((l, i) => Math.abs(l - item.logits[i])));
      if (!(worst <= 1e-4)) mismatches.push(`logits of ${JSON.stringify(item.text.slice(0, 40))} off by ${worst}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('returns a probability distribution over exactly the eight intents', async () => {
    const scores = await model.scores('Write a Python function that merges two sorted lists');
    expect(Object.keys(scores.probabilities).sort()).toEqual([...INTENT_LABELS].sort());
    const sum = Object.values(scores.probabilities).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(1, 5);
    expect(scores.intent).toBe('coding');
    expect(scores.confidence).toBe(Math.max(...Object.values(scores.probabilities)));
  });

  it('classifies a prompt far over the maximum length without failing', async () => {
    const scores = await model.scores('Translate this paragraph into French: ' + 'the quick brown fox jumps over the lazy dog. '.repeat(400));
    expect(INTENT_LABELS).toContain(scores.intent);
  });

  it('refuses a model folder whose labels are not the eight intents', async () => {
    await expect(IntentModel.load(resolve(__dirname, '../../../../config'), 'fp32')).rejects.toThrow();
  });
});
