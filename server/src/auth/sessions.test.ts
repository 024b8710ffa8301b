import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStorage } from '../storage/open.ts'
import type { Storage } from '../storage/types.ts'
import { SessionStore } from './sessions.ts'

const DAY = 24 * 3600_000

describe('SessionStore (real SQLite, controlled clock)', () => {
  let dir: string
  let storage: Storage
  let now: Date
  let ended: string[]
  let sessions: SessionStore

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rouages-sessions-'))
    storage = await openStorage({ dataDir: dir })
    now = new Date('2026-09-01T08:00:00Z')
    ended = []
    sessions = new SessionStore(
      storage.db,
      () => now,
      (ids) => ended.push(...ids),
    )
    await storage.db
      .insertInto('app_user')
      .values({
        id: 'u1',
        email: 'a@b.fr',
        display_name: 'A',
        password_hash: 'x',
        email_verified_at: null,
        created_at: now.toISOString(),
      })
      .execute()
  })
  afterEach(async () => {
    await storage.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('stores only the hash of the token', async () => {
    const { token, session } = await sessions.create('u1')
    const rows = await storage.db.selectFrom('session').select('id').execute()
    expect(rows).toEqual([{ id: session.id }])
    expect(session.id).not.toContain(token)
  })

  it('expires after 30 days without use', async () => {
    const { token } = await sessions.create('u1')
    now = new Date(now.getTime() + 30 * DAY + 1)
    expect(await sessions.validate(token)).toBeUndefined()
    expect(await storage.db.selectFrom('session').selectAll().execute()).toEqual([])
  })

  it('slides: used in its last 15 days, it gets 30 more', async () => {
    const { token } = await sessions.create('u1')
    now = new Date(now.getTime() + 10 * DAY)
    expect((await sessions.validate(token))?.session.refreshed).toBe(false)
    now = new Date(now.getTime() + 10 * DAY)
    const refreshed = await sessions.validate(token)
    expect(refreshed?.session.refreshed).toBe(true)
    expect(refreshed?.session.expiresAt.getTime()).toBe(now.getTime() + 30 * DAY)
    now = new Date(now.getTime() + 29 * DAY)
    expect(await sessions.validate(token)).toBeDefined()
  })

  it('ends all of a user’s sessions but one, and says which ended', async () => {
    const a = await sessions.create('u1')
    const b = await sessions.create('u1')
    const c = await sessions.create('u1')
    await sessions.invalidateAllForUser('u1', b.session.id)
    expect(ended.sort()).toEqual([a.session.id, c.session.id].sort())
    expect(await sessions.validate(a.token)).toBeUndefined()
    expect(await sessions.validate(b.token)).toBeDefined()
  })
})
