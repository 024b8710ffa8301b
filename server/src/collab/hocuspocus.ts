import { Hocuspocus } from '@hocuspocus/server'
import type { Logger } from '../logger.ts'
import type { DocumentRepository } from '../storage/documents.ts'
import { FrameGuard } from './FrameGuard.ts'
import { Persistence } from './Persistence.ts'
import type { StoreHealth } from './store-health.ts'

export interface CollabOptions {
  documents: DocumentRepository
  health: StoreHealth
  log: Logger
  /** Milliseconds after the last edit before the document is compacted to storage. */
  debounceMs?: number
  maxDebounceMs?: number
}

/** The Hocuspocus instance with one extension per concern; no inline hooks. */
export function createCollab(options: CollabOptions): Hocuspocus {
  return new Hocuspocus({
    name: 'rouages',
    quiet: true,
    debounce: options.debounceMs ?? 2_000,
    maxDebounce: options.maxDebounceMs ?? 10_000,
    extensions: [
      new FrameGuard(),
      new Persistence({
        documents: options.documents,
        health: options.health,
        log: options.log.child({ concern: 'persistence' }),
      }),
    ],
  })
}
