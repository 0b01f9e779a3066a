import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { env, pipeline, type TextClassificationPipeline } from '@huggingface/transformers';
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
    private readonly classify: TextClassificationPipeline,
    readonly version: string,
  ) {}

  /** `threads`: onnxruntime intra-op threads; one avoids thread-pool hand-offs that cost more than they save here. */
  static async load(dir: string, dtype: 'fp32' | 'q8', threads = 1): Promise<IntentModel> {
    const absolute = resolve(dir);
    const labels = Object.values(
      (JSON.parse(readFileSync(join(absolute, 'config.json'), 'utf8')) as { id2label?: Record<string, string> }).id2label ?? {},
    );
    const expected = [...INTENT_LABELS].sort();
    if (JSON.stringify([...labels].sort()) !== JSON.stringify(expected)) {
      throw new Error(`${dir}/config.json id2label must list exactly the intents ${expected.join(', ')}; found ${labels.join(', ') || 'none'}`);
    }
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = dirname(absolute) + '/';
    const classify = (await pipeline('text-classification', basename(absolute), {
      local_files_only: true,
      dtype,
      session_options: { intraOpNumThreads: threads, interOpNumThreads: 1 },
    })) as TextClassificationPipeline;
    return new IntentModel(classify, modelVersion(absolute));
  }

  async scores(text: string): Promise<IntentScores> {
    const output = (await this.classify(text, { top_k: null })) as { label: string; score: number }[];
    const probabilities = Object.fromEntries(INTENT_LABELS.map((label) => [label, 0])) as Record<Intent, number>;
    for (const { label, score } of output) probabilities[label as Intent] = score;
    const best = output[0];
    return { intent: best.label as Intent, confidence: best.score, probabilities };
  }

  /** Raw logits for parity checks against the training code's reference file. */
  async logits(text: string): Promise<{ inputIds: number[]; logits: number[] }> {
    const inputs = this.classify.tokenizer(text, { truncation: true });
    const { logits } = await this.classify.model(inputs);
    return {
      inputIds: Array.from(inputs.input_ids.data as BigInt64Array, Number),
      logits: Array.from(logits.data as Float32Array),
    };
  }

  async dispose(): Promise<void> {
    await this.classify.dispose();
  }
}
