/**
 * Séance load test: `npm run bench:seance` (add `-- --quick` for a short smoke run).
 *
 * One séance on a fresh Rouages server process (SQLite in a temp DATA_DIR, loopback), 60 guests
 * on their phones: each a real HocuspocusProvider on its own WebSocket, reading the séance's
 * document, and a guest cookie for the API. The facilitator (the établissement's owner) drives it
 * through the API. Rating rounds: open, 60 silent ratings at once, reveal; then an idea board:
 * 20 notes, 60 × 3 dot votes at once, close. We measure the time from the facilitator's reveal
 * (just before the request is sent) until each phone's document shows the distribution, the same
 * for the vote totals, and the latency of the participants' requests. Checks along the way
 * (distribution and totals equal what was sent) make a wrong result fail the run, not pass as fast.
 */
import path from 'node:path'
import {
  IDEA_COLUMNS,
  ideasMap,
  liveMap,
  roundsMap,
  votingsMap,
  type LiveRound,
} from '@rouages/shared/seance/live'
import type { Seance } from '@rouages/shared/api/seances'
import { seanceDocumentName, workspaceDocumentName } from '@rouages/shared/document-names'
import { addDescriptor } from '@rouages/shared/workspace/grid'
import type * as Y from 'yjs'
import { api, ownerWithNotes, type Account } from '../helpers/accounts.ts'
import { connectClient } from '../helpers/providers.ts'
import { seededRandom } from '../helpers/random.ts'
import { startServerProcess, tempDataDir, type ServerProcess } from '../helpers/server-process.ts'
import { MAX_HARNESS_CPU_PCT } from './load.ts'
import { UsageMeter, machineInfo, percentile, processCpuSeconds, processRssMb } from './measure.ts'
import { writeJson } from './report.ts'
import { everyone, Participant } from './seance-participant.ts'

const quick = process.argv.includes('--quick')
const PARTICIPANTS = 60
const ROUNDS = quick ? 2 : 5
/** The idea board is voted on this many times (reopening clears the votes): more samples. */
const VOTINGS = quick ? 2 : 5
const NOTES = 20
const VOTES_PER_PERSON = 3
/** Quiet time before a reveal or a close, so t0 starts from a settled room. */
const SETTLE_MS = 250
/** Longest wait for one phone to see one change: a lost update fails the run. */
const SEE_TIMEOUT_MS = 15_000
/** Hard stop, far past the expected ~20 s, so a hang never blocks a terminal or CI. */
const WATCHDOG_MS = 3 * 60_000
const SEED = 20260312
/** Above this much CPU used by the rest of the machine, tail latencies measure the neighbours. */
const NOISY_OTHER_CPU_PCT = 25

const YEAR = '2025-2026'
const FW = 'lycee-des-metiers'
const CRITERION = 'ldm-4'
const RESULTS_FILE = path.join(import.meta.dirname, 'results/seance-latest.json')
const PACKAGES = [
  '@hocuspocus/server',
  '@hocuspocus/provider',
  'yjs',
  'ws',
  'hono',
  '@hono/node-server',
  'kysely',
]

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** One line of the table: a latency's distribution over `n` samples, in ms. */
interface Figure {
  figure: string
  p50Ms: number
  p99Ms: number
  maxMs: number
  n: number
}

function figure(name: string, samples: readonly number[]): Figure {
  const sorted = Float64Array.from(samples).sort()
  return {
    figure: name,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.at(-1) ?? Number.NaN,
    n: sorted.length,
  }
}

/**
 * Harness and server CPU over the bursts only (requests in flight, updates fanning out), where
 * a busy harness would delay what it measures; the pauses between bursts would dilute it.
 */
class BurstMeter {
  readonly #pid: number
  wallMs = 0
  harnessCpuMs = 0
  serverCpuMs = 0
  /** The busiest single burst, % of one core. */
  maxHarnessPct = 0

  constructor(serverPid: number) {
    this.#pid = serverPid
  }

