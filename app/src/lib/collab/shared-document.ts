/**
 * What a page needs of a school year's document, whichever kind it is: the live one shared with
 * the team (`CollabDocument`) or a bilan's frozen copy shown read-only (`FrozenDocument`). Pages
 * and their sessions depend on this, never on one kind, so the same screens show both.
 */
import type * as Y from 'yjs'
import type { SyncState } from '@rouages/shared/sync-state'

/** Another client on the same document, with the awareness state it publishes (untrusted). */
export interface Peer {
  /** The Yjs client id of that tab (one person may have several). */
  clientId: number
  state: Readonly<Record<string, unknown>>
}

export interface SharedDocument {
  /** The document's name (`etab:<id>:annee:<year>`), also for a frozen copy of it. */
  readonly name: string
  readonly doc: Y.Doc
  /** The content is there to read (and, unless read-only, to edit). */
  readonly loaded: boolean
  /** Edits would be dropped (or there is nobody to send them to): the UI must not offer them. */
  readonly readOnly: boolean
  /** Why the document cannot be shown or saved, if it cannot. */
  readonly failure: string | undefined
  /** What the sync indicator would say for this document alone. */
  readonly syncState: SyncState
  /** The other tabs on this document (none for a frozen copy). */
  readonly peers: Peer[]
  /** Publishes one field of this tab's presence; `null` withdraws it. */
  setPresence(key: string, value: unknown): void
  /** Says this holder no longer needs the document. */
  release(): void
}
