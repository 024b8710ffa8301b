import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { createInterface } from 'node:readline'
import type { SchoolYear } from '@rouages/shared/api/school-years'
import type * as Y from 'yjs'
import { api, createEtablissement, ownerWithNotes, type Account } from '../helpers/accounts.ts'
import { INSPECT_ENV, Inspector } from '../helpers/inspector.ts'
import { connectClient } from '../helpers/providers.ts'
import { startServerProcess, tempDataDir, type ServerProcess } from '../helpers/server-process.ts'
import type { Probe } from './baseline-process.ts'
import { STORAGE_ENV } from './baseline-storage.ts'
import { processRssMb } from './measure.ts'
import { hocuspocusWire, rawRelayWire, yWebsocketWire, type WireProtocol } from './wire.ts'

/** A server under test, started fresh for each run so runs do not inherit each other's heap. */
export interface ServerUnderTest {
  /** Short id used in the table and the JSON. */
  name: string
  description: string
  /** How its clients speak (see wire.ts). */
  protocol: WireProtocol
  /** Whether it holds documents at all (the raw relay does not). */
  hasDocuments: boolean
  start(options?: StartOptions): Promise<RunningServer>
}

export interface StartOptions {
  /** Make `probe()` available (Rouages: start under the inspector; baselines always can). */
  probe?: boolean
  /**
   * Baselines only: a SQLite file seeded by `seedStorage` (baseline-storage.ts), from which the
   * baseline loads each document when it is first opened (scenario c). Without it, a baseline has
   * no storage. Rouages ignores it: it has its own.
   */
  storage?: string
}

export interface RunningServer {
  wsUrl: string
  /** The document every client opens. */
  documentName: string
  /** Session cookie for servers that authenticate (Rouages). */
  cookie?: string
  /** The process whose CPU and RSS are measured. */
  pid: number
  /** Heap after a full collection, RSS, and the documents it holds (bytes). */
  probe(): Promise<Probe>
  /** The documents it holds, without forcing a collection (null: it has no documents). */
  documents(): Promise<number | null>
  /**
   * `count` documents of a school year, ready to be opened. Rouages opens a year per
   * établissement through the API, with its seeded content, and waits until they are unloaded
   * again; the baselines have no storage here (only with `StartOptions.storage`, which scenario c
   * seeds itself), so their names come with `push: true`: the client that opens one must bring
   * the content.
   */
  prepareYears(count: number, fill?: (doc: Y.Doc, index: number) => void): Promise<PreparedYears>
  stop(): Promise<void>
}

export interface PreparedYears {
  names: string[]
  push: boolean
}

/** Every child still alive, so an interrupted benchmark does not leave servers behind. */
const alive = new Set<ChildProcess>()

export function killAllServers(): void {
  for (const child of alive) child.kill('SIGKILL')
  alive.clear()
}

/** SIGTERM, then SIGKILL if the process is still there after `graceMs`. */
async function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    alive.delete(child)
    return
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
  await exited
  clearTimeout(timer)
  alive.delete(child)
}

function pidOf(child: ChildProcess): number {
  if (child.pid === undefined) throw new Error('server process has no pid')
  return child.pid
}

/**
 * A baseline server script (see baseline-process.ts) in its own process, with --expose-gc so it
 * can report its heap after a full collection.
 */
function baseline(
  name: string,
  description: string,
  script: string,
  protocol: WireProtocol,
  hasDocuments: boolean,
): ServerUnderTest {
  return {
    name,
    description,
    protocol,
    hasDocuments,
    async start(options = {}) {
      const child = spawn(process.execPath, ['--expose-gc', path.join(import.meta.dirname, script)], {
        stdio: ['pipe', 'pipe', 'pipe'],
        env: { ...process.env, [STORAGE_ENV]: options.storage ?? '' },
      })
      alive.add(child)
      const lines = createInterface({ input: child.stdout })
      const waiting: ((probe: Probe) => void)[] = []
      let onPort: ((port: number) => void) | undefined
      lines.on('line', (line) => {
        const message = parseJson(line) as { port?: number; probe?: Probe } | undefined
        if (message?.port !== undefined) onPort?.(message.port)
        if (message?.probe !== undefined) waiting.shift()?.(message.probe)
      })
      const port = await readPort(child, (resolve) => (onPort = resolve), 10_000).catch(
        async (error: unknown) => {
          await stopChild(child)
          throw error
        },
      )
      const probe = () =>
        new Promise<Probe>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`${name}: no answer to probe`)), 10_000)
          waiting.push((answer) => {
            clearTimeout(timer)
            resolve(answer)
          })
          child.stdin.write('probe\n')
        })
      let years = 0
      return {
        wsUrl: `ws://127.0.0.1:${port}`,
        documentName: 'bench:doc',
        pid: pidOf(child),
        probe,
        documents: async () => (await probe()).documents,
        prepareYears(count) {
          const names = Array.from({ length: count }, () => `bench:annee:${years++}`)
          return Promise.resolve({ names, push: true })
        },
        stop: () => stopChild(child),
      }
    },
  }
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line)
  } catch {
    return undefined
  }
}

