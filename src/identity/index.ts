// Record linkage for Seen: who is who across agencies. Pure functions over
// plain data; the store, the CLI and the API sit at the edge.
//
// Batch (`seen link --rebuild`):
//   records = sefPeople.map((p) => fromSefPerson(p))            → LinkRecord[]
//   attachParentLinks(records, relationships)                   → parentOf: parents of one child corroborate (sharedChild)
//   run = linkAll(records, SEF_CONFIG, { params?, decisions })  → params, thresholds, clusters, review queue
//   peopleOf(records, run.result.clusters)                      → `seen people --json`
//   Save run.params (ModelParameters: JSON, versioned) and run.thresholds.
//
// Incremental (import): for a new record r
//   keys = blockingKeys(r, SEF_CONFIG.blocking)   → look up records sharing any key (an indexed table)
//   load the people those records belong to, with all their records
//   set = prepare([...theirRecords, r], storeTermFrequencies)
//   assignRecord(set, compile(params), indexOfR, people, { thresholds, policy, decisions, childPersonOf })
//     → join a person, or start a new one; verdicts say why (review / veto).
//
// Explain (`seen explain A B`): explainPair(params, a, b, storeTermFrequencies)
//   → every comparison's level, m, u, weight (+ term-frequency adjustment), the total and the probability.
//
// Scale: candidateChunks() streams candidate pairs as Uint32Array chunks
// (indexRule() and a PairChunker do the same in two steps, so that another
// thread can make the pairs from indexes built where the records are);
// scoreAndKeep(set, model, left, right, keepFloor(config)) scores one chunk
// and keeps only the pairs thresholds and clustering can use;
// finishLinkage() chooses thresholds and clusters what was kept. A prepared
// set is columns of typed arrays: shareable(set) moves them into shared
// memory and fromShared() gives a worker thread a set that scores the same,
// without copying or preparing the records again. people/parallel.ts runs a
// rebuild that way (training in the worker while the main thread prepares,
// then the worker making and scoring chunks from the key indexes the main
// thread builds);
// bench/linkage.ts --scale measures it: see its header for the figures.

export * from './record.ts';
export * from './strings.ts';
export * from './nicknames.ts';
export * from './prepare.ts';
export * from './comparisons.ts';
export * from './blocking.ts';
export * from './model.ts';
export * from './cluster.ts';
export * from './evaluate.ts';
export * from './pipeline.ts';
export { mulberry32 } from './prng.ts';
