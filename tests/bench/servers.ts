import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { ownerWithNotes } from '../helpers/accounts.ts'
import { startServerProcess, tempDataDir } from '../helpers/server-process.ts'

/** A server under test, started fresh for each run so runs do not inherit each other's heap. */
export interface ServerUnderTest {
  /** Short id used in the table and the JSON. */
  name: string
  description: string
  start(): Promise<RunningServer>
}

export interface RunningServer {
  wsUrl: string
  /** The document every client opens. */
  documentName: string
  /** Session cookie for servers that authenticate (Rouages). */
  cookie?: string
  /** The process whose CPU and RSS are measured. */
  pid: number
  stop(): Promise<void>
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

/** `new Server({ port: 0 })` from @hocuspocus/server, no extensions: the floor to compare with. */
export const bareHocuspocus: ServerUnderTest = {
  name: 'hocuspocus',
  description: 'bare @hocuspocus/server, no extensions, own process',
  async start() {
    const child = spawn(process.execPath, [path.join(import.meta.dirname, 'bare-hocuspocus-server.ts')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    alive.add(child)
    const port = await readPort(child, 10_000).catch(async (error: unknown) => {
      await stopChild(child)
      throw error
    })
    return {
      wsUrl: `ws://127.0.0.1:${port}`,
      documentName: 'bench:doc',
      pid: pidOf(child),
      stop: () => stopChild(child),
    }
  },
}

/** Waits for the `{"port":n}` line, keeping the output for the error message. */
function readPort(child: ChildProcess, timeoutMs: number): Promise<number> {
  let output = ''
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`bare server silent for ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    )
    child.once('exit', (code) => reject(new Error(`bare server exited with ${code}:\n${output}`)))
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const port = /\{"port":(\d+)\}/.exec(output)?.[1]
      if (port === undefined) return
      clearTimeout(timer)
      resolve(Number(port))
    })
  })
}

/** The real server (`node server/src/main.ts`), SQLite in a temporary data directory. */
export const rouages: ServerUnderTest = {
  name: 'rouages',
  description: 'node server/src/main.ts, SQLite in a temp DATA_DIR, no app pages',
  async start() {
    const data = tempDataDir()
    try {
      // LOG_LEVEL 'info', not 'warn': startServerProcess waits for the info-level
      // "Rouages is listening" JSON line. The server logs nothing per message at info.
      const server = await startServerProcess({ dataDir: data.dir, env: { LOG_LEVEL: 'info', APP_DIR: '' } })
      alive.add(server.child)
      // Rouages serves only établissement documents to signed-in members: the clients share one
      // owner's session (authentication cost is per connection, not per edit).
      const { account, documentName } = await ownerWithNotes(server)
      return {
        wsUrl: server.wsUrl,
        documentName,
        cookie: account.cookie,
        pid: pidOf(server.child),
        async stop() {
          await stopChild(server.child, 10_000)
          data.remove()
        },
      }
    } catch (error) {
      data.remove()
      throw error
    }
  },
}
