import type { Role } from '@rouages/shared/roles'
import type { SessionUser } from '../auth/sessions.ts'

/** What `Authorization.onAuthenticate` puts in each document connection's context. */
export interface CollabContext {
  user: SessionUser
  sessionId: string
  etablissementId: string
  role: Role
}

/** The context of an authenticated connection, or undefined for server-side changes. */
export function collabContextOf(value: unknown): CollabContext | undefined {
  const candidate = value as Partial<CollabContext> | undefined
  return candidate?.user && candidate.sessionId && candidate.etablissementId
    ? (candidate as CollabContext)
    : undefined
}