  async measure<T>(work: () => Promise<T>): Promise<T> {
    const wall = performance.now()
    const cpu = process.cpuUsage()
    const server = processCpuSeconds(this.#pid)
    const result = await work()
    const wallMs = performance.now() - wall
    const used = process.cpuUsage(cpu)
    const harnessMs = (used.user + used.system) / 1000
    this.wallMs += wallMs
    this.harnessCpuMs += harnessMs
    this.serverCpuMs += (processCpuSeconds(this.#pid) - server) * 1000
    if (wallMs >= 20) this.maxHarnessPct = Math.max(this.maxHarnessPct, (100 * harnessMs) / wallMs)
    return result
  }

  get harnessPct(): number {
    return (100 * this.harnessCpuMs) / this.wallMs
  }

  get serverPct(): number {
    return (100 * this.serverCpuMs) / this.wallMs
  }
}

interface Room {
  server: ServerProcess
  owner: Account
  seance: Seance
  documentName: string
  descriptorId: string
  participants: Participant[]
}

/** Owner, établissement, year, one descriptor under criterion 4, the séance, 60 guests connected. */
async function setUp(server: ServerProcess): Promise<Room> {
  const { account: owner, etablissement } = await ownerWithNotes(server)
  const etab = etablissement.id
  await expectStatus(
    api(server, `/etablissements/${etab}/annees`, {
      cookie: owner.cookie,
      body: { schoolYear: YEAR, frameworkIds: [FW] },
    }),
    201,
  )
  const grid = await connectClient(server.wsUrl, workspaceDocumentName(etab, YEAR), { cookie: owner.cookie })
  const descriptorId = addDescriptor(
    grid.doc,
    FW,
    CRITERION,
    'Des partenariats formalisés avec les entreprises',
  )
  await grid.settled()
  grid.destroy()

  const created = await expectStatus(
    api(server, `/etablissements/${etab}/annees/${YEAR}/seances`, {
      cookie: owner.cookie,
      body: {
        title: 'Conseil pédagogique (banc d’essai)',
        kind: 'conseil-pedagogique',
        guestsAllowed: true,
        steps: [
          { kind: 'criterion', title: 'Critère 4 : partenariats', target: `${FW}/${CRITERION}` },
          { kind: 'ideas', title: 'Idées pour le critère 4', target: `${FW}/${CRITERION}` },
        ],
      },
    }),
    201,
  )
  const seance = (await created.json()) as Seance
  const participants = await Promise.all(
    Array.from({ length: PARTICIPANTS }, (_, i) => Participant.join(server, seance.code, i)),
  )
  const documentName = seanceDocumentName(etab, seance.id)
  await Promise.all(participants.map((p) => p.connect(server.wsUrl, documentName)))
  // The server writes who is present from the authenticated connections.
  await everyone(
    participants,
    (doc) => (liveMap(doc).get('present') as unknown[] | undefined)?.length === PARTICIPANTS,
    `${PARTICIPANTS} present`,
    SEE_TIMEOUT_MS,
  )
  return { server, owner, seance, documentName, descriptorId, participants }
}

async function expectStatus(response: Promise<Response>, status: number): Promise<Response> {
  const res = await response
  if (res.status !== status)
    throw new Error(`${res.url}: ${res.status} ${await res.text()}, ${status} expected`)
  return res
}

/** Sends every participant's request at once; resolves with each one's latency in ms. */
async function burst(
  room: Room,
  request: (p: Participant) => { route: string; method: string; body: unknown },
  status: number,
): Promise<number[]> {
  return Promise.all(
    room.participants.map(async (p) => {
      const { route, method, body } = request(p)
      const sent = performance.now()
      const res = await api(room.server, `/seances/${room.seance.id}${route}`, {
        method,
        body,
        cookie: p.cookie,
      })
      const text = await res.text()
      const latency = performance.now() - sent
      if (res.status !== status) throw new Error(`${p.name} ${method} ${route}: ${res.status} ${text}`)
      return latency
    }),
  )
}

function command(room: Room, body: Record<string, unknown>): Promise<Response> {
  return expectStatus(
    api(room.server, `/seances/${room.seance.id}/commandes`, { cookie: room.owner.cookie, body }),
    204,
  )
}

interface RoundResult {
  round: number
  roundId: string
  /** Open command sent → the last phone shows the round. */
  openToAllMs: number
  ratingLatenciesMs: number[]
  /** Ratings sent → the last phone shows 60 rated. */
  ratedToAllMs: number
  revealRequestMs: number
  /** Per phone, in order: reveal sent → its document shows the distribution. */
  revealMs: number[]
  distribution: Record<string, number>
}

async function ratingRound(
  room: Room,
  round: number,
  random: () => number,
  meter: BurstMeter,
): Promise<RoundResult> {
  const { participants } = room
  const openRound = (doc: Y.Doc) => [...roundsMap(doc).values()].find((r) => r.phase === 'open')
  const opened = performance.now()
  await command(room, { type: 'positionnement-ouvrir', descriptorId: room.descriptorId, anonymous: false })
  const openTimes = await everyone(participants, (doc) => !!openRound(doc), 'open round', SEE_TIMEOUT_MS)
  const roundId = (openRound(participants[0]!.doc) as LiveRound).id
  const scale = (
    liveMap(participants[0]!.doc).get('agenda') as Array<{ criterion: { scale: { id: string }[] } }>
  )[0]!.criterion.scale.map((level) => level.id)

  const choices = participants.map(() => scale[Math.floor(random() * scale.length)]!)
  const expected: Record<string, number> = {}
  for (const level of choices) expected[level] = (expected[level] ?? 0) + 1
  const roundOf = (doc: Y.Doc) => roundsMap(doc).get(roundId)

  const { ratingLatenciesMs, ratedToAllMs } = await meter.measure(async () => {
    const rated = everyone(
      participants,
      (doc) => roundOf(doc)?.ratedCount === PARTICIPANTS,
      '60 rated',
      SEE_TIMEOUT_MS,
    )
    const sent = performance.now()
    const latencies = await burst(
      room,
      (p) => ({ route: '/positionnement', method: 'PUT', body: { roundId, levelId: choices[p.index] } }),
      204,
    )
    return { ratingLatenciesMs: latencies, ratedToAllMs: Math.max(...(await rated)) - sent }
  })

  await sleep(SETTLE_MS)
  const { revealRequestMs, revealMs } = await meter.measure(async () => {
    const shown = everyone(
      participants,
      (doc) => !!roundOf(doc)?.distribution,
      'distribution',
      SEE_TIMEOUT_MS,
    )
    const t0 = performance.now()
    await command(room, { type: 'positionnement-reveler' })
    const requestMs = performance.now() - t0
    return { revealRequestMs: requestMs, revealMs: (await shown).map((at) => at - t0) }
  })

  for (const p of participants) {
    const distribution = roundOf(p.doc)?.distribution
    if (!sameCounts(distribution, expected))
      throw new Error(`${p.name} shows ${JSON.stringify(distribution)}, ${JSON.stringify(expected)} rated`)
  }
  // The facilitator records the room's most frequent level; the next round starts clean.
  const consensus = Object.entries(expected).sort((a, b) => b[1] - a[1])[0]![0]
  await command(room, { type: 'positionnement-consensus', levelId: consensus, dissent: '' })
  await everyone(participants, (doc) => roundOf(doc)?.phase === 'recorded', 'consensus', SEE_TIMEOUT_MS)

  return {
    round,
    roundId,
    openToAllMs: Math.max(...openTimes) - opened,
    ratingLatenciesMs,
    ratedToAllMs,
    revealRequestMs,
    revealMs,
    distribution: expected,
  }
}

interface VotingResult {
  voting: number
  voteLatenciesMs: number[]
  /** Votes sent → the last phone shows 60 voters. */
  votedToAllMs: number
  closeRequestMs: number
  /** Per phone: close sent → its document shows the totals. */
  closeMs: number[]
}

/** Moves to the idea board and has 20 participants post a note each; returns the notes' ids. */
async function postNotes(room: Room): Promise<string[]> {
  const { participants } = room
  await command(room, { type: 'etape', index: 1 })
  await everyone(participants, (doc) => liveMap(doc).get('stepIndex') === 1, 'step 2', SEE_TIMEOUT_MS)
  const ids = await Promise.all(
    participants.slice(0, NOTES).map(async (p) => {
      const res = await expectStatus(
        api(room.server, `/seances/${room.seance.id}/idees`, {
          cookie: p.cookie,
          body: {
            column: IDEA_COLUMNS[p.index % IDEA_COLUMNS.length],
            text: `Idée n° ${p.index + 1} de ${p.name}`,
          },
        }),
        201,
      )
      return ((await res.json()) as { id: string }).id
    }),
  )
  await everyone(participants, (doc) => ideasMap(doc).size === NOTES, `${NOTES} notes`, SEE_TIMEOUT_MS)
  return ids
}

async function voting(
  room: Room,
  index: number,
  ideaIds: readonly string[],
  random: () => number,
  meter: BurstMeter,
): Promise<VotingResult> {
  const { participants } = room
  const votingOf = (doc: Y.Doc) => votingsMap(doc).get('1')
  await command(room, { type: 'vote-ouvrir', perPerson: VOTES_PER_PERSON })
  await everyone(
    participants,
    (doc) => votingOf(doc)?.phase === 'open' && votingOf(doc)?.voterCount === 0,
    'voting open',
    SEE_TIMEOUT_MS,
  )
  const ballots = participants.map(() =>
    Array.from({ length: VOTES_PER_PERSON }, () => ideaIds[Math.floor(random() * ideaIds.length)]!),
  )
  const expected: Record<string, number> = {}
  for (const id of ballots.flat()) expected[id] = (expected[id] ?? 0) + 1

  const { voteLatenciesMs, votedToAllMs } = await meter.measure(async () => {
    const voted = everyone(
      participants,
      (doc) => votingOf(doc)?.voterCount === PARTICIPANTS,
      '60 voters',
      SEE_TIMEOUT_MS,
    )
    const sent = performance.now()
    const latencies = await burst(
      room,
      (p) => ({ route: '/votes', method: 'PUT', body: { stepIndex: 1, ideaIds: ballots[p.index] } }),
      204,
    )
    return { voteLatenciesMs: latencies, votedToAllMs: Math.max(...(await voted)) - sent }
  })

  await sleep(SETTLE_MS)
  const { closeRequestMs, closeMs } = await meter.measure(async () => {
    const shown = everyone(participants, (doc) => !!votingOf(doc)?.totals, 'vote totals', SEE_TIMEOUT_MS)
    const t0 = performance.now()
    await command(room, { type: 'vote-clore' })
    const requestMs = performance.now() - t0
    return { closeRequestMs: requestMs, closeMs: (await shown).map((at) => at - t0) }
  })
  for (const p of participants) {
    const totals = votingOf(p.doc)?.totals
    if (!sameCounts(totals, expected))
      throw new Error(`${p.name} shows totals ${JSON.stringify(totals)}, ${JSON.stringify(expected)} voted`)
  }
  return { voting: index, voteLatenciesMs, votedToAllMs, closeRequestMs, closeMs }
}

function sameCounts(
  actual: Record<string, number> | null | undefined,
  expected: Record<string, number>,
): boolean {
  if (!actual) return false
  const keys = new Set([...Object.keys(actual), ...Object.keys(expected)])
  return [...keys].every((key) => (actual[key] ?? 0) === (expected[key] ?? 0))
}

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a')

/** A GitHub-flavoured Markdown table, as `report.ts` prints the edit benchmark's. */
function formatTable(figures: readonly Figure[]): string {
  const header = ['figure', 'p50 ms', 'p99 ms', 'max ms', 'n']
  const body = figures.map((f) => [
    f.figure,
    fixed(f.p50Ms, 1),
    fixed(f.p99Ms, 1),
    fixed(f.maxMs, 1),
    String(f.n),
  ])
  const widths = header.map((title, column) =>
    Math.max(title.length, ...body.map((cells) => cells[column]?.length ?? 0)),
  )
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join(' | ')} |`
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n')
}

let running: { server: ServerProcess; remove: () => void } | undefined

async function main(): Promise<void> {
  const machine = machineInfo(PACKAGES)
  console.log(
    `machine: ${machine.cores} cores, ${machine.cpuModel}, Node ${machine.node}, ${machine.platform}`,
  )
  console.log(
    `packages: ${Object.entries(machine.packages)
      .map(([name, version]) => `${name} ${version}`)
      .join(', ')}`,
  )
  console.log(
    `method: fresh Rouages server (SQLite, loopback), ${PARTICIPANTS} guests each on a HocuspocusProvider, ` +
      `${ROUNDS} rating rounds, ${NOTES} notes, ${VOTINGS} votings of ${VOTES_PER_PERSON} votes each${quick ? ' (quick)' : ''}`,
  )
  console.log()

  const startedAt = new Date()
  const data = tempDataDir()
  // LOG_LEVEL 'info': startServerProcess waits for the "listening" line; nothing is logged per request.
  const server = await startServerProcess({ dataDir: data.dir, env: { LOG_LEVEL: 'info', APP_DIR: '' } })
  running = { server, remove: data.remove }
  const pid = server.child.pid
  if (pid === undefined) throw new Error('server process has no pid')

  const setupStart = performance.now()
  const room = await setUp(server)
  const setupMs = performance.now() - setupStart
  console.log(`set-up: ${PARTICIPANTS} guests joined and synced in ${fixed(setupMs, 0)} ms`)

  const random = seededRandom(SEED)
  const meter = new BurstMeter(pid)
  const usage = new UsageMeter(pid)
  const rounds: RoundResult[] = []
  for (let r = 1; r <= ROUNDS; r++) {
    const result = await ratingRound(room, r, random, meter)
    rounds.push(result)
    console.log(
      `round ${r}/${ROUNDS}: rating p50 ${fixed(percentile(sortedOf(result.ratingLatenciesMs), 50), 1)} ms, ` +
        `60 rated on every phone after ${fixed(result.ratedToAllMs, 1)} ms, reveal → last phone ` +
        `${fixed(Math.max(...result.revealMs), 1)} ms (request ${fixed(result.revealRequestMs, 1)} ms)`,
    )
  }
  const ideaIds = await postNotes(room)
  const votings: VotingResult[] = []
  for (let v = 1; v <= VOTINGS; v++) {
    const result = await voting(room, v, ideaIds, random, meter)
    votings.push(result)
    console.log(
      `voting ${v}/${VOTINGS}: vote p50 ${fixed(percentile(sortedOf(result.voteLatenciesMs), 50), 1)} ms, ` +
        `60 voters on every phone after ${fixed(result.votedToAllMs, 1)} ms, close → last phone ` +
        `${fixed(Math.max(...result.closeMs), 1)} ms (request ${fixed(result.closeRequestMs, 1)} ms)`,
    )
  }
  const whole = usage.stop()
  const serverRssMb = processRssMb(pid)

  const figures = [
    figure(
      'reveal → each phone shows the distribution',
      rounds.flatMap((r) => r.revealMs),
    ),
    figure(
      'reveal → last phone (per round)',
      rounds.map((r) => Math.max(...r.revealMs)),
    ),
    figure(
      'reveal request (facilitator)',
      rounds.map((r) => r.revealRequestMs),
    ),
    figure(
      'rating request (PUT /positionnement)',
      rounds.flatMap((r) => r.ratingLatenciesMs),
    ),
    figure(
      '60 ratings sent → 60 rated on every phone',
      rounds.map((r) => r.ratedToAllMs),
    ),
    figure(
      'open round → last phone shows it',
      rounds.map((r) => r.openToAllMs),
    ),
    figure(
      'vote request (PUT /votes)',
      votings.flatMap((v) => v.voteLatenciesMs),
    ),
    figure(
      '60 ballots sent → 60 voters on every phone',
      votings.map((v) => v.votedToAllMs),
    ),
    figure(
      'close vote → each phone shows the totals',
      votings.flatMap((v) => v.closeMs),
    ),
    figure(
      'close vote → last phone (per voting)',
      votings.map((v) => Math.max(...v.closeMs)),
    ),
  ]

  const problems: string[] = []
  if (meter.harnessPct > MAX_HARNESS_CPU_PCT)
    problems.push(
      `harness CPU ${meter.harnessPct.toFixed(0)}% of a core during the bursts > ${MAX_HARNESS_CPU_PCT}%`,
    )
  const valid = problems.length === 0

  console.log()
  console.log(formatTable(figures))
  console.log()
  console.log(
    `during the bursts (${fixed(meter.wallMs / 1000, 2)} s of requests in flight and updates fanning out): ` +
      `harness ${fixed(meter.harnessPct, 0)}% of a core (busiest burst ${fixed(meter.maxHarnessPct, 0)}%), ` +
      `server ${fixed(meter.serverPct, 0)}%`,
  )
  console.log(
    `whole measured phase (${fixed(whole.wallMs / 1000, 1)} s): harness ${fixed(whole.harnessCpuPct, 0)}%, ` +
      `server ${fixed(whole.serverCpuPct, 0)}%, other ${fixed(whole.otherCpuPct, 0)}% of a core; harness loop delay p99 ` +
      `${fixed(whole.harnessLoopDelayP99Ms, 1)} ms; server RSS ${fixed(serverRssMb, 0)} MB`,
  )
  console.log(
    't0 is taken just before the request leaves; a phone "shows" a change when its Y.Doc applied it.',
  )
  if (whole.otherCpuPct > NOISY_OTHER_CPU_PCT)
    console.log(
      `WARNING: other processes used ${whole.otherCpuPct.toFixed(0)}% of a core meanwhile: rerun on a quiet machine.`,
    )
  console.log(
    valid
      ? `valid: the harness used ≤ ${MAX_HARNESS_CPU_PCT}% of a core during the bursts.`
      : `INVALID: ${problems.join('; ')}: the harness measured itself, rerun on a quieter or bigger machine.`,
  )

  writeJson(RESULTS_FILE, {
    startedAt: startedAt.toISOString(),
    durationS: (Date.now() - startedAt.getTime()) / 1000,
    machine,
    config: {
      quick,
      participants: PARTICIPANTS,
      rounds: ROUNDS,
      notes: NOTES,
      votings: VOTINGS,
      votesPerPerson: VOTES_PER_PERSON,
      settleMs: SETTLE_MS,
      seed: SEED,
    },
    valid,
    problems,
    setupMs,
    usage: {
      bursts: {
        wallMs: meter.wallMs,
        harnessCpuPct: meter.harnessPct,
        maxBurstHarnessCpuPct: meter.maxHarnessPct,
        serverCpuPct: meter.serverPct,
      },
      whole: { ...whole, serverRssMb },
    },
    figures,
    rounds,
    votings,
  })
  console.log(`results written to ${path.relative(process.cwd(), RESULTS_FILE)}`)

  for (const p of room.participants) p.destroy()
}

function sortedOf(values: readonly number[]): Float64Array {
  return Float64Array.from(values).sort()
}

/** SIGTERM, then SIGKILL after 10 s; then the data directory goes. */
async function stopServer(): Promise<void> {
  if (!running) return
  const { server, remove } = running
  running = undefined
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 10_000)
  await server.stop()
  clearTimeout(timer)
  remove()
}

function killServer(): void {
  running?.server.child.kill('SIGKILL')
  running?.remove()
  running = undefined
}

const watchdog = setTimeout(() => {
  console.error(`séance benchmark still running after ${WATCHDOG_MS / 60_000} minutes: aborting`)
  killServer()
  process.exit(1)
}, WATCHDOG_MS)
watchdog.unref()

process.once('SIGINT', () => {
  killServer()
  process.exit(130)
})

try {
  await main()
  await stopServer()
} catch (error) {
  console.error(error)
  killServer()
  process.exitCode = 1
}
// Sockets the failure left open must not keep the process alive.
process.exit()
