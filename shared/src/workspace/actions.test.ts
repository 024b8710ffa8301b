import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { actionAttributionKey, changedAttributionKeys } from './attribution.ts'
import {
  ActionRuleError,
  actionText,
  actionsLinkedTo,
  createAction,
  isIsoDate,
  linkKey,
  readAction,
  readActions,
  removeAction,
  repairActions,
  setActionField,
  setActionMember,
  setActionState,
  urgencyOf,
} from './actions.ts'
import { touchedItems } from './touched.ts'

/** A server copy that repairs every remote transaction, as the server's Workspace extension does. */
function serverWithRepairs(): { server: Y.Doc; repairs: string[] } {
  const server = new Y.Doc()
  const repairs: string[] = []
  const actions = server.getMap<unknown>('actions')
  actions.observeDeep((events, transaction) => {
    if (transaction.origin !== 'client') return
    const touched = touchedItems(actions, events)
    server.transact(() => {
      for (const repair of repairActions(server, touched)) repairs.push(`${repair.field}:${repair.reason}`)
    }, 'server')
  })
  return { server, repairs }
}

/** Sends what `client` has and `server` lacks, as a sync step would. */
const send = (client: Y.Doc, server: Y.Doc) =>
  Y.applyUpdate(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)), 'client')
const receive = (client: Y.Doc, server: Y.Doc) =>
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server, Y.encodeStateVector(client)), 'server')

describe('actions of the plan', () => {
  it('are created with every field, and read back', () => {
    const doc = new Y.Doc()
    const id = createAction(
      doc,
      { title: '  Conventions avec le port  ', links: [linkKey('ldm', 'c4')], echeance: '2026-05-31' },
      new Date('2026-01-05T10:00:00Z'),
    )
    actionText(doc, id, 'description').insert(0, 'Signer trois conventions.')
    setActionField(doc, id, 'pilote', 'user1')
    setActionField(doc, id, 'pdca', 'do')
    setActionMember(doc, id, 'measures', 'bureau-des-entreprises', true)
    setActionMember(doc, id, 'indicators', 'ind1', true)
    expect(readAction(doc, id)).toEqual({
      id,
      createdAt: '2026-01-05T10:00:00.000Z',
      title: 'Conventions avec le port',
      description: 'Signer trois conventions.',
      objective: '',
      acteurs: '',
      moyens: '',
      cible: '',
      bilan: '',
      pilote: 'user1',
      echeance: '2026-05-31',
      etat: 'a-lancer',
      pdca: 'do',
      efficacite: null,
      links: ['ldm/c4'],
      measures: ['bureau-des-entreprises'],
      indicators: ['ind1'],
    })
    expect(actionsLinkedTo(readActions(doc), 'ldm', 'c4').map((a) => a.id)).toEqual([id])
    expect(actionsLinkedTo(readActions(doc), 'ldm', 'c5')).toEqual([])
    removeAction(doc, id)
    expect(readActions(doc)).toEqual([])
  })

  it('refuses values off their lists, and dates that do not exist', () => {
    const doc = new Y.Doc()
    const id = createAction(doc, { title: 'A' })
    expect(() => setActionField(doc, id, 'echeance', '2026-02-30')).toThrow(ActionRuleError)
    expect(() => setActionField(doc, id, 'pdca', 'plan-b')).toThrow(ActionRuleError)
    expect(() => setActionState(doc, id, 'finie' as never)).toThrow(ActionRuleError)
    expect(() => createAction(doc, { title: 'B', echeance: '31/05/2026' })).toThrow(ActionRuleError)
    expect(isIsoDate('2028-02-29')).toBe(true)
    expect(isIsoDate('2027-02-29')).toBe(false)
  })

  it('is réalisée only with its bilan: whether it worked, and the evidence', () => {
    const doc = new Y.Doc()
    const id = createAction(doc, { title: 'Forum des métiers' })
    setActionState(doc, id, 'en-cours')
    const refused = (() => {
      try {
        setActionState(doc, id, 'realisee')
      } catch (error) {
        return error
      }
    })()
    expect(refused).toBeInstanceOf(ActionRuleError)
    expect((refused as ActionRuleError).code).toBe('bilan-required')
    setActionField(doc, id, 'efficacite', 'oui')
    expect(() => setActionState(doc, id, 'realisee')).toThrow(/bilan/)
    actionText(doc, id, 'bilan').insert(0, '120 élèves reçus ; compte rendu en pièce jointe.')
    setActionState(doc, id, 'realisee')
    expect(readAction(doc, id)?.etat).toBe('realisee')
  })

  it('stands out when late or due within 15 days, unless finished or dropped', () => {
    const today = '2026-03-10'
    expect(urgencyOf({ echeance: '2026-03-09', etat: 'en-cours' }, today)).toBe('overdue')
    expect(urgencyOf({ echeance: '2026-03-10', etat: 'a-lancer' }, today)).toBe('due-soon')
    expect(urgencyOf({ echeance: '2026-03-25', etat: 'reportee' }, today)).toBe('due-soon')
    expect(urgencyOf({ echeance: '2026-03-26', etat: 'en-cours' }, today)).toBe(null)
    expect(urgencyOf({ echeance: '2026-01-01', etat: 'realisee' }, today)).toBe(null)
    expect(urgencyOf({ echeance: '2026-01-01', etat: 'abandonnee' }, today)).toBe(null)
    expect(urgencyOf({ echeance: null, etat: 'en-cours' }, today)).toBe(null)
  })

  it('carry attributions per field, and for the record as a whole', () => {
    const doc = new Y.Doc()
    let keys = new Set<string>()
    doc.on('afterTransaction', (transaction: Y.Transaction) => {
      keys = changedAttributionKeys(doc, transaction.changed)
    })
    const id = createAction(doc, { title: 'A' })
    expect(keys).toEqual(new Set([actionAttributionKey(id, 'record')]))
    actionText(doc, id, 'moyens').insert(0, '2 HSE')
    expect(keys).toEqual(new Set([actionAttributionKey(id, 'moyens')]))
    setActionState(doc, id, 'en-cours')
    expect(keys).toEqual(new Set([actionAttributionKey(id, 'etat')]))
    setActionMember(doc, id, 'links', 'ldm/c1', true)
    expect(keys).toEqual(new Set([actionAttributionKey(id, 'links')]))
  })
})

