import type {
  Extension,
  afterLoadDocumentPayload,
  beforeSyncPayload,
  onLoadDocumentPayload,
  onStoreDocumentPayload,
} from '@hocuspocus/server'
import * as Y from 'yjs'
import type { Logger } from '../logger.ts'
import type { DocumentRepository } from '../storage/documents.ts'
import { rejectConnection } from './reject.ts'
import type { StoreHealth } from './store-health.ts'

/** y-protocols sync message types, as passed to `beforeSync`. */
const SyncStep2 = 1
const Update = 2

export interface PersistenceOptions {
  documents: DocumentRepository
  health: StoreHealth
  log: Logger
}

/**
 * Durable persistence of Yjs documents.
 *
 * Hocuspocus awaits `beforeSync` before it applies a client's update and answers
 * `SyncStatus(true)`, which is what brings the provider's unsynced count back to 0. Appending the
 * update to a log there means that whatever a client was told is saved is on disk, even if the
 * process dies before the debounced `onStoreDocument`. That store compacts the log into the
 * document row; loading replays the row and whatever the log still holds.
 */
export class Persistence implements Extension {
  extensionName = 'Persistence'
  readonly #options: PersistenceOptions
  /** Documents whose load replayed logged updates: compacted right after loading. */
  readonly #needsCompaction = new Set<string>()

  constructor(options: PersistenceOptions) {
    this.#options = options
  }

  async onLoadDocument({ documentName, document }: onLoadDocumentPayload): Promise<void> {
    // A storage error must reject the load: an empty document stored over real data is worse.
    const stored = await this.#options.documents.load(documentName)
    if (stored.state) Y.applyUpdate(document, stored.state)
    for (const { id, update } of stored.updates) {
      try {
        Y.applyUpdate(document, update)
      } catch (error) {
        // Updates are validated before they are logged; this guards against a damaged row.
        this.#options.log.error(
          { documentName, updateId: id, err: error },
          'skipped an unreadable logged update',
        )
      }
    }
    if (stored.updates.length > 0) this.#needsCompaction.add(documentName)
    // Hocuspocus batches document updates for broadcast until the next tick: the stored state
    // applied above would go out as an update to the connection that asked for the document, on
    // top of the sync answer that already carries it (the whole document twice). Nobody is
    // attached yet, so flushing now sends it to no one.
    document.flush()
  }

  async afterLoadDocument({ documentName, document }: afterLoadDocumentPayload): Promise<void> {
    if (!this.#needsCompaction.delete(documentName)) return
    await this.#compact(documentName, document).catch(() => {})
  }

  async beforeSync({ type, payload, connection, documentName }: beforeSyncPayload): Promise<void> {
    if ((type !== SyncStep2 && type !== Update) || connection.readOnly) return
    if (isEmptyUpdate(payload)) return
    if (!isDecodable(payload)) throw rejectConnection(connection, 'MalformedUpdate')
    try {
      await this.#options.documents.appendUpdate(documentName, payload)
    } catch (error) {
      this.#options.health.refused(documentName, error)
      this.#options.log.error({ documentName, err: error }, 'could not log an update; the client keeps it')
      // Closing without acknowledging: the provider keeps the edit and sends it again on reconnect.
      throw rejectConnection(connection, 'StorageUnavailable')
    }
    this.#options.health.logged(documentName)
  }

  async onStoreDocument({ documentName, document }: onStoreDocumentPayload): Promise<void> {
    await this.#compact(documentName, document)
  }

  async #compact(documentName: string, document: Y.Doc): Promise<void> {
    // Taken together and synchronously, so the snapshot describes exactly the encoded state.
    const snapshot = Y.snapshot(document)
    const state = Y.encodeStateAsUpdate(document)
    try {
      await this.#options.documents.compact(documentName, state, (update) =>
        Y.snapshotContainsUpdate(snapshot, update),
      )
      this.#options.health.stored(documentName)
    } catch (error) {
      this.#options.health.failed(documentName, error)
      this.#options.log.error({ documentName, err: error }, 'storing the document failed; it stays in memory')
      throw error
    }
  }
}

/** The update y-protocols sends for "nothing new": no structs, empty delete set. */
function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0
}

/** Whether Yjs can decode the update; checked before it reaches the log or the document. */
function isDecodable(update: Uint8Array): boolean {
  try {
    Y.decodeUpdate(update)
    return true
  } catch {
    return false
  }
}
