/**
 * The tab's one connection to the collaboration server: a single WebSocket (created on first
 * use) that every open document is multiplexed over, and the reactive sync state of each
 * document and of the tab as a whole.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket, WebSocketStatus } from '@hocuspocus/provider'
import { SvelteMap } from 'svelte/reactivity'
import { online } from 'svelte/reactivity/window'
import * as Y from 'yjs'
import { COLLAB_PATH, CloseReason, isValidDocumentName } from '@rouages/shared/protocol'
import { deriveSyncState, type ConnectionStatus, type SyncState } from '@rouages/shared/sync-state'
import { LocalCopy, belongsTo, deleteLocalCopies, localDatabaseName } from './local-copy.ts'
import type { Peer, SharedDocument } from './shared-document.ts'

/** Reasons after which the server expects the client to try the document again. */
const RETRYABLE_CLOSE_REASONS: ReadonlySet<string> = new Set([
  CloseReason.StorageUnavailable.reason,
  CloseReason.ServerShutdown.reason,
])
const RETRY_FIRST_DELAY_MS = 1_000
const RETRY_MAX_DELAY_MS = 30_000
/** Remote updates and acknowledgements come in bursts: record the acknowledged state once. */
const ACKNOWLEDGED_DEBOUNCE_MS = 500

/** The collaboration socket URL for a page served from `location`: same origin, ws or wss. */
export function collabUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${scheme}//${location.host}${COLLAB_PATH}`
}

function toConnectionStatus(status: WebSocketStatus): ConnectionStatus {
  switch (status) {
    case WebSocketStatus.Connected:
      return 'connected'
    case WebSocketStatus.Connecting:
      return 'connecting'
    case WebSocketStatus.Disconnected:
      return 'disconnected'
  }
}

/**
 * One shared document: its Y.Doc and what the server has acknowledged of it. Obtain it with
 * `collab.open(name)` and give it back with `release()`.
 */
export class CollabDocument implements SharedDocument {
  readonly name: string
  readonly doc = new Y.Doc()
  readonly #connection: CollabConnection
  readonly #provider: HocuspocusProvider
  readonly #local: LocalCopy | undefined
  #references = 1
  #destroyed = false
  #retryDelay = RETRY_FIRST_DELAY_MS
  #retryTimer: ReturnType<typeof setTimeout> | undefined
  #acknowledgedTimer: ReturnType<typeof setTimeout> | undefined

  #synced = $state(false)
  #loaded = $state(false)
  #unsyncedChanges = $state(0)
  #failure = $state<string | undefined>()
  #readOnly = $state(false)
  #peers = $state.raw<Peer[]>([])

  /** What the sync indicator shows for this document alone. */
  readonly syncState: SyncState

  constructor(
    connection: CollabConnection,
    socket: HocuspocusProviderWebsocket,
    name: string,
    localDatabase: string | undefined,
  ) {
    this.name = name
    this.#connection = connection
    this.syncState = $derived(
      deriveSyncState({
        status: this.#connection.status,
        synced: this.#synced,
        unsyncedChanges: this.#unsyncedChanges,
        failure: this.#failure,
      }),
    )
    this.#provider = new HocuspocusProvider({
      websocketProvider: socket,
      name,
      document: this.doc,
      onSynced: ({ state }) => {
        this.#synced = state
        if (state) this.#loaded = true
        // Synced again with nothing pending: a storage failure or shutdown is over, even when no
        // edit was waiting (then no unsynced-changes event would clear it).
        if (state && this.#provider.unsyncedChanges === 0) {
          this.#recovered()
          this.#acknowledged()
        }
      },
      onUnsyncedChanges: ({ number }) => {
        this.#unsyncedChanges = number
        // The server acknowledged everything: a storage failure is over.
        if (number === 0 && this.#provider.isSynced) {
          this.#recovered()
          this.#acknowledged()
        }
      },
      onAuthenticated: ({ scope }) => {
        this.#readOnly = scope === 'readonly'
        // A storage failure only ends when the server acknowledges the edits (see #recovered).
        if (!RETRYABLE_CLOSE_REASONS.has(this.#failure ?? '')) this.#failure = undefined
      },
      onAuthenticationFailed: ({ reason }) => {
        this.#failure = reason || 'permission-denied'
      },
      onClose: ({ event }) => {
        this.#synced = false
        // The socket is still up: the server closed this document only (refused an update…).
        if (socket.status === WebSocketStatus.Connected) this.#closedByServer(event.reason)
        // The whole socket closed because the server cannot save: say that, not "offline". The
        // socket reconnects by itself, and the next acknowledgement clears it (#recovered).
        else if (event.reason === CloseReason.StorageUnavailable.reason) this.#failure = event.reason
      },
    })
    this.#provider.awareness?.on('change', this.#onAwarenessChange)
    this.doc.on('update', this.#onUpdate)
    this.#local = openLocalCopy(localDatabase, this.doc)
    if (this.#local) void this.#local.loaded.then((load) => this.#attachAfterLocalLoad(load.unacknowledged))
    // Mandatory with a shared socket: the provider does not attach itself.
    else this.#provider.attach()
  }

  /**
   * The stored copy is in the document before the provider's first sync step, so the handshake
   * itself sends the server whatever it lacks (edits made offline in a tab since closed).
   */
  #attachAfterLocalLoad(unacknowledged: boolean): void {
    if (this.#destroyed) return
    // Applying the stored copy counted as one change; only unacknowledged edits are pending.
    this.#provider.unsyncedChanges = unacknowledged ? 1 : 0
    this.#unsyncedChanges = this.#provider.unsyncedChanges
    // Offline, the stored copy is what there is to edit — if it holds anything (an empty copy
    // must not pass for a loaded document: `share` also lists types merely looked up).
    if (Y.decodeStateVector(Y.encodeStateVector(this.doc)).size > 0) this.#loaded = true
    this.#provider.attach()
  }

  /** Updates from the server while nothing is pending: the stored copy is acknowledged as is. */
  readonly #onUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin === this.#provider && this.#provider.isSynced && this.#provider.unsyncedChanges === 0) {
      this.#acknowledged()
    }
  }

