import type { Context } from 'hono'
import type { SessionStore } from '../auth/sessions.ts'
import type { Accounts } from '../services/accounts.ts'
import type { AuditTrail } from '../services/audit.ts'
import type { Etablissements } from '../services/etablissements.ts'
import type { Files } from '../services/files.ts'
import type { FrameworkLibrary } from '../services/framework-library.ts'
import type { Invitations } from '../services/invitations.ts'
import type { SchoolYears } from '../services/school-years.ts'
import type { Bilans } from '../services/bilans.ts'
import type { BilanShares } from '../services/bilan-shares.ts'
import type { Labels } from '../services/labels.ts'
import type { Seances } from '../services/seances.ts'
import type { SeanceAccess } from '../services/seance-access.ts'
import type { SeanceRoom } from '../services/seance-room.ts'
import type { RateLimiter } from './rate-limit.ts'

/** Everything the routes need, built once in `server.ts` and passed down (no module state). */
export interface Services {
  accounts: Accounts
  sessions: SessionStore
  etablissements: Etablissements
  invitations: Invitations
  schoolYears: SchoolYears
  bilans: Bilans
  bilanShares: BilanShares
  labels: Labels
  seances: Seances
  seanceAccess: SeanceAccess
  seanceRoom: SeanceRoom
  library: FrameworkLibrary
  files: Files
  audit: AuditTrail
  limiter: RateLimiter
  publicUrl: string | undefined
  secureCookies: boolean
  trustProxy: boolean
  /** AUTH_ADDRESS_LIMIT: login, sign-up and reset attempts per address per 15 minutes. */
  authAddressLimit: number
}

/** The base of links put in mails: PUBLIC_URL, or the origin the request came to. */
export function baseUrl(c: Context, services: Services): string {
  return services.publicUrl ?? new URL(c.req.url).origin
}

/** The client's address for rate limits: the socket's, or X-Forwarded-For behind a trusted proxy. */
export function clientAddress(c: Context, services: Services): string {
  if (services.trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim()
    if (forwarded) return forwarded
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined
  return env?.incoming?.socket?.remoteAddress ?? 'unknown'
}
