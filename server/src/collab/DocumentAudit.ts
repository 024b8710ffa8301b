import type { Extension, onChangePayload, onDisconnectPayload } from '@hocuspocus/server'
import type { Logger } from '../logger.ts'
import type { AuditTrail } from '../services/audit.ts'
import { collabContextOf } from './collab-context.ts'

interface PendingEdits {
  documentName: string
  etablissementId: string
  userId: string
  updates: number
  bytes: number
  from: Date
  to: Date
}

/**
 * Attributes document edits in the audit trail to the user of the connection that made them
 * (from the server-side context, never from the client). Keystrokes are grouped per user and
 * document and written every few seconds, and when the user leaves the document.
 */
export class DocumentAudit implements Extension {
  extensionName = 'DocumentAudit'
  readonly #audit: AuditTrail
  readonly #log: Logger
  readonly #now: () => Date
  readonly #pending = new Map<string, PendingEdits>()
  readonly #timer: ReturnType<typeof setInterval>

  constructor(deps: { audit: AuditTrail; log: Logger; now: () => Date; flushEveryMs?: number }) {
    this.#audit = deps.audit
    this.#log = deps.log
    this.#now = deps.now
    this.#timer = setInterval(() => void this.flush(), deps.flushEveryMs ?? 5_000)
    this.#timer.unref()
  }

  onChange({ documentName, update, transactionOrigin }: onChangePayload): Promise<void> {
    const origin = transactionOrigin as { source?: string; connection?: { context?: unknown } } | undefined
    const context = origin?.source === 'connection' ? collabContextOf(origin.connection?.context) : undefined
    if (!context) return Promise.resolve()
    const key = `${documentName}\u0000${context.user.id}`
    const now = this.#now()
    const pending = this.#pending.get(key) ?? {
      documentName,
      etablissementId: context.etablissementId,
      userId: context.user.id,
      updates: 0,
      bytes: 0,
      from: now,
      to: now,
    }
    pending.updates++
    pending.bytes += update.length
    pending.to = now
    this.#pending.set(key, pending)
    return Promise.resolve()
  }

  async onDisconnect({ documentName, context }: onDisconnectPayload): Promise<void> {
    const user = collabContextOf(context)?.user
    if (user) await this.flush((p) => p.documentName === documentName && p.userId === user.id)
  }

  async onDestroy(): Promise<void> {
    clearInterval(this.#timer)
    await this.flush()
  }

  /** Writes the grouped edits (all, or those matching) to the audit trail. */
  async flush(which: (pending: PendingEdits) => boolean = () => true): Promise<void> {
    for (const [key, p] of this.#pending) {
      if (!which(p)) continue
      this.#pending.delete(key)
      await this.#audit
        .record({
          etablissementId: p.etablissementId,
          actorId: p.userId,
          action: 'document.edited',
          target: p.documentName,
          at: p.to,
          details: { updates: p.updates, bytes: p.bytes, from: p.from.toISOString(), to: p.to.toISOString() },
        })
        .catch((error: unknown) =>
          this.#log.error({ err: error, documentName: p.documentName }, 'could not write an audit event'),
        )
    }
  }
}
