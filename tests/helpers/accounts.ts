import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Me } from '@rouages/shared/api/auth'
import type { Etablissement } from '@rouages/shared/api/etablissements'
import { notesDocumentName } from '@rouages/shared/document-names'
import type { ServerProcess } from './server-process.ts'
import { waitUntil } from './wait.ts'

export interface Account {
  email: string
  password: string
  /** The Cookie header value that carries the session. */
  cookie: string
  me: Me
}

interface ApiOptions {
  method?: string
  body?: unknown
  cookie?: string | undefined
  /** Defaults to the server's own origin, as a browser on the app would send. */
  origin?: string | null
}

/** Calls the API as the app does: JSON, same-origin Origin header, the session cookie. */
export async function api(server: ServerProcess, route: string, options: ApiOptions = {}): Promise<Response> {
  const headers: Record<string, string> = {}
  if (options.body !== undefined) headers['content-type'] = 'application/json'
  if (options.cookie) headers.cookie = options.cookie
  const origin = options.origin === undefined ? server.url : options.origin
  if (origin !== null) headers.origin = origin
  return fetch(`${server.url}/api${route}`, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  })
}

/** The session cookie a response set, as a Cookie header value. */
export function sessionCookie(response: Response): string {
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('rouages_session='))
  if (!cookie) throw new Error(`no session cookie in the response (${response.status})`)
  return cookie.split(';')[0]!
}

/** The most recent link mailed to `to`, read from the server's outbox (no SMTP in tests). */
export async function linkMailedTo(server: ServerProcess, to: string, pathPrefix: string): Promise<string> {
  const outbox = path.join(server.dataDir, 'outbox')
  let link: string | undefined
  await waitUntil(
    async () => {
      const files = (await readdir(outbox).catch(() => [])).sort().reverse()
      for (const file of files) {
        const mail = await readFile(path.join(outbox, file), 'utf8')
        if (!mail.includes(`To: ${to}\n`)) continue
        link = new RegExp(`https?://\\S+${pathPrefix}\\S+`).exec(mail)?.[0]
        if (link) return true
      }
      return false
    },
    { message: `a mail to ${to} with a ${pathPrefix} link` },
  )
  return link!
}

let counter = 0
/** A unique address per call. */
export const uniqueEmail = (name = 'personne') =>
  `${name}.${process.pid}.${Date.now()}.${counter++}@lycee-test.fr`

/** A UAI of the right form (7 digits and a letter) that is unique enough for a test run. */
export const randomUai = () =>
  `${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}${'ABCDEFGHJKLMNPRSTUVWXYZ'[Math.floor(Math.random() * 23)]}`

/** Creates a confirmed account: directly if first, else through the e-mailed confirmation link. */
export async function signUp(
  server: ServerProcess,
  displayName = 'Claire Martin',
  email = uniqueEmail(),
): Promise<Account> {
  const password = 'un mot de passe solide'
  const res = await api(server, '/auth/signup', { body: { email, password, displayName } })
  if (!res.ok) throw new Error(`signup failed: ${res.status} ${await res.text()}`)
  const { signedIn } = (await res.json()) as { signedIn: boolean }
  let cookie: string
  if (signedIn) {
    cookie = sessionCookie(res)
  } else {
    const link = await linkMailedTo(server, email, '/confirmer')
    const token = new URL(link).searchParams.get('token')
    const verified = await api(server, '/auth/verify', { body: { token } })
    if (!verified.ok) throw new Error(`verify failed: ${verified.status} ${await verified.text()}`)
    cookie = sessionCookie(verified)
  }
  const me = (await (await api(server, '/auth/me', { cookie })).json()) as Me
  return { email, password, cookie, me }
}

/** Creates an établissement owned by `account`. */
export async function createEtablissement(
  server: ServerProcess,
  account: Account,
  name = 'Lycée des métiers Test',
): Promise<Etablissement> {
  const res = await api(server, '/etablissements', {
    cookie: account.cookie,
    body: { uai: randomUai(), name, academie: 'Lyon' },
  })
  if (res.status !== 201) throw new Error(`create établissement failed: ${res.status} ${await res.text()}`)
  return (await res.json()) as Etablissement
}

/** A signed-in owner with an établissement and the name of its notepad document. */
export async function ownerWithNotes(server: ServerProcess, owner?: Account) {
  const account = owner ?? (await signUp(server))
  const etablissement = await createEtablissement(server, account)
  return { account, etablissement, documentName: notesDocumentName(etablissement.id) }
}

/** Invites `email` with `role` and has them accept, returning their account. */
export async function addMember(
  server: ServerProcess,
  owner: Account,
  etablissementId: string,
  role: string,
  name = 'Membre',
) {
  const member = await signUp(server, name)
  const res = await api(server, `/etablissements/${etablissementId}/invitations`, {
    cookie: owner.cookie,
    body: { role },
  })
  if (res.status !== 201) throw new Error(`invite failed: ${res.status} ${await res.text()}`)
  const { link } = (await res.json()) as { link: string }
  const token = link.split('/invitation/')[1]
  const accepted = await api(server, `/invitations/${token}/accept`, { cookie: member.cookie, body: {} })
  if (!accepted.ok) throw new Error(`accept failed: ${accepted.status} ${await accepted.text()}`)
  return member
}
