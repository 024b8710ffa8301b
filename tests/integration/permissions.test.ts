import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { notesDocumentName } from '@rouages/shared/document-names'
import { CloseReason } from '@rouages/shared/protocol'
import { can, ROLES, type Action, type Role } from '@rouages/shared/roles'
import { addMember, api, createEtablissement, signUp, type Account } from '../helpers/accounts.ts'
import { connectClient } from '../helpers/providers.ts'
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts'
import { waitUntil } from '../helpers/wait.ts'
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider'
import WebSocket from 'ws'
import * as Y from 'yjs'

type Who = Role | 'non-member' | 'anonymous'
const EVERYONE: Who[] = [...ROLES, 'non-member', 'anonymous']

interface RouteCase {
  name: string
  action: Action
  /** The request, given the établissement and a fresh member to act upon. */
  request: (ctx: { etab: string; target: string; invitation: string }) => {
    method: string
    path: string
    body?: unknown
  }
  success: number
}

/** The year opened and frozen once before the cases that read bilans. */
const YEAR = '2025-2026'
let bilanId = ''

/** A different school year for each opening, so repeated cases never conflict. */
let nextYear = 2030
const freshYear = () => `${nextYear}-${++nextYear}`

/** Every route under an établissement, with the permission it needs (shared/src/roles.ts). */
const ROUTES: RouteCase[] = [
  {
    name: 'list school years',
    action: 'workspace.read',
    success: 200,
    request: ({ etab }) => ({ method: 'GET', path: `/etablissements/${etab}/annees` }),
  },
  {
    name: 'open a school year',
    action: 'workspace.manage',
    success: 201,
    request: ({ etab }) => ({
      method: 'POST',
      path: `/etablissements/${etab}/annees`,
      body: { schoolYear: freshYear(), frameworkIds: ['lycee-des-metiers'] },
    }),
  },
  {
    name: 'read the établissement',
    action: 'etablissement.read',
    success: 200,
    request: ({ etab }) => ({ method: 'GET', path: `/etablissements/${etab}` }),
  },
  {
    name: 'list members',
    action: 'members.read',
    success: 200,
    request: ({ etab }) => ({ method: 'GET', path: `/etablissements/${etab}/members` }),
  },
  {
    name: 'change a contributor into a reader',
    action: 'members.manage',
    success: 200,
    request: ({ etab, target }) => ({
      method: 'PATCH',
      path: `/etablissements/${etab}/members/${target}`,
      body: { role: 'reader' },
    }),
  },
  {
    name: 'remove a contributor',
    action: 'members.manage',
    success: 204,
    request: ({ etab, target }) => ({ method: 'DELETE', path: `/etablissements/${etab}/members/${target}` }),
  },
  {
    name: 'list invitations',
    action: 'invitations.manage',
    success: 200,
    request: ({ etab }) => ({ method: 'GET', path: `/etablissements/${etab}/invitations` }),
  },
  {
    name: 'invite a contributor',
    action: 'invitations.manage',
    success: 201,
    request: ({ etab }) => ({
      method: 'POST',
      path: `/etablissements/${etab}/invitations`,
      body: { role: 'contributor' },
    }),
  },
  {
    name: 'revoke an invitation',
    action: 'invitations.manage',
    success: 204,
    request: ({ etab, invitation }) => ({
      method: 'DELETE',
      path: `/etablissements/${etab}/invitations/${invitation}`,
    }),
  },
  {
    name: 'list the bilans of a year',
    action: 'workspace.read',
    success: 200,
    request: ({ etab }) => ({ method: 'GET', path: `/etablissements/${etab}/annees/${YEAR}/bilans` }),
  },
  {
    name: 'freeze a bilan',
    action: 'workspace.manage',
    success: 201,
    request: ({ etab }) => ({
      method: 'POST',
      path: `/etablissements/${etab}/annees/${YEAR}/bilans`,
      body: { name: 'Bilan intermédiaire' },
    }),
  },
  {
    name: 'read a bilan’s frozen content',
    action: 'workspace.read',
    success: 200,
    request: ({ etab }) => ({
      method: 'GET',
      path: `/etablissements/${etab}/annees/${YEAR}/bilans/${bilanId}/contenu`,
    }),
  },
  {
    name: 'download a bilan’s report (ODT)',
    action: 'workspace.read',
    success: 200,
    request: ({ etab }) => ({
      method: 'GET',
      path: `/etablissements/${etab}/annees/${YEAR}/bilans/${bilanId}/rapport.odt`,
    }),
  },
  {
    name: 'list a bilan’s share links',
    action: 'workspace.manage',
    success: 200,
    request: ({ etab }) => ({
      method: 'GET',
      path: `/etablissements/${etab}/annees/${YEAR}/bilans/${bilanId}/partages`,
    }),
  },
  {
    name: 'list the labels held',
    action: 'workspace.read',
    success: 200,
    request: ({ etab }) => ({ method: 'GET', path: `/etablissements/${etab}/labels` }),
  },
  {
    name: 'declare a label',
    action: 'workspace.manage',
    success: 201,
    request: ({ etab }) => ({
      method: 'POST',
      path: `/etablissements/${etab}/labels`,
      body: {
        frameworkId: 'lycee-des-metiers',
        intitule: 'Lycée des métiers de l’industrie',
        cycleStart: 2024,
        cycleEnd: 2029,
        status: 'labellise',
        decision: null,
      },
    }),
  },
  {
    name: 'read the audit trail',
    action: 'audit.read',
    success: 200,
    request: ({ etab }) => ({ method: 'GET', path: `/etablissements/${etab}/audit` }),
  },
  {
    name: 'export the audit trail',
    action: 'audit.read',
    success: 200,
    request: ({ etab }) => ({ method: 'GET', path: `/etablissements/${etab}/audit.csv` }),
  },
]

