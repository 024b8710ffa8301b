import { HocuspocusProvider, HocuspocusProviderWebsocket, WebSocketStatus } from '@hocuspocus/provider'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { waitUntil } from './wait.ts'

/**
 * Node's `ws` throws an 'error' event nobody listens to when the provider aborts a handshake (a
 * reconnect racing a server restart). A browser WebSocket just fires onclose, which the provider
 * handles; this makes `ws` behave the same.
 */
class BrowserLikeWebSocket extends WebSocket {
  constructor(...args: ConstructorParameters<typeof WebSocket>) {
    super(...args)
    this.on('error', () => {})
  }
}

/**
 * The same, sending a session cookie with the upgrade as a browser would, and handing every frame
 * the server sends to `onMessage` (what this client received, byte for byte).
 */
function withCookie(
  cookie: string | undefined,
  onMessage?: (data: Uint8Array) => void,
): typeof BrowserLikeWebSocket {
  if (!cookie && !onMessage) return BrowserLikeWebSocket
  return class extends BrowserLikeWebSocket {
    constructor(...[address, protocols]: ConstructorParameters<typeof WebSocket>) {
      super(address, protocols, cookie ? { headers: { cookie } } : {})
      if (onMessage) this.on('message', (data: Buffer) => onMessage(new Uint8Array(data)))
    }
  }
}

export interface TestClient {
  doc: Y.Doc
  provider: HocuspocusProvider
  socket: HocuspocusProviderWebsocket
  /** Resolves when the server acknowledged every local change. */
  settled(): Promise<void>
  destroy(): void
}

/**
 * A real HocuspocusProvider client in Node, on its own socket, synced before it resolves.
 * With `reconnect`, it retries forever with short delays, as a browser on flaky Wi-Fi does.
 */
export async function connectClient(
  wsUrl: string,
  name: string,
  {
    reconnect = false,
    cookie,
    onMessage,
  }: { reconnect?: boolean; cookie?: string; onMessage?: (data: Uint8Array) => void } = {},
): Promise<TestClient> {
  const socket = new HocuspocusProviderWebsocket({
    url: wsUrl,
    WebSocketPolyfill: withCookie(cookie, onMessage),
    ...(reconnect ? { maxAttempts: 0, delay: 50, minDelay: 20, maxDelay: 300 } : { maxAttempts: 1 }),
  })
  const doc = new Y.Doc()
  const provider = new HocuspocusProvider({ websocketProvider: socket, name, document: doc })
  provider.attach()
  await waitUntil(() => provider.isSynced, { message: `client synced on ${name}` })
  return {
    doc,
    provider,
    socket,
    settled: () => waitUntil(() => provider.unsyncedChanges === 0, { message: 'edits acknowledged' }),
    destroy() {
      provider.destroy()
      socket.destroy()
    },
  }
}

/** Flaky Wi-Fi, for fuzzing: sometimes drop a connected socket, sometimes bring a dropped one back. */
export function maybeToggleConnection(
  client: TestClient,
  roll: number,
  dropBelow: number,
  reconnectBelow: number,
): void {
  // Only an open socket is dropped: Node's ws throws when a handshake is aborted, browsers do not.
  if (roll < dropBelow && client.socket.status === WebSocketStatus.Connected) client.socket.disconnect()
  else if (roll < reconnectBelow && client.socket.status === WebSocketStatus.Disconnected)
    void client.socket.connect()
}

/**
 * Reconnects every dropped client and waits until each has synced with nothing left to send.
 * On timeout the error lists each client's socket and sync state.
 */
export async function reconnectAndSettle(clients: TestClient[], label: string): Promise<void> {
  // The provider ignores connect() until a disconnect's close handshake has finished.
  for (const client of clients) {
    if (client.socket.shouldConnect) continue
    await waitUntil(() => client.socket.status === WebSocketStatus.Disconnected, { message: 'socket closed' })
    void client.socket.connect()
  }
  await waitUntil(() => clients.every((c) => c.provider.isSynced && c.provider.unsyncedChanges === 0), {
    timeoutMs: 20_000,
    message: `every client synced (${label})`,
  }).catch((error: Error) => {
    const states = clients.map(
      (c) => `${c.socket.status} synced=${c.provider.isSynced} unsynced=${c.provider.unsyncedChanges}`,
    )
    throw new Error(`${error.message}\n${states.join('\n')}`, { cause: error })
  })
}
