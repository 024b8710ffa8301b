/**
 * Reports render off the server's main thread: while a big year's DOCX is being rendered, the
 * server keeps answering other requests. Shown by order, not by time: health checks sent one
 * after another while the DOCX is in flight all come back before it. A render on the main thread
 * would hold the first health check sent during it until the DOCX is done.
 */
import mammoth from 'mammoth'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BilanSummary } from '@rouages/shared/api/bilans'
import { LYCEE_DES_METIERS } from '@rouages/shared/frameworks/lycee-des-metiers'
import { frenchText } from '@rouages/shared/report/french'
import { fillYearOnServer } from '../bench/generate-year.ts'
import { api, createEtablissement, signUp, type Account } from '../helpers/accounts.ts'
import { startServerProcess, tempDataDir, type ServerProcess } from '../helpers/server-process.ts'

const YEAR = '2025-2026'
/** Health checks sent one after another while the DOCX renders. */
const HEALTH_CHECKS = 10
/** Whitespace of any kind (no-break spaces, line breaks) as one space. */
const flat = (text: string) => text.replace(/\s+/g, ' ').trim()

describe('reports rendered on a worker thread', () => {
  let data: ReturnType<typeof tempDataDir>
  let server: ServerProcess
  let owner: Account
  let report: string

  beforeAll(async () => {
    data = tempDataDir()
    server = await startServerProcess({ dataDir: data.dir, env: { APP_DIR: '' } })
    owner = await signUp(server)
    const etablissement = await createEtablissement(server, owner)
    const years = `/etablissements/${etablissement.id}/annees`
    const opened = await api(server, years, {
      cookie: owner.cookie,
      body: { schoolYear: YEAR, frameworkIds: [LYCEE_DES_METIERS.id] },
    })
    expect(opened.status).toBe(201)
    // A whole year's work (120 actions, 30 indicators, every grid filled): a slow report.
    await fillYearOnServer(
      { server, cookie: owner.cookie, etablissementId: etablissement.id, schoolYear: YEAR },
      { seed: 2026 },
    )
    const frozen = await api(server, `${years}/${YEAR}/bilans`, {
      cookie: owner.cookie,
      body: { name: 'Bilan annuel 2025-2026', note: '' },
    })
    expect(frozen.status).toBe(201)
    report = `${years}/${YEAR}/bilans/${((await frozen.json()) as BilanSummary).id}/rapport.docx`
  }, 60_000)

  afterAll(async () => {
    // The render thread must not keep the process from a clean exit.
    if (server) expect(await server.stop()).toBe(0)
    data?.remove()
  })

  it('answers other requests while a DOCX renders, and the DOCX is whole', async () => {
    const arrivals: string[] = []
    const docx = (async () => {
      const res = await api(server, report, { cookie: owner.cookie })
      const bytes = Buffer.from(await res.arrayBuffer())
      arrivals.push('docx')
      return { res, bytes }
    })()
    for (let i = 0; i < HEALTH_CHECKS; i++) {
      const health = await api(server, '/health')
      expect(health.status).toBe(200)
      await health.arrayBuffer()
      arrivals.push('health')
    }
    const { res, bytes } = await docx
    expect(arrivals).toEqual([...Array<string>(HEALTH_CHECKS).fill('health'), 'docx'])

    expect(res.status, bytes.subarray(0, 300).toString()).toBe(200)
    expect(res.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    )
    const { value } = await mammoth.extractRawText({ buffer: bytes })
    const text = flat(value)
    expect(text).toContain('Lycée des métiers Test')
    for (const criterion of LYCEE_DES_METIERS.criteria)
      expect(text).toContain(flat(frenchText(criterion.title)))
  })
})
