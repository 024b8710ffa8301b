import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SchoolYear } from '@rouages/shared/api/school-years'
import { entryAttributionKey, attributionOf } from '@rouages/shared/workspace/attribution'
import { addDescriptor, entryText, readCriteria, readEntry, setLevel } from '@rouages/shared/workspace/grid'
import * as Y from 'yjs'
import { DocumentRepository } from '@rouages/server/storage/documents'
import { openStorage } from '@rouages/server/storage/open'
import { workspaceDocumentName } from '@rouages/shared/document-names'
import { LYCEE_DES_METIERS } from '@rouages/shared/frameworks/lycee-des-metiers'
import { DEFAULT_SCALE } from '@rouages/shared/frameworks/scales'
import { reformMeasuresFor } from '@rouages/shared/workspace/crosswalk'
import { initWorkspace } from '@rouages/shared/workspace/init'
import { addMember, api, ownerWithNotes, type Account } from '../helpers/accounts.ts'
import { connectClient } from '../helpers/providers.ts'
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts'
import { waitUntil } from '../helpers/wait.ts'

const FW = 'lycee-des-metiers'

describe('school years and their workspace documents', () => {
  let server: ServerProcess
  let owner: Account
  let etab: string
  let year: SchoolYear

  beforeAll(async () => {
    server = await startServerProcess()
    const created = await ownerWithNotes(server)
    owner = created.account
    etab = created.etablissement.id
  })
  afterAll(async () => {
    await server.stop()
  })

  const open = (account: Account, body: unknown) =>
    api(server, `/etablissements/${etab}/annees`, { cookie: account.cookie, body })

  it('[Y1] a facilitator or owner opens a year; the server seeds its document once', async () => {
    const res = await open(owner, { schoolYear: '2025-2026', frameworkIds: [FW, 'e3d'] })
    expect(res.status).toBe(201)
    year = (await res.json()) as SchoolYear
    expect(year).toMatchObject({
      schoolYear: '2025-2026',
      documentName: `etab:${etab}:annee:2025-2026`,
      frameworkIds: [FW, 'e3d'],
      createdBy: 'Claire Martin',
    })
    const client = await connectClient(server.wsUrl, year.documentName, { cookie: owner.cookie })
    expect(readCriteria(client.doc, FW).map((c) => c.number)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
    ])
    expect(readCriteria(client.doc, 'e3d').map((c) => c.title)).toEqual([
      'Pilotage',
      'Actions pédagogiques et éducatives',
      'Gestion durable',
    ])
    client.destroy()
    const list = (await (
      await api(server, `/etablissements/${etab}/annees`, { cookie: owner.cookie })
    ).json()) as SchoolYear[]
    expect(list.map((y) => y.schoolYear)).toEqual(['2025-2026'])
  })

  it('[Y2] refuses a second opening, a malformed year, an unknown framework, and a contributor', async () => {
    expect((await open(owner, { schoolYear: '2025-2026', frameworkIds: [FW] })).status).toBe(409)
    expect((await open(owner, { schoolYear: '2025-2027', frameworkIds: [FW] })).status).toBe(400)
    const unknown = await open(owner, { schoolYear: '2026-2027', frameworkIds: ['inconnu'] })
    expect(unknown.status).toBe(400)
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toContain(
      'Référentiel inconnu',
    )
    const contributor = await addMember(server, owner, etab, 'contributor', 'Karim')
    expect((await open(contributor, { schoolYear: '2026-2027', frameworkIds: [FW] })).status).toBe(403)
    expect((await api(server, `/etablissements/${etab}/annees`, { cookie: contributor.cookie })).status).toBe(
      200,
    )
  })

  it('[Y3] the server records who changed each field, from the session, not from the client', async () => {
    const sophie = await addMember(server, owner, etab, 'contributor', 'Sophie Durand')
    const a = await connectClient(server.wsUrl, year.documentName, { cookie: owner.cookie })
    const b = await connectClient(server.wsUrl, year.documentName, { cookie: sophie.cookie })
    const descriptor = addDescriptor(a.doc, FW, 'ldm-4', 'Partenariats formalisés')
    await waitUntil(() => readCriteria(b.doc, FW)[3]!.descriptors.length === 1, {
      message: 'descriptor arrives',
    })
    setLevel(b.doc, FW, descriptor, 'en-cours')
    entryText(a.doc, FW, descriptor, 'constats').insert(0, '12 conventions signées')
    const levelKey = entryAttributionKey(FW, descriptor, 'level')
    const constatsKey = entryAttributionKey(FW, descriptor, 'constats')
    await waitUntil(
      () =>
        attributionOf(a.doc, levelKey)?.name === 'Sophie Durand' &&
        attributionOf(b.doc, constatsKey)?.name === 'Claire Martin',
      {
        message: 'attributions written by the server',
      },
    )
    expect(attributionOf(a.doc, levelKey)?.by).toBe(sophie.me.user.id)
    expect(readEntry(a.doc, FW, descriptor)).toEqual(readEntry(b.doc, FW, descriptor))

    // Sophie's client claims Claire made the change: the server puts back its own record.
    b.doc
      .getMap('attributions')
      .set(levelKey, { by: owner.me.user.id, name: 'Claire Martin', at: new Date().toISOString() })
    await waitUntil(() => attributionOf(b.doc, levelKey)?.name === 'Sophie Durand', {
      message: 'forged attribution reverted',
    })
    await waitUntil(() => attributionOf(a.doc, levelKey)?.name === 'Sophie Durand', {
      message: 'others keep the true one',
    })
    a.destroy()
    b.destroy()
  })

  it('[Y5] a document stored at an older schema is migrated when the server loads it', async () => {
    // A 2023-2024 year as version 1 wrote it: no crosswalk yet.
    const old = new Y.Doc()
    initWorkspace(old, {
      etablissementId: etab,
      schoolYear: '2023-2024',
      frameworks: [{ framework: LYCEE_DES_METIERS, scale: DEFAULT_SCALE }],
      now: new Date('2023-09-04T08:00:00Z'),
    })
    old.transact(() => {
      old.getMap('meta').set('schemaVersion', 1)
      old.getMap('crosswalk').clear()
    })
    const name = workspaceDocumentName(etab, '2023-2024')
    const storage = await openStorage({ dataDir: server.dataDir })
    await new DocumentRepository(storage.db).compact(name, Y.encodeStateAsUpdate(old), () => true)
    await storage.close()

    const client = await connectClient(server.wsUrl, name, { cookie: owner.cookie })
    await waitUntil(() => client.doc.getMap('meta').get('schemaVersion') === 2, {
      message: 'migrated on load',
    })
    expect(reformMeasuresFor(client.doc, 'ldm-1').map((m) => m.number)).toEqual([7, 8, 9])
    client.destroy()
  })

  it('[Y4] a reader sees the grid but cannot change it', async () => {
    const reader = await addMember(server, owner, etab, 'reader', 'Marc')
    const client = await connectClient(server.wsUrl, year.documentName, { cookie: reader.cookie })
    expect(client.provider.authorizedScope).toBe('readonly')
    const [criterion] = readCriteria(client.doc, FW)
    expect(criterion?.number).toBe('1')
    client.destroy()
  })
})
