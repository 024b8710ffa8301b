import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono } from 'hono'

/** Name of the page adapter-static writes for client-side routes (see app/vite.config.ts). */
export const SPA_FALLBACK = '200.html'

/** The built app's page shell, and the CSP hashes of its inline boot scripts. */
export interface AppShell {
  dir: string
  html: string
  scriptHashes: string[]
}

/** Reads the built app once at start; undefined when it has not been built. */
export function loadAppShell(appDir: string | undefined): AppShell | undefined {
  const file = appDir ? path.join(appDir, SPA_FALLBACK) : undefined
  if (!appDir || !file || !existsSync(file)) return undefined
  const html = readFileSync(file, 'utf8')
  const scriptHashes = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
    ([, body]) =>
      `'sha256-${createHash('sha256')
        .update(body ?? '')
        .digest('base64')}'`,
  )
  return { dir: appDir, html, scriptHashes }
}

/**
 * Serves the built SvelteKit app: its files as they are (or the brotli/gzip copy the build wrote
 * beside each one, when the browser accepts it: a phone on school Wi-Fi gets a third of the
 * bytes, and nothing is compressed per request), hashed assets cached for a year, and the SPA
 * page for every other GET so that client-side routes survive a reload.
 */
export function staticApp(shell: AppShell | undefined) {
  const app = new Hono()
  if (!shell) {
    return app.get('*', (c) =>
      c.text("L'application n'est pas construite : lancez « npm run build » (ou « npm start »).", 503),
    )
  }
  return app
    .use('/_app/immutable/*', async (c, next) => {
      await next()
      if (c.res.ok) c.header('Cache-Control', 'public, max-age=31536000, immutable')
    })
    .use('*', serveStatic({ root: shell.dir, precompressed: true }))
    .get('*', (c) => {
      c.header('Cache-Control', 'no-cache')
      return c.html(shell.html)
    })
}
