/**
 * A realistic school-year workspace document, seeded and deterministic: 8 criteria × ~6
 * descriptors with levels, constats, points forts, points de vigilance and preuves; ~120 actions
 * with every field; ~30 indicators with 5 years of values — written the way a year is really
 * filled: ~4,000 small transactions from ~300 sessions (each its own Yjs client id) spread from
 * September to July, with typos fixed, levels revised, texts rewritten and preuves removed.
 * Only the shared accessors of `shared/src/workspace/` write to the document.
 *
 * Used by the benchmarks (cold load, bilans) and as demo data:
 *   node tests/bench/generate-year.ts --demo [--data-dir data] [--seed 2026] [--year 2025-2026]
 * starts the server on that data directory (SQLite, or PostgreSQL if DATABASE_URL is set; stop
 * your own server first), creates a demo établissement with its team, opens the year through the
 * API and sends the generated content through a HocuspocusProvider, as the app would.
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import * as Y from 'yjs'
import type { Me } from '@rouages/shared/api/auth'
import type { Etablissement } from '@rouages/shared/api/etablissements'
import { workspaceDocumentName } from '@rouages/shared/document-names'
import { LYCEE_DES_METIERS } from '@rouages/shared/frameworks/lycee-des-metiers'
import { DEFAULT_REFORM_CROSSWALK } from '@rouages/shared/frameworks/reform'
import { DEFAULT_SCALE } from '@rouages/shared/frameworks/scales'
import { INDICATOR_CATALOGUE } from '@rouages/shared/indicators/catalogue'
import {
  actionText,
  createAction,
  linkKey,
  readActions,
  setActionField,
  setActionMember,
  setActionState,
  type ActionState,
  type ActionTextField,
  type PdcaPhase,
} from '@rouages/shared/workspace/actions'
import {
  addDescriptor,
  addPreuve,
  entryText,
  followedFrameworkIds,
  readCriteria,
  readEntry,
  removePreuve,
  scaleOf,
  setDescriptorText,
  setLevel,
  synthesisText,
} from '@rouages/shared/workspace/grid'
import {
  addMeasurement,
  createIndicator,
  fromCatalogue,
  indicatorDefinition,
  readIndicators,
  removeMeasurement,
  setIndicatorField,
  type NewIndicator,
} from '@rouages/shared/workspace/indicators'
import { initWorkspace } from '@rouages/shared/workspace/init'
import type { EntryTextField } from '@rouages/shared/workspace/schema'
import { api, linkMailedTo, sessionCookie } from '../helpers/accounts.ts'
import { connectClient } from '../helpers/providers.ts'
import { seededRandom } from '../helpers/random.ts'
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts'
import {
  ACTEURS,
  CRITERIA_TEXTS,
  CUSTOM_INDICATORS,
  FILIERES,
  PARTNERS,
  PUBLICS,
  RESULTS,
  constat,
  fr,
  pointFort,
  preuveLabel,
  vigilance,
  type Words,
} from './year-texts.ts'

export interface Person {
  /** A user id: actions name it as their pilote. */
  id: string
  name: string
}

export interface GenerateYearOptions {
  seed: number
  /** The year's name (default 2025-2026); read from the document when it is already initialised. */
  schoolYear?: string
  /** For an empty document, which is then initialised as the server does (`initWorkspace`). */
  etablissementId?: string
  /** The team: pilotes of the actions. Defaults to 14 fictitious people. */
  people?: Person[]
  actions?: number
  indicators?: number
  /** Descriptors per criterion: between `min` and `max`, picked per criterion. */
  descriptorsPerCriterion?: { min: number; max: number }
}

export interface GeneratedYear {
  criteria: number
  descriptors: number
  positioned: number
  preuves: number
  actions: number
  indicators: number
  measurements: number
  /** Distinct editing sessions, each its own Yjs client. */
  sessions: number
  /** Transactions made by those sessions. */
  edits: number
}

const FRAMEWORK = LYCEE_DES_METIERS.id
const DEFAULT_PEOPLE: Person[] = [
  'Claire Martin',
  'Sophie Lambert',
  'Karim Benali',
  'Nathalie Roux',
  'Julien Moreau',
  'Aïcha Diallo',
  'Thomas Girard',
  'Isabelle Fontaine',
  'Mehdi Haddad',
  'Camille Perrin',
  'Laurent Chevalier',
  'Élodie Marchand',
  'Yannick Le Goff',
  'Fatima Belkacem',
].map((name, i) => ({ id: `personne-demo-${i + 1}`, name }))

