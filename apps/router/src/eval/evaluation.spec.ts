import type { Intent } from '@parallax/contracts';
import { evaluate, type LabelledPrediction } from './evaluation';

const p = (label: Intent, predicted: Intent, confidence: number, hard?: boolean): LabelledPrediction => ({
  label,
  predicted,
  confidence,
  hard,
});

describe('evaluate', () => {
  const predictions = [
    p('coding', 'coding', 0.9),
    p('coding', 'coding', 0.9),
    p('coding', 'math', 0.6, true),
    p('math', 'math', 0.9, true),
    p('translation', 'coding', 0.5),
  ];
  const report = evaluate(predictions);

  it('counts the confusion matrix by actual then predicted label', () => {
    expect(report.confusion.coding.coding).toBe(2);
    expect(report.confusion.coding.math).toBe(1);
    expect(report.confusion.translation.coding).toBe(1);
    expect(report.n).toBe(5);
    expect(report.accuracy).toBeCloseTo(3 / 5);
  });

  it('gives precision, recall and F1 per label, and averages F1 over the labels present', () => {
    expect(report.perLabel.coding).toEqual({ precision: 2 / 3, recall: 2 / 3, f1: expect.closeTo(2 / 3, 10), support: 3 });
    expect(report.perLabel.math).toEqual({ precision: 0.5, recall: 1, f1: expect.closeTo(2 / 3, 10), support: 1 });
    expect(report.perLabel.translation).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
    expect(report.perLabel.chitchat.support).toBe(0);
    expect(report.macroF1).toBeCloseTo((2 / 3 + 2 / 3 + 0) / 3);
  });

  it('weighs each confidence bin by its share of predictions for the calibration error', () => {
    // bin 0.9: 3 predictions, all right (|1 - 0.9| = 0.1); bin 0.6: 1 wrong (0.6); bin 0.5: 1 wrong (0.5)
    expect(report.ece).toBeCloseTo((3 / 5) * 0.1 + (1 / 5) * 0.6 + (1 / 5) * 0.5);
    expect(evaluate([p('math', 'math', 1)]).ece).toBeCloseTo(0);
  });

  it('scores the hard cases on their own, and only when there are some', () => {
    expect(report.hard).toEqual({ n: 2, accuracy: 0.5 });
    expect(evaluate([p('math', 'math', 0.9)]).hard).toBeUndefined();
  });
});
