import path from 'node:path'
import WebSocket from 'ws'
import { repoRoot, type ServerProcess } from './server-process.ts'
import { waitUntil } from './wait.ts'

/** Start the server with this environment to look inside it from a test (loopback, random port). */
export const INSPECT_ENV = {
  NODE_OPTIONS: [process.env.NODE_OPTIONS, '--inspect=127.0.0.1:0'].filter(Boolean).join(' '),
}

interface Reply {
  id?: number
  result?: Record<string, unknown>
  error?: { message: string }
}

interface RemoteObject {
  type: string
  value?: unknown
  objectId?: string
  subtype?: string
  description?: string
}

/** Object handles are grouped so they can be released: a held handle would keep its object alive. */
const GROUP = 'rouages-test-probe'

/**
 * A minimal Chrome DevTools Protocol session with a server process started with `INSPECT_ENV`:
 * forced garbage collection, heap figures, and counts of live instances of a class — the server
 * needs no test-only endpoint. Modules are reached through the server's own loader, so a class
 * is the very one the server uses (the same module instance, not a second copy).
 */
export class Inspector {
  readonly #socket: WebSocket
  readonly #waiting = new Map<number, (reply: Reply) => void>()
  #nextId = 0
  /** Probes run one at a time: each releases the handles of its group when done. */
  #queue: Promise<unknown> = Promise.resolve()

  private constructor(socket: WebSocket) {
    this.#socket = socket
    socket.on('message', (data: Buffer) => {
      const reply = JSON.parse(data.toString()) as Reply
      if (reply.id !== undefined) this.#waiting.get(reply.id)?.(reply)
    })
  }

  static async attach(server: ServerProcess): Promise<Inspector> {
    let url: string | undefined
    await waitUntil(
      () => (url = /Debugger listening on (ws:\/\/\S+)/.exec(server.output())?.[1]) !== undefined,
      {
        message: 'the inspector URL (was the server started with INSPECT_ENV?)',
      },
    )
    const socket = new WebSocket(url!)
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject))
    return new Inspector(socket)
  }

  async call(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const id = ++this.#nextId
    const reply = await new Promise<Reply>((resolve) => {
      this.#waiting.set(id, resolve)
      this.#socket.send(JSON.stringify({ id, method, params }))
    })
    this.#waiting.delete(id)
    if (reply.error) throw new Error(`${method}: ${reply.error.message}`)
    return reply.result ?? {}
  }

  #serial<T>(probe: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(probe, probe)
    this.#queue = run.catch(() => {})
    return run
  }

  /** Evaluates `expression` (it may return a promise) in the server, returning a handle. */
  async #evaluate(expression: string): Promise<RemoteObject> {
    const { result, exceptionDetails } = (await this.call('Runtime.evaluate', {
      expression,
      awaitPromise: true,
      objectGroup: GROUP,
    })) as { result: RemoteObject; exceptionDetails?: unknown }
    if (exceptionDetails) throw new Error(`evaluation failed: ${result.description ?? expression}`)
    return result
  }

  /** Full garbage collection, then the heap in use, in bytes. */
  async heapUsedAfterGc(): Promise<number> {
    await this.call('HeapProfiler.collectGarbage')
    await this.call('HeapProfiler.collectGarbage')
    const { usedSize } = (await this.call('Runtime.getHeapUsage')) as { usedSize: number }
    return usedSize
  }

  /** The server's resident set size, in bytes. */
  rss(): Promise<number> {
    return this.#serial(async () => {
      const result = await this.#evaluate('process.memoryUsage.rss()')
      await this.call('Runtime.releaseObjectGroup', { objectGroup: GROUP })
      return result.value as number
    })
  }

  /**
   * Calls `fn` (source of a function of an array) on every live instance of `exportName` from
   * `specifier`, imported as the server imports it, and returns its result.
   */
  onInstances<T>(specifier: string, exportName: string, fn: string): Promise<T> {
    return this.#serial(() => this.#onInstances<T>(specifier, exportName, fn))
  }

  async #onInstances<T>(specifier: string, exportName: string, fn: string): Promise<T> {
    // Resolved from the server's entry point, through the main context's ESM loader.
    const from = path.join(repoRoot, 'server/src/main.ts')
    const source = `import(${JSON.stringify(specifier)}).then((m) => m[${JSON.stringify(exportName)}].prototype)`
    const prototype = await this.#evaluate(`(() => {
      const vm = process.getBuiltinModule('node:vm')
      return vm.runInThisContext(${JSON.stringify(source)}, {
        filename: ${JSON.stringify(from)},
        importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
      })
    })()`)
    try {
      const { objects } = (await this.call('Runtime.queryObjects', {
        prototypeObjectId: prototype.objectId,
        objectGroup: GROUP,
      })) as { objects: RemoteObject }
      const { result } = (await this.call('Runtime.callFunctionOn', {
        objectId: objects.objectId,
        functionDeclaration: `function () { return (${fn})(this) }`,
        returnByValue: true,
      })) as { result: RemoteObject }
      return result.value as T
    } finally {
      await this.call('Runtime.releaseObjectGroup', { objectGroup: GROUP })
    }
  }

  /** How many instances of the class are alive (after a collection, so garbage is not counted). */
  async countInstances(specifier: string, exportName: string): Promise<number> {
    await this.call('HeapProfiler.collectGarbage')
    return this.onInstances(specifier, exportName, '(all) => all.length')
  }

  close(): void {
    this.#socket.close()
  }
}
