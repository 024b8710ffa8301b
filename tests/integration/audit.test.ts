import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AuditPage } from '@rouages/shared/api/audit'
import { addMember, api, ownerWithNotes, type Account } from '../helpers/accounts.ts'
import { connectClient } from '../helpers/providers.ts'
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts'
import { waitUntil } from '../helpers/wait.ts'

describe('audit trail (traçabilité)', () => {
  let server: ServerProcess
  let owner: Account
  let etab: string
  let documentName: string
  const audit = async (query = '') =>
    (await (
      await api(server, `/etablissements/${etab}/audit${query}`, { cookie: owner.cookie })
    ).json()) as AuditPage

  beforeAll(async () => {
    server = await startServerProcess()
    const created = await ownerWithNotes(server)
    owner = created.account
    etab = created.etablissement.id
    documentName = created.documentName
  })
  afterAll(async () => {
    await server.stop()
  })

  it('[T1] records HTTP changes with the acting user, newest first', async () => {
    const member = await addMember(server, owner, etab, 'contributor', 'Karim Benali')
    await api(server, `/etablissements/${etab}/members/${member.me.user.id}`, {
      method: 'PATCH',
      cookie: owner.cookie,
      body: { role: 'reader' },
    })
    const { events } = await audit()
    expect(events.map((e) => e.action)).toEqual([
      'member.role-changed',
      'invitation.accepted',
      'invitation.created',
      'etablissement.created',
    ])
    expect(events[0]).toMatchObject({
      actor: { id: owner.me.user.id, displayName: 'Claire Martin' },
      target: member.me.user.id,
      details: { from: 'contributor', to: 'reader', targetName: 'Karim Benali' },
    })
    expect(events[1]?.actor).toEqual({ id: member.me.user.id, displayName: 'Karim Benali' })
  })

  it('[T2] attributes document edits to the user of the connection, not to anything the client says', async () => {
    const writer = await addMember(server, owner, etab, 'contributor', 'Sophie Durand')
    const client = await connectClient(server.wsUrl, documentName, { cookie: writer.cookie })
    // A client may put any name in its awareness state; the audit uses the session's user.
    client.provider.setAwarenessField('user', { name: 'Quelqu’un d’autre' })
    client.doc.getText('notes').insert(0, 'Constat : 80 % de réussite au bac pro.')
    await client.settled()
    client.destroy()
    await waitUntil(async () => (await audit('?action=document.edited')).events.length > 0, {
      message: 'edit audited',
    })
    const [event] = (await audit('?action=document.edited')).events
    expect(event).toMatchObject({
      actor: { id: writer.me.user.id, displayName: 'Sophie Durand' },
      target: documentName,
    })
    expect(event?.details.updates).toBeGreaterThan(0)
  })

  it('[T3] filters by person and paginates', async () => {
    const { events } = await audit(`?actor=${owner.me.user.id}`)
    expect(events.length).toBeGreaterThan(0)
    expect(events.every((e) => e.actor?.id === owner.me.user.id)).toBe(true)
    const first = await audit('?limit=2')
    expect(first.events).toHaveLength(2)
    expect(first.nextBefore).toBe(first.events[1]?.id)
    const second = await audit(`?limit=2&before=${first.nextBefore}`)
    expect(second.events[0]!.id).toBeLessThan(first.events[1]!.id)
  })

  it('[T4] exports CSV with French headers, safe against spreadsheet formulas', async () => {
    await api(server, `/etablissements/${etab}/invitations`, {
      cookie: owner.cookie,
      body: { role: 'reader', email: 'lecteur@lycee.fr' },
    })
    const res = await api(server, `/etablissements/${etab}/audit.csv`, { cookie: owner.cookie })
    expect(res.headers.get('content-type')).toContain('text/csv')
    expect(res.headers.get('content-disposition')).toContain('tracabilite.csv')
    const csv = await res.text()
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
    expect(lines[0]).toBe('Date;Personne;Action;Objet;Détails')
    expect(lines.some((l) => l.includes('invitation.created') && l.includes('lecteur@lycee.fr'))).toBe(true)
    expect(lines.length).toBe((await audit('?limit=500')).events.length + 1)
  })

  it('[T5] the trail cannot be altered through the API', async () => {
    for (const method of ['PUT', 'PATCH', 'DELETE', 'POST']) {
      const res = await api(server, `/etablissements/${etab}/audit`, {
        method,
        cookie: owner.cookie,
        body: method === 'DELETE' ? undefined : {},
      })
      expect(res.status).toBe(404)
    }
  })
})
