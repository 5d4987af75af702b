// Caps that keep hostile or broken input from costing memory, time or the
// database (PostgreSQL rejects NUL; deep JSON blows stacks). Documented in
// docs/sef-validation.md; a change here is a contract change.
export const LIMITS = {
  /** ids, source names, person references, opaque worker/plan ids */
  id: 200,
  /** name parts, phones, postcodes, NHS numbers, UPNs and other short single-line values */
  name: 200,
  /** any other string field the schema knows */
  string: 2_000,
  /** the free-text `text` field, and the absolute cap on any string anywhere */
  text: 100_000,
  /** items in any array; also keys in any object */
  items: 1_000,
  /** nesting depth of a record (the record object itself is level 1) */
  depth: 32,
  /** characters in one line, checked before JSON.parse */
  line: 4_000_000,
  /** problems (and warnings) reported per line */
  problems: 10,
  /** earliest and latest year accepted in any date */
  minYear: 1880,
  maxYear: 2100,
} as const;