function expectedStatus(who: Who, route: RouteCase): number {
  if (who === 'anonymous') return 401
  // Outside the établissement, it does not exist: nothing to learn from guessing ids.
  if (who === 'non-member') return 404
  return can(who, route.action) ? route.success : 403
}

describe('permission matrix through the real server', () => {
  let server: ServerProcess
  let owner: Account
  let etab: string
  const people = new Map<Who, Account | undefined>()

  beforeAll(async () => {
    server = await startServerProcess()
    owner = await signUp(server, 'Proviseure')
    etab = (await createEtablissement(server, owner)).id
    people.set('owner', owner)
    for (const role of ROLES.filter((r) => r !== 'owner'))
      people.set(role, await addMember(server, owner, etab, role, role))
    const outsider = await signUp(server, 'Extérieur')
    await createEtablissement(server, outsider, 'Autre lycée')
    people.set('non-member', outsider)
    people.set('anonymous', undefined)
    await api(server, `/etablissements/${etab}/annees`, {
      cookie: owner.cookie,
      body: { schoolYear: YEAR, frameworkIds: ['lycee-des-metiers'] },
    })
    const frozen = await api(server, `/etablissements/${etab}/annees/${YEAR}/bilans`, {
      cookie: owner.cookie,
      body: { name: 'Bilan annuel 2025-2026' },
    })
    bilanId = ((await frozen.json()) as { id: string }).id
  }, 60_000)

  afterAll(async () => {
    await server.stop()
  })

  /** A fresh contributor and a fresh invitation for each case, so mutations never interfere. */
  async function freshTargets() {
    const target = await addMember(server, owner, etab, 'contributor', 'Cible')
    const res = await api(server, `/etablissements/${etab}/invitations`, {
      cookie: owner.cookie,
      body: { role: 'reader' },
    })
    const invitation = ((await res.json()) as { id: string }).id
    return { etab, target: target.me.user.id, invitation }
  }

  for (const route of ROUTES) {
    it(`[P1] ${route.name}: ${EVERYONE.map((w) => `${w}→${expectedStatus(w, route)}`).join(', ')}`, async () => {
      for (const who of EVERYONE) {
        const { method, path, body } = route.request(await freshTargets())
        const res = await api(server, path, { method, body, cookie: people.get(who)?.cookie })
        expect({ who, status: res.status }).toEqual({ who, status: expectedStatus(who, route) })
      }
    })
  }

  it('[P2] a member of A reaches nothing of B, even with its real ids', async () => {
    const other = people.get('non-member')!
    const otherEtab =
      other.me.memberships[0]?.etablissement.id ??
      (
        (await (await api(server, '/etablissements', { cookie: other.cookie })).json()) as { id: string }[]
      )[0]!.id
    for (const route of ROUTES) {
      const { method, path, body } = route.request({
        etab: otherEtab,
        target: other.me.user.id,
        invitation: 'aaaaaaaaaaaaaaaa',
      })
      const res = await api(server, path, { method, body, cookie: owner.cookie })
      expect({ route: route.name, status: res.status }).toEqual({ route: route.name, status: 404 })
    }
  })

  it('[P3] a guessed établissement id answers like a missing one', async () => {
    const res = await api(server, '/etablissements/aaaaaaaaaaaaaaaa/members', { cookie: owner.cookie })
    expect(res.status).toBe(404)
  })

  it('[P4] only an owner may grant the owner role; the last owner cannot be demoted', async () => {
    const facilitator = people.get('facilitator')!
    const target = await addMember(server, owner, etab, 'contributor', 'Promu')
    const byFacilitator = await api(server, `/etablissements/${etab}/members/${target.me.user.id}`, {
      method: 'PATCH',
      cookie: facilitator.cookie,
      body: { role: 'owner' },
    })
    expect(byFacilitator.status).toBe(403)
    const selfDemote = await api(server, `/etablissements/${etab}/members/${owner.me.user.id}`, {
      method: 'PATCH',
      cookie: owner.cookie,
      body: { role: 'reader' },
    })
    expect(selfDemote.status).toBe(409)
  })

  /** Opens the notepad as `who` and reports how the server answered. */
  async function openNotes(who: Who, documentName: string) {
    const cookie = people.get(who)?.cookie
    const Polyfill = class extends WebSocket {
      constructor(...[address, protocols]: ConstructorParameters<typeof WebSocket>) {
        super(address, protocols, cookie ? { headers: { cookie } } : {})
        this.on('error', () => {})
      }
    }
    const socket = new HocuspocusProviderWebsocket({
      url: server.wsUrl,
      WebSocketPolyfill: Polyfill,
      maxAttempts: 1,
    })
    const doc = new Y.Doc()
    const outcome: { scope?: string; failure?: string } = {}
    const provider = new HocuspocusProvider({
      websocketProvider: socket,
      name: documentName,
      document: doc,
      onAuthenticated: ({ scope }) => (outcome.scope = scope),
      onAuthenticationFailed: ({ reason }) => (outcome.failure = reason),
    })
    provider.attach()
    await waitUntil(() => outcome.scope !== undefined || outcome.failure !== undefined, {
      message: `answer for ${who}`,
    })
    return { outcome, doc, provider, destroy: () => (provider.destroy(), socket.destroy()) }
  }

  it('[P5] WebSocket: writers write, readers read only, others are refused', async () => {
    const documentName = notesDocumentName(etab)
    const writer = await connectClient(server.wsUrl, documentName, { cookie: owner.cookie })
    for (const who of EVERYONE) {
      const session = await openNotes(who, documentName)
      const expected =
        who === 'anonymous'
          ? { failure: CloseReason.Unauthenticated.reason }
          : who === 'non-member' || !can(who, 'workspace.read')
            ? { failure: CloseReason.Forbidden.reason }
            : { scope: can(who, 'workspace.edit') ? 'read-write' : 'readonly' }
      expect({ who, ...session.outcome }).toEqual({ who, ...expected })

      if (session.outcome.scope) {
        await waitUntil(() => session.provider.isSynced, { message: `${who} synced` })
        session.doc.getMap('attempts').set(who, `écrit par ${who}`)
        if (session.outcome.scope === 'read-write') {
          await waitUntil(() => writer.doc.getMap('attempts').get(who) !== undefined, {
            message: `${who}'s edit arrives`,
          })
        } else {
          // The server refuses the edit: it stays unacknowledged and reaches nobody.
          await waitUntil(() => session.provider.unsyncedChanges > 0, { message: 'edit pending' })
          const fresh = await connectClient(server.wsUrl, documentName, { cookie: owner.cookie })
          expect(fresh.doc.getMap('attempts').get(who)).toBeUndefined()
          fresh.destroy()
        }
      }
      session.destroy()
    }
    writer.destroy()
  })

  it('[P6] a member of A cannot open a document of B', async () => {
    const other = people.get('non-member')!
    const otherEtab = (
      (await (await api(server, '/etablissements', { cookie: other.cookie })).json()) as { id: string }[]
    )[0]!.id
    const session = await openNotes('owner', notesDocumentName(otherEtab))
    expect(session.outcome).toEqual({ failure: CloseReason.Forbidden.reason })
    session.destroy()
  })
})