/** Waits for the `{"port":n}` line, keeping stderr for the error message. */
function readPort(
  child: ChildProcess,
  listen: (resolve: (port: number) => void) => void,
  timeoutMs: number,
): Promise<number> {
  let output = ''
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server silent for ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    )
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)))
    listen((port) => {
      clearTimeout(timer)
      resolve(port)
    })
  })
}

/** The floor: a `ws` server that rebroadcasts every binary message to the room's other sockets. */
export const rawRelay = baseline(
  'raw',
  'raw `ws` relay: rebroadcasts each binary message to the other sockets of its room, no Yjs',
  'raw-relay-server.ts',
  rawRelayWire,
  false,
)

/** `new Server({ port: 0 })` from @hocuspocus/server, no extensions: the floor to compare with. */
export const bareHocuspocus = baseline(
  'hocuspocus',
  'bare @hocuspocus/server, no extensions, own process',
  'bare-hocuspocus-server.ts',
  hocuspocusWire,
  true,
)

/** The y-websocket reference server, no persistence. */
export const yWebsocket = baseline(
  'y-websocket',
  '@y/websocket-server setupWSConnection on a `ws` server, no persistence',
  'y-websocket-server.ts',
  yWebsocketWire,
  true,
)

const FRAMEWORK = 'lycee-des-metiers'
const SCHOOL_YEAR = '2025-2026'

/** The real server (`node server/src/main.ts`), SQLite in a temporary data directory. */
export const rouages: ServerUnderTest = {
  name: 'rouages',
  description:
    'node server/src/main.ts: SQLite in a temp DATA_DIR (every update logged before it is acknowledged), ' +
    'session auth, audit, no app pages',
  protocol: hocuspocusWire,
  hasDocuments: true,
  async start(options = {}) {
    const data = tempDataDir()
    let server: ServerProcess | undefined
    let inspector: Inspector | undefined
    try {
      // LOG_LEVEL 'info', not 'warn': startServerProcess waits for the info-level
      // "Rouages is listening" JSON line. The server logs nothing per message at info.
      server = await startServerProcess({
        dataDir: data.dir,
        env: { LOG_LEVEL: 'info', APP_DIR: '', ...(options.probe ? INSPECT_ENV : {}) },
      })
      alive.add(server.child)
      if (options.probe) inspector = await Inspector.attach(server)
      // Rouages serves only établissement documents to signed-in members: the clients share one
      // owner's session (authentication cost is per connection, not per edit).
      const { account, documentName } = await ownerWithNotes(server)
      const running = server
      const attached = (): Inspector => {
        if (!inspector) throw new Error('rouages was started without the inspector (probe: true)')
        return inspector
      }
      const documents = async (): Promise<number> => {
        const counts = await attached().onInstances<number[]>(
          '@hocuspocus/server',
          'Hocuspocus',
          '(all) => all.map((h) => h.getDocumentsCount())',
        )
        return counts.reduce((sum, n) => sum + n, 0)
      }
      const probe = async (): Promise<Probe> => ({
        heapUsed: await attached().heapUsedAfterGc(),
        rss: processRssMb(pidOf(running.child)) * 1024 * 1024,
        documents: await documents(),
      })
      return {
        wsUrl: server.wsUrl,
        documentName,
        cookie: account.cookie,
        pid: pidOf(server.child),
        probe,
        documents,
        prepareYears: (count, fill) => openYears(running, account, count, documents, fill),
        async stop() {
          inspector?.close()
          await stopChild(running.child, 10_000)
          data.remove()
        },
      }
    } catch (error) {
      inspector?.close()
      if (server) await stopChild(server.child, 10_000)
      data.remove()
      throw error
    }
  },
}

/**
 * Opens a school year in `count` new établissements of `owner`, as the app does (the server
 * seeds each document with the framework's criteria), optionally fills each through a real
 * provider, and waits until the server has unloaded them all.
 */
async function openYears(
  server: ServerProcess,
  owner: Account,
  count: number,
  documents: () => Promise<number>,
  fill?: (doc: Y.Doc, index: number) => void,
): Promise<PreparedYears> {
  const names: string[] = []
  for (let i = 0; i < count; i++) {
    const etablissement = await createEtablissement(server, owner, `Lycée des métiers ${i}`)
    const res = await api(server, `/etablissements/${etablissement.id}/annees`, {
      cookie: owner.cookie,
      body: { schoolYear: SCHOOL_YEAR, frameworkIds: [FRAMEWORK] },
    })
    if (res.status !== 201) throw new Error(`opening a year failed: ${res.status} ${await res.text()}`)
    const { documentName } = (await res.json()) as SchoolYear
    if (fill) {
      const client = await connectClient(server.wsUrl, documentName, { cookie: owner.cookie })
      try {
        fill(client.doc, i)
        await client.settled()
      } finally {
        client.destroy()
      }
    }
    names.push(documentName)
  }
  const deadline = Date.now() + 120_000
  while ((await documents()) !== 0) {
    if (Date.now() > deadline) throw new Error('the prepared years were not unloaded within 120 s')
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  return { names, push: false }
}

/** The four servers every scenario compares, in the order they run. */
export const ALL_SERVERS: readonly ServerUnderTest[] = [rawRelay, bareHocuspocus, yWebsocket, rouages]
