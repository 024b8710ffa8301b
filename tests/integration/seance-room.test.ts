/**
 * A séance's room on the real server, with real HocuspocusProvider clients: facilitators' commands
 * enforced by the server, guests scoped to their séance, silent ratings that no other client
 * receives before the reveal, anonymous notes, hidden votes, turning a note into an action, and the
 * compte rendu written at the end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Seance, SeanceCommand, SeanceMe } from '@rouages/shared/api/seances'
import { notesDocumentName, seanceDocumentName, workspaceDocumentName } from '@rouages/shared/document-names'
import { currentRound, readLive, type LiveRound, type LiveVoting } from '@rouages/shared/seance/live'
import type { SeanceRecord } from '@rouages/shared/seance/record'
import { readActions } from '@rouages/shared/workspace/actions'
import { attributionOf, entryAttributionKey } from '@rouages/shared/workspace/attribution'
import { addDescriptor, readEntry } from '@rouages/shared/workspace/grid'
import { addMember, api, ownerWithNotes, type Account } from '../helpers/accounts.ts'
import { connectClient, type TestClient } from '../helpers/providers.ts'
import { receivedText, valuesEverReceived } from '../helpers/received-values.ts'
import { openRawSocket } from '../helpers/raw-socket.ts'
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts'
import { waitUntil } from '../helpers/wait.ts'

const YEAR = '2025-2026'
const FW = 'lycee-des-metiers'

describe('a séance’s room', () => {
  let server: ServerProcess
  let owner: Account
  let contributor: Account
  let reader: Account
  let etab: string
  let seance: Seance
  let guestCookie: string
  let descriptors: string[]
  const clients: TestClient[] = []
  /** Raw frames each participant's socket received. */
  const frames = { contributor: [] as Uint8Array[], reader: [] as Uint8Array[], guest: [] as Uint8Array[] }
  let facilitatorView: TestClient
  let contributorView: TestClient
  let guestView: TestClient

  const room = (path = '') => `/seances/${seance.id}${path}`
  const command = (account: Account | string, body: SeanceCommand | Record<string, unknown>) =>
    api(server, room('/commandes'), { cookie: cookieOf(account), body })
  const cookieOf = (who: Account | string) => (typeof who === 'string' ? who : who.cookie)
  const live = () => readLive(facilitatorView.doc)
  const docName = () => seanceDocumentName(etab, seance.id)
  const expectStatus = async (response: Promise<Response>, status: number) => {
    const res = await response
    expect(res.status, await res.clone().text()).toBe(status)
    return res
  }

  beforeAll(async () => {
    server = await startServerProcess()
    const created = await ownerWithNotes(server)
    owner = created.account
    etab = created.etablissement.id
    contributor = await addMember(server, owner, etab, 'contributor', 'Sophie Durand')
    reader = await addMember(server, owner, etab, 'reader', 'Marc Petit')
    await expectStatus(
      api(server, `/etablissements/${etab}/annees`, {
        cookie: owner.cookie,
        body: { schoolYear: YEAR, frameworkIds: [FW] },
      }),
      201,
    )
    // The académie's descriptors under criterion 4, written as a facilitator would in the grid.
    const grid = await connectClient(server.wsUrl, workspaceDocumentName(etab, YEAR), {
      cookie: owner.cookie,
    })
    descriptors = [
      addDescriptor(grid.doc, FW, 'ldm-4', 'Des partenariats formalisés avec les entreprises'),
      addDescriptor(grid.doc, FW, 'ldm-4', 'Un bureau des entreprises actif'),
    ]
    await grid.settled()
    grid.destroy()

    const res = await expectStatus(
      api(server, `/etablissements/${etab}/annees/${YEAR}/seances`, {
        cookie: owner.cookie,
        body: {
          title: 'Conseil pédagogique du 12 mars',
          kind: 'conseil-pedagogique',
          guestsAllowed: true,
          steps: [
            { kind: 'criterion', title: 'Critère 4 : partenariats', target: `${FW}/ldm-4` },
            { kind: 'ideas', title: 'Idées pour le critère 4', target: `${FW}/ldm-4` },
            { kind: 'plan', title: 'Plan d’action' },
          ],
        },
      }),
      201,
    )
    seance = (await res.json()) as Seance
    const guest = await expectStatus(
      api(server, '/seances/rejoindre', { body: { code: seance.code, name: 'Paule Invitée' } }),
      200,
    )
    guestCookie = (guest.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
    expect(guestCookie).toMatch(/^rouages_invite=/)

    facilitatorView = await connectClient(server.wsUrl, docName(), { cookie: owner.cookie })
    contributorView = await connectClient(server.wsUrl, docName(), {
      cookie: contributor.cookie,
      onMessage: (data) => frames.contributor.push(data),
    })
    const readerView = await connectClient(server.wsUrl, docName(), {
      cookie: reader.cookie,
      onMessage: (data) => frames.reader.push(data),
    })
    guestView = await connectClient(server.wsUrl, docName(), {
      cookie: guestCookie,
      onMessage: (data) => frames.guest.push(data),
    })
    clients.push(facilitatorView, contributorView, readerView, guestView)
  })

  afterAll(async () => {
    for (const client of clients) client.destroy()
    await server.stop()
  })

  it('[R1] opens with its agenda, the criterion’s descriptors and who is present, written by the server', async () => {
    await waitUntil(() => live().present.length === 4, { message: 'four people present' })
    const state = live()
    expect(state.info).toMatchObject({ title: seance.title, code: seance.code, status: 'ouverte' })
    expect(state.agenda.map((step) => step.kind)).toEqual(['criterion', 'ideas', 'plan'])
    expect(state.agenda[0]?.criterion?.descriptors.map((d) => d.id)).toEqual(descriptors)
    expect(state.agenda[0]?.criterion?.scale.map((l) => l.id)).toEqual([
      'a-initier',
      'en-cours',
      'atteint',
      'consolide',
    ])
    expect(state.present.map((p) => [p.name, p.guest])).toContainEqual(['Paule Invitée', true])
    expect(state.facilitators.map((f) => f.name)).toEqual([owner.me.user.displayName])
    // Everyone's connection is read-only, the facilitator's too: a client's own change stays its own.
    const intruder = await connectClient(server.wsUrl, docName(), { cookie: owner.cookie })
    clients.push(intruder)
    intruder.doc.getMap('live').set('stepIndex', 2)
    await waitUntil(() => intruder.provider.unsyncedChanges > 0, { message: 'a change sent' })
    const fresh = await connectClient(server.wsUrl, docName(), { cookie: owner.cookie })
    clients.push(fresh)
    expect(readLive(fresh.doc).stepIndex).toBe(0)
    expect(readLive(guestView.doc).stepIndex).toBe(0)
  })

  it('[R2] a guest reaches this séance and nothing else', async () => {
    const me = (await (
      await expectStatus(api(server, room('/moi'), { cookie: guestCookie }), 200)
    ).json()) as SeanceMe
    expect(me.participant).toMatchObject({ name: 'Paule Invitée', guest: true, facilitator: false })
    expect(me.seance.documentName).toBe(docName())
    for (const route of [
      '/auth/me',
      `/etablissements/${etab}`,
      `/etablissements/${etab}/annees/${YEAR}/seances`,
      `/etablissements/${etab}/annees/${YEAR}/seances/${seance.id}/compte-rendu`,
    ])
      expect((await api(server, route, { cookie: guestCookie })).status, route).toBe(401)
    for (const name of [workspaceDocumentName(etab, YEAR), notesDocumentName(etab)]) {
      const socket = await openRawSocket(server.wsUrl, { cookie: guestCookie })
      expect(await socket.tryAuthenticate(name), name).toBe('denied')
      socket.ws.close()
    }
    // Another séance of the same school, and a séance that takes no guests.
    const other = (await (
      await api(server, `/etablissements/${etab}/annees/${YEAR}/seances`, {
        cookie: owner.cookie,
        body: {
          title: 'Groupe qualité',
          kind: 'groupe-qualite',
          guestsAllowed: false,
          steps: [{ kind: 'plan', title: 'Plan' }],
        },
      })
    ).json()) as Seance
    expect((await api(server, `/seances/${other.id}/moi`, { cookie: guestCookie })).status).toBe(404)
    const socket = await openRawSocket(server.wsUrl, { cookie: guestCookie })
    expect(await socket.tryAuthenticate(seanceDocumentName(etab, other.id))).toBe('denied')
    socket.ws.close()
    const refused = await api(server, '/seances/rejoindre', { body: { code: other.code, name: 'Intrus' } })
    expect(refused.status).toBe(404)
    expect(refused.headers.get('set-cookie')).toBeNull()
    await expectStatus(api(server, '/seances/rejoindre', { body: { code: seance.code, name: ' ' } }), 400)
  })

  it('[R3] only the séance’s facilitators drive it, whatever a participant sends', async () => {
    const commands: SeanceCommand[] = [
      { type: 'etape', index: 1 },
      { type: 'rassembler', descriptorId: null },
      { type: 'minuteur-demarrer', seconds: 300 },
      { type: 'minuteur-pause' },
      { type: 'minuteur-reprendre' },
      { type: 'minuteur-ajouter', seconds: 60 },
      { type: 'minuteur-arreter' },
      { type: 'verrou', index: 0, locked: true },
      { type: 'positionnement-ouvrir', descriptorId: descriptors[0] ?? '', anonymous: false },
      { type: 'positionnement-reveler' },
      { type: 'positionnement-annuler' },
      { type: 'positionnement-consensus', levelId: 'atteint', dissent: '' },
      { type: 'idees-anonymes', anonymous: true },
      { type: 'vote-ouvrir', perPerson: 3 },
      { type: 'vote-clore' },
      { type: 'idee-grouper', ideaId: 'x', groupWith: null },
      { type: 'idee-supprimer', ideaId: 'x' },
      { type: 'idee-action', ideaId: 'x' },
      { type: 'animateur-ajouter', userId: contributor.me.user.id },
      { type: 'animateur-passer-la-main', userId: contributor.me.user.id },
    ]
    const before = JSON.stringify(live())
    for (const body of commands)
      for (const who of [contributor, reader, guestCookie])
        expect((await command(who, body)).status, `${body.type} by a participant`).toBe(403)
    expect(JSON.stringify(live())).toBe(before)
    // Malformed commands are refused before anything else.
    for (const body of [
      {},
      { type: 'etape' },
      { type: 'etape', index: -1 },
      { type: 'minuteur-demarrer', seconds: 1e9 },
      { type: 'hack' },
    ])
      expect((await command(owner, body)).status, JSON.stringify(body)).toBe(400)
    expect((await command(owner, { type: 'etape', index: 7 })).status).toBe(400)

    await expectStatus(command(owner, { type: 'minuteur-demarrer', seconds: 300 }), 204)
    await waitUntil(() => readLive(guestView.doc).timer.state === 'running', {
      message: 'timer on the guest’s phone',
    })
    await expectStatus(command(owner, { type: 'minuteur-pause' }), 204)
    await expectStatus(command(owner, { type: 'minuteur-ajouter', seconds: 60 }), 204)
    await waitUntil(() => live().timer.remainingMs > 355_000, { message: 'paused, a minute added' })
    expect(live().timer.state).toBe('paused')
    expect(live().timer.remainingMs).toBeLessThanOrEqual(360_000)
    await expectStatus(command(owner, { type: 'minuteur-reprendre' }), 204)
    await waitUntil(() => live().timer.state === 'running', { message: 'timer running again' })

    // A co-facilitator may drive too, and may end up alone after a hand-over.
    await expectStatus(command(owner, { type: 'animateur-ajouter', userId: contributor.me.user.id }), 204)
    await expectStatus(
      command(contributor, { type: 'rassembler', descriptorId: descriptors[1] ?? null }),
      204,
    )
    await waitUntil(() => live().summon.descriptorId === descriptors[1], {
      message: 'everyone brought to the descriptor',
    })
    await expectStatus(command(owner, { type: 'animateur-ajouter', userId: reader.me.user.id }), 400)
    await expectStatus(
      command(contributor, { type: 'animateur-passer-la-main', userId: owner.me.user.id }),
      204,
    )
    expect((await command(contributor, { type: 'rassembler' })).status).toBe(403)
    await waitUntil(() => live().facilitators.length === 1, { message: 'hand-over' })
    expect(live().facilitators.map((f) => f.name)).toEqual([owner.me.user.displayName])
  })

  it('[R4] a silent rating reaches nobody before the reveal; the consensus goes into the grid', async () => {
    const descriptor = descriptors[0] ?? ''
    await expectStatus(
      command(owner, { type: 'positionnement-ouvrir', descriptorId: descriptor, anonymous: false }),
      204,
    )
    await waitUntil(() => currentRound(readLive(guestView.doc), 0)?.phase === 'open', {
      message: 'round open',
    })
    const round = currentRound(live(), 0) as LiveRound
    const rate = (who: Account | string, levelId: string | null) =>
      api(server, room('/positionnement'), {
        method: 'PUT',
        cookie: cookieOf(who),
        body: { roundId: round.id, levelId },
      })

    await expectStatus(rate(contributor, 'consolide'), 204)
    await expectStatus(rate(reader, 'en-cours'), 204)
    await expectStatus(rate(guestCookie, 'a-initier'), 204)
    await expectStatus(rate(guestCookie, 'atteint'), 204) // changed her mind
    await expectStatus(rate(reader, 'pas-un-niveau'), 400)
    await waitUntil(() => currentRound(readLive(contributorView.doc), 0)?.ratedCount === 3, {
      message: 'three rated',
    })

    // Each phone gets its own choice back (after a Wi-Fi drop, say), and only its own.
    const guestMe = (await (await api(server, room('/moi'), { cookie: guestCookie })).json()) as SeanceMe
    expect(guestMe.rating).toEqual({ roundId: round.id, levelId: 'atteint' })
    // Nothing any participant was sent names a level chosen, or a distribution.
    for (const [who, received] of Object.entries(frames)) {
      const rounds = valuesEverReceived(received, docName()).filter(
        (value): value is LiveRound => (value as LiveRound | null)?.id === round.id,
      )
      expect(rounds.length, who).toBeGreaterThan(0)
      for (const sent of rounds) expect(sent.distribution, who).toBeNull()
      expect(receivedText(received, docName()), who).not.toMatch(/consolide"?:|"levelId"/)
    }

    await expectStatus(command(owner, { type: 'positionnement-reveler' }), 204)
    await waitUntil(() => currentRound(readLive(guestView.doc), 0)?.phase === 'revealed', {
      message: 'revealed',
    })
    expect(currentRound(readLive(guestView.doc), 0)?.distribution).toEqual({
      consolide: 1,
      'en-cours': 1,
      atteint: 1,
    })
    await expectStatus(rate(contributor, 'a-initier'), 409)
    const named = (await (
      await api(server, room(`/positionnements/${round.id}`), { cookie: owner.cookie })
    ).json()) as unknown[]
    expect(named).toEqual([
      { name: 'Marc Petit', levelId: 'en-cours' },
      { name: 'Paule Invitée', levelId: 'atteint' },
      { name: 'Sophie Durand', levelId: 'consolide' },
    ])
    expect(
      (await api(server, room(`/positionnements/${round.id}`), { cookie: contributor.cookie })).status,
    ).toBe(403)

    await expectStatus(
      command(owner, {
        type: 'positionnement-consensus',
        levelId: 'atteint',
        dissent: 'Sophie trouve que le bureau des entreprises fonctionne déjà.',
      }),
      204,
    )
    await waitUntil(() => currentRound(live(), 0)?.phase === 'recorded', { message: 'recorded' })
    expect(currentRound(live(), 0)?.consensus).toMatchObject({ levelId: 'atteint', spread: 2 })
    const grid = await connectClient(server.wsUrl, workspaceDocumentName(etab, YEAR), {
      cookie: reader.cookie,
    })
    clients.push(grid)
    expect(readEntry(grid.doc, FW, descriptor).level).toBe('atteint')
    expect(attributionOf(grid.doc, entryAttributionKey(FW, descriptor, 'level'))?.name).toBe(
      owner.me.user.displayName,
    )
    expect(live().agenda[0]?.criterion?.descriptors[0]?.level).toBe('atteint')

    // Anonymous to the facilitator too: after the reveal, who chose what is gone.
    await expectStatus(
      command(owner, { type: 'positionnement-ouvrir', descriptorId: descriptors[1] ?? '', anonymous: true }),
      204,
    )
    const anonymous = await waitUntil(() => currentRound(live(), 0)?.anonymous === true, {
      message: 'anonymous round',
    }).then(() => currentRound(live(), 0) as LiveRound)
    await expectStatus(
      api(server, room('/positionnement'), {
        method: 'PUT',
        cookie: contributor.cookie,
        body: { roundId: anonymous.id, levelId: 'en-cours' },
      }),
      204,
    )
    // A locked step takes no rating.
    await expectStatus(command(owner, { type: 'verrou', index: 0, locked: true }), 204)
    await expectStatus(
      api(server, room('/positionnement'), {
        method: 'PUT',
        cookie: reader.cookie,
        body: { roundId: anonymous.id, levelId: 'atteint' },
      }),
      409,
    )
    await expectStatus(command(owner, { type: 'verrou', index: 0, locked: false }), 204)
    await expectStatus(command(owner, { type: 'positionnement-reveler' }), 204)
    const who = (await (
      await api(server, room(`/positionnements/${anonymous.id}`), { cookie: owner.cookie })
    ).json()) as unknown[]
    expect(who).toEqual([])
  })

  it('[R5] an idea board: anonymous notes without their author, votes hidden until the end, a note made an action', async () => {
    await expectStatus(command(owner, { type: 'etape', index: 1 }), 204)
    const idea = (who: Account | string, column: string, text: string) =>
      api(server, room('/idees'), { cookie: cookieOf(who), body: { column, text } })
    const named = (await (
      await expectStatus(idea(contributor, 'forces', 'Les PFMP sont bien suivies'), 201)
    ).json()) as { id: string }
    await expectStatus(command(owner, { type: 'idees-anonymes', anonymous: true }), 204)
    const secret = (await (
      await expectStatus(idea(guestCookie, 'vigilance', 'Peu de retours des tuteurs'), 201)
    ).json()) as { id: string }
    const proposal = (await (
      await expectStatus(idea(reader, 'propositions', 'Créer un livret du tuteur'), 201)
    ).json()) as { id: string }
    const same = (await (
      await expectStatus(idea(contributor, 'propositions', 'Un guide pour les tuteurs'), 201)
    ).json()) as { id: string }
    await expectStatus(idea(reader, 'ailleurs', 'x'), 400)
    await expectStatus(idea(reader, 'forces', 'x'.repeat(281)), 400)
    await waitUntil(() => readLive(guestView.doc).ideas.length === 4, { message: 'four notes' })
    const ideas = readLive(guestView.doc).ideas
    expect(ideas.find((i) => i.id === named.id)?.author).toBe('Sophie Durand')
    expect(ideas.find((i) => i.id === secret.id)).toMatchObject({ author: null, authorKey: null })
    // Not hidden: absent. No frame any participant received carries the anonymous authors' names.
    for (const received of Object.values(frames)) {
      const notes = valuesEverReceived(received, docName()).filter(
        (value) =>
          (value as { id?: string } | null)?.id === secret.id ||
          (value as { id?: string } | null)?.id === proposal.id,
      )
      expect(notes.length).toBeGreaterThan(0)
      expect(JSON.stringify(notes)).not.toMatch(/Paule|Marc|g:|u:/)
    }
    // Only its author or a facilitator removes a note; an anonymous one has no author to ask.
    await expectStatus(
      api(server, room(`/idees/${named.id}`), { method: 'DELETE', cookie: reader.cookie }),
      403,
    )

    await expectStatus(command(owner, { type: 'idee-grouper', ideaId: same.id, groupWith: proposal.id }), 204)
    await expectStatus(command(owner, { type: 'vote-ouvrir', perPerson: 2 }), 204)
    const vote = (who: Account | string, ideaIds: string[]) =>
      api(server, room('/votes'), { method: 'PUT', cookie: cookieOf(who), body: { stepIndex: 1, ideaIds } })
    await expectStatus(vote(contributor, [proposal.id, proposal.id]), 204)
    await expectStatus(vote(reader, [proposal.id, named.id]), 204)
    await expectStatus(vote(guestCookie, [secret.id, proposal.id, named.id]), 400)
    await expectStatus(vote(guestCookie, [same.id]), 204) // a vote for a grouped note counts for its group
    await expectStatus(vote(guestCookie, ['pas-une-note']), 400)
    await waitUntil(() => readLive(guestView.doc).votings[1]?.voterCount === 3, { message: 'three voters' })
    for (const received of Object.values(frames))
      for (const value of valuesEverReceived(received, docName()))
        if ((value as LiveVoting | null)?.perPerson === 2) expect((value as LiveVoting).totals).toBeNull()
    const guestMe = (await (await api(server, room('/moi'), { cookie: guestCookie })).json()) as SeanceMe
    expect(guestMe.votes).toEqual({ 1: [same.id] })

    await expectStatus(command(owner, { type: 'vote-clore' }), 204)
    await waitUntil(() => readLive(guestView.doc).votings[1]?.phase === 'ended', { message: 'voting ended' })
    expect(readLive(guestView.doc).votings[1]?.totals).toEqual({ [proposal.id]: 4, [named.id]: 1 })
    await expectStatus(idea(contributor, 'forces', 'Trop tard'), 409)

    await expectStatus(command(owner, { type: 'idee-action', ideaId: proposal.id }), 204)
    await expectStatus(command(owner, { type: 'idee-action', ideaId: proposal.id }), 409)
    await waitUntil(() => live().ideas.find((i) => i.id === proposal.id)?.actionId != null, {
      message: 'linked action',
    })
    const actionId = live().ideas.find((i) => i.id === proposal.id)?.actionId
    const grid = await connectClient(server.wsUrl, workspaceDocumentName(etab, YEAR), {
      cookie: owner.cookie,
    })
    clients.push(grid)
    const action = readActions(grid.doc).find((a) => a.id === actionId)
    expect(action).toMatchObject({
      title: 'Créer un livret du tuteur',
      links: [`${FW}/ldm-4`],
      etat: 'a-lancer',
    })
    expect(action?.description).toContain('Conseil pédagogique du 12 mars')
  })

  it('[R6] ending it closes the guests out and writes the compte rendu', async () => {
    expect(
      (
        await api(server, `/etablissements/${etab}/annees/${YEAR}/seances/${seance.id}/fin`, {
          cookie: reader.cookie,
          body: {},
        })
      ).status,
    ).toBe(403)
    const closed = new Promise<void>((resolve) => guestView.provider.on('close', () => resolve()))
    await expectStatus(
      api(server, `/etablissements/${etab}/annees/${YEAR}/seances/${seance.id}/fin`, {
        cookie: owner.cookie,
        body: {},
      }),
      200,
    )
    await closed
    expect((await api(server, room('/moi'), { cookie: guestCookie })).status).toBe(404)
    const socket = await openRawSocket(server.wsUrl, { cookie: guestCookie })
    expect(await socket.tryAuthenticate(docName())).toBe('denied')
    socket.ws.close()
    await expectStatus(command(owner, { type: 'etape', index: 0 }), 409)
    await waitUntil(() => readLive(contributorView.doc).info?.status === 'terminee', {
      message: 'ended for members',
    })

    const base = `/etablissements/${etab}/annees/${YEAR}/seances/${seance.id}/compte-rendu`
    const record = (await (
      await expectStatus(api(server, base, { cookie: reader.cookie }), 200)
    ).json()) as SeanceRecord
    expect(record.participants.map((p) => p.name).sort()).toEqual(
      [owner.me.user.displayName, 'Marc Petit', 'Paule Invitée', 'Sophie Durand'].sort(),
    )
    expect(record.ratings).toHaveLength(2)
    expect(record.ratings[0]).toMatchObject({
      descriptorText: 'Des partenariats formalisés avec les entreprises',
      rated: 3,
      spread: 2,
      consensus: {
        levelLabel: 'Atteint',
        dissent: 'Sophie trouve que le bureau des entreprises fonctionne déjà.',
      },
    })
    expect(record.boards[0]?.voting).toEqual({ perPerson: 2, voters: 3 })
    expect(record.boards[0]?.ideas.find((i) => i.text === 'Créer un livret du tuteur')).toMatchObject({
      votes: 4,
      actionTitle: 'Créer un livret du tuteur',
      author: null,
    })
    expect(record.actions).toContainEqual({
      title: 'Créer un livret du tuteur',
      etat: 'À lancer',
      change: 'created',
      fromIdea: true,
    })
    expect(record.steps.map((s) => s.startedAt !== null)).toEqual([true, true, false])

    const markdown = await (
      await expectStatus(api(server, `${base}?format=md`, { cookie: reader.cookie }), 200)
    ).text()
    expect(markdown).toContain('# Conseil pédagogique du 12 mars')
    expect(markdown).toContain('Paule Invitée (invité)')
    expect(markdown).toMatch(/\| Créer un livret du tuteur/)
    for (const format of ['pdf', 'docx', 'odt']) {
      const file = await expectStatus(api(server, `${base}?format=${format}`, { cookie: reader.cookie }), 200)
      expect(file.headers.get('content-disposition')).toContain(`.${format}`)
      expect((await file.arrayBuffer()).byteLength).toBeGreaterThan(1000)
    }
    await expectStatus(api(server, `${base}?format=exe`, { cookie: reader.cookie }), 400)
  })
})
