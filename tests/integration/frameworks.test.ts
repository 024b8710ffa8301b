import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FrameworkVersion } from '@rouages/shared/api/frameworks'
import type { SchoolYear } from '@rouages/shared/api/school-years'
import { followedFrameworkIds, frameworkLabelOf, readCriteria, scaleOf } from '@rouages/shared/workspace/grid'
import { addMember, api, ownerWithNotes, type Account } from '../helpers/accounts.ts'
import { connectClient } from '../helpers/providers.ts'
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts'

const FW = 'lycee-des-metiers'

describe('framework library: académie descriptors, versions, import and export', () => {
  let server: ServerProcess
  let owner: Account
  let etab: string
  const path = (p: string) => `/etablissements/${etab}/referentiels${p}`
  const upload = (p: string, body: string, cookie = owner.cookie) =>
    fetch(`${server.url}/api${path(p)}`, {
      method: 'POST',
      headers: { cookie, origin: server.url, 'content-type': 'text/plain' },
      body,
    })

  beforeAll(async () => {
    server = await startServerProcess()
    const created = await ownerWithNotes(server)
    owner = created.account
    etab = created.etablissement.id
  })
  afterAll(async () => {
    await server.stop()
  })

  it('[R1] lists the shipped frameworks, version 1, national first', async () => {
    const list = (await (await api(server, path(''), { cookie: owner.cookie })).json()) as FrameworkVersion[]
    expect(list.map((f) => [f.id, f.version, f.source])).toEqual([
      [FW, 1, 'shipped'],
      ['e3d', 1, 'shipped'],
      ['edusante', 1, 'shipped'],
      ['egalite-filles-garcons', 1, 'shipped'],
      ['euroscol', 1, 'shipped'],
    ])
  })

  it('[R2] a CSV of the académie’s descriptors makes version 2; a year opened before keeps version 1', async () => {
    const before = (await (
      await api(server, `/etablissements/${etab}/annees`, {
        cookie: owner.cookie,
        body: { schoolYear: '2024-2025', frameworkIds: [FW] },
      })
    ).json()) as SchoolYear
    const csv =
      'Critère;Descripteur;Attendus\n4;Des conventions de partenariat à jour;\n4;Un bureau des entreprises actif;\n7;Un GPDS qui se réunit chaque mois;\n'
    const res = await upload(`/${FW}/import.csv`, csv)
    expect(res.status).toBe(201)
    const saved = (await res.json()) as FrameworkVersion
    expect(saved).toMatchObject({ id: FW, version: 2, source: 'etablissement', createdBy: 'Claire Martin' })

    const after = (await (
      await api(server, `/etablissements/${etab}/annees`, {
        cookie: owner.cookie,
        body: { schoolYear: '2025-2026', frameworkIds: [FW] },
      })
    ).json()) as SchoolYear
    const oldYear = await connectClient(server.wsUrl, before.documentName, { cookie: owner.cookie })
    const newYear = await connectClient(server.wsUrl, after.documentName, { cookie: owner.cookie })
    expect(readCriteria(oldYear.doc, FW).flatMap((c) => c.descriptors)).toEqual([])
    expect(readCriteria(newYear.doc, FW)[3]?.descriptors.map((d) => d.text)).toEqual([
      'Des conventions de partenariat à jour',
      'Un bureau des entreprises actif',
    ])
    expect(newYear.doc.getMap<{ get(k: string): unknown }>('frameworks').get(FW)?.get('version')).toBe(2)
    oldYear.destroy()
    newYear.destroy()
  })

  it('[R3] a malformed CSV is refused with every bad line named, and nothing is saved', async () => {
    const res = await upload(
      `/${FW}/import.csv`,
      'Critère;Descripteur\n4;Correct\n12;Critère qui n’existe pas\n3;\n',
    )
    expect(res.status).toBe(400)
    const { error } = (await res.json()) as {
      error: { code: string; message: string; problems: Array<{ line: number; field: string }> }
    }
    expect(error.code).toBe('validation')
    expect(error.problems.map((p) => [p.line, p.field])).toEqual([
      [3, 'Critère'],
      [4, 'Descripteur'],
    ])
    const latest = (await (
      await api(server, path(`/${FW}`), { cookie: owner.cookie })
    ).json()) as FrameworkVersion
    expect(latest.version).toBe(2)
  })

  it('[R4] exports CSV and JSON that import back as they were', async () => {
    const csv = await (await api(server, path(`/${FW}/export.csv`), { cookie: owner.cookie })).text()
    expect(csv.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('Critère;Descripteur;Attendus')
    expect(csv).toContain('4;Un bureau des entreprises actif;')
    const json = await (await api(server, path(`/${FW}/export.json`), { cookie: owner.cookie })).text()
    const reimported = await upload('/import.json', json)
    expect(reimported.status).toBe(201)
    const version = (await reimported.json()) as FrameworkVersion
    expect(version.version).toBe(3)
    expect(version.definition).toEqual(JSON.parse(json))
  })

  it('[R5] a framework made from scratch, with its own scale, joins the library', async () => {
    const definition = {
      id: 'projet-etablissement',
      label: 'Projet d’établissement 2024-2028',
      scale: {
        id: 'oui-non',
        label: 'Atteint / Non atteint',
        levels: [
          { id: 'non', label: 'Non atteint', color: '#B42318', pattern: 'cross' },
          { id: 'oui', label: 'Atteint', color: '#1B6E3A', pattern: 'check' },
        ],
      },
      criteria: [
        {
          id: 'axe-1',
          number: '1',
          title: 'Réussite de tous les élèves',
          shortTitle: 'Réussite',
          descriptors: [],
        },
      ],
    }
    const res = await api(server, path(''), { cookie: owner.cookie, body: definition })
    expect(res.status).toBe(201)
    const list = (await (await api(server, path(''), { cookie: owner.cookie })).json()) as FrameworkVersion[]
    expect(list.at(-1)).toMatchObject({ id: 'projet-etablissement', version: 1, source: 'etablissement' })
    const bad = await api(server, path(''), {
      cookie: owner.cookie,
      body: { ...definition, scale: { ...definition.scale, levels: [definition.scale.levels[0]] } },
    })
    expect(bad.status).toBe(400)
  })

  it('[R7] a year follows a framework made by the school: its document holds the label, scale and criteria', async () => {
    const res = await api(server, `/etablissements/${etab}/annees`, {
      cookie: owner.cookie,
      body: { schoolYear: '2026-2027', frameworkIds: [FW, 'projet-etablissement'] },
    })
    expect(res.status).toBe(201)
    const year = (await res.json()) as SchoolYear
    expect(year.frameworkIds).toEqual([FW, 'projet-etablissement'])
    const client = await connectClient(server.wsUrl, year.documentName, { cookie: owner.cookie })
    expect(followedFrameworkIds(client.doc)).toEqual([FW, 'projet-etablissement'])
    expect(frameworkLabelOf(client.doc, 'projet-etablissement')).toBe('Projet d’établissement 2024-2028')
    expect(scaleOf(client.doc, 'projet-etablissement').levels.map((level) => level.label)).toEqual([
      'Non atteint',
      'Atteint',
    ])
    expect(readCriteria(client.doc, 'projet-etablissement').map((c) => c.shortTitle)).toEqual(['Réussite'])
    client.destroy()
    // An id the établissement's library does not hold cannot be followed.
    const unknown = await api(server, `/etablissements/${etab}/annees`, {
      cookie: owner.cookie,
      body: { schoolYear: '2027-2028', frameworkIds: ['projet-inconnu'] },
    })
    expect(unknown.status).toBe(400)
  })

  it('[R6] only owners and facilitators change the library; every member reads it', async () => {
    const contributor = await addMember(server, owner, etab, 'contributor', 'Karim')
    expect((await upload(`/${FW}/import.csv`, 'Critère;Descripteur\n1;X\n', contributor.cookie)).status).toBe(
      403,
    )
    expect((await api(server, path(''), { cookie: contributor.cookie })).status).toBe(200)
  })
})