/** One change, made in one transaction at `at` (for the createdAt the accessors stamp). */
type Edit = (at: Date) => void
/** 0 September setup, 1 autumn, 2 winter, 3 spring, 4 June closing. */
type Phase = 0 | 1 | 2 | 3 | 4
type Stream = Array<{ phase: Phase; edit: Edit }>

/**
 * Fills `doc` (empty, or a year the server initialised) with a school year's work. Deterministic:
 * the same seed on the same starting document gives the same bytes.
 */
export function generateYear(doc: Y.Doc, options: GenerateYearOptions): GeneratedYear {
  const random = seededRandom(options.seed)
  const ownClientId = doc.clientID
  try {
    return withSeededIds(random, () => fill(doc, options, random))
  } finally {
    doc.clientID = ownClientId
  }
}

/**
 * Ids of new descriptors, actions… come from `crypto.getRandomValues` (shared/workspace/ids.ts):
 * for a deterministic document they are drawn from the seeded random meanwhile. The generation
 * is synchronous, so nothing else runs while the global is replaced.
 */
function withSeededIds<T>(random: () => number, run: () => T): T {
  const real = Object.getOwnPropertyDescriptor(globalThis, 'crypto')
  const crypto = globalThis.crypto
  const seeded = {
    getRandomValues<A extends ArrayBufferView<ArrayBuffer>>(array: A): A {
      if (!(array instanceof Uint8Array)) return crypto.getRandomValues(array)
      for (let i = 0; i < array.length; i++) array[i] = (random() * 256) | 0
      return array
    },
    randomUUID: () => crypto.randomUUID(),
    subtle: crypto.subtle,
  }
  Object.defineProperty(globalThis, 'crypto', { value: seeded, configurable: true, writable: true })
  try {
    return run()
  } finally {
    if (real) Object.defineProperty(globalThis, 'crypto', real)
  }
}

const SCHOOL_YEAR = /^(\d{4})-(\d{4})$/

