/**
 * A bilan's frozen copy of a school year (E1 "view"), shown with the same screens as the live
 * year: its Yjs state is loaded once into a Y.Doc of its own that is connected to nothing, and it
 * says it is read-only, so every page shows it without an editing control. Nobody else is on it.
 */
import * as Y from 'yjs'
import type { SyncState } from '@rouages/shared/sync-state'
import { migrateWorkspace } from '@rouages/shared/workspace/migrations'
import { ApiFailure, failureMessage } from '#lib/api.ts'
import { m } from '#lib/paraglide/messages.js'
import type { Peer, SharedDocument } from './shared-document.ts'

export class FrozenDocument implements SharedDocument {
  readonly name: string
  readonly doc = new Y.Doc()
  readonly readOnly = true
  readonly peers: Peer[] = []
  #loaded = $state(false)
  #failure = $state<string | undefined>()

  /** `name` is the live year's document name; `state` fetches the frozen bytes. */
  constructor(name: string, state: () => Promise<Uint8Array>) {
    this.name = name
    void this.#load(state)
  }

  async #load(state: () => Promise<Uint8Array>): Promise<void> {
    try {
      const bytes = await state()
      Y.applyUpdate(this.doc, bytes)
      // A bilan frozen under an older schema is read with today's screens: bring this local copy
      // (never sent anywhere) to the current schema, as the server does for live years.
      migrateWorkspace(this.doc)
      this.#loaded = true
    } catch (error) {
      // The server's sentence when it refused; ours when the bytes are not a workspace.
      this.#failure = error instanceof ApiFailure ? failureMessage(error) : m.bilans_version_unreadable()
    }
  }

  get loaded(): boolean {
    return this.#loaded
  }

  /** Why the version could not be loaded (the server's sentence), if it could not. */
  get failure(): string | undefined {
    return this.#failure
  }

  get syncState(): SyncState {
    if (this.#failure) return { kind: 'failed', pending: 0, reason: this.#failure }
    return this.#loaded ? { kind: 'synced' } : { kind: 'connecting', pending: 0 }
  }

  /** Nobody else is on a frozen copy: there is no presence to publish. */
  setPresence(): void {}

  /** Nothing to close: the copy is connected to nothing and goes with its last reference. */
  release(): void {}
}
