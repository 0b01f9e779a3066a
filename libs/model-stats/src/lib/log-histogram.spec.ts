import { logBucketIndex, logBucketValue, TPS_BUCKETS, TTFT_BUCKETS } from '@parallax/contracts';
import { bucketPercentile, mergeBuckets, type BucketCounts } from './log-histogram';

/** Nearest-rank percentile of raw samples: the reference the histogram is checked against. */
function exactPercentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function histogramOf(layout: typeof TTFT_BUCKETS, samples: number[]): BucketCounts {
  const counts: BucketCounts = new Map();
  for (const value of samples) {
    const index = logBucketIndex(layout, value);
    counts.set(index, (counts.get(index) ?? 0) + 1);
  }
  return counts;
}

const BUCKET_ERROR = 2 ** (1 / 16) - 1;

describe(bucketPercentile.name, () => {
  // A fixed, skewed set: 1..200 ms, a tail to 12 s, and repeated values.
  const ttftSamples = [
    ...Array.from({ length: 200 }, (_, i) => i + 1),
    ...[250, 300, 450, 800, 1200, 2500, 4000, 12_000],
    ...Array.from({ length: 40 }, () => 95),
  ];

  it.each([50, 90, 95, 99, 100])('finds the bucket of the exact p%i of a known TTFT set', (p) => {
    const exact = exactPercentile(ttftSamples, p);
    const estimate = bucketPercentile(TTFT_BUCKETS, histogramOf(TTFT_BUCKETS, ttftSamples), p);
    expect(estimate).toBe(logBucketValue(TTFT_BUCKETS, logBucketIndex(TTFT_BUCKETS, exact)));
    expect(Math.abs((estimate as number) - exact) / exact).toBeLessThanOrEqual(BUCKET_ERROR + 1e-12);
  });

  it('gives the same percentiles after merging per-minute histograms as for the whole set at once', () => {
    const minutes = [ttftSamples.slice(0, 90), ttftSamples.slice(90, 170), ttftSamples.slice(170)];
    const merged = minutes.map((m) => histogramOf(TTFT_BUCKETS, m)).reduce((a, b) => mergeBuckets(a, b), new Map());
    const whole = histogramOf(TTFT_BUCKETS, ttftSamples);
    for (const p of [50, 95]) expect(bucketPercentile(TTFT_BUCKETS, merged, p)).toBe(bucketPercentile(TTFT_BUCKETS, whole, p));
  });

  it('keeps tokens/s percentiles within the stated bucket error', () => {
    const samples = [3.2, 18, 22, 40.5, 41, 55, 61, 88, 120, 140, 150, 900];
    for (const p of [50, 95]) {
      const exact = exactPercentile(samples, p);
      const estimate = bucketPercentile(TPS_BUCKETS, histogramOf(TPS_BUCKETS, samples), p) as number;
      expect(Math.abs(estimate - exact) / exact).toBeLessThanOrEqual(BUCKET_ERROR + 1e-12);
    }
  });

  it('answers null for an empty histogram and clamps values outside the range to the edge buckets', () => {
    expect(bucketPercentile(TTFT_BUCKETS, new Map(), 50)).toBeNull();
    expect(logBucketIndex(TTFT_BUCKETS, 0)).toBe(0);
    expect(logBucketIndex(TTFT_BUCKETS, 10 ** 9)).toBe(TTFT_BUCKETS.count - 1);
  });
});
