import type { Role } from '@rouages/shared/roles'
import type { SessionUser } from '../auth/sessions.ts'

/** What `Authorization.onAuthenticate` puts in each document connection's context. */
export interface CollabContext {
  user: SessionUser
  sessionId: string
  etablissementId: string
  role: Role
  /** A guest without an account: `user.id` is `g:<guestId>`, and only this séance's document is open. */
  guest?: { seanceId: string }
}

/** How the séance names a connection's person: `u:<userId>` for members, `g:<guestId>` for guests. */
export const participantKeyOf = (context: CollabContext): string =>
  context.guest ? context.user.id : `u:${context.user.id}`

/** The context of an authenticated connection, or undefined for server-side changes. */
export function collabContextOf(value: unknown): CollabContext | undefined {
  const candidate = value as Partial<CollabContext> | undefined
  return candidate?.user && candidate.sessionId && candidate.etablissementId
    ? (candidate as CollabContext)
    : undefined
}
