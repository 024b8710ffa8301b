import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from './config.ts'
import { createLogger } from './logger.ts'
import { startServer, type RunningServer } from './server.ts'

/** Routes that are not API operations: the description itself and the JSON 404 catch-all. */
const UNDOCUMENTED = new Set(['/api/openapi.json', '/api/*'])

describe('the OpenAPI document', () => {
  let dir: string
  let server: RunningServer
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rouages-openapi-'))
    server = await startServer(loadConfig({ PORT: '0', DATA_DIR: dir, APP_DIR: '' }), createLogger('silent'))
  })
  afterAll(async () => {
    await server.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('is OpenAPI 3.1 and describes every API route the server has', async () => {
    const spec = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as {
      openapi: string
      paths: Record<string, Record<string, unknown>>
    }
    expect(spec.openapi).toBe('3.1.0')
    const documented = new Set(
      Object.entries(spec.paths).flatMap(([p, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} /api${p.replace(/\{(\w+)\}/g, ':$1')}`),
      ),
    )
    const registered = server.routes
      .filter((r) => r.path.startsWith('/api/') && !UNDOCUMENTED.has(r.path) && r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path}`)
    expect(registered.length).toBeGreaterThan(20)
    expect(registered.filter((r) => !documented.has(r))).toEqual([])
  })

  it('describes request bodies from the shared schemas', async () => {
    const spec = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: { properties?: object } }> } }>
      >
    }
    const signup = spec.paths['/auth/signup']?.post?.requestBody?.content['application/json']?.schema
    expect(Object.keys(signup?.properties ?? {})).toEqual(
      expect.arrayContaining(['email', 'password', 'displayName']),
    )
  })
})
