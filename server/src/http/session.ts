import type { Context, MiddlewareHandler } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { Role } from '@rouages/shared/roles'
import { can, type Action } from '@rouages/shared/roles'
import type { SessionStore, SessionUser, ValidSession } from '../auth/sessions.ts'
import type { Etablissements } from '../services/etablissements.ts'
import type { AppEnv } from './context.ts'
import { apiError } from './errors.ts'

export const SESSION_COOKIE = 'rouages_session'
/** A séance guest's token: opens that séance, nothing else (services/seance-access.ts). */
export const GUEST_COOKIE = 'rouages_invite'

/** A cookie's value in a Cookie header, for the WebSocket upgrade (no hono context there). */
export function cookieFromHeader(header: string | null | undefined, cookie: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=')
    if (name === cookie) return value.join('=')
  }
  return undefined
}

export function setSessionCookie(c: Context, token: string, expiresAt: Date, secure: boolean): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure,
    path: '/',
    expires: expiresAt,
  })
}

export function clearSessionCookie(c: Context, secure: boolean): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure })
}

/** Loads the session from its cookie (sliding its expiry) into `c.var.auth`. */
export function sessionMiddleware(sessions: SessionStore, secure: boolean): MiddlewareHandler<AppEnv> {
  return async function session(c, next) {
    const token = getCookie(c, SESSION_COOKIE)
    const valid = token ? await sessions.validate(token) : undefined
    if (token && !valid) clearSessionCookie(c, secure)
    if (token && valid?.session.refreshed) setSessionCookie(c, token, valid.session.expiresAt, secure)
    c.set('auth', valid)
    await next()
  }
}

/** The signed-in user, or a 401. */
export function requireAuth(c: Context<AppEnv>): { user: SessionUser; session: ValidSession } {
  const auth = c.get('auth')
  if (!auth) throw apiError(401, 'unauthenticated', 'Connectez-vous pour continuer.')
  return auth
}

/**
 * Guards routes under `/etablissements/:etablissementId`: the user must be a member whose role
 * allows `action`. A non-member gets the same 404 as a missing établissement, so ids reveal nothing.
 */
export function requirePermission(etablissements: Etablissements, action: Action): MiddlewareHandler<AppEnv> {
  return async function permission(c, next) {
    const { user } = requireAuth(c)
    const etablissementId = c.req.param('etablissementId') ?? ''
    const role: Role | undefined = await etablissements.roleOf(user.id, etablissementId)
    if (!role) throw apiError(404, 'not-found', 'Établissement introuvable.')
    if (!can(role, action)) throw apiError(403, 'forbidden', 'Votre rôle ne permet pas cette action.')
    c.set('membership', { etablissementId, role })
    await next()
  }
}

/** The membership set by `requirePermission` (a programming error if the guard is missing). */
export function membershipOf(c: Context<AppEnv>): { etablissementId: string; role: Role } {
  const membership = c.get('membership')
  if (!membership) throw new Error('requirePermission must guard this route')
  return membership
}

export function setGuestCookie(c: Context, token: string, expiresAt: Date, secure: boolean): void {
  setCookie(c, GUEST_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure,
    path: '/',
    expires: expiresAt,
  })
}

export function guestTokenOf(c: Context): string | undefined {
  return getCookie(c, GUEST_COOKIE)
}
