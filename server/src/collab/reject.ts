import type { Connection } from '@hocuspocus/server'
import { CloseError, type CloseReasonName } from '@rouages/shared/protocol'

/**
 * Closes the offending client's whole socket with a named code and returns the error to throw
 * from the hook. Hocuspocus alone would only detach that document and leave the socket open;
 * a client that sends hostile frames gets no second chance on the same socket.
 */
export function rejectConnection(connection: Connection, name: CloseReasonName, detail?: string): CloseError {
  const error = new CloseError(name, detail)
  connection.webSocket.close(error.code, error.reason)
  return error
}

/** The socket of each WebSocket upgrade request, for hooks that run before a Connection exists. */
const socketsByRequest = new WeakMap<Request, { close(code: number, reason: string): void }>()

/** Called by the WebSocket route for every socket it hands to Hocuspocus. */
export function registerSocket(
  request: Request,
  socket: { close(code: number, reason: string): void },
): void {
  socketsByRequest.set(request, socket)
}

/**
 * The same as `rejectConnection` from `onAuthenticate`, which knows the upgrade request only.
 * Used where a refusal must make the provider retry: it reconnects after a closed socket, but
 * stays refused for good after a mere "permission denied".
 */
export function rejectSocket(request: Request, name: CloseReasonName, detail?: string): CloseError {
  const error = new CloseError(name, detail)
  socketsByRequest.get(request)?.close(error.code, error.reason)
  return error
}
