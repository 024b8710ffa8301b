import type { Role } from '@rouages/shared/roles'
import type { SessionUser, ValidSession } from '../auth/sessions.ts'

/** What the middleware puts on the hono context, typed for every route. */
export interface AppEnv {
  Variables: {
    /** Set by `sessionMiddleware` when the request carries a valid session cookie. */
    auth: { user: SessionUser; session: ValidSession } | undefined
    /** Set by `requirePermission` for routes under an établissement. */
    membership: { etablissementId: string; role: Role } | undefined
  }
}