  #acknowledged(): void {
    if (!this.#local) return
    clearTimeout(this.#acknowledgedTimer)
    this.#acknowledgedTimer = setTimeout(() => {
      if (this.#provider.isSynced && this.#provider.unsyncedChanges === 0) this.#local?.markAcknowledged()
    }, ACKNOWLEDGED_DEBOUNCE_MS)
  }

  /**
   * The other tabs on this document and what they publish (see `setPresence`), kept up to date.
   * Their content comes from other clients: read it as untrusted input.
   */
  get peers(): Peer[] {
    return this.#peers
  }

  /**
   * Publishes one field of this tab's presence (who I am, which field I am editing) to the other
   * clients of the document; `null` withdraws it. Presence is never stored.
   */
  setPresence(key: string, value: unknown): void {
    if (this.#destroyed) return
    this.#provider.setAwarenessField(key, value)
  }

  readonly #onAwarenessChange = () => {
    const awareness = this.#provider.awareness
    if (!awareness) return
    const peers: Peer[] = []
    for (const [clientId, state] of awareness.getStates()) {
      if (clientId !== this.doc.clientID) peers.push({ clientId, state })
    }
    this.#peers = peers
  }

  /** The first sync with the server has completed at least once (content is there to edit). */
  get loaded(): boolean {
    return this.#loaded
  }

  /** The server grants read access only; edits would be dropped, so the UI must not offer them. */
  get readOnly(): boolean {
    return this.#readOnly
  }

  /** Inputs of the tab-wide sync state. */
  get synced(): boolean {
    return this.#synced
  }

  get unsyncedChanges(): number {
    return this.#unsyncedChanges
  }

  get failure(): string | undefined {
    return this.#failure
  }

