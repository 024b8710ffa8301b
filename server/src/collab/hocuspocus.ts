import { Hocuspocus } from '@hocuspocus/server'
import type { SessionStore } from '../auth/sessions.ts'
import type { Logger } from '../logger.ts'
import type { AuditTrail } from '../services/audit.ts'
import type { Etablissements } from '../services/etablissements.ts'
import type { SeanceAccess } from '../services/seance-access.ts'
import type { DocumentRepository } from '../storage/documents.ts'
import { Authorization } from './Authorization.ts'
import { DocumentAudit } from './DocumentAudit.ts'
import { FrameGuard } from './FrameGuard.ts'
import { Persistence } from './Persistence.ts'
import { SeancePresence } from './SeancePresence.ts'
import { Workspace } from './Workspace.ts'
import type { StoreHealth } from './store-health.ts'

export interface CollabOptions {
  documents: DocumentRepository
  health: StoreHealth
  log: Logger
  sessions: SessionStore
  etablissements: Etablissements
  seances: SeanceAccess
  audit: AuditTrail
  now: () => Date
  /** Milliseconds after the last edit before the document is compacted to storage. */
  debounceMs?: number
  maxDebounceMs?: number
}

export interface Collab {
  hocuspocus: Hocuspocus
  authorization: Authorization
  documentAudit: DocumentAudit
}

/** The Hocuspocus instance with one extension per concern; no inline hooks. */
export function createCollab(options: CollabOptions): Collab {
  const authorization = new Authorization({
    sessions: options.sessions,
    etablissements: options.etablissements,
    seances: options.seances,
  })
  const documentAudit = new DocumentAudit({
    audit: options.audit,
    log: options.log.child({ concern: 'audit' }),
    now: options.now,
  })
  const hocuspocus = new Hocuspocus({
    name: 'rouages',
    quiet: true,
    debounce: options.debounceMs ?? 2_000,
    maxDebounce: options.maxDebounceMs ?? 10_000,
    extensions: [
      new FrameGuard(),
      authorization,
      new Persistence({
        documents: options.documents,
        health: options.health,
        log: options.log.child({ concern: 'persistence' }),
      }),
      documentAudit,
      new Workspace({
        log: options.log.child({ concern: 'workspace' }),
        now: options.now,
        audit: options.audit,
      }),
      new SeancePresence({
        joined: (seanceId, person) => options.seances.recordParticipant(seanceId, person),
      }),
    ],
  })
  return { hocuspocus, authorization, documentAudit }
}
