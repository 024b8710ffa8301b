import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Logger } from '../logger.ts'

/** Stable error codes of the API (see ApiErrorSchema in shared/). */
export type ApiErrorCode =
  | 'validation'
  | 'unauthenticated'
  | 'invalid-credentials'
  | 'invalid-token'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'rate-limited'
  | 'csrf'
  | 'payload-too-large'
  | 'upgrade-required'
  | 'internal'

/** An HTTP error carrying its code and a French message; mapped once by `errorHandler`. */
export function apiError(
  status: ContentfulStatusCode,
  code: ApiErrorCode,
  message: string,
  headers?: Record<string, string>,
  extra?: Record<string, unknown>,
): HTTPException {
  const res = new Response(JSON.stringify({ error: { status, code, message, ...extra } }), {
    status,
    headers: {
      'content-type': 'application/json; charset=UTF-8',
      // The unread rest of a refused body makes the connection unusable: tell the client so.
      ...(status === 413 ? { connection: 'close' } : {}),
      ...headers,
    },
  })
  return new HTTPException(status, { message, res })
}

/**
 * Errors hono raises itself (a body that is not JSON, …) carry an English message and no code:
 * they get the API's code and a French sentence like every other error.
 */
const FRAMEWORK_ERRORS: Partial<Record<number, { code: ApiErrorCode; message: string }>> = {
  400: { code: 'validation', message: 'Requête mal formée (corps illisible)' },
  401: { code: 'unauthenticated', message: 'Connectez-vous pour continuer.' },
  403: { code: 'forbidden', message: 'Accès refusé' },
  404: { code: 'not-found', message: 'Ressource introuvable' },
  413: { code: 'payload-too-large', message: 'Requête trop volumineuse' },
}

/** The one place HTTP errors become responses: `{ error: { status, code, message } }`. */
export function errorHandler(log: Logger) {
  return function onError(error: Error, c: Context): Response {
    if (error instanceof HTTPException) {
      if (error.res) return error.res
      if (error.status < 500) {
        const known = FRAMEWORK_ERRORS[error.status] ?? { code: 'validation', message: 'Requête invalide' }
        return c.json({ error: { status: error.status, ...known } }, error.status)
      }
      log.error({ err: error, path: c.req.path, method: c.req.method }, 'HTTP exception')
      return c.json(
        { error: { status: error.status, code: 'internal', message: 'Erreur interne du serveur' } },
        error.status,
      )
    }
    log.error({ err: error, path: c.req.path, method: c.req.method }, 'unhandled error')
    return c.json({ error: { status: 500, code: 'internal', message: 'Erreur interne du serveur' } }, 500)
  }
}
