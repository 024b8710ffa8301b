import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts'

describe('HTTP surface of the server process', () => {
  let server: ServerProcess
  beforeAll(async () => {
    server = await startServerProcess()
  })
  afterAll(async () => {
    await server.stop()
  })

  it('[I1] /api/health answers while alive', async () => {
    const res = await fetch(`${server.url}/api/health`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok' })
  })

  it('[I2] /api/ready reports the storage driver', async () => {
    const res = await fetch(`${server.url}/api/ready`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      status: 'ready',
      storage: { driver: 'sqlite', reachable: true },
      unsavedDocuments: [],
    })
  })

  it('[I3] an unknown API path is a JSON 404, not the app', async () => {
    const res = await fetch(`${server.url}/api/nothing-here`)
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({
      error: { status: 404, code: 'not-found', message: 'Ressource introuvable' },
    })
  })

  it('[I5] security headers are set', async () => {
    const res = await fetch(`${server.url}/api/health`)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).not.toContain('unsafe-eval')
  })

  it('[I6] a plain GET on /collab (no upgrade) is answered 426, not served as a page', async () => {
    const res = await fetch(`${server.url}/collab`)
    expect(res.status).toBe(426)
  })

  // Last in this block: the server drops the connection of an oversized request, and fetch
  // would otherwise reuse that socket for the next test.
  it('[I4] an oversized API body is refused with 413', async () => {
    const res = await fetch(`${server.url}/api/health`, { method: 'POST', body: 'x'.repeat(1024 * 1024 + 1) })
    expect(res.status).toBe(413)
  })
})

describe('configuration errors stop the process with one clear line', () => {
  it.each([
    [{ PORT: 'abc' }, 'PORT: must be a whole number'],
    [{ PORT: '70000' }, 'PORT: must be at most 65535'],
    [
      { DATABASE_URL: 'mysql://root@localhost/x' },
      'DATABASE_URL: must be empty (embedded SQLite) or a postgres:// URL',
    ],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL: must be one of'],
    [{ PUBLIC_URL: 'rouages.fr' }, 'PUBLIC_URL: must be a URL'],
  ])('[I7] %o', async (env, message) => {
    const failed = await startServerProcess({ env }).then(
      () => 'started',
      (error: Error) => error.message,
    )
    expect(failed).toContain('exited with 78')
    const line = failed.split('\n').find((l) => l.startsWith('Configuration invalide'))
    expect(line).toContain(message)
  })
})
