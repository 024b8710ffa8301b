/**
 * The baselines' optional storage (scenario c): one SQLite file with one table
 * `document(name TEXT PRIMARY KEY, state BLOB)`, each state a whole Yjs update. The harness seeds
 * the file (`seedStorage`) and starts a baseline with `BENCH_STORAGE=<file>`; the baseline then
 * reads a document's blob when the document is first opened (`openStorage`). Without the variable
 * a baseline has no storage, as in scenarios a and b. Reads are synchronous (node:sqlite), which
 * y-websocket's persistence hook needs: it does not wait for `bindState` before the sync.
 */
import { DatabaseSync } from 'node:sqlite'

export const STORAGE_ENV = 'BENCH_STORAGE'

export interface BaselineStorage {
  /** The stored state of `name`, or undefined when there is none. */
  read(name: string): Uint8Array | undefined
}

/** Creates `file` with the given documents (name → state). */
export function seedStorage(file: string, documents: Iterable<readonly [string, Uint8Array]>): void {
  const database = new DatabaseSync(file)
  try {
    database.exec('CREATE TABLE document (name TEXT PRIMARY KEY, state BLOB NOT NULL)')
    const insert = database.prepare('INSERT INTO document (name, state) VALUES (?, ?)')
    database.exec('BEGIN')
    for (const [name, state] of documents) insert.run(name, state)
    database.exec('COMMIT')
  } finally {
    database.close()
  }
}

/** The storage named by `BENCH_STORAGE`, read-only; undefined when the variable is unset. */
export function openStorage(): BaselineStorage | undefined {
  const file = process.env[STORAGE_ENV]
  if (!file) return undefined
  const database = new DatabaseSync(file, { readOnly: true })
  const select = database.prepare('SELECT state FROM document WHERE name = ?')
  return {
    read(name) {
      const row = select.get(name) as { state: Uint8Array } | undefined
      return row?.state
    },
  }
}
