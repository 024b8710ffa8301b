/**
 * d. Bilans: freezing a realistic school year, comparing two versions, exporting the report.
 *
 * Per storage (SQLite, and PostgreSQL when it answers): one établissement, its year filled by the
 * generator (generate-year.ts) and open in a real provider (the référent freezes from the year's
 * screens, so the document is in memory, as it is then).
 * - freeze: `POST …/bilans` round trip, K times (20, 5 with --quick), with one small edit
 *   acknowledged between two freezes; between the first and the others, a spring's worth of
 *   changes (levels, états, new actions, new values) so the versions differ.
 * - compare: the comparison is computed in the browser (`compareVersions` of
 *   shared/src/bilans/compare.ts, on the compare page): measured as the page does it — both
 *   versions' `GET …/bilans/:id/contenu` at once, JSON parsing, then `compareVersions` — K times;
 *   the pure function alone is reported too.
 * - exports: `GET …/bilans/:id/rapport.{pdf,docx,odt}` of the last version: the first request of
 *   each format (the server loads its renderer and fonts on first use) and the warm ones.
 */
import { compareVersions } from '@rouages/shared/bilans/compare'
import type { BilanSummary } from '@rouages/shared/api/bilans'
import { createAction, localIsoDate, readActions, setActionState } from '@rouages/shared/workspace/actions'
import { readCriteria, scaleOf, setLevel } from '@rouages/shared/workspace/grid'
import { addMeasurement, readIndicators } from '@rouages/shared/workspace/indicators'
import type { WorkspaceSnapshot } from '@rouages/shared/workspace/snapshot'
import { api, signUp, type Account } from '../../helpers/accounts.ts'
import { connectClient, type TestClient } from '../../helpers/providers.ts'
import { seededRandom } from '../../helpers/random.ts'
import type { ServerProcess } from '../../helpers/server-process.ts'
import type { BenchContext, BenchRow, BenchScenario } from '../scenario.ts'
import {
  FRAMEWORK,
  SCHOOL_YEAR,
  createStorage,
  filledYear,
  round,
  runAloneIfMain,
  sleep,
  startRouages,
  stats,
  driversFor,
  withDeadline,
  type DriverName,
} from './rouages-process.ts'

const SCENARIO = 'd. bilans'
const SEED = 4100
const REPEATS = { full: 20, quick: 5 }
const WARM_EXPORTS = { full: 3, quick: 1 }
const FREEZE_GOAL_MS = 100
const COMPARE_GOAL_MS = 300
const FORMATS = ['pdf', 'docx', 'odt'] as const

interface Measured {
  freezeMs: number[]
  compareMs: number[]
  compareFunctionMs: number[]
  contentBytes: number
  exports: Record<
    (typeof FORMATS)[number],
    { firstMs: number; warmMs: number[]; bytes: number; othersWorstMs: number }
  >
}

/** `GET /api/health` every 20 ms, one at a time, until stopped; resolves with the slowest answer. */
class Pinger {
  #running = true
  readonly #done: Promise<number>

  constructor(server: ServerProcess) {
    this.#done = (async () => {
      let worst = 0
      while (this.#running) {
        const start = performance.now()
        await (await api(server, '/health')).arrayBuffer()
        worst = Math.max(worst, performance.now() - start)
        await sleep(20)
      }
      return worst
    })()
  }

  stop(): Promise<number> {
    this.#running = false
    return this.#done
  }
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now()
  const value = await work()
  return { ms: performance.now() - start, value }
}

