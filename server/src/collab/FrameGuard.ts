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

  async onConnect({ documentName }: onConnectPayload): Promise<void> {
    if (!isValidDocumentName(documentName)) throw new CloseError('InvalidDocumentName')
  }

  async beforeHandleMessage({ update, connection }: beforeHandleMessagePayload): Promise<void> {
    let type: number
    try {
      const decoder = decoding.createDecoder(update)
      decoding.readVarString(decoder)
      type = decoding.readVarUint(decoder)
    } catch {
      throw rejectConnection(connection, 'UnsupportedFrame', 'unreadable message header')
    }
    if (!CLIENT_MESSAGE_TYPES.has(type)) throw rejectConnection(connection, 'UnsupportedFrame', `message type ${type}`)
  }
}
