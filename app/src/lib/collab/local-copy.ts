/**
 * The browser's copy of a shared document (F1): every update is kept in IndexedDB (y-indexeddb),
 * so edits made offline survive a closed tab or a reload and merge when the connection returns.
 *
 * One database per person and document (`rouages:<userId>:<documentName>`): a colleague who signs
 * in on the same computer never loads, nor sends under their own name, someone else's edits.
 */
import { IndexeddbPersistence } from 'y-indexeddb'
import * as Y from 'yjs'

const PREFIX = 'rouages:'
/** Names of the databases this browser created, for browsers without `indexedDB.databases()`. */
const REGISTRY_KEY = 'rouages:local-documents'
/** Key (in y-indexeddb's custom store) of the state vector the server last acknowledged. */
const ACKNOWLEDGED_KEY = 'acknowledged'
/** A stuck IndexedDB (private mode, quota, blocked upgrade) must not keep the document offline. */
const LOAD_TIMEOUT_MS = 3_000

export function localDatabaseName(userId: string, documentName: string): string {
  return `${PREFIX}${userId}:${documentName}`
}

export interface LocalLoad {
  /** The stored copy holds changes the server had not acknowledged when it was last written. */
  unacknowledged: boolean
}

export class LocalCopy {
  readonly #persistence: IndexeddbPersistence
  readonly #doc: Y.Doc
  #destroyed = false

  /** Resolves once the stored updates are applied to the document (or loading gave up). */
  readonly loaded: Promise<LocalLoad>

  constructor(databaseName: string, doc: Y.Doc) {
    this.#doc = doc
    register(databaseName)
    this.#persistence = new IndexeddbPersistence(databaseName, doc)
    this.loaded = withTimeout(
      this.#persistence.whenSynced.then(() => this.#compareWithAcknowledged()),
      LOAD_TIMEOUT_MS,
      { unacknowledged: false },
    )
  }

  /**
   * Records that the server holds everything this document holds now: a later reload, even
   * offline, can then tell whether the stored copy has changes still to send.
   */
  markAcknowledged(): void {
    if (this.#destroyed || !this.#persistence.synced) return
    const vector = Y.encodeStateVector(this.#doc)
    const copy = new ArrayBuffer(vector.byteLength)
    new Uint8Array(copy).set(vector)
    this.#persistence.set(ACKNOWLEDGED_KEY, copy).catch(() => {
      // Losing this marker only makes a later offline reload report pending changes.
    })
  }

  destroy(): void {
    if (this.#destroyed) return
    this.#destroyed = true
    void this.#persistence.destroy()
  }

  async #compareWithAcknowledged(): Promise<LocalLoad> {
    const stored: unknown = await this.#persistence.get(ACKNOWLEDGED_KEY)
    const local = Y.decodeStateVector(Y.encodeStateVector(this.#doc))
    if (!(stored instanceof ArrayBuffer)) return { unacknowledged: local.size > 0 }
    const acknowledged = Y.decodeStateVector(new Uint8Array(stored))
    for (const [client, clock] of local) {
      if (clock > (acknowledged.get(client) ?? 0)) return { unacknowledged: true }
    }
    return { unacknowledged: false }
  }
}

/**
 * Deletes this browser's copies of shared documents, all of them or those `keep` does not
 * accept. A copy still open elsewhere (another tab) is deleted when that tab closes it.
 */
export async function deleteLocalCopies(
  keep: (databaseName: string) => boolean = () => false,
): Promise<void> {
  const names = new Set(readRegistry())
  try {
    for (const database of (await indexedDB.databases?.()) ?? []) {
      if (database.name?.startsWith(PREFIX)) names.add(database.name)
    }
  } catch {
    // No listing: the registry alone says what to delete.
  }
  const deleted: string[] = []
  for (const name of names) {
    if (keep(name)) continue
    deleted.push(name)
    // Not awaited: a deletion blocked by another tab completes when that tab lets go.
    indexedDB.deleteDatabase(name)
  }
  writeRegistry(readRegistry().filter((name) => !deleted.includes(name)))
}

/** Whether a database is one of `userId`'s copies. */
export function belongsTo(userId: string): (databaseName: string) => boolean {
  return (databaseName) => databaseName.startsWith(`${PREFIX}${userId}:`)
}

function register(databaseName: string): void {
  const names = readRegistry()
  if (!names.includes(databaseName)) writeRegistry([...names, databaseName])
}

function readRegistry(): string[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(REGISTRY_KEY) ?? '[]')
    return Array.isArray(parsed) ? parsed.filter((name): name is string => typeof name === 'string') : []
  } catch {
    return []
  }
}

function writeRegistry(names: string[]): void {
  try {
    if (names.length === 0) localStorage.removeItem(REGISTRY_KEY)
    else localStorage.setItem(REGISTRY_KEY, JSON.stringify(names))
  } catch {
    // Storage disabled: `indexedDB.databases()` still finds the copies.
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(fallback), ms)
    promise.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      () => {
        clearTimeout(timer)
        resolve(fallback)
      },
    )
  })
}
