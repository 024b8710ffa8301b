import type { Generated } from 'kysely'

/** Relational tables, as Kysely sees them; the same on SQLite and PostgreSQL. */
export interface Database {
  /** The compacted state of each Yjs document. */
  document: {
    name: string
    state: Uint8Array
    updated_at: string
  }
  /**
   * Append-only log of Yjs updates acknowledged to clients but not yet compacted into `document`.
   * Written before the server acknowledges an update; pruned once the state row contains it.
   */
  document_update: {
    id: Generated<number>
    name: string
    update: Uint8Array
    created_at: string
  }
}