  /** Says this holder no longer needs the document; the last release closes it. */
  release(): void {
    this.#references -= 1
    if (this.#references > 0) return
    this.destroy()
  }

  /** @internal Closes the document whoever holds it (sign-out); later releases do nothing. */
  destroy(): void {
    if (this.#destroyed) return
    this.#destroyed = true
    clearTimeout(this.#retryTimer)
    clearTimeout(this.#acknowledgedTimer)
    this.#provider.awareness?.off('change', this.#onAwarenessChange)
    this.doc.off('update', this.#onUpdate)
    this.#local?.destroy()
    this.#provider.destroy()
    this.doc.destroy()
    this.#connection.forget(this)
  }

  /** @internal Another holder of the same document (see `CollabConnection.open`). */
  retain(): this {
    this.#references += 1
    return this
  }

  #closedByServer(reason: string): void {
    this.#failure = reason || 'closed'
    if (!RETRYABLE_CLOSE_REASONS.has(reason)) return
    // Local edits stay in the Y.Doc; opening the document again resends them.
    clearTimeout(this.#retryTimer)
    this.#retryTimer = setTimeout(() => {
      this.#provider.detach()
      this.#provider.attach()
    }, this.#retryDelay)
    this.#retryDelay = Math.min(this.#retryDelay * 2, RETRY_MAX_DELAY_MS)
  }

  #recovered(): void {
    this.#retryDelay = RETRY_FIRST_DELAY_MS
    if (this.#failure !== undefined && RETRYABLE_CLOSE_REASONS.has(this.#failure)) this.#failure = undefined
  }
}

/** The browser's copy of a document, unless IndexedDB is unavailable (then it stays online-only). */
function openLocalCopy(databaseName: string | undefined, doc: Y.Doc): LocalCopy | undefined {
  if (databaseName === undefined || typeof indexedDB === 'undefined') return undefined
  try {
    return new LocalCopy(databaseName, doc)
  } catch {
    return undefined
  }
}

/** The tab's collaboration connection; use the `collab` singleton. */
export class CollabConnection {
  readonly #url: () => string
  #socket: HocuspocusProviderWebsocket | undefined
  #removeOnlineListener: (() => void) | undefined
  /** Whose local copies documents are kept in; none before someone is signed in. */
  #owner: string | undefined
  #socketStatus = $state<ConnectionStatus>('disconnected')
  readonly #documents = new SvelteMap<string, CollabDocument>()

  constructor(url: () => string) {
    this.#url = url
  }

  /** The socket's state, reported as offline as soon as the browser knows it lost the network. */
  get status(): ConnectionStatus {
    return online.current === false ? 'disconnected' : this.#socketStatus
  }

  /**
   * The state of everything open in this tab: the worst of its documents, with their pending
   * changes added up. With nothing open there is nothing waiting to be saved.
   */
  readonly syncState: SyncState = $derived.by(() => {
    const documents = [...this.#documents.values()]
    if (documents.length === 0) {
      return deriveSyncState({
        status: online.current === false ? 'disconnected' : 'connected',
        synced: true,
        unsyncedChanges: 0,
      })
    }
    return deriveSyncState({
      status: this.status,
      synced: documents.every((document) => document.synced),
      unsyncedChanges: documents.reduce((sum, document) => sum + document.unsyncedChanges, 0),
      failure: documents.find((document) => document.failure !== undefined)?.failure,
    })
  })

  /** Opens a shared document (or shares the already open one); call `release()` when done. */
  open(name: string): CollabDocument {
    if (!isValidDocumentName(name)) throw new Error(`Invalid document name: ${name}`)
    const existing = this.#documents.get(name)
    if (existing) return existing.retain()
    const localDatabase = this.#owner === undefined ? undefined : localDatabaseName(this.#owner, name)
    const document = new CollabDocument(this, this.#ensureSocket(), name, localDatabase)
    this.#documents.set(name, document)
    return document
  }

  /**
   * Keeps documents' local copies for this person from now on, and deletes any other person's
   * copies left in this browser (someone who did not sign out on a shared computer).
   */
  keepLocalCopiesOf(userId: string): void {
    if (this.#owner === userId) return
    this.#owner = userId
    void deleteLocalCopies(belongsTo(userId))
  }

  /** Deletes every local copy in this browser (sign-out); call after `destroy()`. */
  deleteLocalCopies(): Promise<void> {
    return deleteLocalCopies()
  }

  /** @internal Called by a document's last `release()`. */
  forget(document: CollabDocument): void {
    if (this.#documents.get(document.name) === document) this.#documents.delete(document.name)
  }

  /**
   * Closes every document and the socket (sign-out): nothing of the previous session stays in
   * memory, and the next `open()` connects again with whatever session cookie is current.
   */
  destroy(): void {
    for (const document of [...this.#documents.values()]) document.destroy()
    this.#documents.clear()
    this.#removeOnlineListener?.()
    this.#removeOnlineListener = undefined
    this.#socket?.destroy()
    this.#socket = undefined
    this.#socketStatus = 'disconnected'
    this.#owner = undefined
  }

  #ensureSocket(): HocuspocusProviderWebsocket {
    if (this.#socket) return this.#socket
    const socket = new HocuspocusProviderWebsocket({
      url: this.#url(),
      onStatus: ({ status }) => {
        this.#socketStatus = toConnectionStatus(status)
      },
    })
    // Back on the network: reconnect now rather than after a backoff that may have grown to 30 s.
    const onOnline = () => {
      if (socket.status === WebSocketStatus.Disconnected) void socket.connect()
    }
    // Off the network: a socket may linger half-open for a while and take edits the server never
    // gets. Closing it keeps the edits counted as pending (and kept locally) until we are back.
    const onOffline = () => socket.disconnect()
    window.addEventListener('online', onOnline)
    window.addEventListener('offline', onOffline)
    this.#removeOnlineListener = () => {
      window.removeEventListener('online', onOnline)
      window.removeEventListener('offline', onOffline)
    }
    this.#socket = socket
    return socket
  }
}

/** The tab's collaboration connection. The URL is read lazily: this module never runs on a server. */
export const collab = new CollabConnection(() => collabUrl(window.location))
