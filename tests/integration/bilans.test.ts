/**
 * Bilans (E1, E2) on the real server, on each storage driver: freezing while people edit captures
 * a consistent state; nothing — HTTP, WebSocket, or a direct UPDATE in the database — changes a
 * frozen version afterwards; the approval trail follows its order and its roles.
 */
import { createHash } from 'node:crypto'
import { DatabaseSync } from 'node:sqlite'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { BilanSummary } from '@rouages/shared/api/bilans'
import type { SchoolYear } from '@rouages/shared/api/school-years'
import { createAction, readActions } from '@rouages/shared/workspace/actions'
import { previousYearOf } from '@rouages/shared/workspace/carry-over'
import { addDescriptor, entryText, readCriteria, readEntry, setLevel } from '@rouages/shared/workspace/grid'
import { workspaceSnapshot, type WorkspaceSnapshot } from '@rouages/shared/workspace/snapshot'
import { validateWorkspace } from '@rouages/shared/workspace/validate'
import { addMember, api, ownerWithNotes, type Account } from '../helpers/accounts.ts'
import { drivers } from '../helpers/drivers.ts'
import { connectClient, type TestClient } from '../helpers/providers.ts'
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts'
import { waitUntil } from '../helpers/wait.ts'

const FW = 'lycee-des-metiers'
const YEAR = '2025-2026'