function fill(doc: Y.Doc, options: GenerateYearOptions, random: () => number): GeneratedYear {
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1))
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  const chance = (p: number) => random() < p
  const words: Words = { pick, int }
  const usedClients = new Set(doc.store.clients.keys())
  const newClientId = () => {
    for (;;) {
      const id = Math.floor(random() * 2 ** 31) + 1
      if (!usedClients.has(id)) {
        usedClients.add(id)
        return id
      }
    }
  }

  const meta = doc.getMap('meta')
  const schoolYear = (meta.get('schoolYear') as string | undefined) ?? options.schoolYear ?? '2025-2026'
  const years = SCHOOL_YEAR.exec(schoolYear)
  if (!years) throw new Error(`school year ${schoolYear} is not YYYY-YYYY`)
  const first = Number(years[1])
  if (!meta.has('schemaVersion')) {
    // What the server does when the year is opened, as one client of its own.
    doc.clientID = newClientId()
    initWorkspace(doc, {
      etablissementId: options.etablissementId ?? 'demo',
      schoolYear,
      frameworks: [{ framework: LYCEE_DES_METIERS, scale: DEFAULT_SCALE }],
      now: new Date(Date.UTC(first, 8, 1, 7)),
    })
  }
  if (!followedFrameworkIds(doc).includes(FRAMEWORK)) throw new Error(`the year does not follow ${FRAMEWORK}`)
  const levels = scaleOf(doc, FRAMEWORK).levels.map((l) => l.id)
  const criteria = readCriteria(doc, FRAMEWORK)
  const people = options.people ?? DEFAULT_PEOPLE
  const perCriterion = options.descriptorsPerCriterion ?? { min: 5, max: 7 }

  /** Descriptor ids per criterion, filled when the setup sessions run (later edits read them). */
  const descriptorIds = new Map<string, string[]>(criteria.map((c) => [c.id, []]))
  const indicatorIds: string[] = []
  const streams: Stream[] = []

  /** A sentence typed at the end of a text a few words at a time, sometimes with a typo fixed next. */
  const typing = (phase: Phase, text: () => Y.Text, sentence: string, separator = ' '): Stream => {
    const tokens = sentence.split(' ')
    const chunks: string[] = []
    for (let i = 0; i < tokens.length;) {
      const n = Math.min(tokens.length - i, int(2, 6))
      chunks.push(tokens.slice(i, i + n).join(' '))
      i += n
    }
    const stream: Stream = []
    chunks.forEach((chunk, index) => {
      const lead = index === 0 ? separator : ' '
      const word = chunk.split(' ').reduce((a, b) => (b.length > a.length ? b : a))
      if (word.length >= 6 && chance(0.08)) {
        const at = int(1, word.length - 3)
        const typo = word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2)
        const wrong = chunk.replace(word, typo)
        stream.push({ phase, edit: () => appendTo(text(), lead, wrong) })
        stream.push({
          phase,
          edit: () => {
            const target = text()
            const where = target.toJSON().lastIndexOf(typo)
            if (where < 0) return
            doc.transact(() => {
              target.delete(where, typo.length)
              target.insert(where, word)
            })
          },
        })
      } else {
        stream.push({ phase, edit: () => appendTo(text(), lead, chunk) })
      }
    })
    return stream
  }
  const appendTo = (text: Y.Text, lead: string, chunk: string) =>
    text.insert(text.length, text.length === 0 ? chunk : lead + chunk)
  /** Deletes a sentence written earlier and types another in its place. */
  const rewrite = (phase: Phase, text: () => Y.Text, before: string, after: string): Stream => [
    {
      phase,
      edit: () => {
        const target = text()
        const where = target.toJSON().indexOf(before)
        if (where >= 0)
          target.delete(where, before.length + (target.toJSON()[where + before.length] === ' ' ? 1 : 0))
      },
    },
    ...typing(phase, text, after),
  ]

  // September: the référent types the académie's descriptors, criterion by criterion.
  for (const criterion of criteria) {
    const bank = CRITERIA_TEXTS[criterion.id]
    if (!bank) continue
    const count = Math.min(bank.descriptors.length, int(perCriterion.min, perCriterion.max))
    const setup: Stream = []
    bank.descriptors.slice(0, count).forEach((text, index) => {
      // Some are typed short first and completed when the team rereads them.
      const short = chance(0.15) ? text.split(' ').slice(0, 5).join(' ') : text
      setup.push({
        phase: 0,
        edit: () => descriptorIds.get(criterion.id)!.push(addDescriptor(doc, FRAMEWORK, criterion.id, short)),
      })
      if (short !== text)
        streams.push([
          {
            phase: 1,
            edit: () =>
              setDescriptorText(doc, FRAMEWORK, criterion.id, descriptorIds.get(criterion.id)![index]!, text),
          },
        ])
      streams.push(entryStream(criterion.id, index))
    })
    streams.push(setup)
    streams.push(
      bank.synthesis.flatMap((sentence, i) =>
        typing(4, () => synthesisText(doc, FRAMEWORK, criterion.id), fr(sentence), i === 0 ? '' : '\n'),
      ),
    )
  }

  /** One descriptor's entry through the year: texts, levels, preuves. */
  function entryStream(criterionId: string, index: number): Stream {
    const bank = CRITERIA_TEXTS[criterionId]!
    const id = () => descriptorIds.get(criterionId)![index]!
    const field = (name: EntryTextField) => () => entryText(doc, FRAMEWORK, id(), name)
    const topic = () => pick(bank.topics)
    /** A sentence this entry does not hold yet (two people rarely write the same thing twice). */
    const written = new Set<string>()
    const fresh = (make: (words: Words, topic: string) => string) => {
      let sentence = make(words, topic())
      for (let tries = 0; written.has(sentence) && tries < 8; tries++) sentence = make(words, topic())
      written.add(sentence)
      return sentence
    }
    const stream: Stream = []
    const level = (phase: Phase, value: string | null) =>
      stream.push({ phase, edit: () => setLevel(doc, FRAMEWORK, id(), value) })
    const addPreuveAt = (phase: Phase) => {
      const { label, ref } = preuveLabel(words, topic())
      const removed = chance(0.12)
      let preuveId = ''
      stream.push({
        phase,
        edit: () =>
          (preuveId = addPreuve(doc, FRAMEWORK, id(), {
            kind: 'lien',
            label,
            ref: `https://ent.lycee-demo.example/${ref}`,
          })),
      })
      if (removed)
        stream.push({
          phase: Math.min(4, phase + 1) as Phase,
          edit: () => removePreuve(doc, FRAMEWORK, id(), preuveId),
        })
    }

    stream.push(...typing(1, field('constats'), fresh(constat), ''))
    if (chance(0.85)) level(1, pick(levels.slice(0, 3)))
    if (chance(0.6)) addPreuveAt(1)
    stream.push(...typing(2, field('constats'), fresh(constat)))
    stream.push(...typing(2, field('pointsForts'), fresh(pointFort), ''))
    const firstVigilance = fresh(vigilance)
    stream.push(...typing(2, field('vigilance'), firstVigilance, ''))
    if (chance(0.7)) addPreuveAt(2)
    if (chance(0.5)) stream.push(...typing(3, field('constats'), fresh(constat), '\n'))
    if (chance(0.6)) stream.push(...typing(3, field('pointsForts'), fresh(pointFort)))
    if (chance(0.25)) stream.push(...rewrite(3, field('vigilance'), firstVigilance, fresh(vigilance)))
    else if (chance(0.5)) stream.push(...typing(3, field('vigilance'), fresh(vigilance)))
    if (chance(0.4)) level(3, pick(levels))
    if (chance(0.5)) addPreuveAt(3)
    if (chance(0.92)) level(4, pick(levels))
    else if (chance(0.5)) level(4, null)
    return stream
  }

  // Indicators: from the catalogue first, then the school's own; history imported at creation.
  const indicatorCount = options.indicators ?? 30
  const catalogue = INDICATOR_CATALOGUE.slice(0, indicatorCount)
  const custom = CUSTOM_INDICATORS.slice(0, Math.max(0, indicatorCount - catalogue.length))
  const periods = Array.from({ length: 5 }, (_, i) => `${first - 4 + i}-${first - 3 + i}`)
  const indicatorSpecs: Array<{ init: NewIndicator; base: number; criterion: string }> = [
    ...catalogue.map((entry) => ({
      init: fromCatalogue(entry),
      base:
        entry.unit === '%'
          ? int(30, 85)
          : entry.unit === 'points'
            ? int(-4, 4)
            : entry.unit.includes(' par ')
              ? int(12, 25) / 10
              : int(5, 120),
      criterion: catalogueCriterion(entry.id),
    })),
    ...custom.map((entry) => ({
      init: {
        name: entry.name,
        source: entry.source,
        unit: entry.unit,
        periodicity: 'annuelle' as const,
        direction: entry.direction,
      },
      base: entry.base,
      criterion: entry.criterion,
    })),
  ]
  indicatorSpecs.forEach((spec, index) => {
    const unit = spec.init.unit
    const step = (spec.init.direction === 'hausse' ? 1 : -1) * (random() * 0.08 - 0.02)
    const valueAt = (year: number) => {
      const noise =
        unit === 'points' || unit.includes(' par ') ? 0.2 : Math.max(1, Math.abs(spec.base) * 0.06)
      const raw = spec.base * (1 + step * year) + (random() - 0.5) * noise
      return unit === '%'
        ? Math.round(Math.min(100, Math.max(0, raw)) * 10) / 10
        : unit === 'points' || unit.includes(' par ')
          ? Math.round(raw * 10) / 10
          : Math.max(0, Math.round(raw))
    }
    const values = periods.map((_, year) => valueAt(year))
    const id = () => indicatorIds[index]!
    const created: Phase = index < 20 ? 0 : (int(1, 2) as Phase)
    const stream: Stream = [
      {
        phase: created,
        edit: (at) => {
          indicatorIds[index] = createIndicator(
            doc,
            { ...spec.init, baseline: values[0] ?? null, links: [linkKey(FRAMEWORK, spec.criterion)] },
            at,
          )
        },
      },
      {
        phase: created,
        edit: () => {
          const last = values.at(-1) ?? spec.base
          const cible = spec.init.direction === 'hausse' ? last * 1.08 : last * 0.9
          setIndicatorField(
            doc,
            id(),
            'cible',
            unit === '%' ? Math.min(100, Math.round(cible)) : Math.round(cible * 10) / 10,
          )
        },
      },
      {
        phase: created,
        // A CSV import of the history: one transaction.
        edit: () =>
          doc.transact(() =>
            periods.slice(0, 4).forEach((period, year) =>
              addMeasurement(doc, id(), {
                value: values[year]!,
                period,
                comment: year === 2 && chance(0.3) ? 'Année de la réforme' : '',
              }),
            ),
          ),
      },
    ]
    if (!spec.init.definition)
      stream.push(
        ...typing(
          created,
          () => indicatorDefinition(doc, id()),
          fr(`Mesuré chaque année en juin : ${spec.init.name.toLowerCase()}.`),
          '',
        ),
      )
    let wrongId = ''
    const current = periods[4]!
    if (chance(0.1)) {
      stream.push({
        phase: 3,
        edit: () =>
          (wrongId = addMeasurement(doc, id(), { value: values[4]! * 10, period: current, comment: '' })),
      })
      stream.push({ phase: 3, edit: () => removeMeasurement(doc, id(), wrongId) })
    }
    stream.push({
      phase: chance(0.5) ? 3 : 4,
      edit: () =>
        addMeasurement(doc, id(), {
          value: values[4]!,
          period: current,
          comment: chance(0.2) ? 'Chiffre provisoire' : '',
        }),
    })
    streams.push(stream)
  })

  // The action plan: created at the conseils pédagogiques, run, and closed in June.
  const actionCount = options.actions ?? 120
  const actionIds: string[] = []
  const crosswalk = (criterionId: string) =>
    DEFAULT_REFORM_CROSSWALK.filter((link) => link.from === criterionId).map((link) => link.to)
  for (let index = 0; index < actionCount; index++) {
    const criterion = criteria[index % criteria.length]!
    const bank = CRITERIA_TEXTS[criterion.id]!
    const title = `${pick(bank.actions)} ${chance(0.5) ? `— ${pick(FILIERES)}` : `pour ${pick(PUBLICS)}`}`
    const created = pick<Phase>([1, 1, 1, 1, 1, 1, 1, 2, 2, 3])
    const next = Math.min(4, created + 1) as Phase
    const fate = pick<ActionState>([
      ...Array<ActionState>(7).fill('realisee'),
      ...Array<ActionState>(6).fill('en-cours'),
      ...Array<ActionState>(3).fill('a-lancer'),
      'reportee',
      'reportee',
      'abandonnee',
    ])
    const id = () => actionIds[index]!
    const text = (name: ActionTextField) => () => actionText(doc, id(), name)
    const due = isoDate(first, pick([10, 11, 12, 1, 2, 3, 4, 5, 6]), int(1, 28))
    const piloteAtCreation = chance(0.5)
    const descriptorLink = chance(0.5)
    const stream: Stream = [
      {
        phase: created,
        edit: (at) => {
          const links = [linkKey(FRAMEWORK, criterion.id)]
          const descriptors = descriptorIds.get(criterion.id) ?? []
          if (descriptorLink && descriptors.length > 0) links.push(linkKey(FRAMEWORK, pick(descriptors)))
          actionIds[index] = createAction(
            doc,
            {
              title: fr(title),
              links,
              measures: crosswalk(criterion.id).filter(() => chance(0.4)),
              pilote: piloteAtCreation ? pick(people).id : null,
              echeance: chance(0.4) ? due : null,
            },
            at,
          )
        },
      },
      ...typing(
        created,
        text('description'),
        fr(
          `Cette action porte sur ${pick(bank.topics)} ; elle est conduite avec l’équipe de ${pick(FILIERES)}.`,
        ),
        '',
      ),
      ...typing(
        created,
        text('description'),
        fr(`Elle associe ${pick(PUBLICS)} et s’appuie sur ${pick(PARTNERS)}.`),
      ),
      ...typing(
        created,
        text('objective'),
        fr(
          `Passer de ${int(10, 40)} à ${int(45, 90)} élèves concernés d’ici ${pick(['juin', 'décembre', 'la fin du cycle'])}.`,
        ),
        '',
      ),
      {
        phase: created,
        edit: () =>
          appendTo(
            actionText(doc, id(), 'acteurs'),
            '',
            [pick(ACTEURS), pick(ACTEURS), pick(ACTEURS)]
              .filter((v, i, all) => all.indexOf(v) === i)
              .join(', '),
          ),
      },
      ...typing(
        next,
        text('moyens'),
        fr(`${int(4, 30)} heures de concertation ; budget de ${int(2, 40) * 100} €.`),
        '',
      ),
      {
        phase: next,
        edit: () =>
          appendTo(actionText(doc, id(), 'cible'), '', `Élèves de ${pick(FILIERES)} (${int(12, 90)})`),
      },
    ]
    if (!piloteAtCreation)
      stream.push({ phase: next, edit: () => setActionField(doc, id(), 'pilote', pick(people).id) })
    stream.push({ phase: next, edit: () => setActionField(doc, id(), 'echeance', due) })
    stream.push({ phase: next, edit: () => setActionField(doc, id(), 'pdca', 'plan' satisfies PdcaPhase) })
    if (indicatorSpecs.length > 0 && chance(0.5))
      stream.push({
        phase: 4,
        edit: () => setActionMember(doc, id(), 'indicators', pick(indicatorIds.filter(Boolean)), true),
      })
    if (fate !== 'a-lancer') {
      stream.push({ phase: next, edit: () => setActionState(doc, id(), 'en-cours') })
      stream.push({ phase: next, edit: () => setActionField(doc, id(), 'pdca', 'do') })
    }
    if (chance(0.3))
      stream.push({
        phase: next,
        edit: () => setActionMember(doc, id(), 'links', linkKey(FRAMEWORK, pick(criteria).id), true),
      })
    if (fate === 'realisee') {
      stream.push(
        ...typing(4, text('bilan'), fr(`Action menée avec ${int(10, 90)} élèves ; ${pick(RESULTS)}.`), ''),
      )
      stream.push({
        phase: 4,
        edit: () => setActionField(doc, id(), 'efficacite', pick(['oui', 'oui', 'partiel', 'non'])),
      })
      stream.push({ phase: 4, edit: () => setActionField(doc, id(), 'pdca', 'check') })
      stream.push({ phase: 4, edit: () => setActionState(doc, id(), 'realisee') })
    } else if (fate === 'reportee') {
      stream.push({ phase: 3, edit: () => setActionState(doc, id(), 'reportee') })
      stream.push({
        phase: 3,
        edit: () => setActionField(doc, id(), 'echeance', isoDate(first + 1, int(9, 12), int(1, 28))),
      })
    } else if (fate === 'abandonnee') {
      stream.push(
        ...typing(3, text('bilan'), 'Abandonnée : le partenaire s’est retiré en cours d’année.', ''),
      )
      stream.push({ phase: 3, edit: () => setActionState(doc, id(), 'abandonnee') })
    } else if (fate === 'en-cours' && chance(0.5)) {
      stream.push({ phase: 4, edit: () => setActionField(doc, id(), 'pdca', 'act') })
    }
    streams.push(stream)
  }

  // The sessions: per phase, streams interleave a few edits at a time; the timeline is cut into
  // sessions of 4–24 edits, each a new Yjs client (a browser tab), dated through the phase.
  const phaseDates: Array<[number, number]> = [
    [Date.UTC(first, 8, 1), Date.UTC(first, 8, 30)],
    [Date.UTC(first, 9, 1), Date.UTC(first, 11, 19)],
    [Date.UTC(first + 1, 0, 5), Date.UTC(first + 1, 2, 15)],
    [Date.UTC(first + 1, 2, 16), Date.UTC(first + 1, 4, 31)],
    [Date.UTC(first + 1, 5, 1), Date.UTC(first + 1, 6, 5)],
  ]
  // Each stream in phase order (stable: within a phase, edits keep the order they were written).
  for (const stream of streams) stream.sort((a, b) => a.phase - b.phase)
  const cursors = streams.map(() => 0)
  let sessions = 0
  let edits = 0
  for (const phase of [0, 1, 2, 3, 4] as const) {
    const timeline: Edit[] = []
    for (;;) {
      const ready = streams.flatMap((stream, i) => (stream[cursors[i]!]?.phase === phase ? [i] : []))
      if (ready.length === 0) break
      const i = pick(ready)
      const stream = streams[i]!
      for (let n = int(1, 4); n > 0 && stream[cursors[i]!]?.phase === phase; n--)
        timeline.push(stream[cursors[i]!++]!.edit)
    }
    const [from, to] = phaseDates[phase]!
    const cuts: number[] = []
    for (let at = 0; at < timeline.length; at += int(4, 24)) cuts.push(at)
    cuts.forEach((start, s) => {
      doc.clientID = newClientId()
      sessions++
      const day = from + Math.floor(((to - from) * s) / Math.max(1, cuts.length))
      const end = cuts[s + 1] ?? timeline.length
      for (let k = start; k < end; k++) {
        timeline[k]!(new Date(day + (8 * 60 + k - start) * 60_000))
        edits++
      }
    })
  }

  const allDescriptors = readCriteria(doc, FRAMEWORK).flatMap((c) => c.descriptors)
  const entries = allDescriptors.map((d) => readEntry(doc, FRAMEWORK, d.id))
  return {
    criteria: criteria.length,
    descriptors: allDescriptors.length,
    positioned: entries.filter((e) => e.level !== null).length,
    preuves: entries.reduce((sum, e) => sum + e.preuves.length, 0),
    actions: readActions(doc).length,
    indicators: readIndicators(doc).length,
    measurements: readIndicators(doc).reduce((sum, i) => sum + i.measurements.length, 0),
    sessions,
    edits,
  }
}

