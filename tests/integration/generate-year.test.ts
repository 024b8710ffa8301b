/**
 * The realistic school-year generator of the benchmarks and the demo data
 * (tests/bench/generate-year.ts): what it writes is a valid workspace with the promised amounts,
 * built by hundreds of sessions, the same for the same seed — and the real server takes it as is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { SchoolYear } from '@rouages/shared/api/school-years'
import { hasBilan, readActions } from '@rouages/shared/workspace/actions'
import { readCriteria } from '@rouages/shared/workspace/grid'
import { readIndicators } from '@rouages/shared/workspace/indicators'
import { newId } from '@rouages/shared/workspace/ids'
import { workspaceSnapshot } from '@rouages/shared/workspace/snapshot'
import { validateWorkspace } from '@rouages/shared/workspace/validate'
import { fillYearOnServer, generateYear } from '../bench/generate-year.ts'
import { api, createEtablissement, signUp } from '../helpers/accounts.ts'
import { connectClient } from '../helpers/providers.ts'
import { startServerProcess, tempDataDir, type ServerProcess } from '../helpers/server-process.ts'

const FW = 'lycee-des-metiers'
const YEAR = '2025-2026'

function generated(seed: number) {
  const doc = new Y.Doc()
  const summary = generateYear(doc, { seed, schoolYear: YEAR, etablissementId: 'etab-test' })
  return { doc, summary }
}

describe('generateYear', () => {
  const { doc, summary } = generated(20260101)

  it('writes a valid workspace with the promised amounts', () => {
    expect(validateWorkspace(doc)).toEqual([])
    const criteria = readCriteria(doc, FW)
    expect(criteria).toHaveLength(8)
    for (const criterion of criteria) {
      expect(criterion.descriptors.length).toBeGreaterThanOrEqual(5)
      expect(criterion.descriptors.length).toBeLessThanOrEqual(7)
    }
    expect(summary.descriptors).toBe(criteria.flatMap((c) => c.descriptors).length)
    expect(summary.positioned).toBeGreaterThan(summary.descriptors * 0.8)
    expect(summary.preuves).toBeGreaterThan(summary.descriptors)

    const actions = readActions(doc)
    expect(actions).toHaveLength(120)
    for (const action of actions) {
      expect(action.title).not.toBe('')
      expect(action.description).not.toBe('')
      expect(action.pilote).not.toBeNull()
      expect(action.echeance).not.toBeNull()
      expect(action.links.length).toBeGreaterThan(0)
      if (action.etat === 'realisee') expect(hasBilan(action)).toBe(true)
    }
    expect(new Set(actions.map((a) => a.etat)).size).toBe(5)

    const indicators = readIndicators(doc)
    expect(indicators).toHaveLength(30)
    for (const indicator of indicators) {
      expect(new Set(indicator.measurements.map((m) => m.period))).toEqual(
        new Set(['2021-2022', '2022-2023', '2023-2024', '2024-2025', '2025-2026']),
      )
      expect(indicator.links).toHaveLength(1)
    }
    expect(summary).toMatchObject({ criteria: 8, actions: 120, indicators: 30, measurements: 150 })
  })

  it('is built by hundreds of sessions, each its own client, in thousands of edits', () => {
    expect(summary.sessions).toBeGreaterThanOrEqual(200)
    expect(summary.edits).toBeGreaterThanOrEqual(3_000)
    // Every session wrote something: one client per session, plus the one that initialised the year.
    expect(doc.store.clients.size).toBe(summary.sessions + 1)
  })

  it('gives the same document for the same seed, another for another seed', () => {
    const again = generated(20260101)
    expect(Y.encodeStateAsUpdate(again.doc)).toEqual(Y.encodeStateAsUpdate(doc))
    expect(again.summary).toEqual(summary)
    const other = generated(20260102)
    expect(workspaceSnapshot(other.doc)).not.toEqual(workspaceSnapshot(doc))
  })

  it('leaves ids random afterwards, and the caller’s client id as it was', () => {
    const target = new Y.Doc()
    const clientId = target.clientID
    generateYear(target, { seed: 1, schoolYear: YEAR })
    expect(target.clientID).toBe(clientId)
    expect(newId()).not.toBe(newId())
  })
})

describe('generateYear on the real server', () => {
  let server: ServerProcess
  let data: ReturnType<typeof tempDataDir>

  beforeAll(async () => {
    data = tempDataDir()
    server = await startServerProcess({ dataDir: data.dir, env: { APP_DIR: '' } })
  })
  afterAll(async () => {
    await server?.stop()
    data?.remove()
  })

  it('fills a year opened through the API, and the server keeps it as sent', async () => {
    const owner = await signUp(server)
    const etablissement = await createEtablissement(server, owner)
    const res = await api(server, `/etablissements/${etablissement.id}/annees`, {
      cookie: owner.cookie,
      body: { schoolYear: YEAR, frameworkIds: [FW] },
    })
    expect(res.status).toBe(201)
    const { documentName } = (await res.json()) as SchoolYear

    const { summary } = await fillYearOnServer(
      { server, cookie: owner.cookie, etablissementId: etablissement.id, schoolYear: YEAR },
      { seed: 7 },
    )
    const reader = await connectClient(server.wsUrl, documentName, { cookie: owner.cookie })
    try {
      expect(validateWorkspace(reader.doc)).toEqual([])
      expect(readActions(reader.doc)).toHaveLength(summary.actions)
      expect(readIndicators(reader.doc)).toHaveLength(summary.indicators)
      expect(readCriteria(reader.doc, FW).flatMap((c) => c.descriptors)).toHaveLength(summary.descriptors)
      // Nothing was repaired: the plan's rules hold in what the generator wrote.
      expect(server.output()).not.toContain('plan repaired')
    } finally {
      reader.destroy()
    }
  })
})