describe.each(drivers().map((d) => [d.name, d] as const))('bilans on %s', (name, driver) => {
  let setup: Awaited<ReturnType<typeof driver.setup>>
  let server: ServerProcess
  let owner: Account
  let facilitator: Account
  let contributor: Account
  let etab: string
  let year: SchoolYear
  let editors: TestClient[] = []
  let bilan: BilanSummary
  let frozenState: Uint8Array
  let frozenJson: WorkspaceSnapshot

  const base = () => `/etablissements/${etab}/annees/${YEAR}/bilans`
  const state = async (id: string, account = owner) =>
    new Uint8Array(
      await (await api(server, `${base()}/${id}/etat`, { cookie: account.cookie })).arrayBuffer(),
    )
  const content = async (id: string) =>
    (await (
      await api(server, `${base()}/${id}/contenu`, { cookie: owner.cookie })
    ).json()) as WorkspaceSnapshot

  beforeAll(async () => {
    setup = await driver.setup()
    server = await startServerProcess({
      dataDir: setup.dataDir,
      env: { DATABASE_URL: setup.databaseUrl ?? '' },
    })
    const created = await ownerWithNotes(server)
    owner = created.account
    etab = created.etablissement.id
    facilitator = await addMember(server, owner, etab, 'facilitator', 'Karim Benali')
    contributor = await addMember(server, owner, etab, 'contributor', 'Sophie Durand')
    const res = await api(server, `/etablissements/${etab}/annees`, {
      cookie: owner.cookie,
      body: { schoolYear: YEAR, frameworkIds: [FW] },
    })
    year = (await res.json()) as SchoolYear
    editors = await Promise.all(
      [owner, contributor].map((account) =>
        connectClient(server.wsUrl, year.documentName, { cookie: account.cookie }),
      ),
    )
  })
  afterAll(async () => {
    for (const editor of editors) editor.destroy()
    await server?.stop()
    await setup?.cleanup()
  })

  it('[B1] freezes a consistent state while two people keep editing', async () => {
    const [a, b] = editors as [TestClient, TestClient]
    const descriptor = addDescriptor(a.doc, FW, 'ldm-4', 'Partenariats formalisés')
    await a.settled()
    let typing = true
    // Both keep editing while the freeze happens: a level, texts, actions.
    const edits = (async () => {
      for (let i = 0; typing; i++) {
        setLevel(a.doc, FW, descriptor, i % 2 ? 'atteint' : 'en-cours')
        entryText(b.doc, FW, descriptor, 'constats').insert(0, `${i} `)
        createAction(b.doc, { title: `Action ${i}` })
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
    })()
    await new Promise((resolve) => setTimeout(resolve, 100))
    const res = await api(server, base(), {
      cookie: facilitator.cookie,
      body: { name: 'Bilan annuel 2025-2026', note: 'Version présentée au CA de juin.' },
    })
    typing = false
    await edits
    expect(res.status).toBe(201)
    bilan = (await res.json()) as BilanSummary
    expect(bilan).toMatchObject({ name: 'Bilan annuel 2025-2026', createdBy: 'Karim Benali', steps: [] })

    frozenState = await state(bilan.id)
    frozenJson = await content(bilan.id)
    expect(createHash('sha256').update(frozenState).digest('hex')).toBe(bilan.digest)
    // The JSON is the rendering of exactly those bytes, and the state is structurally whole.
    const doc = new Y.Doc()
    Y.applyUpdate(doc, frozenState)
    expect(validateWorkspace(doc)).toEqual([])
    expect(workspaceSnapshot(doc)).toEqual(frozenJson)
    expect(frozenJson.schoolYear).toBe(YEAR)
    expect(readCriteria(doc, FW)[3]?.descriptors.map((d) => d.text)).toEqual(['Partenariats formalisés'])
    expect(readActions(doc).length).toBeGreaterThan(0)
  })

  it('[B2] nothing changes a frozen version: later edits, HTTP methods, or an UPDATE in the database', async () => {
    const [a, b] = editors as [TestClient, TestClient]
    // The edits of [B1] may still be on their way between the two editors.
    await Promise.all(editors.map((editor) => editor.settled()))
    await waitUntil(() => readActions(a.doc).length === readActions(b.doc).length, {
      message: 'editors agree',
    })
    const before = readActions(a.doc).length
    createAction(a.doc, { title: 'Après le bilan' })
    await a.settled()
    expect(readActions(a.doc).length).toBe(before + 1)

    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      const res = await fetch(`${server.url}/api${base()}/${bilan.id}`, {
        method,
        headers: { cookie: owner.cookie, 'content-type': 'application/json', origin: server.url },
        body: method === 'DELETE' ? undefined : JSON.stringify({ name: 'Réécrit' }),
      })
      expect([404, 405]).toContain(res.status)
    }
    const overwrite = await api(server, `${base()}/${bilan.id}/contenu`, { cookie: owner.cookie, body: {} })
    expect([404, 405]).toContain(overwrite.status)

    // Even the database refuses to rewrite a bilan.
    if (name === 'sqlite') {
      const db = new DatabaseSync(path.join(setup.dataDir, 'rouages.sqlite'))
      expect(() => db.prepare('UPDATE bilan SET name = ?').run('Réécrit')).toThrow(/immutable/)
      db.close()
    } else {
      const client = new pg.Client({ connectionString: setup.databaseUrl })
      await client.connect()
      await expect(client.query(`UPDATE bilan SET snapshot = '{}'`)).rejects.toThrow(/immutable/)
      await client.end()
    }

    expect(await state(bilan.id)).toEqual(frozenState)
    expect(await content(bilan.id)).toEqual(frozenJson)
    const listed = (await (
      await api(server, base(), { cookie: contributor.cookie })
    ).json()) as BilanSummary[]
    expect(listed.map((item) => [item.id, item.name, item.digest])).toEqual([
      [bilan.id, bilan.name, bilan.digest],
    ])
  })

  it('[B3] the approval trail follows its order, its roles, and records who and when', async () => {
    const step = (account: Account, body: unknown) =>
      api(server, `${base()}/${bilan.id}/etapes`, { cookie: account.cookie, body })
    expect(
      (await api(server, base(), { cookie: contributor.cookie, body: { name: 'Le mien' } })).status,
    ).toBe(403)
    expect((await step(facilitator, { step: 'approved' })).status).toBe(403)
    const early = await step(facilitator, { step: 'presented-cp', onDate: '2026-06-10' })
    expect(early.status).toBe(409)
    expect(((await early.json()) as { error: { message: string } }).error.message).toContain('approbation')
    expect((await step(owner, { step: 'approved' })).status).toBe(201)
    expect((await step(owner, { step: 'approved' })).status).toBe(409)
    expect((await step(facilitator, { step: 'presented-cp', onDate: '10/06/2026' })).status).toBe(400)
    expect((await step(facilitator, { step: 'presented-cp', onDate: '2026-06-10' })).status).toBe(201)
    expect((await step(contributor, { step: 'presented-ca', onDate: '2026-06-25' })).status).toBe(403)
    const done = await step(owner, { step: 'presented-ca', onDate: '2026-06-25' })
    expect(done.status).toBe(201)
    const summary = (await done.json()) as BilanSummary
    expect(summary.steps.map((s) => [s.step, s.onDate, s.recordedBy])).toEqual([
      ['approved', null, 'Claire Martin'],
      ['presented-cp', '2026-06-10', 'Karim Benali'],
      ['presented-ca', '2026-06-25', 'Claire Martin'],
    ])
    // The trail grows; the version itself does not move.
    expect(await state(bilan.id)).toEqual(frozenState)
    const audit = (await (
      await api(server, `/etablissements/${etab}/audit?action=bilan.step`, { cookie: owner.cookie })
    ).json()) as { events: unknown[] }
    expect(audit.events).toHaveLength(3)
  })

  it('[B5] a new year starts from the bilan; editing it leaves the bilan identical', async () => {
    const res = await api(server, `/etablissements/${etab}/annees`, {
      cookie: facilitator.cookie,
      body: {
        schoolYear: '2026-2027',
        frameworkIds: [FW],
        fromBilan: { schoolYear: YEAR, bilanId: bilan.id },
      },
    })
    expect(res.status).toBe(201)
    const next = (await res.json()) as SchoolYear
    const client = await connectClient(server.wsUrl, next.documentName, { cookie: owner.cookie })
    try {
      const frozen = new Y.Doc()
      Y.applyUpdate(frozen, frozenState)
      const [descriptor] = readCriteria(frozen, FW)[3]?.descriptors ?? []
      if (!descriptor) throw new Error('the frozen year has its descriptor')
      expect(readCriteria(client.doc, FW)[3]?.descriptors.map((d) => d.id)).toEqual([descriptor.id])
      expect(readEntry(client.doc, FW, descriptor.id).level).toBe(readEntry(frozen, FW, descriptor.id).level)
      expect(readEntry(client.doc, FW, descriptor.id).constats).toBe('')
      expect(previousYearOf(client.doc)).toEqual({ schoolYear: YEAR, bilanId: bilan.id })
      expect(
        readActions(client.doc)
          .map((a) => a.id)
          .sort(),
      ).toEqual(
        readActions(frozen)
          .filter((a) => a.etat !== 'realisee' && a.etat !== 'abandonnee')
          .map((a) => a.id)
          .sort(),
      )
      setLevel(client.doc, FW, descriptor.id, 'consolide')
      entryText(client.doc, FW, descriptor.id, 'constats').insert(0, 'Nouvelle année')
      createAction(client.doc, { title: 'Action 2026-2027' })
      await client.settled()
    } finally {
      client.destroy()
    }
    expect(await state(bilan.id)).toEqual(frozenState)
    expect(await content(bilan.id)).toEqual(frozenJson)
    const unknown = await api(server, `/etablissements/${etab}/annees`, {
      cookie: owner.cookie,
      body: {
        schoolYear: '2027-2028',
        frameworkIds: [FW],
        fromBilan: { schoolYear: YEAR, bilanId: 'aaaaaaaaaaaaaaaa' },
      },
    })
    expect(unknown.status).toBe(400)
  })

  it('[B6] a share link opens that bilan read-only without an account, until it expires or is revoked', async () => {
    const shares = `${base()}/${bilan.id}/partages`
    expect(
      (await api(server, shares, { cookie: contributor.cookie, body: { expiresInDays: 30 } })).status,
    ).toBe(403)
    expect((await api(server, shares, { cookie: owner.cookie, body: { expiresInDays: 0 } })).status).toBe(400)
    const created = await api(server, shares, {
      cookie: facilitator.cookie,
      body: { label: 'Conseillère DAFPIC', expiresInDays: 30 },
    })
    expect(created.status).toBe(201)
    const share = (await created.json()) as { id: string; link: string; expiresAt: string }
    const token = share.link.split('/partage/')[1] ?? ''
    expect(share.link).toBe(`${server.url}/partage/${token}`)
    const open = (t: string) => fetch(`${server.url}/api/partages/${t}`)
    const opened = await open(token)
    expect(opened.status).toBe(200)
    const body = (await opened.json()) as {
      bilan: BilanSummary
      snapshot: WorkspaceSnapshot
      etablissement: { name: string }
      people: Record<string, string>
    }
    expect(body.bilan.id).toBe(bilan.id)
    expect(body.snapshot).toEqual(frozenJson)
    // No action of this version has a pilote: no one's name goes out.
    expect(body.people).toEqual({})
    // The link reads; it writes nothing and opens nothing else.
    expect(
      (
        await fetch(`${server.url}/api/partages/${token}`, {
          method: 'POST',
          headers: { origin: server.url },
        })
      ).status,
    ).toBe(404)
    expect((await open('a'.repeat(32))).status).toBe(404)
    expect((await api(server, `/etablissements/${etab}/annees/${YEAR}/bilans`, {})).status).toBe(401)
    const listed = (await (await api(server, shares, { cookie: owner.cookie })).json()) as Array<{
      id: string
      label: string
    }>
    expect(listed.map((item) => [item.id, item.label])).toEqual([[share.id, 'Conseillère DAFPIC']])

    // Expiry, simulated by moving the date back in the database.
    const second = (await (
      await api(server, shares, { cookie: owner.cookie, body: { expiresInDays: 1 } })
    ).json()) as { id: string; link: string }
    const past = '2020-01-01T00:00:00.000Z'
    if (name === 'sqlite') {
      const db = new DatabaseSync(path.join(setup.dataDir, 'rouages.sqlite'))
      db.prepare('UPDATE bilan_share SET expires_at = ? WHERE id = ?').run(past, second.id)
      db.close()
    } else {
      const client = new pg.Client({ connectionString: setup.databaseUrl })
      await client.connect()
      await client.query('UPDATE bilan_share SET expires_at = $1 WHERE id = $2', [past, second.id])
      await client.end()
    }
    expect((await open(second.link.split('/partage/')[1] ?? '')).status).toBe(404)

    // Revocation.
    const revoke = (account: Account) =>
      api(server, `${shares}/${share.id}`, { cookie: account.cookie, method: 'DELETE' })
    expect((await revoke(contributor)).status).toBe(403)
    expect((await revoke(owner)).status).toBe(204)
    expect((await revoke(owner)).status).toBe(404)
    expect((await open(token)).status).toBe(404)

    // A version whose actions have pilotes: the link gives their names, and no one else's (not the
    // other members', not someone who is no longer a member).
    const next = await connectClient(server.wsUrl, `etab:${etab}:annee:2026-2027`, { cookie: owner.cookie })
    createAction(next.doc, { title: 'Forum des métiers', pilote: facilitator.me.user.id })
    createAction(next.doc, { title: 'Action d’un ancien membre', pilote: 'zzzzzzzzzzzzzzzz' })
    await next.settled()
    next.destroy()
    const piloted = (await (
      await api(server, `/etablissements/${etab}/annees/2026-2027/bilans`, {
        cookie: owner.cookie,
        body: { name: 'Bilan annuel 2026-2027' },
      })
    ).json()) as BilanSummary
    const pilotedShare = (await (
      await api(server, `/etablissements/${etab}/annees/2026-2027/bilans/${piloted.id}/partages`, {
        cookie: owner.cookie,
        body: { expiresInDays: 7 },
      })
    ).json()) as { link: string }
    const withPilotes = (await (await open(pilotedShare.link.split('/partage/')[1] ?? '')).json()) as {
      people: Record<string, string>
    }
    expect(withPilotes.people).toEqual({ [facilitator.me.user.id]: 'Karim Benali' })
  })

  it('[B4] a bilan of another établissement or year is not found', async () => {
    const other = await ownerWithNotes(server)
    const res = await api(
      server,
      `/etablissements/${other.etablissement.id}/annees/${YEAR}/bilans/${bilan.id}`,
      {
        cookie: other.account.cookie,
      },
    )
    expect(res.status).toBe(404)
    expect(
      (
        await api(server, `/etablissements/${etab}/annees/2024-2025/bilans/${bilan.id}`, {
          cookie: owner.cookie,
        })
      ).status,
    ).toBe(404)
    expect(
      (
        await api(server, `/etablissements/${etab}/annees/2024-2025/bilans`, {
          cookie: owner.cookie,
          body: { name: 'x' },
        })
      ).status,
    ).toBe(404)
  })
})
