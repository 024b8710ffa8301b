import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono } from 'hono'

/** Name of the page adapter-static writes for client-side routes (see app/svelte.config). */
export const SPA_FALLBACK = '200.html'

/**
 * Serves the built SvelteKit app: its files as they are, hashed assets cached for a year, and
 * the SPA page for every other GET so that client-side routes survive a reload.
 */
export function staticApp(appDir: string | undefined) {
  const app = new Hono()
  const fallbackFile = appDir ? path.join(appDir, SPA_FALLBACK) : undefined
  if (!appDir || !fallbackFile || !existsSync(fallbackFile)) {
    return app.get('*', (c) =>
      c.text("L'application n'est pas construite : lancez « npm run build » (ou « npm start »).", 503),
    )
  }
  const fallback = readFileSync(fallbackFile, 'utf8')
  return app
    .use('/_app/immutable/*', async (c, next) => {
      await next()
      if (c.res.ok) c.header('Cache-Control', 'public, max-age=31536000, immutable')
    })
    .use('*', serveStatic({ root: appDir }))
    .get('*', (c) => {
      c.header('Cache-Control', 'no-cache')
      return c.html(fallback)
    })
}
