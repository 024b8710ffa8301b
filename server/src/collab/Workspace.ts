import type { Extension, afterLoadDocumentPayload, beforeUnloadDocumentPayload } from '@hocuspocus/server'
import type * as Y from 'yjs'
import { parseDocumentName } from '@rouages/shared/document-names'
import { changedAttributionKeys } from '@rouages/shared/workspace/attribution'
import { migrateWorkspace } from '@rouages/shared/workspace/migrations'
import type { Attribution } from '@rouages/shared/workspace/schema'
import type { Logger } from '../logger.ts'
import type { AuditTrail } from '../services/audit.ts'
import { collabContextOf } from './collab-context.ts'
import { watchPlanRules } from './plan-rules.ts'

/** Changes the server makes itself; store hooks still run, so they are persisted. */
const SERVER_ORIGIN = { source: 'local' as const, context: { workspace: true } }

interface ConnectionOrigin {
  source: 'connection'
  connection: { context?: unknown }
}
const isConnectionOrigin = (origin: unknown): origin is ConnectionOrigin =>
  (origin as { source?: string } | null)?.source === 'connection'

/**
 * School-year workspace documents: brings them to the current schema on load, and records on
 * every entry who changed it last and when — from the session of the connection that made the
 * change, written by the server. Clients cannot write attributions: such writes are reverted.
 * The action plan and indicators are kept within their rules (`plan-rules.ts`: repaired, not
 * rejected) and their notable changes go to the audit trail.
 */
export class Workspace implements Extension {
  extensionName = 'Workspace'
  readonly #log: Logger
  readonly #now: () => Date
  readonly #audit: AuditTrail
  readonly #detach = new Map<string, () => void>()

  constructor(deps: { log: Logger; now: () => Date; audit: AuditTrail }) {
    this.#log = deps.log
    this.#now = deps.now
    this.#audit = deps.audit
  }

  afterLoadDocument({ documentName, document }: afterLoadDocumentPayload): Promise<void> {
    if (parseDocumentName(documentName)?.kind !== 'annee') return Promise.resolve()
    const applied = migrateWorkspace(document, undefined, undefined, SERVER_ORIGIN)
    if (applied.length > 0) this.#log.info({ documentName, applied }, 'workspace migrated')
    const stopWatching = this.#watch(document)
    const stopRules = this.#watchPlan(documentName, document)
    this.#detach.set(documentName, () => {
      stopWatching()
      stopRules()
    })
    return Promise.resolve()
  }

  beforeUnloadDocument({ documentName }: beforeUnloadDocumentPayload): Promise<void> {
    this.#detach.get(documentName)?.()
    this.#detach.delete(documentName)
    return Promise.resolve()
  }

  #watchPlan(documentName: string, doc: Y.Doc): () => void {
    return watchPlanRules(doc, {
      fromClient: (transaction) => isConnectionOrigin(transaction.origin),
      serverOrigin: SERVER_ORIGIN,
      onRepairs: (repairs) =>
        this.#log.warn({ documentName, repairs }, 'plan repaired after a client change'),
      onEvents: (events, transaction) => {
        if (!isConnectionOrigin(transaction.origin)) return
        const context = collabContextOf(transaction.origin.connection.context)
        if (!context) return
        const at = this.#now()
        for (const event of events) {
          this.#audit
            .record({
              etablissementId: context.etablissementId,
              actorId: context.user.id,
              action: event.action,
              target: documentName,
              at,
              details: event.details,
            })
            .catch((error: unknown) =>
              this.#log.error({ err: error, documentName }, 'could not write an audit event'),
            )
        }
      },
    })
  }

  #watch(doc: Y.Doc): () => void {
    const attributions = doc.getMap<Attribution>('attributions')
    const stamp = (transaction: Y.Transaction) => {
      if (!isConnectionOrigin(transaction.origin)) return
      const user = collabContextOf(transaction.origin.connection.context)?.user
      if (!user) return
      const keys = changedAttributionKeys(doc, transaction.changed)
      if (keys.size === 0) return
      const attribution: Attribution = { by: user.id, name: user.displayName, at: this.#now().toISOString() }
      doc.transact(() => {
        for (const key of keys) attributions.set(key, attribution)
      }, SERVER_ORIGIN)
    }
    const guard = (event: Y.YMapEvent<Attribution>, transaction: Y.Transaction) => {
      if (!isConnectionOrigin(transaction.origin)) return
      // A client wrote an attribution (someone else's name?): put back what the server wrote.
      doc.transact(() => {
        for (const [key, change] of event.changes.keys) {
          if (change.action === 'add') attributions.delete(key)
          else attributions.set(key, change.oldValue as Attribution)
        }
      }, SERVER_ORIGIN)
    }
    doc.on('afterTransaction', stamp)
    attributions.observe(guard)
    return () => {
      doc.off('afterTransaction', stamp)
      attributions.unobserve(guard)
    }
  }
}
