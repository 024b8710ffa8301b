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
import { cookieFromHeader, GUEST_COOKIE, SESSION_COOKIE } from '../http/session.ts'
import type { Etablissements } from '../services/etablissements.ts'
import type { SeanceAccess } from '../services/seance-access.ts'
import { collabContextOf, type CollabContext } from './collab-context.ts'
import { rejectSocket } from './reject.ts'
import type { LiveAccess } from './live-access.ts'

/**
 * Per-document authorization from the session cookie sent with the upgrade: the document's name
 * says which établissement it belongs to, and the user's role there decides read-write, read-only
 * (readers) or refusal. Nothing the client claims is trusted. A séance's document is read-only for
 * everyone (the server alone writes it) and also opens to that séance's guests while it is open.
 */
export class Authorization implements Extension, LiveAccess {
  extensionName = 'Authorization'
  priority = 900
  readonly #sessions: SessionStore
  readonly #etablissements: Etablissements
  readonly #seances: SeanceAccess
  /** Live document connections, to close them when access changes. */
  readonly #connections = new Set<Connection>()

  constructor(deps: { sessions: SessionStore; etablissements: Etablissements; seances: SeanceAccess }) {
    this.#sessions = deps.sessions
    this.#etablissements = deps.etablissements
    this.#seances = deps.seances
  }

  async onAuthenticate(payload: onAuthenticatePayload): Promise<CollabContext> {
    try {
      return await this.#authenticate(payload)
    } catch (error) {
      if (error instanceof CloseError) throw error
      // Sessions or memberships could not be read: the storage is failing, not the person's
      // rights. Closing the socket makes the provider retry; a refusal would stick until reload.
      throw rejectSocket(
        payload.request,
        'StorageUnavailable',
        error instanceof Error ? error.message : undefined,
      )
    }
  }

  async #authenticate({
    documentName,
    requestHeaders,
    connectionConfig,
  }: onAuthenticatePayload): Promise<CollabContext> {
    const cookies = requestHeaders.get('cookie')
    const token = cookieFromHeader(cookies, SESSION_COOKIE)
    const auth = token ? await this.#sessions.validate(token, { fresh: true }) : undefined
    const parsed = parseDocumentName(documentName)
    if (!auth) {
      const guestToken = cookieFromHeader(cookies, GUEST_COOKIE)
      if (parsed?.kind === 'seance' && guestToken)
        return this.#guest(parsed.etablissementId, parsed.rest[0], guestToken, connectionConfig)
      throw new CloseError('Unauthenticated')
    }
    const role = parsed ? await this.#etablissements.roleOf(auth.user.id, parsed.etablissementId) : undefined
    if (!parsed || !role || !can(role, 'workspace.read')) throw new CloseError('Forbidden')
    if (parsed.kind === 'seance') {
      const seance = await this.#seances.row(parsed.rest[0] ?? '').catch(() => undefined)
      if (seance?.etablissement_id !== parsed.etablissementId) throw new CloseError('Forbidden')
    }
    // Read-only connections never reach the update log; the UI disables editing from this scope.
    if (!can(role, 'workspace.edit') || parsed.kind === 'seance') connectionConfig.readOnly = true
    return { user: auth.user, sessionId: auth.session.id, etablissementId: parsed.etablissementId, role }
  }

  /** A guest opens only the document of their own séance, only while it is open, read-only. */
  async #guest(
    etablissementId: string,
    seanceId: string | undefined,
    token: string,
    connectionConfig: onAuthenticatePayload['connectionConfig'],
  ): Promise<CollabContext> {
    const guest = await this.#seances.guestOfToken(token)
    const seance = guest ? await this.#seances.row(guest.seanceId).catch(() => undefined) : undefined
    if (
      !guest ||
      !seance ||
      seance.id !== seanceId ||
      seance.etablissement_id !== etablissementId ||
      seance.status !== 'ouverte'
    )
      throw new CloseError('Forbidden')
    connectionConfig.readOnly = true
    return {
      user: { id: `g:${guest.id}`, email: '', displayName: guest.name },
      sessionId: `g:${guest.id}`,
      etablissementId,
      role: 'reader',
      guest: { seanceId: seance.id },
    }
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

  seanceEnded(seanceId: string): void {
    this.#closeWhere((context) => context.guest?.seanceId === seanceId)
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
