import path from 'node:path'
import * as v from 'valibot'
import { DEFAULT_MAX_MESSAGE_BYTES } from '@rouages/shared/protocol'

/** Validated runtime configuration, read once from the environment at start. */
export interface Config {
  port: number
  host: string
  dataDir: string
  databaseUrl: string | undefined
  publicUrl: string | undefined
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  maxMessageBytes: number
  sqliteSynchronous: 'NORMAL' | 'FULL'
  /** Where the built app lives; `undefined` serves no pages (API and WebSocket only). */
  appDir: string | undefined
  /** How long a graceful shutdown waits for documents to be stored, in milliseconds. */
  shutdownTimeoutMs: number
  /** smtp(s)://user:pass@host:port; without it mails go to DATA_DIR/outbox. */
  smtpUrl: string | undefined
  mailFrom: string
  /** Behind a reverse proxy: take the client address from X-Forwarded-For (rate limits). */
  trustProxy: boolean
  /** Login, sign-up and reset attempts allowed per client address per 15 minutes. */
  authAddressLimit: number
  /** Largest preuve file accepted, in bytes. */
  maxUploadBytes: number
}

const integer = (min: number, max: number) =>
  v.pipe(
    v.string(),
    v.trim(),
    v.regex(/^\d+$/, 'must be a whole number'),
    v.transform(Number),
    v.minValue(min, `must be at least ${min}`),
    v.maxValue(max, `must be at most ${max}`),
  )

const httpUrl = v.pipe(
  v.string(),
  v.url('must be a URL such as https://rouages.example.fr'),
  v.check((s) => /^https?:\/\//.test(s), 'must start with http:// or https://'),
)

const EnvSchema = v.object({
  PORT: v.optional(integer(0, 65535), '3000'),
  HOST: v.optional(v.pipe(v.string(), v.minLength(1, 'must not be empty')), '127.0.0.1'),
  DATA_DIR: v.optional(v.pipe(v.string(), v.minLength(1, 'must not be empty')), './data'),
  DATABASE_URL: v.optional(
    v.pipe(
      v.string(),
      v.check(
        (s) => s === '' || /^postgres(ql)?:\/\//.test(s),
        'must be empty (embedded SQLite) or a postgres:// URL',
      ),
    ),
  ),
  PUBLIC_URL: v.optional(httpUrl),
  LOG_LEVEL: v.optional(
    v.picklist(
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      'must be one of fatal, error, warn, info, debug, trace, silent',
    ),
    'info',
  ),
  MAX_MESSAGE_BYTES: v.optional(integer(1024, 256 * 1024 * 1024), String(DEFAULT_MAX_MESSAGE_BYTES)),
  SQLITE_SYNCHRONOUS: v.optional(v.picklist(['NORMAL', 'FULL'], 'must be NORMAL or FULL'), 'NORMAL'),
  APP_DIR: v.optional(v.string()),
  SHUTDOWN_TIMEOUT_MS: v.optional(integer(0, 600_000), '10000'),
  SMTP_URL: v.optional(
    v.pipe(v.string(), v.regex(/^(smtps?:\/\/.+)?$/, 'must be empty or an smtp:// or smtps:// URL')),
  ),
  MAIL_FROM: v.optional(
    v.pipe(v.string(), v.minLength(3, 'must not be empty')),
    'Rouages <rouages@localhost>',
  ),
  TRUST_PROXY: v.optional(v.picklist(['true', 'false'], 'must be true or false'), 'false'),
  AUTH_ADDRESS_LIMIT: v.optional(integer(1, 1_000_000), '300'),
  MAX_UPLOAD_BYTES: v.optional(integer(1024, 100 * 1024 * 1024), String(10 * 1024 * 1024)),
})

/** A configuration error naming the variable at fault, printed as one line at start. */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

const defaultAppDir = path.resolve(import.meta.dirname, '../../app/build')

/** Reads and validates the configuration; throws a ConfigError naming the first bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const known = Object.fromEntries(
    Object.keys(EnvSchema.entries).flatMap((key) => (env[key] === undefined ? [] : [[key, env[key]]])),
  )
  const result = v.safeParse(EnvSchema, known)
  if (!result.success) {
    const issue = result.issues[0]
    const key = issue.path?.[0]?.key
    const name = typeof key === 'string' ? key : 'environment'
    throw new ConfigError(`${name}: ${issue.message} (got "${String(issue.input)}")`)
  }
  const e = result.output
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL || undefined,
    publicUrl: e.PUBLIC_URL?.replace(/\/$/, ''),
    logLevel: e.LOG_LEVEL,
    maxMessageBytes: e.MAX_MESSAGE_BYTES,
    sqliteSynchronous: e.SQLITE_SYNCHRONOUS,
    appDir: e.APP_DIR === undefined ? defaultAppDir : e.APP_DIR === '' ? undefined : path.resolve(e.APP_DIR),
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    smtpUrl: e.SMTP_URL || undefined,
    mailFrom: e.MAIL_FROM,
    trustProxy: e.TRUST_PROXY === 'true',
    authAddressLimit: e.AUTH_ADDRESS_LIMIT,
    maxUploadBytes: e.MAX_UPLOAD_BYTES,
  }
}
