import type { Hocuspocus } from '@hocuspocus/server'
import { upgradeWebSocket } from '@hono/node-server'
import type { MiddlewareHandler } from 'hono'
import type { WebSocket } from 'ws'
import { CloseReason } from '@rouages/shared/protocol'
import { apiError } from '../http/errors.ts'
import { isAllowedOrigin } from '../http/origin.ts'
import { registerSocket } from './reject.ts'

/** Not exported by name from @hocuspocus/server 4.7. */
type ClientConnection = ReturnType<Hocuspocus['handleConnection']>

/**
 * Bridges a hono WebSocket upgrade to Hocuspocus: every connection is handed to
 * `handleConnection`, and its binary frames and close event are forwarded. Text frames are
 * not part of the protocol and close that connection only.
 */
export function collabRoute(hocuspocus: Hocuspocus, publicUrl: string | undefined): MiddlewareHandler {
  const upgrade = upgradeWebSocket((c) => {
    let connection: ClientConnection | undefined
    return {
      onOpen(_event, ws) {
        registerSocket(c.req.raw, ws)
        connection = hocuspocus.handleConnection(ws.raw as WebSocket, c.req.raw, {})
      },
      onMessage(event, ws) {
        if (!(event.data instanceof ArrayBuffer)) {
          const { code, reason } = CloseReason.UnsupportedFrame
          ws.close(code, reason)
          return
        }
        connection?.handleMessage(new Uint8Array(event.data))
      },
      onClose(event) {
        connection?.handleClose({ code: event.code, reason: event.reason })
      },
    }
  })
  return async function collab(c, next) {
    // Browsers apply no CORS to WebSockets: another site's page could open one with our cookie.
    if (
      c.req.header('upgrade')?.toLowerCase() === 'websocket' &&
      !isAllowedOrigin(c.req.header('origin'), c.req.url, publicUrl)
    ) {
      throw apiError(403, 'forbidden', 'Connexion refusée : elle ne vient pas de Rouages.')
    }
    return upgrade(c, next)
  }
}
