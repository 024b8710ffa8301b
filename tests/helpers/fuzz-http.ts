import http from 'node:http'
import { int, pick, randomBytes, type Identity, type Rng } from './fuzz-frames.ts'

/**
 * A seeded generator of hostile HTTP requests against every route of the OpenAPI document, and
 * the judge of each answer (tests/integration/hostile-fuzz). Requests never form a valid change:
 * JSON bodies are always invalid for their route, and people who could act (the owner, a member,
 * a séance guest) only meet body-less changes (DELETE, POST …/fin) aimed at ids that are not
 * theirs. So whatever the server answers, nothing stored may change.
 */

interface JsonSchema {
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  oneOf?: JsonSchema[]
  anyOf?: JsonSchema[]
  enum?: unknown[]
  const?: unknown
  items?: JsonSchema
}

export interface Route {
  method: string
  /** OpenAPI path under /api, with {param} placeholders. */
  path: string
  body: 'json' | 'text' | 'multipart' | 'none'
  schema?: JsonSchema
}

interface OpenApi {
  paths: Record<
    string,
    Record<string, { requestBody?: { content: Record<string, { schema?: JsonSchema }> } }>
  >
}

/** Every operation the server documents (the OpenAPI test proves it lists every route). */
export function routesOf(spec: OpenApi): Route[] {
  return Object.entries(spec.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, op]): Route => {
      const content = op.requestBody?.content ?? {}
      const json = content['application/json']
      if (json)
        return {
          method: method.toUpperCase(),
          path,
          body: 'json',
          ...(json.schema ? { schema: json.schema } : {}),
        }
      if (content['multipart/form-data']) return { method: method.toUpperCase(), path, body: 'multipart' }
      if (content['text/plain']) return { method: method.toUpperCase(), path, body: 'text' }
      return { method: method.toUpperCase(), path, body: 'none' }
    }),
  )
}

/** Real ids of the test's world, and ids belonging to nobody. */
export interface HttpWorld {
  baseUrl: string
  cookies: Record<Identity, string | undefined>
  etablissementId: string
  foreignEtablissementId: string
  schoolYear: string
  seanceId: string
  ownerId: string
  readerId: string
  attackerId: string
  frameworkId: string
}

/** Identities that could really change something with a well-aimed request, and where. */
const HOME: Partial<Record<Identity, 'own' | 'foreign'>> = {
  owner: 'own',
  reader: 'own',
  guest: 'own',
  attacker: 'foreign',
}

const GARBAGE_IDS = [
  'x',
  '0',
  '-1',
  'a'.repeat(300),
  '..',
  '%2e%2e',
  '%2F',
  '%00',
  "1'%20OR%20'1'%3D'1",
  '%C3%A9t%C3%A9',
  '%F0%9F%92%A5',
  '%E2%80%AE',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  '%5Bobject%20Object%5D',
  '%25',
  'aaaaaaaaaaaaaaaaaaaaaaaa',
  'zzzzzzzzzzzzzzzzzzzzzzzz',
]

const PATH_TRICKS = [
  '/api/../etc/passwd',
  '/api/%2e%2e/%2e%2e/etc/passwd',
  '/api/..%2f..%2fetc%2fpasswd',
  '/_app/..%2f..%2f..%2fpackage.json',
  '/_app/immutable/../../../server/src/main.ts',
  '/favicon.svg/..%2f..%2f..%2fpackage.json',
  '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
  '//etc/passwd',
  '/api\\..\\..\\etc\\passwd',
  '/api/%zz',
  '/api/%',
  '/api/health%00',
  '/api/health;jsessionid=x',
  '/api//etablissements',
  '/api/etablissements/',
  '/API/auth/me',
  '/api/auth/me/',
  '/api/auth/me%2F',
  '/api/auth/./me',
  '/api/etablissements/%2F..%2F..%2Fauth%2Fme',
  '/api/%C0%AE%C0%AE/%C0%AE%C0%AE/etc/passwd',
  '/api/%EF%BC%8E%EF%BC%8E/etc/passwd',
  '/api/openapi.json/..',
  '/api/ready/../../../../etc/shadow',
  '/collab/../api/health',
  '/.env',
  '/.git/config',
  '/server/src/main.ts',
  '/node_modules/.package-lock.json',
]

