// `npm run router:eval -- --data <file.jsonl> [--model-dir dir] [--dtype fp32|q8] [--threads n]`: runs the production
// classifier (transformers.js) on `{"text","label"}` lines (optionally `"hard": true` for boundary cases, also
// scored alone) and prints quality, calibration and latency. The last line is one JSON object, so scripts can
// read the figures.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { INTENT_LABELS, type Intent } from '@parallax/contracts';
import { IntentModel } from '../classifier/intent-model';
import { evaluate, type LabelledPrediction } from './evaluation';

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
const f3 = (v: number) => v.toFixed(3);

function readExamples(path: string): { text: string; label: Intent; hard: boolean }[] {
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim());
  return lines.map((line, index) => {
    const row = JSON.parse(line) as { text?: unknown; label?: unknown; hard?: unknown };
    if (typeof row.text !== 'string' || !INTENT_LABELS.includes(row.label as Intent) || !['boolean', 'undefined'].includes(typeof row.hard)) {
      throw new Error(`${path}:${index + 1}: expected {"text": string, "label": one of ${INTENT_LABELS.join(', ')}, "hard"?: boolean}`);
    }
    return { text: row.text, label: row.label as Intent, hard: row.hard === true };
  });
}

async function main() {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      'model-dir': { type: 'string', default: 'models/intent-router' },
      dtype: { type: 'string', default: 'fp32' },
      threads: { type: 'string', default: '1' },
    },
  });
  if (!values.data) throw new Error('usage: npm run router:eval -- --data <file.jsonl> [--model-dir dir] [--dtype fp32|q8] [--threads n]');
  if (values.dtype !== 'fp32' && values.dtype !== 'q8') throw new Error('--dtype must be fp32 or q8');
  const threads = Number(values.threads);
  if (!Number.isInteger(threads) || threads < 1) throw new Error('--threads must be a positive integer');
  const examples = readExamples(values.data);

  const loadStarted = performance.now();
  const model = await IntentModel.load(values['model-dir'] as string, values.dtype, threads);
  const loadMs = performance.now() - loadStarted;
  await model.scores('warm up');

  const predictions: LabelledPrediction[] = [];
  const latencies: number[] = [];
  for (const [i, example] of examples.entries()) {
    const started = performance.now();
    const scores = await model.scores(example.text);
    latencies.push(performance.now() - started);
    predictions.push({ label: example.label, predicted: scores.intent, confidence: scores.confidence, hard: example.hard });
    if ((i + 1) % 500 === 0) process.stderr.write(`  ${i + 1}/${examples.length}\n`);
  }
  await model.dispose();
  const report = evaluate(predictions);
  latencies.sort((a, b) => a - b);

  console.log(`model ${values['model-dir']} (${values.dtype}, ${model.version}), ${report.n} prompts from ${values.data}`);
  console.log(`accuracy ${f3(report.accuracy)}  macro-F1 ${f3(report.macroF1)}  ECE ${f3(report.ece)}`);
  if (report.hard) console.log(`hard cases: accuracy ${f3(report.hard.accuracy)} (${report.hard.n} prompts)`);
  console.log(`load ${loadMs.toFixed(0)} ms  latency p50 ${pct(latencies, 50).toFixed(2)} ms  p95 ${pct(latencies, 95).toFixed(2)} ms (batch 1)\n`);
  console.log('label                precision  recall  f1     support');
  for (const label of INTENT_LABELS) {
    const s = report.perLabel[label];
    console.log(`${label.padEnd(20)} ${f3(s.precision).padStart(9)}  ${f3(s.recall).padStart(6)}  ${f3(s.f1)}  ${s.support}`);
  }
  const short = INTENT_LABELS.map((l) => l.slice(0, 6).padStart(7));
  console.log(`\nconfusion (rows: actual, columns: predicted)\n${' '.repeat(20)}${short.join('')}`);
  for (const actual of INTENT_LABELS) {
    console.log(`${actual.padEnd(20)}${INTENT_LABELS.map((p) => String(report.confusion[actual][p]).padStart(7)).join('')}`);
  }
  const round = (v: number) => Math.round(v * 10000) / 10000;
  console.log(
    JSON.stringify({
      n: report.n,
      accuracy: round(report.accuracy),
      macroF1: round(report.macroF1),
      ece: round(report.ece),
      ...(report.hard && { hardN: report.hard.n, hardAccuracy: round(report.hard.accuracy) }),
      p50Ms: round(pct(latencies, 50)),
      p95Ms: round(pct(latencies, 95)),
      loadMs: Math.round(loadMs),
      modelDir: values['model-dir'],
      dtype: values.dtype,
      threads,
    }),
  );
}

main().catch((error: Error) => {
  console.error(`router:eval: ${error.message}`);
  process.exit(1);
});
