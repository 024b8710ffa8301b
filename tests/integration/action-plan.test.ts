/**
 * The action plan and indicators on the real server (C1, D1): live co-editing through real
 * providers, the server's repair of a forced closing without bilan, attributions and the audit
 * trail of who did what.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import type { AuditPage } from '@rouages/shared/api/audit'
import type { SchoolYear } from '@rouages/shared/api/school-years'
import {
  actionText,
  createAction,
  linkKey,
  readAction,
  readActions,
  setActionField,
  setActionState,
} from '@rouages/shared/workspace/actions'
import { actionAttributionKey, attributionOf } from '@rouages/shared/workspace/attribution'
import { addDescriptor } from '@rouages/shared/workspace/grid'
import { addMeasurement, createIndicator, readIndicators } from '@rouages/shared/workspace/indicators'
import { addMember, api, ownerWithNotes, type Account } from '../helpers/accounts.ts'
import { connectClient, type TestClient } from '../helpers/providers.ts'
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts'
import { waitUntil } from '../helpers/wait.ts'

const FW = 'lycee-des-metiers'

describe('the action plan on the real server', () => {
  let server: ServerProcess
  let owner: Account
  let sophie: Account
  let etab: string
  let year: SchoolYear
  let claire: TestClient
  let sophieClient: TestClient

  const rawAction = (doc: Y.Doc, id: string) => doc.getMap<Y.Map<unknown>>('actions').get(id)
  const audit = async (action: string) =>
    (
      (await (
        await api(server, `/etablissements/${etab}/audit?action=${action}`, { cookie: owner.cookie })
      ).json()) as AuditPage
    ).events

  beforeAll(async () => {
    server = await startServerProcess()
    const created = await ownerWithNotes(server)
    owner = created.account
    etab = created.etablissement.id
    sophie = await addMember(server, owner, etab, 'contributor', 'Sophie Durand')
    const res = await api(server, `/etablissements/${etab}/annees`, {
      cookie: owner.cookie,
      body: { schoolYear: '2025-2026', frameworkIds: [FW] },
    })
    year = (await res.json()) as SchoolYear
    claire = await connectClient(server.wsUrl, year.documentName, { cookie: owner.cookie })
    sophieClient = await connectClient(server.wsUrl, year.documentName, { cookie: sophie.cookie })
  })
  afterAll(async () => {
    claire?.destroy()
    sophieClient?.destroy()
    await server?.stop()
  })

  it('[P1] two people co-edit an action linked to a descriptor and move it across états; both converge', async () => {
    const descriptor = addDescriptor(claire.doc, FW, 'ldm-4', 'Partenariats formalisés')
    const id = createAction(sophieClient.doc, {
      title: 'Conventions avec le port',
      links: [linkKey(FW, descriptor)],
    })
    await waitUntil(() => readAction(claire.doc, id) !== undefined, { message: 'action arrives' })
    actionText(claire.doc, id, 'description').insert(0, 'Trois conventions de PFMP.')
    setActionField(sophieClient.doc, id, 'echeance', '2026-05-29')
    setActionState(sophieClient.doc, id, 'en-cours')
    await Promise.all([claire.settled(), sophieClient.settled()])
    await waitUntil(
      () => JSON.stringify(readActions(claire.doc)) === JSON.stringify(readActions(sophieClient.doc)),
      { message: 'both converge' },
    )
    expect(readAction(claire.doc, id)).toMatchObject({
      title: 'Conventions avec le port',
      description: 'Trois conventions de PFMP.',
      echeance: '2026-05-29',
      etat: 'en-cours',
      links: [linkKey(FW, descriptor)],
    })
    await waitUntil(
      () => attributionOf(claire.doc, actionAttributionKey(id, 'etat'))?.name === 'Sophie Durand',
      {
        message: 'état attributed to Sophie by the server',
      },
    )
    expect(attributionOf(claire.doc, actionAttributionKey(id, 'description'))?.name).toBe('Claire Martin')
  })

  it('[P2] a closing without bilan forced through the document is repaired by the server', async () => {
    const id = createAction(sophieClient.doc, { title: 'Forum des métiers' })
    setActionState(sophieClient.doc, id, 'reportee')
    await sophieClient.settled()
    // A client that skips the rule and writes the état itself.
    rawAction(sophieClient.doc, id)?.set('etat', 'realisee')
    await waitUntil(() => readAction(sophieClient.doc, id)?.etat === 'reportee', {
      message: 'the server put the état back on the forcing client',
    })
    await waitUntil(() => readAction(claire.doc, id)?.etat === 'reportee', { message: 'and on the others' })

    // With its bilan, the same move is kept.
    setActionField(sophieClient.doc, id, 'efficacite', 'oui')
    actionText(sophieClient.doc, id, 'bilan').insert(0, '140 élèves ; questionnaire en preuve.')
    setActionState(sophieClient.doc, id, 'realisee')
    await sophieClient.settled()
    await waitUntil(() => readAction(claire.doc, id)?.etat === 'realisee', { message: 'closing kept' })
    // Emptying the bilan afterwards reopens the action.
    actionText(claire.doc, id, 'bilan').delete(0, actionText(claire.doc, id, 'bilan').length)
    await waitUntil(() => readAction(sophieClient.doc, id)?.etat === 'en-cours', { message: 'reopened' })
  })

  it('[P3] the audit trail says who created an action and who moved it', async () => {
    await waitUntil(async () => (await audit('action.state-changed')).length >= 3, {
      message: 'état changes audited',
    })
    const created = await audit('action.created')
    expect(created.map((event) => [event.actor?.id, event.details.title])).toEqual(
      expect.arrayContaining([
        [sophie.me.user.id, 'Conventions avec le port'],
        [sophie.me.user.id, 'Forum des métiers'],
      ]),
    )
    const moves = (await audit('action.state-changed')).map((event) => [
      event.actor?.id,
      event.details.title,
      event.details.from,
      event.details.to,
    ])
    expect(moves).toEqual(
      expect.arrayContaining([
        [sophie.me.user.id, 'Conventions avec le port', 'a-lancer', 'en-cours'],
        [sophie.me.user.id, 'Forum des métiers', 'reportee', 'realisee'],
        [owner.me.user.id, 'Forum des métiers', 'realisee', 'en-cours'],
      ]),
    )
    // The refused closing was repaired before it could count as a move.
    expect(
      moves.filter(([, title, from]) => title === 'Forum des métiers' && from === 'reportee'),
    ).toHaveLength(1)
  })

  it('[P4] indicator values a client forges off the rules are removed, valid ones kept', async () => {
    const id = createIndicator(claire.doc, {
      name: 'Taux d’absentéisme',
      source: 'Vie scolaire',
      unit: '%',
      periodicity: 'mensuelle',
      direction: 'baisse',
      cible: 8,
    })
    addMeasurement(claire.doc, id, { value: 11.5, period: '2025-10-31', comment: '' })
    await claire.settled()
    const measurements = claire.doc
      .getMap<Y.Map<unknown>>('indicators')
      .get(id)
      ?.get('measurements') as Y.Map<unknown>
    measurements.set('forged', { value: 'beaucoup', period: 'hier', comment: '' })
    await waitUntil(() => !measurements.has('forged'), { message: 'forged value removed by the server' })
    await waitUntil(() => readIndicators(sophieClient.doc)[0]?.measurements.length === 1, {
      message: 'valid value reaches the others',
    })
    await waitUntil(async () => (await audit('indicator.created')).length === 1, {
      message: 'indicator audited',
    })
  })

  it('[P5] what the server repaired and stored survives a restart', async () => {
    claire.destroy()
    sophieClient.destroy()
    expect(await server.stop()).toBe(0)
    server = await startServerProcess({ dataDir: server.dataDir })
    const again = await connectClient(server.wsUrl, year.documentName, { cookie: owner.cookie })
    const titles = readActions(again.doc).map((action) => [action.title, action.etat])
    expect(titles).toEqual([
      ['Conventions avec le port', 'en-cours'],
      ['Forum des métiers', 'en-cours'],
    ])
    again.destroy()
  })
})
