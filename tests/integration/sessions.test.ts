import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CloseReason } from '@rouages/shared/protocol'
import {
  addMember,
  api,
  createEtablissement,
  linkMailedTo,
  ownerWithNotes,
  sessionCookie,
  signUp,
  uniqueEmail,
} from '../helpers/accounts.ts'
import { connectClient } from '../helpers/providers.ts'
import { openRawSocket } from '../helpers/raw-socket.ts'
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts'
import { waitUntil } from '../helpers/wait.ts'

const login = (server: ServerProcess, email: string, password: string, cookie?: string) =>
  api(server, '/auth/login', { body: { email, password }, cookie })
const meStatus = async (server: ServerProcess, cookie: string) =>
  (await api(server, '/auth/me', { cookie })).status

describe('sessions and protections', () => {
  let server: ServerProcess
  beforeAll(async () => {
    server = await startServerProcess()
    await signUp(server, 'Premier compte') // later accounts go through the confirmation mail
  })
  afterAll(async () => {
    await server.stop()
  })

  it('[A1] the session cookie is HttpOnly, SameSite=Lax, for the whole site', async () => {
    const account = await signUp(server)
    const res = await login(server, account.email, account.password)
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('rouages_session='))!
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Lax/i)
    expect(cookie).toMatch(/Path=\//)
  })

  it('[A2] logging in never keeps a session the client brought (no fixation)', async () => {
    const account = await signUp(server)
    const res = await login(server, account.email, account.password, account.cookie)
    const fresh = sessionCookie(res)
    expect(fresh).not.toBe(account.cookie)
    expect(await meStatus(server, account.cookie)).toBe(401)
    expect(await meStatus(server, fresh)).toBe(200)
  })

  it('[A3] an unknown or forged session token is refused', async () => {
    expect(await meStatus(server, 'rouages_session=abcdefghijklmnopqrstuvwxyz234567')).toBe(401)
    expect(await meStatus(server, 'rouages_session=')).toBe(401)
  })

  it('[A4] logout ends the session and closes its live documents', async () => {
    const { account, documentName } = await ownerWithNotes(server)
    const client = await connectClient(server.wsUrl, documentName, { cookie: account.cookie })
    let closed = false
    client.socket.on('disconnect', () => (closed = true))
    expect((await api(server, '/auth/logout', { cookie: account.cookie, body: {} })).status).toBe(204)
    expect(await meStatus(server, account.cookie)).toBe(401)
    await waitUntil(() => closed, { message: 'socket closed by logout' })
    client.destroy()
  })

  it('[A5] changing the password ends every other session, live sockets included', async () => {
    const { account, documentName } = await ownerWithNotes(server)
    const other = sessionCookie(await login(server, account.email, account.password))
    const client = await connectClient(server.wsUrl, documentName, { cookie: other })
    let closed = false
    client.socket.on('disconnect', () => (closed = true))
    const res = await api(server, '/auth/password', {
      cookie: account.cookie,
      body: { currentPassword: account.password, newPassword: 'un tout nouveau mot de passe' },
    })
    expect(res.status).toBe(200)
    const current = sessionCookie(res)
    expect(await meStatus(server, other)).toBe(401)
    expect(await meStatus(server, account.cookie)).toBe(401)
    expect(await meStatus(server, current)).toBe(200)
    await waitUntil(() => closed, { message: 'other session socket closed' })
    client.destroy()
    expect((await login(server, account.email, account.password)).status).toBe(401)
    expect((await login(server, account.email, 'un tout nouveau mot de passe')).status).toBe(200)
  })

  it('[A6] a wrong current password changes nothing', async () => {
    const account = await signUp(server)
    const res = await api(server, '/auth/password', {
      cookie: account.cookie,
      body: { currentPassword: 'pas le bon', newPassword: 'un tout nouveau mot de passe' },
    })
    expect(res.status).toBe(400)
    expect(await meStatus(server, account.cookie)).toBe(200)
  })

  it('[A7] a password reset link works once and ends every session', async () => {
    const account = await signUp(server)
    expect((await api(server, '/auth/password-reset', { body: { email: account.email } })).status).toBe(200)
    const token = new URL(await linkMailedTo(server, account.email, '/reinitialiser')).searchParams.get(
      'token',
    )
    const confirm = () =>
      api(server, '/auth/password-reset/confirm', { body: { token, password: 'mot de passe retrouvé' } })
    const first = await confirm()
    expect(first.status).toBe(200)
    expect(await meStatus(server, account.cookie)).toBe(401)
    expect(await meStatus(server, sessionCookie(first))).toBe(200)
    const again = await confirm()
    expect(again.status).toBe(400)
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('invalid-token')
  })

  it('[A8] answers reveal nothing about which addresses have accounts', async () => {
    const account = await signUp(server)
    const unknown = uniqueEmail('inconnu')
    const strip = async (res: Response) => ({ status: res.status, body: (await res.json()) as unknown })
    // Sign-up: the same answer for a taken and a free address.
    const taken = await strip(
      await api(server, '/auth/signup', {
        body: { email: account.email, password: 'un mot de passe solide', displayName: 'X' },
      }),
    )
    const free = await strip(
      await api(server, '/auth/signup', {
        body: { email: unknown, password: 'un mot de passe solide', displayName: 'X' },
      }),
    )
    expect(taken).toEqual(free)
    // Reset: the same.
    expect(
      await strip(await api(server, '/auth/password-reset', { body: { email: account.email } })),
    ).toEqual(
      await strip(await api(server, '/auth/password-reset', { body: { email: uniqueEmail('absent') } })),
    )
    // Login: a wrong password and an unknown address get the same error.
    expect(await strip(await login(server, account.email, 'mauvais mot de passe'))).toEqual(
      await strip(await login(server, uniqueEmail('absent'), 'mauvais mot de passe')),
    )
    // An unconfirmed account cannot sign in.
    expect((await login(server, unknown, 'un mot de passe solide')).status).toBe(401)
  })

  it('[A9] login attempts on one account are limited, with Retry-After', async () => {
    const account = await signUp(server)
    const statuses: number[] = []
    for (let i = 0; i < 11; i++) statuses.push((await login(server, account.email, `essai ${i}`)).status)
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true)
    const limited = await login(server, account.email, account.password)
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('rate-limited')
  })

  it('[A10] state-changing requests from another site are refused (CSRF)', async () => {
    const account = await signUp(server)
    const foreign = await api(server, '/etablissements', {
      cookie: account.cookie,
      origin: 'https://site-malveillant.example',
      body: { uai: '0420034J', name: 'Piège', academie: 'Lyon' },
    })
    expect(foreign.status).toBe(403)
    expect(((await foreign.json()) as { error: { code: string } }).error.code).toBe('csrf')
    const crossSite = await fetch(`${server.url}/api/auth/logout`, {
      method: 'POST',
      headers: { cookie: account.cookie, 'sec-fetch-site': 'cross-site' },
    })
    expect(crossSite.status).toBe(403)
    expect(await meStatus(server, account.cookie)).toBe(200)
  })

  it('[A11] a WebSocket upgrade from another site is refused', async () => {
    const { account } = await ownerWithNotes(server)
    const error = await openRawSocket(server.wsUrl, {
      cookie: account.cookie,
      origin: 'https://site-malveillant.example',
    }).then(
      () => 'opened',
      (e: Error) => e.message,
    )
    expect(error).toMatch(/403/)
    const same = await openRawSocket(server.wsUrl, { cookie: account.cookie, origin: server.url })
    same.ws.close()
  })

  it('[A12] a malformed or oversized body gets a clear 400, nothing is created', async () => {
    const account = await signUp(server)
    const bad = await fetch(`${server.url}/api/etablissements`, {
      method: 'POST',
      headers: { cookie: account.cookie, origin: server.url, 'content-type': 'application/json' },
      body: '{"uai": "0420034J", "name": ',
    })
    expect(bad.status).toBe(400)
    const invalid = await api(server, '/etablissements', {
      cookie: account.cookie,
      body: { uai: '42', name: 'L', academie: 'Atlantide' },
    })
    expect(invalid.status).toBe(400)
    const { error } = (await invalid.json()) as { error: { code: string; message: string } }
    expect(error.code).toBe('validation')
    expect(error.message).toContain('uai')
    expect(error.message).toContain('académie inconnue')
    expect(await (await api(server, '/etablissements', { cookie: account.cookie })).json()).toEqual([])
  })

  it('[A13] a removed member loses the live document at once', async () => {
    const { account: owner, etablissement, documentName } = await ownerWithNotes(server)
    const member = await addMember(server, owner, etablissement.id, 'contributor')
    const client = await connectClient(server.wsUrl, documentName, { cookie: member.cookie })
    let closedWith = ''
    client.socket.on('close', ({ event }: { event: { reason: string } }) => (closedWith ||= event.reason))
    const res = await api(server, `/etablissements/${etablissement.id}/members/${member.me.user.id}`, {
      method: 'DELETE',
      cookie: owner.cookie,
    })
    expect(res.status).toBe(204)
    await waitUntil(() => closedWith !== '', { message: 'socket closed' })
    expect(closedWith).toBe(CloseReason.AccessChanged.reason)
    client.destroy()
  })

  it('[A14] a role change or a removal applies to the very next request (nothing stale is cached)', async () => {
    const owner = await signUp(server)
    const etablissement = await createEtablissement(server, owner)
    const member = await addMember(server, owner, etablissement.id, 'contributor')
    const base = `/etablissements/${etablissement.id}`
    const status = async (path: string) => (await api(server, path, { cookie: member.cookie })).status
    // Twice each: the second answer comes from whatever the server kept from the first.
    for (let i = 0; i < 2; i++) expect(await status(`${base}/members`)).toBe(200)
    const demoted = await api(server, `${base}/members/${member.me.user.id}`, {
      method: 'PATCH',
      cookie: owner.cookie,
      body: { role: 'reviewer' },
    })
    expect(demoted.status).toBe(200)
    expect(await status(`${base}/members`)).toBe(403)
    expect(await status(base)).toBe(200)
    const removed = await api(server, `${base}/members/${member.me.user.id}`, {
      method: 'DELETE',
      cookie: owner.cookie,
    })
    expect(removed.status).toBe(204)
    expect(await status(base)).toBe(404)
    expect(await meStatus(server, member.cookie)).toBe(200)
    expect((await api(server, '/auth/logout', { cookie: member.cookie, body: {} })).status).toBe(204)
    expect(await meStatus(server, member.cookie)).toBe(401)
  })
})