export interface HostileRequest {
  method: string
  /** Exactly as written on the request line. */
  path: string
  headers: Record<string, string>
  body?: Buffer
  /** Category, for the summary. */
  kind: string
  /** Whether a 2xx/3xx is acceptable: safe methods, and logout (which changes nothing stored). */
  harmless: boolean
}

const ORIGINS = [
  'same',
  'same',
  'same',
  'none',
  'https://evil.example',
  'null',
  'http://',
  'http://127.0.0.1',
]
const JSON_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/vnd.api+json',
]
const WRONG_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/json; charset=utf-16',
  'application/xml',
  'image/png',
  '',
]
const BAD_JSON = [
  '{',
  '{"a":',
  'nul',
  '[]]',
  '{"a":1}{"b":2}',
  '{"a":1,}',
  'NaN',
  "{'a':1}",
  '\uFEFF{"a":',
  '"\\ud800"',
  '{"a":"\u0000"',
  '\u0000',
  '{"email":"x@y.fr","password":',
]

/** A value of a type the schema does not accept. */
function wrongValue(rng: Rng, schema: JsonSchema | undefined): unknown {
  const types = schema?.anyOf?.flatMap((s) => s.type ?? []) ?? [schema?.type ?? 'object'].flat()
  if (schema?.enum || schema?.const !== undefined)
    return pick(rng, ['pas-une-valeur', 42, null, ['owner'], { role: 'owner' }, 'OWNER'])
  const candidates: unknown[] = [
    ...(types.includes('string') ? [] : ['texte', 'x'.repeat(int(rng, 3000))]),
    ...(types.includes('number') || types.includes('integer') ? [] : [0, -1, 1.5, 1e308, 2 ** 53]),
    ...(types.includes('boolean') ? [] : [true, false]),
    ...(types.includes('null') ? [] : [null]),
    ...(types.includes('array') ? [] : [[], [1, 'a', null]]),
    ...(types.includes('object')
      ? []
      : [{}, JSON.parse('{"__proto__":{"admin":true}}') as unknown, { constructor: { prototype: {} } }]),
  ]
  return pick(rng, candidates)
}

/** Every property the schema (or any of its alternatives) names, with its schema. */
function propertiesOf(schema: JsonSchema | undefined): Array<[string, JsonSchema]> {
  if (!schema) return []
  const own = Object.entries(schema.properties ?? {})
  return [...own, ...(schema.oneOf ?? []).flatMap((s) => Object.entries(s.properties ?? {}))]
}

/** Whether `{}` is refused by the schema (so a body the server ignores still fails). */
function requiresSomething(schema: JsonSchema | undefined): boolean {
  if (!schema) return false
  if (schema.oneOf) return schema.oneOf.every((s) => (s.required?.length ?? 0) > 0)
  return (schema.required?.length ?? 0) > 0
}

/** A JSON body the route must refuse: bad JSON, a wrong top-level type, or every field mistyped. */
function invalidJsonBody(rng: Rng, schema: JsonSchema | undefined): { kind: string; text: string } {
  const roll = rng()
  if (roll < 0.25) return { kind: 'bad JSON', text: pick(rng, BAD_JSON) }
  if (roll < 0.45) {
    return {
      kind: 'JSON of the wrong type',
      text: pick(rng, ['null', '0', '-1', '1e309', '"texte"', 'true', '[]', '[{}]', '[[[[]]]]']),
    }
  }
  if (roll < 0.5) {
    const depth = 20_000 + int(rng, 100_000)
    return {
      kind: 'deeply nested JSON',
      text:
        rng() < 0.5 ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth),
    }
  }
  const body: Record<string, unknown> = {}
  const properties = propertiesOf(schema)
  for (const [name, property] of properties) body[name] = wrongValue(rng, property)
  if (properties.length === 0) return { kind: 'JSON of the wrong type', text: '[]' }
  if (rng() < 0.2) Object.defineProperty(body, '__proto__', { value: { isAdmin: true }, enumerable: true })
  if (rng() < 0.1) body.padding = 'x'.repeat(200_000 + int(rng, 700_000))
  return { kind: 'JSON of the wrong shape', text: JSON.stringify(body) }
}