/** Which criterion a catalogue indicator speaks to. */
function catalogueCriterion(id: string): string {
  if (id.startsWith('ij-')) return 'ldm-4'
  if (id.startsWith('reussite-')) return 'ldm-3'
  const known: Record<string, string> = {
    absenteisme: 'ldm-7',
    decrocheurs: 'ldm-7',
    'partenaires-pfmp': 'ldm-4',
    'mobilites-erasmus': 'ldm-6',
    'actions-culturelles': 'ldm-5',
    'apprentis-publics-mixtes': 'ldm-2',
    'attractivite-voeux': 'ldm-8',
  }
  return known[id] ?? 'ldm-1'
}

/** A date of the school year that starts in September of `first` (month 1–12). */
function isoDate(first: number, month: number, day: number): string {
  const year = month >= 9 ? first : first + 1
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** A year opened on a running server, and a session allowed to write it. */
export interface YearOnServer {
  server: Pick<ServerProcess, 'wsUrl'>
  cookie: string
  etablissementId: string
  schoolYear: string
}

/**
 * Fills a year the server opened through the API (so `initWorkspace` ran there): the work is
 * generated on a copy of the synced document, then sent as one update through a
 * HocuspocusProvider, as a client coming back online sends what it did offline. Resolves once
 * the server acknowledged it (it is then in the durable log).
 */
export async function fillYearOnServer(
  target: YearOnServer,
  options: Omit<GenerateYearOptions, 'schoolYear' | 'etablissementId'>,
): Promise<{ summary: GeneratedYear; updateBytes: number }> {
  const documentName = workspaceDocumentName(target.etablissementId, target.schoolYear)
  const client = await connectClient(target.server.wsUrl, documentName, { cookie: target.cookie })
  try {
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(client.doc))
    const summary = generateYear(copy, options)
    const update = Y.encodeStateAsUpdate(copy, Y.encodeStateVector(client.doc))
    Y.applyUpdate(client.doc, update)
    await client.settled()
    return { summary, updateBytes: update.byteLength }
  } finally {
    client.destroy()
  }
}

