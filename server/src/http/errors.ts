import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { Logger } from '../logger.ts'

/** The one place HTTP errors become responses: `{ error: { status, message } }`. */
export function errorHandler(log: Logger) {
  return function onError(error: Error, c: Context): Response {
    if (error instanceof HTTPException) {
      return c.json({ error: { status: error.status, message: error.message } }, error.status)
    }
    log.error({ err: error, path: c.req.path, method: c.req.method }, 'unhandled error')
    return c.json({ error: { status: 500, message: 'Erreur interne du serveur' } }, 500)
  }
}
