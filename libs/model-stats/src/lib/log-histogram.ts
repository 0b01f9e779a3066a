import { logBucketValue, type LogBucketLayout } from '@parallax/contracts';

/** Sparse histogram: bucket index → count. */
export type BucketCounts = Map<number, number>;

/** Adds `from` into `into`; merging is exact because every bucket set shares one layout. */
export function mergeBuckets(into: BucketCounts, from: BucketCounts): BucketCounts {
  for (const [index, count] of from) into.set(index, (into.get(index) ?? 0) + count);
  return into;
}

/**
 * Nearest-rank percentile (the same definition as per-target inter-chunk percentiles): the bucket holding the
 * ⌈p/100 · n⌉-th smallest sample is found exactly, and its geometric midpoint is returned, so the answer is
 * within the layout's bucket error (2^(1/(2·perDoubling)) − 1) of the exact percentile for in-range values.
 */
export function bucketPercentile(layout: LogBucketLayout, counts: BucketCounts, p: number): number | null {
  let total = 0;
  for (const count of counts.values()) total += count;
  if (total === 0) return null;
  const rank = Math.min(total, Math.max(1, Math.ceil((p / 100) * total)));
  let seen = 0;
  for (const index of [...counts.keys()].sort((a, b) => a - b)) {
    seen += counts.get(index) ?? 0;
    if (seen >= rank) return logBucketValue(layout, index);
  }
  return null;
}

/** Reads `<prefix><index>` fields of a Redis hash into bucket counts. */
export function bucketsFromHash(hash: Record<string, string>, prefix: string): BucketCounts {
  const counts: BucketCounts = new Map();
  for (const [field, value] of Object.entries(hash)) {
    if (!field.startsWith(prefix)) continue;
    const index = Number(field.slice(prefix.length));
    const count = Number(value);
    if (Number.isInteger(index) && count > 0) counts.set(index, count);
  }
  return counts;
}
