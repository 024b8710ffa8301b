/**
 * Wire-level facts shared by the server and the app: where the collaboration socket lives,
 * which document names are acceptable, and the close codes the server uses for hostile frames.
 */

/** Path of the Hocuspocus WebSocket endpoint, same origin as the app and the API. */
export const COLLAB_PATH = '/collab'

/** Largest WebSocket frame the server accepts; larger frames close that connection only. */
export const DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024 * 1024

/**
 * Document names: lowercase letters, digits and `:` `_` `-` separators, at most 128 characters.
 * Later issues give them structure (établissement, school year…); this is the outer bound.
 */
const DOCUMENT_NAME = /^[a-z0-9][a-z0-9:_-]{0,127}$/

/** Whether a document name is acceptable on the wire. */
export function isValidDocumentName(name: string): boolean {
  return DOCUMENT_NAME.test(name)
}

/**
 * Close codes sent by the server. 4000–4999 is the range RFC 6455 leaves to applications;
 * Hocuspocus uses 4400–4403 for its own reasons, so ours start at 4450.
 */
export const CloseReason = {
  /** A frame that is not a binary Yjs/Hocuspocus message (text frame, unknown message type). */
  UnsupportedFrame: { code: 4450, reason: 'unsupported-frame' },
  /** A Yjs update that cannot be decoded. */
  MalformedUpdate: { code: 4451, reason: 'malformed-update' },
  /** A document name outside the accepted form. */
  InvalidDocumentName: { code: 4452, reason: 'invalid-document-name' },
  /** The server is shutting down; clients reconnect to the next instance. */
  ServerShutdown: { code: 4453, reason: 'server-shutdown' },
  /** The storage could not durably record an update; the client keeps it and retries. */
  StorageUnavailable: { code: 4454, reason: 'storage-unavailable' },
  /** No valid session cookie on the connection: sign in again. */
  Unauthenticated: { code: 4455, reason: 'unauthenticated' },
  /** Signed in, but this document belongs to an établissement the user cannot read. */
  Forbidden: { code: 4456, reason: 'forbidden' },
  /** The session ended or the user's rights changed: reconnect to get the new rights. */
  AccessChanged: { code: 4457, reason: 'access-changed' },
  /** The WebSocket upgrade came from another site's page. */
  ForeignOrigin: { code: 4458, reason: 'foreign-origin' },
} as const

export type CloseReasonName = keyof typeof CloseReason

/** An error thrown inside a hook that makes Hocuspocus close the connection with a named reason. */
export class CloseError extends Error {
  readonly code: number
  readonly reason: string

  constructor(name: CloseReasonName, detail?: string) {
    const { code, reason } = CloseReason[name]
    super(detail ? `${reason}: ${detail}` : reason)
    this.name = 'CloseError'
    this.code = code
    this.reason = reason
  }
}
