import { describe, expect, it } from 'vitest'
import { deriveSyncState } from './sync-state.ts'

describe('deriveSyncState', () => {
  it('is synced only when connected, synced and nothing is pending', () => {
    expect(deriveSyncState({ status: 'connected', synced: true, unsyncedChanges: 0 })).toEqual({
      kind: 'synced',
    })
  })

  it('is saving while the server has not acknowledged local changes', () => {
    expect(deriveSyncState({ status: 'connected', synced: true, unsyncedChanges: 3 })).toEqual({
      kind: 'saving',
      pending: 3,
    })
  })

  it('is offline with the count of changes kept locally', () => {
    expect(deriveSyncState({ status: 'disconnected', synced: true, unsyncedChanges: 2 })).toEqual({
      kind: 'offline',
      pending: 2,
    })
  })

  it('is connecting until the first sync, even when connected', () => {
    expect(deriveSyncState({ status: 'connected', synced: false, unsyncedChanges: 0 }).kind).toBe(
      'connecting',
    )
    expect(deriveSyncState({ status: 'connecting', synced: true, unsyncedChanges: 1 })).toEqual({
      kind: 'connecting',
      pending: 1,
    })
  })

  it('reports a refusal above everything else, never "saved"', () => {
    expect(
      deriveSyncState({
        status: 'connected',
        synced: true,
        unsyncedChanges: 0,
        failure: 'permission-denied',
      }),
    ).toEqual({ kind: 'failed', pending: 0, reason: 'permission-denied' })
  })

  it('never reports a negative pending count', () => {
    expect(deriveSyncState({ status: 'disconnected', synced: false, unsyncedChanges: -1 })).toEqual({
      kind: 'offline',
      pending: 0,
    })
  })
})
