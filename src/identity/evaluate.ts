// Pairwise evaluation against labels, for benchmarks and tests only: the
// linker itself never sees labels.

export interface PairMetrics {
  truePairs: number;
  predictedPairs: number;
  truePositives: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Canonical key of an unordered pair of record indices. */
export function pairKey(i: number, j: number, n: number): number {
  return i < j ? i * n + j : j * n + i;
}

export function metrics(truePositives: number, predicted: number, truth: number): PairMetrics {
  const precision = predicted === 0 ? 1 : truePositives / predicted;
  const recall = truth === 0 ? 1 : truePositives / truth;
  return { truePairs: truth, predictedPairs: predicted, truePositives, precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}

/**
 * Metrics of the pairs implied by clusters (every two members of a
 * cluster), counting only pairs that `counts` admits (cross-source pairs
 * when linking two files).
 */
export function clusterMetrics(
  clusters: readonly (readonly number[])[],
  n: number,
  truth: ReadonlyArray<readonly [number, number]>,
  counts: (i: number, j: number) => boolean = () => true,
): PairMetrics {
  const t = new Set(truth.map(([i, j]) => pairKey(i, j, n)));
  let predicted = 0;
  let tp = 0;
  for (const c of clusters)
    for (let x = 0; x < c.length; x++)
      for (let y = x + 1; y < c.length; y++) {
        const i = c[x] as number;
        const j = c[y] as number;
        if (!counts(i, j)) continue;
        predicted++;
        if (t.has(pairKey(i, j, n))) tp++;
      }
  return metrics(tp, predicted, t.size);
}

/** Metrics of a list of predicted pairs. */
export function pairMetrics(left: ArrayLike<number>, right: ArrayLike<number>, keep: (k: number) => boolean, n: number, truth: ReadonlyArray<readonly [number, number]>): PairMetrics {
  const t = new Set(truth.map(([i, j]) => pairKey(i, j, n)));
  let predicted = 0;
  let tp = 0;
  for (let k = 0; k < left.length; k++) {
    if (!keep(k)) continue;
    predicted++;
    if (t.has(pairKey(left[k] as number, right[k] as number, n))) tp++;
  }
  return metrics(tp, predicted, t.size);
}

/** True pairs from an entity label per record (records with the same label are one person). */
export function truePairsFromLabels(labels: readonly string[], counts: (i: number, j: number) => boolean = () => true): Array<[number, number]> {
  const groups = new Map<string, number[]>();
  labels.forEach((l, i) => {
    const g = groups.get(l);
    if (g === undefined) groups.set(l, [i]);
    else g.push(i);
  });
  const out: Array<[number, number]> = [];
  for (const g of groups.values())
    for (let x = 0; x < g.length; x++)
      for (let y = x + 1; y < g.length; y++) if (counts(g[x] as number, g[y] as number)) out.push([g[x] as number, g[y] as number]);
  return out;
}

/**
 * The share of true pairs whose records are joined by a chain of candidate
 * pairs within their own person: what clustering can reach. Pairwise
 * blocking recall undercounts it, since a person's records need only be
 * connected, not every two of them compared.
 */
export function reachableRecall(left: ArrayLike<number>, right: ArrayLike<number>, labels: readonly string[]): number {
  const n = labels.length;
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x] as number] as number;
      x = parent[x] as number;
    }
    return x;
  };
  for (let k = 0; k < left.length; k++) {
    const i = left[k] as number;
    const j = right[k] as number;
    if (labels[i] === labels[j]) parent[find(i)] = find(j);
  }
  const byLabel = new Map<string, Map<number, number>>();
  labels.forEach((l, i) => {
    let m = byLabel.get(l);
    if (m === undefined) byLabel.set(l, (m = new Map()));
    const r = find(i);
    m.set(r, (m.get(r) ?? 0) + 1);
  });
  let all = 0;
  let reached = 0;
  for (const m of byLabel.values()) {
    let size = 0;
    for (const c of m.values()) {
      size += c;
      reached += (c * (c - 1)) / 2;
    }
    all += (size * (size - 1)) / 2;
  }
  return all === 0 ? 1 : reached / all;
}