/**
 * Fills a route's path parameters. `restricted` (a request that could act, from someone with a
 * home établissement) only uses ids that are not theirs: the other établissement and its people,
 * or ids that exist nowhere.
 */
function fillPath(
  rng: Rng,
  route: Route,
  world: HttpWorld,
  home: 'own' | 'foreign' | undefined,
  restricted: boolean,
): string {
  const own = home === 'foreign' ? world.foreignEtablissementId : world.etablissementId
  const other = home === 'foreign' ? world.etablissementId : world.foreignEtablissementId
  const otherPeople = home === 'foreign' ? [world.ownerId, world.readerId] : [world.attackerId]
  const real: Record<string, string[]> = restricted
    ? { etablissementId: [other], userId: otherPeople, schoolYear: [world.schoolYear] }
    : {
        etablissementId: [own, other],
        schoolYear: [world.schoolYear, '2024-2025', '2025-2027', 'abcd'],
        seanceId: [world.seanceId],
        userId: [world.ownerId, world.readerId, world.attackerId],
        frameworkId: [world.frameworkId],
      }
  return `/api${route.path.replace(/\{(\w+)\}/g, (_, param: string) => {
    const ids = real[param] ?? []
    return ids.length > 0 && rng() < 0.6 ? pick(rng, ids) : pick(rng, GARBAGE_IDS)
  })}`
}

/** A path of the route made strange: dot segments, encoded slashes, huge segments, case. */
function trickPath(rng: Rng, path: string): string {
  const roll = rng()
  if (roll < 0.35) return pick(rng, PATH_TRICKS)
  if (roll < 0.5) return `${path}/${pick(rng, ['..', '%2e%2e', '.', '%2F', '..%2F..%2F'])}`
  if (roll < 0.6) return path.replace('/api/', pick(rng, ['/api//', '/api/./', '/api/x/../', '/Api/']))
  if (roll < 0.7)
    return `${path}?${pick(rng, ['%zz', 'format=../../etc/passwd', '__proto__[admin]=1', 'a'.repeat(5000), 'format=pdf&format=docx', 'token=%00'])}`
  if (roll < 0.8) return `/api/${'a/'.repeat(1 + int(rng, 3000))}`
  if (roll < 0.9) return `${path}/${'x'.repeat(pick(rng, [4000, 15_000, 20_000, 70_000]))}`
  return `${path}${pick(rng, ['%00', '%0d%0aSet-Cookie:%20x=1', '%E2%80%AE', '%F0%9F%92%A5', ';', '#frag'])}`
}

const WRONG_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'PROPFIND', 'TRACE']

