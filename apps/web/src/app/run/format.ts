/** Display helpers shared by the run panels; `—` stands for "not known yet". */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function formatRate(rate: number | null | undefined): string {
  return rate === null || rate === undefined || !Number.isFinite(rate) ? '—' : `${rate.toFixed(rate < 10 ? 1 : 0)} tok/s`;
}

export function formatCost(usd: number | null | undefined): string {
  if (usd === null || usd === undefined) return '—';
  if (usd === 0) return '$0';
  return usd < 0.01 ? `$${usd.toPrecision(2)}` : `$${usd.toFixed(4)}`;
}

export function formatPercent(p: number | null | undefined): string {
  return p === null || p === undefined ? '—' : `${(p * 100).toFixed(p < 0.1 ? 1 : 0)}%`;
}

export function humanize(label: string): string {
  return label.replace(/_/g, ' ');
}