const DEMO_PASSWORD = 'démonstration rouages'
const DEMO_DOMAIN = 'lycee-demo.example'
const DEMO_TEAM: Array<{ name: string; role: 'facilitator' | 'contributor' | 'reader' }> = [
  { name: 'Sophie Lambert', role: 'facilitator' },
  { name: 'Karim Benali', role: 'contributor' },
  { name: 'Nathalie Roux', role: 'contributor' },
  { name: 'Julien Moreau', role: 'contributor' },
  { name: 'Aïcha Diallo', role: 'contributor' },
  { name: 'Thomas Girard', role: 'contributor' },
  { name: 'Isabelle Fontaine', role: 'reader' },
]

const emailOf = (name: string) =>
  `${name
    .normalize('NFD')
    .replace(/[^a-zA-Z ]/g, '')
    .toLowerCase()
    .replace(/ +/g, '.')}@${DEMO_DOMAIN}`

/**
 * Signs in to the demo account `name`, creating it when it does not exist yet: the first account
 * of an installation is active at once, an e-mail invitation proves the address, otherwise the
 * confirmation link is read from DATA_DIR/outbox (the demo server runs without SMTP).
 */
async function demoAccount(
  server: ServerProcess,
  name: string,
  invitationToken?: string,
): Promise<{ cookie: string; me: Me }> {
  const email = emailOf(name)
  const signedIn = async (cookie: string) => ({
    cookie,
    me: (await (await api(server, '/auth/me', { cookie })).json()) as Me,
  })
  const login = await api(server, '/auth/login', { body: { email, password: DEMO_PASSWORD } })
  if (login.ok) return signedIn(sessionCookie(login))
  const signup = await api(server, '/auth/signup', {
    body: {
      email,
      password: DEMO_PASSWORD,
      displayName: name,
      ...(invitationToken ? { invitationToken } : {}),
    },
  })
  if (!signup.ok) throw new Error(`sign-up of ${email}: ${signup.status} ${await signup.text()}`)
  if (((await signup.json()) as { signedIn: boolean }).signedIn) return signedIn(sessionCookie(signup))
  const link = await linkMailedTo(server, email, '/confirmer')
  const verify = await api(server, '/auth/verify', {
    body: { token: new URL(link).searchParams.get('token') },
  })
  if (!verify.ok) throw new Error(`confirming ${email}: ${verify.status} ${await verify.text()}`)
  return signedIn(sessionCookie(verify))
}

