import type { Kysely } from 'kysely'
import type { AuditEvent, AuditPage } from '@rouages/shared/api/audit'
import type { Database } from '../storage/schema.ts'

export interface AuditRecord {
  etablissementId: string | null
  actorId: string | null
  action: string
  target?: string | null
  details?: Record<string, unknown>
  at?: Date
}

export interface AuditFilter {
  actor?: string | undefined
  action?: string | undefined
  from?: string | undefined
  to?: string | undefined
  before?: number | undefined
  limit: number
}

/** The append-only audit trail (G4): the application inserts rows and never changes them. */
export class AuditTrail {
  readonly #db: Kysely<Database>
  readonly #now: () => Date

  constructor(db: Kysely<Database>, now: () => Date) {
    this.#db = db
    this.#now = now
  }

  async record(event: AuditRecord, db: Kysely<Database> = this.#db): Promise<void> {
    await db
      .insertInto('audit_event')
      .values({
        etablissement_id: event.etablissementId,
        at: (event.at ?? this.#now()).toISOString(),
        actor_id: event.actorId,
        action: event.action,
        target: event.target ?? null,
        details: JSON.stringify(event.details ?? {}),
      })
      .execute()
  }

  /** One page of an établissement's events, newest first. */
  async list(etablissementId: string, filter: AuditFilter): Promise<AuditPage> {
    let query = this.#db
      .selectFrom('audit_event')
      .leftJoin('app_user', 'app_user.id', 'audit_event.actor_id')
      .select([
        'audit_event.id',
        'audit_event.at',
        'audit_event.actor_id',
        'app_user.display_name',
        'audit_event.action',
        'audit_event.target',
        'audit_event.details',
      ])
      .where('audit_event.etablissement_id', '=', etablissementId)
    if (filter.actor) query = query.where('audit_event.actor_id', '=', filter.actor)
    if (filter.action) query = query.where('audit_event.action', '=', filter.action)
    if (filter.from) query = query.where('audit_event.at', '>=', new Date(filter.from).toISOString())
    if (filter.to) query = query.where('audit_event.at', '<=', new Date(filter.to).toISOString())
    if (filter.before !== undefined) query = query.where('audit_event.id', '<', filter.before)
    const rows = await query
      .orderBy('audit_event.id', 'desc')
      .limit(filter.limit + 1)
      .execute()
    const events: AuditEvent[] = rows.slice(0, filter.limit).map((row) => ({
      id: row.id,
      at: row.at,
      actor: row.actor_id ? { id: row.actor_id, displayName: row.display_name ?? '(compte supprimé)' } : null,
      action: row.action,
      target: row.target,
      details: JSON.parse(row.details) as Record<string, unknown>,
    }))
    return { events, nextBefore: rows.length > filter.limit ? (events.at(-1)?.id ?? null) : null }
  }
}

/** The audit trail as CSV (French headers, `;` separator as French spreadsheets expect). */
export function auditCsv(events: AuditEvent[]): string {
  const cell = (value: string) => (/[";\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value)
  // A leading =, +, - or @ would run as a formula in a spreadsheet: neutralise it.
  const safe = (value: string) => cell(/^[=+\-@]/.test(value) ? `'${value}` : value)
  const header = ['Date', 'Personne', 'Action', 'Objet', 'Détails'].join(';')
  const lines = events.map((e) =>
    [e.at, e.actor?.displayName ?? '', e.action, e.target ?? '', JSON.stringify(e.details)]
      .map(safe)
      .join(';'),
  )
  return `\uFEFF${[header, ...lines].join('\r\n')}\r\n`
}
