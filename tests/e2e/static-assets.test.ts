/**
 * The built app's files leave compressed when the browser accepts it (the build writes a brotli
 * and a gzip copy beside each file; nothing is compressed per request), and as they are otherwise.
 */
import { readFileSync } from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assertAppBuilt } from '../helpers/browser.ts'
import { repoRoot, startServerProcess, type ServerProcess } from '../helpers/server-process.ts'

interface RawResponse {
  status: number
  headers: http.IncomingHttpHeaders
  body: Buffer
}

/** A GET whose body is returned as sent (fetch would decompress it). */
function rawGet(url: string, acceptEncoding?: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers = acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        )
      })
      .on('error', reject)
  })
}

describe('static files of the app', () => {
  let server: ServerProcess
  let script: string
  let original: Buffer

  beforeAll(async () => {
    assertAppBuilt()
    server = await startServerProcess()
    const shell = await (await fetch(`${server.url}/`)).text()
    const found = /\/_app\/immutable\/[^"']+\.js/.exec(shell)?.[0]
    if (!found) throw new Error('no script in the page shell')
    script = found
    original = readFileSync(path.join(repoRoot, 'app/build', script))
  })

  afterAll(async () => {
    if (server) expect(await server.stop()).toBe(0)
  })

  it('sends the brotli copy to a browser that accepts brotli, cached for a year', async () => {
    const res = await rawGet(`${server.url}${script}`, 'gzip, deflate, br, zstd')
    expect(res.status).toBe(200)
    expect(res.headers['content-encoding']).toBe('br')
    expect(res.headers['vary']).toMatch(/accept-encoding/i)
    expect(res.headers['content-type']).toMatch(/javascript/)
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(res.body.length).toBeLessThan(original.length)
    expect(brotliDecompressSync(res.body).equals(original)).toBe(true)
  })

  it('sends the gzip copy to a browser that accepts only gzip', async () => {
    const res = await rawGet(`${server.url}${script}`, 'gzip')
    expect(res.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(res.body).equals(original)).toBe(true)
  })

  it('sends the file as it is to a client that accepts no encoding', async () => {
    const res = await rawGet(`${server.url}${script}`)
    expect(res.headers['content-encoding']).toBeUndefined()
    expect(res.body.equals(original)).toBe(true)
  })
})
