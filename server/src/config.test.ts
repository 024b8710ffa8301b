import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.ts'

describe('loadConfig', () => {
  it('has working defaults: SQLite under ./data on 127.0.0.1:3000', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      dataDir: path.resolve('./data'),
      databaseUrl: undefined,
      logLevel: 'info',
      sqliteSynchronous: 'NORMAL',
    })
    expect(config.appDir).toMatch(/app[/\\]build$/)
  })

  it('reads every variable it knows', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATA_DIR: '/var/lib/rouages',
      DATABASE_URL: 'postgres://rouages@db/rouages',
      PUBLIC_URL: 'https://rouages.lycee.fr/',
      LOG_LEVEL: 'debug',
      MAX_MESSAGE_BYTES: '2048',
      SQLITE_SYNCHRONOUS: 'FULL',
      APP_DIR: '',
      SHUTDOWN_TIMEOUT_MS: '500',
      SMTP_URL: 'smtps://rouages:secret@smtp.ac-lyon.fr:465',
      MAIL_FROM: 'Rouages <rouages@lycee.fr>',
      TRUST_PROXY: 'true',
      AUTH_ADDRESS_LIMIT: '50',
      MAX_UPLOAD_BYTES: '2048',
    })
    expect(config).toEqual({
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/var/lib/rouages',
      databaseUrl: 'postgres://rouages@db/rouages',
      publicUrl: 'https://rouages.lycee.fr',
      logLevel: 'debug',
      maxMessageBytes: 2048,
      sqliteSynchronous: 'FULL',
      appDir: undefined,
      shutdownTimeoutMs: 500,
      smtpUrl: 'smtps://rouages:secret@smtp.ac-lyon.fr:465',
      mailFrom: 'Rouages <rouages@lycee.fr>',
      trustProxy: true,
      authAddressLimit: 50,
      maxUploadBytes: 2048,
    })
  })

  it('treats an empty DATABASE_URL as embedded SQLite', () => {
    expect(loadConfig({ DATABASE_URL: '' }).databaseUrl).toBeUndefined()
  })

  it.each([
    [{ PORT: '-1' }, /^PORT: must be a whole number/],
    [{ PORT: '3.5' }, /^PORT: must be a whole number/],
    [{ MAX_MESSAGE_BYTES: '10' }, /^MAX_MESSAGE_BYTES: must be at least 1024/],
    [{ SQLITE_SYNCHRONOUS: 'OFF' }, /^SQLITE_SYNCHRONOUS: must be NORMAL or FULL/],
    [{ PUBLIC_URL: 'ftp://x.fr' }, /^PUBLIC_URL: must start with http/],
    [{ HOST: '' }, /^HOST: must not be empty/],
    [{ SMTP_URL: 'mail.example.fr' }, /^SMTP_URL: must be empty or an smtp/],
    [{ TRUST_PROXY: 'yes' }, /^TRUST_PROXY: must be true or false/],
  ])('names the variable at fault: %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError)
    expect(() => loadConfig(env)).toThrow(message)
  })

  it('ignores unrelated variables', () => {
    expect(() => loadConfig({ HOME: '/root', PATH: '/usr/bin' })).not.toThrow()
  })
})
