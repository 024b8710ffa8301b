import type { MiddlewareHandler } from 'hono'
import { apiError } from './errors.ts'

/**
 * Whether a request's Origin is ours: the configured PUBLIC_URL, or the origin the request was
 * addressed to. A missing Origin is accepted: browsers always send one on cross-origin POSTs and
 * WebSocket upgrades, so its absence means a non-browser client that carries no ambient cookie.
 */
export function isAllowedOrigin(
  origin: string | undefined,
  requestUrl: string,
  publicUrl: string | undefined,
): boolean {
  if (origin === undefined) return true
  if (publicUrl && origin === new URL(publicUrl).origin) return true
  return origin === new URL(requestUrl).origin
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** CSRF protection: state-changing requests from another site are refused (I5). */
export function sameOriginMutations(publicUrl: string | undefined): MiddlewareHandler {
  return async function sameOrigin(c, next) {
    if (!SAFE_METHODS.has(c.req.method)) {
      const fetchSite = c.req.header('sec-fetch-site')
      const crossSite = fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none'
      if (crossSite || !isAllowedOrigin(c.req.header('origin'), c.req.url, publicUrl)) {
        throw apiError(403, 'csrf', 'Requête refusée : elle ne vient pas de Rouages.')
      }
    }
    await next()
  }
}
