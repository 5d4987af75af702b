import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { sql, type Kysely } from 'kysely';
import type { Store } from '../store/database.ts';
import type { Database, ImportWarning } from '../store/schema.ts';
import { freshKeys, rememberWritten, writeBatch, type BatchCounts, type FreshKeys } from './batch.ts';
import { badLine, bodyOf, chunkLines, type BadLine, type GoodLine, type ParsedChunk } from './parse-chunk.ts';
import { inlineParser, workerParser, type ChunkParser } from './parser.ts';
import { readLines, type SourceLine } from './lines.ts';
import { sanitiseText } from './text.ts';

export interface ImportProgress {
  file: string;
  lines: number;
  bytes: number;
  counts: BatchCounts;
  elapsedMs: number;
}

export interface ImportOptions {
  /** How the file is named in the quarantine and the import log. */
  fileName: string;
  actor: string;
  channel: 'cli' | 'api' | 'demo' | 'bench' | 'test';
  batchSize?: number;
  /** Parse on a worker thread when the file is bigger than one batch (default true). */
  parseInWorker?: boolean;
  onProgress?: (progress: ImportProgress) => void;
  /**
   * How many keys written into sources new to the store this import
   * remembers (default 2,000,000): a repeat of one it forgot costs a retry
   * of its batch. Tests set it to 0 to take that path.
   */
  rememberKeys?: number;
}

export interface ImportReport extends BatchCounts {
  importId: number;
  file: string;
  lines: number;
  /** Records in the store still waiting for a person that has not arrived. */
  waiting: number;
  warnings: ImportWarning[];
  warningCount: number;
}

const MAX_KEPT_WARNINGS = 200;
const MAX_REMEMBERED_PEOPLE = 500_000;
const MAX_REMEMBERED_KEYS = 2_000_000;

/**
 * Imports one SEF stream. Batches commit one by one, each in its own
 * transaction, and every write is keyed by (source, type, id) and content
 * hash: a run killed at any point leaves whole batches behind, and running
 * the same file again completes it without duplicating anything.
 */
