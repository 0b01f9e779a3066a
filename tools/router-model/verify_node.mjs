// Checks that transformers.js loads the exported folder and reproduces the Python reference:
// identical token ids, fp32 logits within 1e-4, q8 accuracy on dev, load time and batch-1 latency.
//
//   TJS=<path to @huggingface/transformers or a folder that has it in node_modules> \
//   node tools/router-model/verify_node.mjs models intent-router ../shared/datasets/intent/dev.jsonl
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const [modelsDir = 'models', name = 'intent-router', devPath] = process.argv.slice(2);
const base = process.env.TJS ?? process.cwd();
const entry = createRequire(path.join(path.resolve(base), 'noop.js')).resolve('@huggingface/transformers');
const { env, pipeline, AutoTokenizer, AutoModelForSequenceClassification } = await import(pathToFileURL(entry).href);

env.allowRemoteModels = false;
env.localModelPath = path.resolve(modelsDir);

const ref = JSON.parse(fs.readFileSync(path.join(env.localModelPath, name, 'reference.json'), 'utf8'));
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

let t = performance.now();
const tokenizer = await AutoTokenizer.from_pretrained(name, { local_files_only: true });
const model = await AutoModelForSequenceClassification.from_pretrained(name, { local_files_only: true, dtype: 'fp32' });
const loadMs = performance.now() - t;

let idMismatch = 0;
let maxDiff = 0;
for (const item of ref.items) {
  const enc = await tokenizer(item.text, { truncation: true });
  const ids = Array.from(enc.input_ids.data, Number);
  if (ids.length !== item.input_ids.length || ids.some((v, i) => v !== item.input_ids[i])) {
    idMismatch++;
    if (idMismatch <= 5) console.log('token mismatch:', JSON.stringify(item.text.slice(0, 80)), ids.slice(0, 20), item.input_ids.slice(0, 20));
  }
  const { logits } = await model(enc);
  Array.from(logits.data).forEach((v, i) => { maxDiff = Math.max(maxDiff, Math.abs(v - item.logits[i])); });
}
console.log(`parity: ${ref.items.length} strings, token-id mismatches ${idMismatch}, max |logit diff| ${maxDiff.toExponential(2)}`);

// Pipeline path, as the router uses it; the long prompt checks truncation.
t = performance.now();
const clf = await pipeline('text-classification', name, { local_files_only: true, dtype: 'fp32' });
const pipeLoadMs = performance.now() - t;
console.log('long prompt:', await clf('Summarize this: ' + 'lorem ipsum dolor sit amet '.repeat(400)));
const prompts = ref.items.map((x) => x.text).filter((s) => s.trim().length > 0).slice(0, 150);
for (const p of prompts.slice(0, 20)) await clf(p);
const lat = [];
for (let r = 0; r < 3; r++) {
  for (const p of prompts) {
    const s = performance.now();
    await clf(p);
    lat.push(performance.now() - s);
  }
}
console.log(`fp32 load ${loadMs.toFixed(0)} ms (pipeline ${pipeLoadMs.toFixed(0)} ms); batch-1 latency p50 ${pct(lat, 50).toFixed(2)} ms, p95 ${pct(lat, 95).toFixed(2)} ms over ${lat.length} calls`);

if (devPath) {
  const dev = fs.readFileSync(devPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  for (const dtype of ['fp32', 'q8']) {
    t = performance.now();
    const c = await pipeline('text-classification', name, { local_files_only: true, dtype });
    const load = performance.now() - t;
    let ok = 0;
    const l = [];
    for (const ex of dev) {
      const s = performance.now();
      const [top] = await c(ex.text);
      l.push(performance.now() - s);
      if (top.label === ex.label) ok++;
    }
    console.log(`${dtype}: dev accuracy ${(ok / dev.length).toFixed(4)} (${dev.length}), load ${load.toFixed(0)} ms, p50 ${pct(l, 50).toFixed(2)} ms, p95 ${pct(l, 95).toFixed(2)} ms`);
  }
}