async function expectStatus(res: Response, status: number, what: string): Promise<Response> {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${await res.text()}`)
  return res
}

/** What a spring changes in the year: levels, états, new actions, this year's values. */
function springChanges(client: TestClient, seed: number): void {
  const random = seededRandom(seed)
  const doc = client.doc
  const levels = scaleOf(doc, FRAMEWORK).levels.map((level) => level.id)
  for (const criterion of readCriteria(doc, FRAMEWORK))
    for (const descriptor of criterion.descriptors)
      if (random() < 0.5)
        setLevel(doc, FRAMEWORK, descriptor.id, levels[Math.floor(random() * levels.length)] ?? null)
  for (const action of readActions(doc))
    if (action.etat === 'a-lancer' && random() < 0.7) setActionState(doc, action.id, 'en-cours')
  for (let i = 0; i < 10; i++)
    createAction(doc, {
      title: `Nouvelle action de printemps ${i + 1}`,
      links: [`${FRAMEWORK}/ldm-${1 + (i % 8)}`],
    })
  for (const indicator of readIndicators(doc).slice(0, 10))
    addMeasurement(doc, indicator.id, {
      value: Math.round(random() * 100),
      period: '2026-03-31',
      comment: '',
    })
}

async function measureStorage(driver: DriverName, ctx: BenchContext): Promise<Measured> {
  const repeats = ctx.quick ? REPEATS.quick : REPEATS.full
  const storage = await createStorage(driver)
  try {
    const rouages = await startRouages(storage)
    const { server } = rouages
    try {
      const owner = await signUp(server)
      const year = await filledYear(server, owner, SEED)
      const client = await connectClient(server.wsUrl, year.documentName, { cookie: owner.cookie })
      try {
        return await measure(server, owner, client, year.etablissementId, repeats, ctx)
      } finally {
        client.destroy()
      }
    } finally {
      await rouages.stop()
    }
  } finally {
    await storage.remove()
  }
}

async function measure(
  server: ServerProcess,
  owner: Account,
  client: TestClient,
  etablissementId: string,
  repeats: number,
  ctx: BenchContext,
): Promise<Measured> {
  const base = `/etablissements/${etablissementId}/annees/${SCHOOL_YEAR}/bilans`
  const random = seededRandom(SEED)
  const descriptors = readCriteria(client.doc, FRAMEWORK).flatMap((c) => c.descriptors)
  const levels = scaleOf(client.doc, FRAMEWORK).levels.map((l) => l.id)

  const freezeMs: number[] = []
  const bilans: BilanSummary[] = []
  for (let i = 0; i < repeats; i++) {
    if (i === 1) springChanges(client, SEED + 1)
    else if (i > 1) {
      const descriptor = descriptors[Math.floor(random() * descriptors.length)]!
      setLevel(client.doc, FRAMEWORK, descriptor.id, levels[Math.floor(random() * levels.length)] ?? null)
    }
    await client.settled()
    const { ms, value } = await timed(async () => {
      const res = await api(server, base, {
        cookie: owner.cookie,
        body: { name: `Bilan ${i + 1}`, note: 'Banc d’essai' },
      })
      return (await (await expectStatus(res, 201, 'freezing')).json()) as BilanSummary
    })
    freezeMs.push(ms)
    bilans.push(value)
  }
  const [before, after] = [bilans[0]!, bilans.at(-1)!]

  const today = localIsoDate()
  const compareMs: number[] = []
  const compareFunctionMs: number[] = []
  let contentBytes = 0
  for (let i = 0; i < repeats; i++) {
    const { ms } = await timed(async () => {
      const [a, b] = await Promise.all(
        [before, after].map(async (bilan) => {
          const res = await api(server, `${base}/${bilan.id}/contenu`, { cookie: owner.cookie })
          const text = await (await expectStatus(res, 200, 'reading a bilan')).text()
          contentBytes = Buffer.byteLength(text)
          return JSON.parse(text) as WorkspaceSnapshot
        }),
      )
      const start = performance.now()
      const comparison = compareVersions(a!, b!, today)
      compareFunctionMs.push(performance.now() - start)
      if (comparison.frameworks.length === 0) throw new Error('empty comparison')
    })
    compareMs.push(ms)
  }

  const exports = {} as Measured['exports']
  for (const format of FORMATS) {
    const get = () =>
      timed(async () => {
        const res = await api(server, `${base}/${after.id}/rapport.${format}`, { cookie: owner.cookie })
        return (await (await expectStatus(res, 200, `rapport.${format}`)).arrayBuffer()).byteLength
      })
    // Meanwhile, another user's request: what an export costs everyone else on the server.
    const pinger = new Pinger(server)
    const first = await get()
    const warmMs: number[] = []
    for (let i = 0; i < (ctx.quick ? WARM_EXPORTS.quick : WARM_EXPORTS.full); i++)
      warmMs.push((await get()).ms)
    exports[format] = { firstMs: first.ms, warmMs, bytes: first.value, othersWorstMs: await pinger.stop() }
  }
  ctx.log(
    `freeze (ms): ${freezeMs.map((ms) => ms.toFixed(0)).join(' ')}; ` +
      `compare (ms): ${compareMs.map((ms) => ms.toFixed(0)).join(' ')}`,
  )
  return { freezeMs, compareMs, compareFunctionMs, contentBytes, exports }
}

function rowsOf(driver: DriverName, m: Measured): BenchRow[] {
  const server = `rouages-${driver}`
  const freeze = stats(m.freezeMs)
  const compare = stats(m.compareMs)
  const compareFunction = stats(m.compareFunctionMs)
  const row = (figure: string, value: number, unit: string, extra: Partial<BenchRow> = {}): BenchRow => ({
    scenario: SCENARIO,
    server,
    figure,
    value,
    unit,
    ...extra,
  })
  return [
    row('freeze p50', round(freeze.p50), 'ms'),
    row('freeze p95', round(freeze.p95), 'ms', {
      goal: `≤ ${FREEZE_GOAL_MS} ms`,
      met: freeze.p95 <= FREEZE_GOAL_MS,
    }),
    row('compare (2 × GET contenu + compareVersions) p50', round(compare.p50), 'ms'),
    row('compare (2 × GET contenu + compareVersions) p95', round(compare.p95), 'ms', {
      goal: `≤ ${COMPARE_GOAL_MS} ms`,
      met: compare.p95 <= COMPARE_GOAL_MS,
    }),
    row('  compareVersions alone p95', round(compareFunction.p95, 2), 'ms'),
    row('  one version’s contenu', round(m.contentBytes / 1024), 'KB'),
    ...FORMATS.flatMap((format) => {
      const e = m.exports[format]
      return [
        row(`rapport.${format} first (loads its renderer)`, round(e.firstMs), 'ms'),
        row(`rapport.${format} warm p50`, round(stats(e.warmMs).p50), 'ms'),
        row(`rapport.${format} size`, round(e.bytes / 1024), 'KB'),
        row(`rapport.${format}: another user’s request meanwhile, worst`, round(e.othersWorstMs), 'ms'),
      ]
    }),
  ]
}

export const bilans: BenchScenario = {
  name: SCENARIO,
  run: (ctx) =>
    withDeadline(SCENARIO, (ctx.quick ? 2 : 4) * 60_000, async () => {
      const { drivers, skipped } = await driversFor(ctx, SCENARIO)
      const rows: BenchRow[] = []
      for (const driver of drivers) {
        const measured = await measureStorage(driver, ctx)
        ctx.details[`${SCENARIO} ${driver}`] = measured
        rows.push(...rowsOf(driver, measured))
      }
      rows.push(...skipped)
      return rows
    }),
}

await runAloneIfMain(bilans, import.meta.url)
