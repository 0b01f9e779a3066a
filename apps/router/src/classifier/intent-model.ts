import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import {
  AutoModelForSequenceClassification,
  AutoTokenizer,
  env,
  Tensor,
  type PreTrainedModel,
  type PreTrainedTokenizer,
} from '@huggingface/transformers';
import { INTENT_LABELS, type Intent } from '@parallax/contracts';

export interface IntentScores {
  intent: Intent;
  confidence: number;
  probabilities: Record<Intent, number>;
}

/** What the model folder says about itself, shown in every classification. */
function modelVersion(dir: string): string {
  try {
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { parallax_version?: string; _name_or_path?: string };
    return config.parallax_version ?? config._name_or_path ?? basename(dir);
  } catch {
    return basename(dir);
  }
}

/**
 * A text-classification model in Hugging Face format, run by transformers.js from a local folder only.
 * Any folder whose labels are exactly the eight intents works (e.g. a fine-tuned DistilBERT exported to ONNX).
 */
export class IntentModel {
  private constructor(
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly model: PreTrainedModel,
    /** Intent of each logit, in the model's output order. */
    private readonly labels: Intent[],
    readonly version: string,
  ) {}

  /** `threads`: onnxruntime intra-op threads; one avoids thread-pool hand-offs that cost more than they save here. */
  static async load(dir: string, dtype: 'fp32' | 'q8', threads = 1): Promise<IntentModel> {
    const absolute = resolve(dir);
    const id2label =
      (JSON.parse(readFileSync(join(absolute, 'config.json'), 'utf8')) as { id2label?: Record<string, string> }).id2label ?? {};
    const labels = Object.keys(id2label)
      .sort((a, b) => Number(a) - Number(b))
      .map((id) => id2label[id]);
    const expected = [...INTENT_LABELS].sort();
    if (JSON.stringify([...labels].sort()) !== JSON.stringify(expected)) {
      throw new Error(`${dir}/config.json id2label must list exactly the intents ${expected.join(', ')}; found ${labels.join(', ') || 'none'}`);
    }
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = dirname(absolute) + '/';
    const name = basename(absolute);
    const tokenizer = await AutoTokenizer.from_pretrained(name, { local_files_only: true });
    const model = await AutoModelForSequenceClassification.from_pretrained(name, {
      local_files_only: true,
      dtype,
      session_options: { intraOpNumThreads: threads, interOpNumThreads: 1 },
    });
    return new IntentModel(tokenizer, model, labels as Intent[], modelVersion(absolute));
  }

  async scores(text: string): Promise<IntentScores> {
    const { logits } = await this.logits(text);
    const top = Math.max(...logits);
    const exp = logits.map((l) => Math.exp(l - top));
    const total = exp.reduce((a, b) => a + b, 0);
    const probabilities = Object.fromEntries(this.labels.map((label, i) => [label, exp[i] / total])) as Record<Intent, number>;
    const intent = this.labels[logits.indexOf(top)];
    return { intent, confidence: probabilities[intent], probabilities };
  }

  /**
   * Token ids and raw logits. A prompt longer than the model's `model_max_length` keeps its first and last halves
   * (special tokens included), so an instruction after a long paste still counts; the training code cuts the same way.
   */
  async logits(text: string): Promise<{ inputIds: number[]; logits: number[] }> {
    const encoded = this.tokenizer(text, { return_tensor: false }) as unknown as Record<string, number[]>;
    const max = this.tokenizer.model_max_length;
    const length = encoded.input_ids.length;
    const head = Math.floor(max / 2);
    const cut = (ids: number[]) => (length > max ? [...ids.slice(0, head), ...ids.slice(length - (max - head))] : ids);
    const feeds = Object.fromEntries(
      Object.entries(encoded).map(([key, ids]) => {
        const kept = cut(ids);
        return [key, new Tensor('int64', BigInt64Array.from(kept, BigInt), [1, kept.length])];
      }),
    );
    const { logits } = (await this.model(feeds)) as { logits: Tensor };
    return { inputIds: cut(encoded.input_ids), logits: Array.from(logits.data as Float32Array) };
  }

  async dispose(): Promise<void> {
    await this.model.dispose();
  }
}
