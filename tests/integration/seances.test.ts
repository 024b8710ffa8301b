/** Séances (A1, first part) on the real server: agenda, join code, joining, ending. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Seance } from '@rouages/shared/api/seances'
import { addMember, api, ownerWithNotes, type Account } from '../helpers/accounts.ts'
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts'

const YEAR = '2025-2026'

describe('séances and their join codes', () => {
  let server: ServerProcess
  let owner: Account
  let contributor: Account
  let etab: string
  const agenda = {
    title: 'Conseil pédagogique du 12 mars',
    kind: 'conseil-pedagogique',
    guestsAllowed: true,
    steps: [
      { kind: 'criterion', title: 'Critère 4 : partenariats', target: 'lycee-des-metiers/ldm-4' },
      { kind: 'ideas', title: 'Idées d’actions' },
      { kind: 'plan', title: 'Plan d’action' },
    ],
  }

  beforeAll(async () => {
    server = await startServerProcess()
    const created = await ownerWithNotes(server)
    owner = created.account
    etab = created.etablissement.id
    contributor = await addMember(server, owner, etab, 'contributor', 'Sophie Durand')
    await api(server, `/etablissements/${etab}/annees`, {
      cookie: owner.cookie,
      body: { schoolYear: YEAR, frameworkIds: ['lycee-des-metiers'] },
    })
  })
  afterAll(async () => {
    await server.stop()
  })

  const seances = () => `/etablissements/${etab}/annees/${YEAR}/seances`
  const join = (account: Account | undefined, code: string) =>
    api(server, '/seances/rejoindre', { cookie: account?.cookie, body: { code } })

  it('[S1] a facilitator opens a séance with an agenda and a readable code; bad agendas are refused', async () => {
    expect((await api(server, seances(), { cookie: contributor.cookie, body: agenda })).status).toBe(403)
    const empty = await api(server, seances(), { cookie: owner.cookie, body: { ...agenda, steps: [] } })
    expect(empty.status).toBe(400)
    expect(await empty.text()).toContain('au moins une étape')
    expect(
      (
        await api(server, seances(), {
          cookie: owner.cookie,
          body: { ...agenda, steps: [{ kind: 'vote', title: 'x' }] },
        })
      ).status,
    ).toBe(400)
    expect(
      (
        await api(server, `/etablissements/${etab}/annees/2030-2031/seances`, {
          cookie: owner.cookie,
          body: agenda,
        })
      ).status,
    ).toBe(404)
    const res = await api(server, seances(), { cookie: owner.cookie, body: agenda })
    expect(res.status).toBe(201)
    const seance = (await res.json()) as Seance
    expect(seance).toMatchObject({
      title: agenda.title,
      status: 'ouverte',
      guestsAllowed: true,
      steps: agenda.steps,
    })
    expect(seance.code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/)
    const listed = (await (await api(server, seances(), { cookie: contributor.cookie })).json()) as Seance[]
    expect(listed.map((item) => item.id)).toEqual([seance.id])
  })

  it('[S2] members join with the code as typed on a phone; others and ended séances get the same refusal', async () => {
    const [seance] = (await (await api(server, seances(), { cookie: owner.cookie })).json()) as Seance[]
    if (!seance) throw new Error('a séance is open')
    const typed = `${seance.code.slice(0, 3).toLowerCase()} ${seance.code.slice(3)}`
    const joined = await join(contributor, typed)
    expect(joined.status).toBe(200)
    expect(((await joined.json()) as Seance).id).toBe(seance.id)
    expect((await join(contributor, 'I0I0I0')).status).toBe(400)
    expect((await join(undefined, seance.code)).status).toBe(401)
    const outsider = await ownerWithNotes(server)
    const refused = await join(outsider.account, seance.code)
    expect(refused.status).toBe(404)
    const unknown = await join(contributor, seance.code === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA')
    expect(await unknown.text()).toBe(await refused.text())

    expect(
      (await api(server, `${seances()}/${seance.id}/fin`, { cookie: contributor.cookie, body: {} })).status,
    ).toBe(403)
    const ended = await api(server, `${seances()}/${seance.id}/fin`, { cookie: owner.cookie, body: {} })
    expect(ended.status).toBe(200)
    expect(((await ended.json()) as Seance).status).toBe('terminee')
    expect((await join(contributor, seance.code)).status).toBe(404)
    expect(
      (await api(server, `${seances()}/${seance.id}/fin`, { cookie: owner.cookie, body: {} })).status,
    ).toBe(409)
  })
})
