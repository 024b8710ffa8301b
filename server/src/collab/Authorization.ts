import type {
  Connection,
  Extension,
  connectedPayload,
  onAuthenticatePayload,
  onDisconnectPayload,
} from '@hocuspocus/server'
import { parseDocumentName } from '@rouages/shared/document-names'
import { CloseError, CloseReason } from '@rouages/shared/protocol'
import { can } from '@rouages/shared/roles'
import type { SessionStore } from '../auth/sessions.ts'
import { sessionTokenFromCookieHeader } from '../http/session.ts'
import type { Etablissements } from '../services/etablissements.ts'
import { collabContextOf, type CollabContext } from './collab-context.ts'
import type { LiveAccess } from './live-access.ts'

/**
 * Per-document authorization from the session cookie sent with the upgrade: the document's name
 * says which établissement it belongs to, and the user's role there decides read-write, read-only
 * (readers) or refusal. Nothing the client claims is trusted.
 */
export class Authorization implements Extension, LiveAccess {
  extensionName = 'Authorization'
  priority = 900
  readonly #sessions: SessionStore
  readonly #etablissements: Etablissements
  /** Live document connections, to close them when access changes. */
  readonly #connections = new Set<Connection>()

  constructor(deps: { sessions: SessionStore; etablissements: Etablissements }) {
    this.#sessions = deps.sessions
    this.#etablissements = deps.etablissements
  }

  async onAuthenticate({
    documentName,
    requestHeaders,
    connectionConfig,
  }: onAuthenticatePayload): Promise<CollabContext> {
    const token = sessionTokenFromCookieHeader(requestHeaders.get('cookie'))
    const auth = token ? await this.#sessions.validate(token) : undefined
    if (!auth) throw new CloseError('Unauthenticated')
    const parsed = parseDocumentName(documentName)
    const role = parsed ? await this.#etablissements.roleOf(auth.user.id, parsed.etablissementId) : undefined
    if (!parsed || !role || !can(role, 'workspace.read')) throw new CloseError('Forbidden')
    // Read-only connections never reach the update log; the UI disables editing from this scope.
    if (!can(role, 'workspace.edit')) connectionConfig.readOnly = true
    return { user: auth.user, sessionId: auth.session.id, etablissementId: parsed.etablissementId, role }
  }

  connected({ connection }: connectedPayload): Promise<void> {
    this.#connections.add(connection)
    return Promise.resolve()
  }

  onDisconnect({ context }: onDisconnectPayload): Promise<void> {
    for (const connection of this.#connections)
      if (connection.context === context) this.#connections.delete(connection)
    return Promise.resolve()
  }

  sessionsEnded(sessionIds: string[]): void {
    const ended = new Set(sessionIds)
    this.#closeWhere((context) => ended.has(context.sessionId))
  }

  accessChanged(userId: string, etablissementId: string): void {
    this.#closeWhere((context) => context.user.id === userId && context.etablissementId === etablissementId)
  }

  #closeWhere(predicate: (context: CollabContext) => boolean): void {
    const { code, reason } = CloseReason.AccessChanged
    for (const connection of this.#connections) {
      const context = collabContextOf(connection.context)
      if (context && predicate(context)) {
        this.#connections.delete(connection)
        // The whole socket: the provider reconnects and authenticates again with the new rights.
        connection.webSocket.close(code, reason)
      }
    }
  }
}
