import type { Kysely } from 'kysely'
import type { Database } from './schema.ts'

export interface LoggedUpdate {
  id: number
  update: Uint8Array
}

export interface StoredDocument {
  state: Uint8Array | null
  /** Updates acknowledged after `state` was written, oldest first. */
  updates: LoggedUpdate[]
}

/** Durable storage of Yjs documents: a compacted state row and an append-only update log. */
export class DocumentRepository {
  readonly #db: Kysely<Database>
  readonly #now: () => Date

  constructor(db: Kysely<Database>, now: () => Date = () => new Date()) {
    this.#db = db
    this.#now = now
  }

  /** Everything needed to rebuild a document: its state and the updates logged since. */
  async load(name: string): Promise<StoredDocument> {
    return this.#db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('document').select('state').where('name', '=', name).executeTakeFirst()
      const updates = await trx
        .selectFrom('document_update')
        .select(['id', 'update'])
        .where('name', '=', name)
        .orderBy('id')
        .execute()
      return {
        state: row ? toBytes(row.state) : null,
        updates: updates.map((u) => ({ id: u.id, update: toBytes(u.update) })),
      }
    })
  }

  /** Appends one update to the document's log; resolves once it is durable. */
  async appendUpdate(name: string, update: Uint8Array): Promise<void> {
    await this.#db
      .insertInto('document_update')
      .values({ name, update, created_at: this.#now().toISOString() })
      .execute()
  }

  /**
   * Writes the full state and, in the same transaction, removes the logged updates that
   * `isContained` says the state already holds. Updates logged meanwhile are kept.
   */
  async compact(
    name: string,
    state: Uint8Array,
    isContained: (update: Uint8Array) => boolean,
  ): Promise<number> {
    return this.#db.transaction().execute(async (trx) => {
      const logged = await trx
        .selectFrom('document_update')
        .select(['id', 'update'])
        .where('name', '=', name)
        .execute()
      const containedIds = logged.filter((u) => isContained(toBytes(u.update))).map((u) => u.id)
      const updated_at = this.#now().toISOString()
      await trx
        .insertInto('document')
        .values({ name, state, updated_at })
        .onConflict((oc) => oc.column('name').doUpdateSet({ state, updated_at }))
        .execute()
      if (containedIds.length > 0) {
        await trx.deleteFrom('document_update').where('id', 'in', containedIds).execute()
      }
      return containedIds.length
    })
  }

  /** How many updates wait in the log for compaction (all documents, or one). */
  async pendingUpdates(name?: string): Promise<number> {
    let query = this.#db
      .selectFrom('document_update')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
    if (name !== undefined) query = query.where('name', '=', name)
    const row = await query.executeTakeFirstOrThrow()
    return Number(row.n)
  }
}

/** pg returns Buffer, node:sqlite Uint8Array; Yjs takes either, callers get a plain view. */
function toBytes(value: Uint8Array): Uint8Array {
  return new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
}
