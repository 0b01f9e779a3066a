import { INTENT_LABELS, type Intent } from '@parallax/contracts';

export interface LabelledPrediction {
  label: Intent;
  predicted: Intent;
  confidence: number;
  /** A boundary case, also scored on its own. */
  hard?: boolean;
}

export interface EvaluationReport {
  n: number;
  accuracy: number;
  macroF1: number;
  /** Expected calibration error over 15 equal-width confidence bins. */
  ece: number;
  perLabel: Record<Intent, { precision: number; recall: number; f1: number; support: number }>;
  /** confusion[actual][predicted] */
  confusion: Record<Intent, Record<Intent, number>>;
  /** Accuracy on the predictions marked `hard`, when there are any. */
  hard?: { n: number; accuracy: number };
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
const accuracy = (predictions: LabelledPrediction[]) =>
  ratio(predictions.filter((p) => p.label === p.predicted).length, predictions.length);

/** Classification quality and calibration of a set of predictions. */
export function evaluate(predictions: LabelledPrediction[], bins = 15): EvaluationReport {
  const zeroRow = () => Object.fromEntries(INTENT_LABELS.map((l) => [l, 0])) as Record<Intent, number>;
  const confusion = Object.fromEntries(INTENT_LABELS.map((l) => [l, zeroRow()])) as Record<Intent, Record<Intent, number>>;
  for (const p of predictions) confusion[p.label][p.predicted] += 1;

  const perLabel = {} as EvaluationReport['perLabel'];
  for (const label of INTENT_LABELS) {
    const tp = confusion[label][label];
    const support = INTENT_LABELS.reduce((s, l) => s + confusion[label][l], 0);
    const predictedAs = INTENT_LABELS.reduce((s, l) => s + confusion[l][label], 0);
    const precision = ratio(tp, predictedAs);
    const recall = ratio(tp, support);
    perLabel[label] = { precision, recall, f1: ratio(2 * precision * recall, precision + recall), support };
  }
  const present = INTENT_LABELS.filter((l) => perLabel[l].support > 0);

  const binTotals = Array.from({ length: bins }, () => ({ n: 0, confidence: 0, correct: 0 }));
  for (const p of predictions) {
    const bin = binTotals[Math.min(bins - 1, Math.floor(p.confidence * bins))];
    bin.n += 1;
    bin.confidence += p.confidence;
    bin.correct += p.label === p.predicted ? 1 : 0;
  }
  const ece = binTotals.reduce((sum, b) => sum + (b.n ? (b.n / predictions.length) * Math.abs(b.correct / b.n - b.confidence / b.n) : 0), 0);

  const hard = predictions.filter((p) => p.hard);
  return {
    n: predictions.length,
    accuracy: accuracy(predictions),
    macroF1: ratio(present.reduce((s, l) => s + perLabel[l].f1, 0), present.length),
    ece,
    perLabel,
    confusion,
    ...(hard.length > 0 && { hard: { n: hard.length, accuracy: accuracy(hard) } }),
  };
}
