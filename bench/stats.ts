/** The figures every benchmark prints: enough to see the spread, not just a lucky mean. */
export interface Summary {
  runs: number;
  median: number;
  p95: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile of sorted values (p in 0..100). */
function percentile(sorted: number[], p: number): number {
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(values: number[]): Summary {
  if (values.length === 0) throw new Error('No measurements to summarize.');
  const sorted = [...values].sort((a, b) => a - b);
  const round = (value: number) => Math.round(value * 100) / 100;
  return {
    runs: sorted.length,
    median: round(
      sorted.length % 2
        ? sorted[(sorted.length - 1) / 2]!
        : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2,
    ),
    p95: round(percentile(sorted, 95)),
    min: round(sorted[0]!),
    max: round(sorted.at(-1)!),
  };
}

export const formatSummary = (summary: Summary, unit: string) =>
  `median ${summary.median} ${unit}, p95 ${summary.p95}, min ${summary.min}, max ${summary.max} (${summary.runs} runs)`;