describe('the server’s repair of actions a client broke', () => {
  it('puts a réalisée action without bilan back to its previous état', () => {
    const { server, repairs } = serverWithRepairs()
    const client = new Y.Doc()
    const id = createAction(client, { title: 'Portes ouvertes' })
    setActionState(client, id, 'reportee')
    send(client, server)
    // A client skipping the rule: writes the état directly.
    client.getMap<Y.Map<unknown>>('actions').get(id)?.set('etat', 'realisee')
    send(client, server)
    expect(readAction(server, id)?.etat).toBe('reportee')
    expect(repairs).toEqual(['etat:bilan-required'])
    receive(client, server)
    expect(readAction(client, id)?.etat).toBe('reportee')
  })

  it('puts a réalisée action whose bilan is emptied back to « en cours »', () => {
    const { server } = serverWithRepairs()
    const client = new Y.Doc()
    const id = createAction(client, { title: 'Forum' })
    setActionField(client, id, 'efficacite', 'partiel')
    actionText(client, id, 'bilan').insert(0, 'Fait.')
    setActionState(client, id, 'realisee')
    send(client, server)
    expect(readAction(server, id)?.etat).toBe('realisee')
    actionText(client, id, 'bilan').delete(0, 5)
    send(client, server)
    expect(readAction(server, id)?.etat).toBe('en-cours')
  })

  it('reverts values off their lists and removes what is not an action', () => {
    const { server, repairs } = serverWithRepairs()
    const client = new Y.Doc()
    const id = createAction(client, { title: 'Erasmus+', echeance: '2026-06-30' })
    send(client, server)
    const raw = client.getMap<Y.Map<unknown>>('actions').get(id)
    client.transact(() => {
      raw?.set('echeance', 'demain')
      raw?.set('pilote', 42)
    })
    client.getMap<unknown>('actions').set('intrus', 'pas une action')
    send(client, server)
    expect(readAction(server, id)).toMatchObject({ echeance: '2026-06-30', pilote: null })
    expect(server.getMap('actions').has('intrus')).toBe(false)
    expect(repairs.sort()).toEqual(['action:malformed', 'echeance:invalid-value', 'pilote:invalid-value'])
  })

  it('completes an action created without its nested types', () => {
    const { server } = serverWithRepairs()
    const client = new Y.Doc()
    const bare = new Y.Map<unknown>()
    client.getMap<unknown>('actions').set('nu', bare)
    bare.set('id', 'nu')
    bare.set('etat', 'realisee')
    send(client, server)
    const action = readAction(server, 'nu')
    expect(action).toMatchObject({ etat: 'en-cours', title: '', links: [] })
    actionText(server, 'nu', 'title').insert(0, 'Réparée')
    expect(readAction(server, 'nu')?.title).toBe('Réparée')
  })
})