/** One hostile request: the route, who sends it, its body and headers, all from the PRNG. */
export function hostileRequest(rng: Rng, routes: Route[], world: HttpWorld): HostileRequest {
  const route = pick(rng, routes)
  const identity = pick(rng, [
    'none',
    'bogus',
    'owner',
    'reader',
    'guest',
    'attacker',
  ] as const satisfies readonly Identity[])
  // Logout is only ever sent without a valid session: it would end the honest clients' sessions.
  const isLogout = route.path === '/auth/logout'
  const sender: Identity = isLogout && HOME[identity] ? 'bogus' : identity
  const home = HOME[sender]
  const headers: Record<string, string> = {}
  const cookie = world.cookies[sender]
  if (cookie) headers.cookie = cookie
  const origin = pick(rng, ORIGINS)
  if (origin === 'same') headers.origin = world.baseUrl
  else if (origin !== 'none') headers.origin = origin
  if (rng() < 0.05) headers['sec-fetch-site'] = pick(rng, ['cross-site', 'same-site', 'none'])
  if (rng() < 0.03) headers.host = pick(rng, ['evil.example', 'localhost:1', '127.0.0.1'])
  if (rng() < 0.03) headers['x-forwarded-for'] = '1.2.3.4, 10.0.0.1'

  let kind = 'route'
  let method = route.method
  const roll = rng()
  if (roll < 0.12) {
    kind = 'path trick'
    if (rng() < 0.5) method = pick(rng, WRONG_METHODS)
  } else if (roll < 0.2) {
    kind = 'wrong method'
    method = pick(
      rng,
      WRONG_METHODS.filter((m) => m !== route.method),
    )
  } else if (roll < 0.24) {
    kind = 'huge body'
  }
  const safe = method === 'GET' || method === 'HEAD' || method === 'OPTIONS'
  // Real ids only where nothing can come of it: reads, or the route's own method with a body it
  // must refuse (JSON and JSON imports; a CSV import would replace a framework's descriptors).
  const validated =
    method === route.method &&
    (route.body === 'json' || (route.body === 'text' && !route.path.endsWith('/import.csv')))
  const restricted = home !== undefined && !safe && !validated
  let path = fillPath(rng, route, world, home, restricted)
  if (kind === 'path trick') path = trickPath(rng, path)

  let body: Buffer | undefined
  if (kind === 'huge body') {
    const size = 1024 * 1024 + 1 + int(rng, 200_000)
    body = Buffer.alloc(size, pick(rng, ['x', '{', ' ', '[']))
    headers['content-type'] = pick(rng, JSON_TYPES)
    if (rng() < 0.3) headers['transfer-encoding'] = 'chunked'
  }
  if (body === undefined && method !== 'GET' && method !== 'HEAD') {
    if (route.body === 'json') {
      const invalid = invalidJsonBody(rng, route.schema)
      if (kind === 'route') kind = invalid.kind
      body = Buffer.from(invalid.text)
      headers['content-type'] =
        requiresSomething(route.schema) && rng() < 0.25 ? pick(rng, WRONG_TYPES) : pick(rng, JSON_TYPES)
      if (headers['content-type'] === '') delete headers['content-type']
    } else if (route.body === 'text') {
      body = Buffer.from(
        pick(rng, [
          '',
          '{}',
          '[]',
          'null',
          '{"id":',
          'Critère;Descripteur\n;;;\n',
          '\u0000\u0001',
          '{"__proto__":{"a":1}}',
        ]),
      )
      headers['content-type'] = pick(rng, [
        'text/plain',
        'text/csv',
        'application/json',
        'application/octet-stream',
      ])
      if (kind === 'route') kind = 'bad import'
    } else if (route.body === 'multipart') {
      const boundary = pick(rng, ['xyz', '', 'a'.repeat(200), '--', 'é'])
      headers['content-type'] = pick(rng, [
        `multipart/form-data; boundary=${boundary}`,
        'multipart/form-data',
        'application/json',
        'text/plain',
      ])
      body = Buffer.concat([
        Buffer.from(`--other\r\nContent-Disposition: form-data; name="file"; filename="../../x"\r\n\r\n`),
        Buffer.from(randomBytes(rng, int(rng, 2000))),
        Buffer.from(rng() < 0.5 ? '\r\n--other--' : ''),
      ])
      if (kind === 'route') kind = 'bad upload'
    } else if (rng() < 0.3) {
      body = Buffer.from(pick(rng, BAD_JSON))
      headers['content-type'] = 'application/json'
    }
  }
  if (body && headers['transfer-encoding'] !== 'chunked') headers['content-length'] = String(body.length)
  const harmless =
    method === 'GET' || method === 'HEAD' || method === 'OPTIONS' || (isLogout && route.method === method)
  return { method, path, headers, ...(body ? { body } : {}), kind, harmless }
}

export interface HttpOutcome {
  status?: number
  contentType?: string
  body: string
  error?: string
}

