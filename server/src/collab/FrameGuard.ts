import type { Extension, beforeHandleMessagePayload, onConnectPayload } from '@hocuspocus/server'
import * as decoding from 'lib0/decoding'
import { CloseError, isValidDocumentName } from '@rouages/shared/protocol'
import { rejectConnection } from './reject.ts'

/**
 * Message types a client may send on an established document connection (Hocuspocus 4's
 * `MessageType`). Hocuspocus only logs an unknown type and carries on; we close that
 * connection instead, so a hostile or confused client is told, and nobody else is affected.
 */
const CLIENT_MESSAGE_TYPES: ReadonlySet<number> = new Set([
  0, // Sync
  1, // Awareness
  2, // Auth
  3, // QueryAwareness
  4, // SyncReply
  5, // Stateless
  7, // Close
  9, // Ping
  10, // Pong
])

/** Rejects malformed document names and frames of unknown type, per connection. */
export class FrameGuard implements Extension {
  extensionName = 'FrameGuard'
  // Runs before every other extension's hooks.
  priority = 1000

  onConnect({ documentName }: onConnectPayload): Promise<void> {
    if (!isValidDocumentName(documentName)) return Promise.reject(new CloseError('InvalidDocumentName'))
    return Promise.resolve()
  }

  beforeHandleMessage({ update, connection }: beforeHandleMessagePayload): Promise<void> {
    const type = readMessageType(update)
    if (type === undefined) {
      return Promise.reject(rejectConnection(connection, 'UnsupportedFrame', 'unreadable message header'))
    }
    if (!CLIENT_MESSAGE_TYPES.has(type)) {
      return Promise.reject(rejectConnection(connection, 'UnsupportedFrame', `message type ${type}`))
    }
    return Promise.resolve()
  }
}

/** The message type after the document name, or undefined when the header cannot be read. */
function readMessageType(message: Uint8Array): number | undefined {
  try {
    const decoder = decoding.createDecoder(message)
    decoding.readVarString(decoder)
    return decoding.readVarUint(decoder)
  } catch {
    return undefined
  }
}
