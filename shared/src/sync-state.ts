/**
 * The honest sync state shown to users (UX principle 2): never "saved" before the server
 * acknowledged every local change.
 */

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected'

export type SyncState =
  | { kind: 'synced' }
  | { kind: 'saving'; pending: number }
  | { kind: 'offline'; pending: number }
  | { kind: 'connecting'; pending: number }
  | { kind: 'failed'; pending: number; reason: string }

export interface SyncInputs {
  status: ConnectionStatus
  /** The provider finished its first sync with the server. */
  synced: boolean
  /** Local changes the server has not acknowledged yet (provider.unsyncedChanges). */
  unsyncedChanges: number
  /** Set when the server refused the document (authentication, invalid name…). */
  failure?: string | undefined
}

/** Derives what the sync indicator shows from the provider's raw state. */
export function deriveSyncState(inputs: SyncInputs): SyncState {
  const pending = Math.max(0, inputs.unsyncedChanges)
  if (inputs.failure) return { kind: 'failed', pending, reason: inputs.failure }
  if (inputs.status === 'disconnected') return { kind: 'offline', pending }
  if (inputs.status === 'connecting' || !inputs.synced) return { kind: 'connecting', pending }
  if (pending > 0) return { kind: 'saving', pending }
  return { kind: 'synced' }
}