/** Sends a request exactly as built (no URL normalisation), on its own connection. */
export function send(baseUrl: string, request: HostileRequest, timeoutMs = 15_000): Promise<HttpOutcome> {
  const { hostname, port } = new URL(baseUrl)
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: hostname,
        port,
        method: request.method,
        path: request.path,
        headers: request.headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = []
        let size = 0
        res.on('data', (chunk: Buffer) => {
          size += chunk.length
          if (size < 2_000_000) chunks.push(chunk)
        })
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            ...(res.headers['content-type'] ? { contentType: res.headers['content-type'] } : {}),
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        )
        res.on('error', (error) => resolve({ status: res.statusCode ?? 0, body: '', error: error.message }))
      },
    )
    req.setTimeout(timeoutMs, () => req.destroy(new Error('timed out')))
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ body: '', error: error.code ?? error.message }),
    )
    req.end(request.body)
  })
}

function headSize(request: HostileRequest): number {
  return (
    request.path.length +
    Object.entries(request.headers).reduce((n, [k, v]) => n + k.length + v.length + 4, 0)
  )
}

/** API error codes (server/src/http/errors.ts). */
const ERROR_CODES = new Set([
  'validation',
  'unauthenticated',
  'invalid-credentials',
  'invalid-token',
  'forbidden',
  'not-found',
  'conflict',
  'rate-limited',
  'csrf',
  'payload-too-large',
  'upgrade-required',
])

const LEAKS = [
  /root:x:0:0/,
  /"name":\s*"rouages"/,
  /startServer\(/,
  /\bat [^\n]*\((?:file:|\/|node:)[^\n]*:\d+:\d+\)/,
  /node_modules\//,
  /node:internal/,
  /DATABASE_URL|BEGIN [A-Z ]*PRIVATE KEY/,
]

/**
 * What makes an answer acceptable (the property the fuzz test asserts), or why it is not:
 * - the server answers, within the time limit, and never with a 5xx (a connection reset counts
 *   as an answer only for a request head over Node's 16 KB limit or a body over the API's);
 * - a request that could change something (any method but GET/HEAD/OPTIONS, logout aside) is
 *   refused with a 4xx: it was invalid by construction;
 * - an error under /api/ (after the URL is normalised as the server does) is the API's JSON error
 *   body `{ error: { status, code, message } }` with its own status and a known code, except an
 *   empty 400/431 written by the HTTP layer for a request line or headers it cannot parse (bad
 *   characters, a URL beyond the 16 KB header limit): those never reach the application;
 * - no body carries a stack trace, a file path, a secret or a file outside the app.
 */
export function judge(request: HostileRequest, outcome: HttpOutcome): string | undefined {
  if (outcome.status === undefined) {
    // Refusing what it will not read (a head over 16 KB, a body over the limit), the server
    // answers 431/413 and closes; a client still writing may see the reset before the answer.
    const reset = outcome.error === 'ECONNRESET' || outcome.error === 'EPIPE'
    if (reset && (headSize(request) > 16 * 1024 || request.kind === 'huge body')) return undefined
    return `no answer (${outcome.error})`
  }
  if (outcome.status >= 500) return `status ${outcome.status}`
  if (!request.harmless && outcome.status < 400) return `accepted with ${outcome.status}`
  for (const leak of LEAKS) if (leak.test(outcome.body)) return `body matches ${leak}`
  const apiPath = new URL(request.path.replace(/\\/g, '/'), 'http://x').pathname.startsWith('/api/')
  if (!apiPath || outcome.status < 400 || request.method === 'HEAD') return undefined
  if (outcome.body === '' && (outcome.status === 400 || outcome.status === 431)) return undefined
  if (!outcome.contentType?.startsWith('application/json'))
    return `error without JSON (${outcome.contentType})`
  let parsed: { error?: { status?: unknown; code?: unknown; message?: unknown } }
  try {
    parsed = JSON.parse(outcome.body) as typeof parsed
  } catch {
    return 'error body is not JSON'
  }
  const error = parsed.error
  if (error?.status !== outcome.status)
    return `error body status ${String(error?.status)} ≠ ${outcome.status}`
  if (typeof error.code !== 'string' || !ERROR_CODES.has(error.code))
    return `error code ${String(error.code)}`
  if (typeof error.message !== 'string' || error.message.length === 0) return 'error without message'
  return undefined
}