export async function importStream(store: Store, input: Readable, options: ImportOptions): Promise<ImportReport> {
  const db = store.db;
  const batchSize = options.batchSize ?? 5000;
  const file = options.fileName;
  const run = await db
    .insertInto('import_run')
    .values({ file_name: file, actor: options.actor, channel: options.channel, status: 'running', finished_at: null, error: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const importId = run.id;
  const started = Date.now();

  const declared = new Set((await db.selectFrom('source').select('id').where('declared', '=', true).execute()).map((s) => s.id));
  const mentioned = new Map<string, number>(); // source -> first line that used it
  const warnings: ImportWarning[] = [];
  let warningCount = 0;
  const warn = (w: ImportWarning) => {
    warningCount += 1;
    if (warnings.length < MAX_KEPT_WARNINGS) warnings.push({ ...w, message: sanitiseText(w.message) });
  };

  const totals: BatchCounts = { imported: 0, updated: 0, unchanged: 0, quarantined: 0 };
  // Files usually bring people before the events about them: remembering
  // their ids spares each batch looking them up again.
  const personIds = new Map<string, number>();
  const fresh = freshKeys(options.rememberKeys ?? MAX_REMEMBERED_KEYS);
  let good: GoodLine[] = [];
  let bad: BadLine[] = [];
  let keys = new Set<string>();
  let lines = 0;
  let bytes = 0;
  let lastProgress = 0;

  // Three stages run side by side: this thread reads lines, a worker thread
  // parses and validates the previous chunk, and the database writes the one
  // before. Writes stay in file order, one batch at a time.
  let writing: Promise<void> = Promise.resolve();
  let failure: unknown = null;
  const settle = async () => {
    await writing;
    if (failure !== null) throw failure;
  };
  const flush = async () => {
    if (good.length === 0 && bad.length === 0) return;
    const newSources = [...new Set(good.map((g) => g.key.source))].filter((s) => !declared.has(s));
    const batchGood = good;
    const batchBad = bad;
    good = [];
    bad = [];
    keys = new Set();
    await settle();
    writing = writeResilient(store, importId, file, batchGood, batchBad, newSources, personIds, fresh).then(
      (counts) => {
        totals.imported += counts.imported;
        totals.updated += counts.updated;
        totals.unchanged += counts.unchanged;
        totals.quarantined += counts.quarantined;
        const now = Date.now();
        if (options.onProgress && now - lastProgress > 250) {
          lastProgress = now;
          options.onProgress({ file, lines, bytes, counts: { ...totals }, elapsedMs: now - started });
        }
      },
      (error: unknown) => {
        failure = error;
      },
    );
  };

  const take = async (parsed: ParsedChunk) => {
    for (const p of chunkLines(parsed)) {
      if (!p.ok) {
        bad.push(p);
      } else {
        const k = recordKey(p.key.type, p.key.source, p.key.id);
        // A key seen twice in one batch is a correction: the earlier version is written first.
        if (keys.has(k)) await flush();
        keys.add(k);
        good.push(p);
        for (const w of p.warnings) warn({ file, line: p.line, path: w.path, message: w.message });
        if (p.key.type === 'source') declared.add(p.key.id);
        else if (!mentioned.has(p.key.source)) mentioned.set(p.key.source, p.line);
      }
      if (good.length + bad.length >= batchSize) await flush();
    }
  };

  let parser: ChunkParser = inlineParser;
  let parsing: Promise<ParsedChunk> | null = null;
  try {
    let chunk: SourceLine[] = [];
    for await (const run of readLines(input, (n) => (bytes += n))) {
      for (const source of run) {
        lines = source.line;
        chunk.push(source);
        if (chunk.length >= batchSize) {
          // A file bigger than one batch is worth a worker thread.
          if (parser === inlineParser && options.parseInWorker !== false) parser = workerParser();
          const next = parser.parse(chunk);
          chunk = [];
          if (parsing) await take(await parsing);
          parsing = next;
        }
      }
    }
    const last = chunk.length > 0 ? parser.parse(chunk) : null;
    if (parsing) await take(await parsing);
    if (last) await take(await last);
    await flush();
    await settle();
  } catch (error) {
    await writing;
    await db
      .updateTable('import_run')
      .set({ status: 'failed', finished_at: new Date(), error: sanitiseText(String(error)), lines, ...totals })
      .where('id', '=', importId)
      .execute();
    throw error;
  } finally {
    await parser.close();
  }

  // Checked at the end because a source may be declared after its records.
  const stillUndeclared = await db
    .selectFrom('source')
    .select('id')
    .where('declared', '=', false)
    .where('id', 'in', mentioned.size > 0 ? [...mentioned.keys()] : [''])
    .execute();
  for (const s of stillUndeclared) {
    warn({
      file,
      line: mentioned.get(s.id) ?? 0,
      path: 'source',
      message: `source "${s.id}" was never declared with a {"type":"source"} record; its records were imported against the agency "other"`,
    });
  }

  const waiting = await countWaiting(db);
  await db
    .updateTable('import_run')
    .set({ status: 'completed', finished_at: new Date(), lines, ...totals, warnings: JSON.stringify(warnings) })
    .where('id', '=', importId)
    .execute();
  options.onProgress?.({ file, lines, bytes, counts: { ...totals }, elapsedMs: Date.now() - started });
  return { importId, file, lines, ...totals, waiting, warnings, warningCount };
}

export async function importFile(store: Store, path: string, options: Omit<ImportOptions, 'fileName'> & { fileName?: string }): Promise<ImportReport> {
  return importStream(store, createReadStream(path, { highWaterMark: 1 << 20 }), { ...options, fileName: options.fileName ?? resolve(path) });
}

export async function countWaiting(db: Kysely<Database>): Promise<number> {
  const row = await sql<{ n: number }>`
    select count(*)::int as n from (
      select event_id as id from event_subject where person_id is null
      union select record_id from relationship where from_person_id is null or to_person_id is null
    ) w`.execute(db);
  return row.rows[0]?.n ?? 0;
}

/**
 * Writes a batch; if the database refuses it (a value PostgreSQL will not
 * store that validation let through), the batch is split in halves until
 * the refused record is found and quarantined with the database's reason,
 * so one bad record never stops an import or loses its neighbours.
 */
async function writeResilient(
  store: Store,
  importId: number,
  file: string,
  good: GoodLine[],
  bad: BadLine[],
  newSources: string[],
  personIds: Map<string, number>,
  fresh: FreshKeys,
): Promise<BatchCounts> {
  const learned: [string, number][] = [];
  fresh.writing = [];
  try {
    const counts = await store.bulk(async (session) => {
      if (newSources.length > 0) {
        await session.query(`insert into source (id, agency, declared) select x, 'other', false from json_array_elements_text($1::json) as x on conflict (id) do nothing`, [
          JSON.stringify(newSources),
        ]);
      }
      return writeBatch(session, importId, file, good, bad, { known: personIds, learned }, fresh);
    });
    // Only what committed is remembered (bounded: a cache, not a copy of the store).
    for (const [key, id] of learned) if (personIds.size < MAX_REMEMBERED_PEOPLE) personIds.set(key, id);
    rememberWritten(fresh);
    return counts;
  } catch (error) {
    if (fresh.enabled && fresh.writing.length > 0 && isUniqueViolation(error)) {
      // A key taken as new was stored after all (another process wrote into
      // the same source, or this import wrote it before and no longer
      // remembers): from here on every key is looked up.
      fresh.enabled = false;
      return writeResilient(store, importId, file, good, bad, newSources, personIds, fresh);
    }
    if (good.length === 0) throw error;
    if (good.length === 1) {
      const g = good[0]!;
      const raw = bodyOf(g);
      const refused = badLine(g.line, raw, Buffer.byteLength(raw), g.key, [
        { path: '', message: `the database refused this record: ${error instanceof Error ? error.message : String(error)}` },
      ]);
      return writeResilient(store, importId, file, [], [...bad, refused], newSources, personIds, fresh);
    }
    const half = Math.ceil(good.length / 2);
    const a = await writeResilient(store, importId, file, good.slice(0, half), bad, newSources, personIds, fresh);
    const b = await writeResilient(store, importId, file, good.slice(half), [], newSources, personIds, fresh);
    return { imported: a.imported + b.imported, updated: a.updated + b.updated, unchanged: a.unchanged + b.unchanged, quarantined: a.quarantined + b.quarantined };
  }
}

/** A record's key as one string (type, source and id never hold a NUL: SEF refuses control characters). */
function recordKey(type: string, source: string, id: string): string {
  return `${type}\u0000${source}\u0000${id}`;
}

/** PostgreSQL's unique_violation, from either engine. */
function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}
