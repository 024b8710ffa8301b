import type * as Y from 'yjs'
import { seedCrosswalk } from './crosswalk.ts'
import { WORKSPACE_SCHEMA_VERSION } from './schema.ts'

/** One step of the workspace schema: numbered, append-only, run once by the server on load. */
export interface WorkspaceMigration {
  /** The schema version this step produces. */
  version: number
  name: string
  up(doc: Y.Doc): void
}

/**
 * The steps after version 1 (the initial schema written by `initWorkspace`). Add a step here and
 * raise WORKSPACE_SCHEMA_VERSION together; never edit a released step.
 */
export const WORKSPACE_MIGRATIONS: readonly WorkspaceMigration[] = [
  {
    version: 2,
    name: 'crosswalk',
    // Years opened before the crosswalk existed get Fiche 4's table, as new years do.
    up: (doc) => {
      if (doc.getMap('crosswalk').size === 0) seedCrosswalk(doc)
    },
  },
]

/**
 * Brings a loaded document to the current schema in one transaction (so clients receive one
 * update). Returns the versions applied. A document newer than this code is left untouched.
 */
export function migrateWorkspace(
  doc: Y.Doc,
  migrations: readonly WorkspaceMigration[] = WORKSPACE_MIGRATIONS,
  target = WORKSPACE_SCHEMA_VERSION,
  origin: unknown = null,
): number[] {
  const meta = doc.getMap('meta')
  const current = meta.get('schemaVersion')
  if (typeof current !== 'number' || current >= target) return []
  const steps = migrations
    .filter((m) => m.version > current && m.version <= target)
    .sort((a, b) => a.version - b.version)
  doc.transact(() => {
    for (const step of steps) {
      step.up(doc)
      meta.set('schemaVersion', step.version)
    }
  }, origin)
  return steps.map((s) => s.version)
}
