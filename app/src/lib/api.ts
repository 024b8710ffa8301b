/**
 * The one way the app talks to `/api`: same-origin JSON with the session cookie, answers checked
 * against the shared schemas, and every failure turned into an `ApiFailure` whose `message` is a
 * French sentence to show as is (the server writes it; network failures get ours).
 */
import * as v from 'valibot'
import { ApiErrorSchema } from '@rouages/shared/api/common'
import { m } from '#lib/paraglide/messages.js'

export type ApiErrorCode =
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'rate-limited'
  | 'invalid-credentials'
  | 'invalid-token'
  | 'network'
  | 'bad-response'
  | (string & {})

export class ApiFailure extends Error {
  readonly status: number
  readonly code: ApiErrorCode
  /** Seconds to wait before trying again (429 only). */
  readonly retryAfter: number | undefined

  constructor(status: number, code: ApiErrorCode, message: string, retryAfter?: number) {
    super(message)
    this.name = 'ApiFailure'
    this.status = status
    this.code = code
    this.retryAfter = retryAfter
  }
}

/** Called when the session ended under our feet (401 on an authenticated request). */
let onUnauthenticated: (() => void) | undefined
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
type AnySchema = v.GenericSchema

interface RequestOptions<S extends AnySchema | undefined> {
  body?: unknown
  /** The expected answer; omit for 204 answers. */
  schema?: S
  /** Do not report a 401 to the session (sign-in forms, the initial `me`). */
  quiet401?: boolean
}

function retryAfterSeconds(response: Response): number | undefined {
  const header = response.headers.get('retry-after')
  if (!header) return undefined
  const seconds = Number(header)
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds))
  const date = Date.parse(header)
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000))
}

async function failureFrom(response: Response): Promise<ApiFailure> {
  const retryAfter = retryAfterSeconds(response)
  let body: unknown
  try {
    body = await response.json()
  } catch {
    body = undefined
  }
  const parsed = v.safeParse(ApiErrorSchema, body)
  if (parsed.success) {
    const { code, message } = parsed.output.error
    return new ApiFailure(response.status, code, message, retryAfter)
  }
  const code = response.status === 404 ? 'not-found' : response.status === 429 ? 'rate-limited' : 'http'
  return new ApiFailure(response.status, code, m.error_unexpected({ status: response.status }), retryAfter)
}

export async function request<S extends AnySchema | undefined = undefined>(
  method: Method,
  path: string,
  options: RequestOptions<S> = {},
): Promise<S extends AnySchema ? v.InferOutput<S> : undefined> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json' } }
  if (options.body !== undefined) {
    init.headers = { accept: 'application/json', 'content-type': 'application/json' }
    init.body = JSON.stringify(options.body)
  } else if (method !== 'GET') {
    // Mutations always say JSON, even without a body, so the server's CSRF check is satisfied.
    init.headers = { accept: 'application/json', 'content-type': 'application/json' }
  }
  let response: Response
  try {
    response = await fetch(path, init)
  } catch {
    throw new ApiFailure(0, 'network', m.error_network())
  }
  if (!response.ok) {
    const failure = await failureFrom(response)
    if (failure.status === 401 && failure.code === 'unauthenticated' && !options.quiet401)
      onUnauthenticated?.()
    throw failure
  }
  if (!options.schema) return undefined as never
  let body: unknown
  try {
    body = await response.json()
  } catch {
    throw new ApiFailure(response.status, 'bad-response', m.error_bad_response())
  }
  const parsed = v.safeParse(options.schema, body)
  if (!parsed.success) {
    console.error(`Unexpected answer from ${method} ${path}`, v.flatten(parsed.issues), body)
    throw new ApiFailure(response.status, 'bad-response', m.error_bad_response())
  }
  return parsed.output as never
}

/** A binary answer (a bilan's frozen document), with the same failures as JSON requests. */
async function bytes(path: string): Promise<Uint8Array> {
  let response: Response
  try {
    response = await fetch(path, { credentials: 'same-origin' })
  } catch {
    throw new ApiFailure(0, 'network', m.error_network())
  }
  if (!response.ok) {
    const failure = await failureFrom(response)
    if (failure.status === 401 && failure.code === 'unauthenticated') onUnauthenticated?.()
    throw failure
  }
  try {
    return new Uint8Array(await response.arrayBuffer())
  } catch {
    throw new ApiFailure(0, 'network', m.error_network())
  }
}

export const api = {
  get: <S extends AnySchema>(path: string, schema: S, options: Omit<RequestOptions<S>, 'schema'> = {}) =>
    request('GET', path, { ...options, schema }),
  bytes,
  post: <S extends AnySchema | undefined = undefined>(
    path: string,
    body?: unknown,
    options: RequestOptions<S> = {},
  ) => request('POST', path, { ...options, body }),
  patch: <S extends AnySchema | undefined = undefined>(
    path: string,
    body?: unknown,
    options: RequestOptions<S> = {},
  ) => request('PATCH', path, { ...options, body }),
  put: <S extends AnySchema | undefined = undefined>(
    path: string,
    body?: unknown,
    options: RequestOptions<S> = {},
  ) => request('PUT', path, { ...options, body }),
  delete: (path: string) => request('DELETE', path),
}

/** The sentence to show for any thrown value; a 429 also says how long to wait. */
export function failureMessage(error: unknown): string {
  if (error instanceof ApiFailure) {
    if (error.code === 'rate-limited' && error.retryAfter !== undefined) {
      const minutes = Math.max(1, Math.ceil(error.retryAfter / 60))
      return `${error.message} ${m.error_retry_after({ minutes })}`
    }
    return error.message
  }
  console.error(error)
  return m.error_network()
}

/** `/api/…` paths with their segments encoded. */
export function apiPath(strings: TemplateStringsArray, ...values: string[]): string {
  return strings.reduce(
    (path, part, index) =>
      path + part + (index < values.length ? encodeURIComponent(values[index] ?? '') : ''),
    '',
  )
}
