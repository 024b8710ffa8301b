import type { Hocuspocus } from '@hocuspocus/server'
import type * as Y from 'yjs'

/**
 * Server-side access to live documents through Hocuspocus direct connections: changes reach every
 * connected client and the store hooks, as a client's would. A séance's document has no other
 * writer, and `serial` runs a séance's commands one at a time, so counts computed from the
 * database and written here cannot overtake each other (one process: see ARCHITECTURE.md).
 */
export class LiveDocs {
  readonly #hocuspocus: Hocuspocus
  readonly #tails = new Map<string, Promise<unknown>>()

  constructor(hocuspocus: Hocuspocus) {
    this.#hocuspocus = hocuspocus
  }

  /** Runs `change` in one transaction of the named document and returns what it returns. */
  async write<T>(documentName: string, change: (doc: Y.Doc) => T): Promise<T> {
    const connection = await this.#hocuspocus.openDirectConnection(documentName, {})
    try {
      let result: T | undefined
      await connection.transact((doc) => {
        result = change(doc)
      })
      return result as T
    } finally {
      await connection.disconnect()
    }
  }

  /**
   * Reads the named document without changing it: from memory when it is loaded (a direct
   * connection's disconnect would store it again for nothing), else loaded for the read.
   */
  async read<T>(documentName: string, read: (doc: Y.Doc) => T): Promise<T> {
    const loaded = this.#hocuspocus.documents.get(documentName)
    if (loaded) return read(loaded)
    return this.write(documentName, read)
  }

  /** Runs `task` after every earlier task queued under `key` has settled. */
  serial<T>(key: string, task: () => Promise<T>): Promise<T> {
    const run = (this.#tails.get(key) ?? Promise.resolve()).then(task, task)
    const tail = run.catch(() => undefined)
    this.#tails.set(key, tail)
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key)
    })
    return run
  }
}
