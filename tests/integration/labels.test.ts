/** Labels held and their cycles (H2) on the real server. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Label } from '@rouages/shared/api/labels'
import { cycleSchoolYears } from '@rouages/shared/api/labels'
import { addMember, api, ownerWithNotes, type Account } from '../helpers/accounts.ts'
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts'

describe('labels and their cycles', () => {
  let server: ServerProcess
  let owner: Account
  let etab: string
  const ldm = {
    frameworkId: 'lycee-des-metiers',
    intitule: 'Lycée des métiers du bâtiment et des travaux publics',
    cycleStart: 2023,
    cycleEnd: 2028,
    status: 'labellise',
    decision: 'renouvellement',
  }

  beforeAll(async () => {
    server = await startServerProcess()
    const created = await ownerWithNotes(server)
    owner = created.account
    etab = created.etablissement.id
  })
  afterAll(async () => {
    await server.stop()
  })

  it('[L1] lists the school years of a cycle', () => {
    expect(cycleSchoolYears(2023, 2028)).toEqual([
      '2023-2024',
      '2024-2025',
      '2025-2026',
      '2026-2027',
      '2027-2028',
    ])
  })

  it('[L2] records a label with its cycle, refuses bad input and other roles, and gathers the cycle’s bilans', async () => {
    const contributor = await addMember(server, owner, etab, 'contributor', 'Sophie Durand')
    const labels = `/etablissements/${etab}/labels`
    expect((await api(server, labels, { cookie: contributor.cookie, body: ldm })).status).toBe(403)
    const backwards = await api(server, labels, { cookie: owner.cookie, body: { ...ldm, cycleEnd: 2020 } })
    expect(backwards.status).toBe(400)
    expect(await backwards.text()).toContain('la fin du cycle doit suivre son début')
    expect(
      (await api(server, labels, { cookie: owner.cookie, body: { ...ldm, frameworkId: 'inconnu' } })).status,
    ).toBe(400)
    expect(
      (await api(server, labels, { cookie: owner.cookie, body: { ...ldm, status: 'parfait' } })).status,
    ).toBe(400)
    const created = await api(server, labels, { cookie: owner.cookie, body: ldm })
    expect(created.status).toBe(201)
    const label = (await created.json()) as Label
    expect(label).toMatchObject({ ...ldm, bilans: [] })

    // Two years, one in the cycle and one after it, each with a bilan.
    for (const schoolYear of ['2025-2026', '2029-2030']) {
      await api(server, `/etablissements/${etab}/annees`, {
        cookie: owner.cookie,
        body: { schoolYear, frameworkIds: ['lycee-des-metiers'] },
      })
      await api(server, `/etablissements/${etab}/annees/${schoolYear}/bilans`, {
        cookie: owner.cookie,
        body: { name: `Bilan annuel ${schoolYear}` },
      })
    }
    const [listed] = (await (await api(server, labels, { cookie: contributor.cookie })).json()) as Label[]
    expect(listed?.bilans.map((bilan) => bilan.name)).toEqual(['Bilan annuel 2025-2026'])

    const updated = await api(server, `${labels}/${label.id}`, {
      cookie: owner.cookie,
      method: 'PUT',
      body: { ...ldm, status: 'renouvellement', decision: null },
    })
    expect(updated.status).toBe(200)
    expect((await updated.json()) as Label).toMatchObject({ status: 'renouvellement', decision: null })
    const audit = (await (
      await api(server, `/etablissements/${etab}/audit?action=label.updated`, { cookie: owner.cookie })
    ).json()) as { events: unknown[] }
    expect(audit.events).toHaveLength(1)
  })
})