async function expectOk(response: Promise<Response>, what: string): Promise<Response> {
  const res = await response
  if (!res.ok) throw new Error(`${what}: ${res.status} ${await res.text()}`)
  return res
}

/** `--demo`: a demo établissement with its team and a generated year, in DATA_DIR (or PostgreSQL). */
async function demo(args: string[]): Promise<void> {
  const option = (name: string) => {
    const index = args.indexOf(name)
    return index >= 0 ? args[index + 1] : undefined
  }
  const dataDir = path.resolve(option('--data-dir') ?? 'data')
  const seed = Number(option('--seed') ?? 2026)
  const schoolYear = option('--year') ?? '2025-2026'
  if (!Number.isInteger(seed) || !/^\d{4}-\d{4}$/.test(schoolYear))
    throw new Error('usage: generate-year.ts --demo [--data-dir data] [--seed 2026] [--year 2025-2026]')
  mkdirSync(dataDir, { recursive: true })
  const server = await startServerProcess({
    dataDir,
    env: { APP_DIR: '', SMTP_URL: '', LOG_LEVEL: 'info', DATABASE_URL: process.env.DATABASE_URL ?? '' },
  })
  try {
    const owner = await demoAccount(server, 'Claire Martin')
    const random = seededRandom(seed)
    const uai = `${String(Math.floor(random() * 1e7)).padStart(7, '0')}${'ABCDEFGHJKLMNPRSTUVWXYZ'[Math.floor(random() * 23)]}`
    const etablissement = (await (
      await expectOk(
        api(server, '/etablissements', {
          cookie: owner.cookie,
          body: { uai, name: 'Lycée des métiers Jean-Moulin (démonstration)', academie: 'Lyon' },
        }),
        'creating the établissement',
      )
    ).json()) as Etablissement
    const people: Person[] = [{ id: owner.me.user.id, name: owner.me.user.displayName }]
    for (const { name, role } of DEMO_TEAM) {
      const invited = await expectOk(
        api(server, `/etablissements/${etablissement.id}/invitations`, {
          cookie: owner.cookie,
          body: { role, email: emailOf(name) },
        }),
        `inviting ${name}`,
      )
      const { link } = (await invited.json()) as { link: string }
      const token = link.split('/invitation/')[1] ?? ''
      const member = await demoAccount(server, name, token)
      await expectOk(
        api(server, `/invitations/${token}/accept`, { cookie: member.cookie, body: {} }),
        `${name} accepting`,
      )
      if (role !== 'reader') people.push({ id: member.me.user.id, name })
    }
    await expectOk(
      api(server, `/etablissements/${etablissement.id}/annees`, {
        cookie: owner.cookie,
        body: { schoolYear, frameworkIds: [FRAMEWORK] },
      }),
      `opening ${schoolYear}`,
    )
    const { summary } = await fillYearOnServer(
      { server, cookie: owner.cookie, etablissementId: etablissement.id, schoolYear },
      { seed, people },
    )
    console.log(`${etablissement.name}, ${schoolYear}: ${JSON.stringify(summary)}`)
    console.log(`data: ${process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : dataDir}`)
    console.log(`sign in as ${emailOf('Claire Martin')} (chef d’établissement) or any of`)
    console.log(`  ${DEMO_TEAM.map((m) => emailOf(m.name)).join(', ')}`)
    console.log(`  password: ${DEMO_PASSWORD}`)
  } finally {
    // A graceful stop writes every document before exiting.
    await server.stop('SIGTERM')
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2)
  if (!args.includes('--demo')) {
    console.error(
      'usage: node tests/bench/generate-year.ts --demo [--data-dir data] [--seed 2026] [--year 2025-2026]',
    )
    process.exit(64)
  }
  await demo(args)
}
