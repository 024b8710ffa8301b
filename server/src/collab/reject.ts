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
