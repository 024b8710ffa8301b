/**
 * Who is signed in, in which établissements, and what they may do in the current one.
 *
 * `/api/auth/me` is read once at start (the root layout's load waits for it), then kept up to
 * date by the forms that change it (sign-in, sign-up, joining, creating an établissement). The
 * current établissement lives in the URL (`/e/<etablissementId>/…`), never in this module, so a
 * link or a reload always means the same thing.
 */
import { goto } from '$app/navigation'
import { resolve } from '$app/paths'
import { page } from '$app/state'
import { MeSchema, type Me, type MembershipSummary, type User } from '@rouages/shared/api/auth'
import { can, type Action, type Role } from '@rouages/shared/roles'
import { ApiFailure, api, setUnauthenticatedHandler } from '#lib/api.ts'
import { collab } from '#lib/collab/connection.svelte.ts'
import { forgetPendingInvitation } from '#lib/invitations.ts'
import { loginPath } from '#lib/paths.ts'

/** `unknown` before the first answer; `unreachable` when the server could not be asked. */
export type SessionStatus = 'unknown' | 'signed-in' | 'signed-out' | 'unreachable'

class Session {
  #me = $state<Me | undefined>()
  #status = $state<SessionStatus>('unknown')
  #pending: Promise<SessionStatus> | undefined

  get status(): SessionStatus {
    return this.#status
  }

  get me(): Me | undefined {
    return this.#me
  }

  get user(): User | undefined {
    return this.#me?.user
  }

  get memberships(): MembershipSummary[] {
    return this.#me?.memberships ?? []
  }

  /** The établissement named by the URL, if any. */
  get etablissementId(): string | undefined {
    return (page.params as Record<string, string | undefined>).etablissementId
  }

  /** The signed-in person's membership in the établissement of the URL. */
  get current(): MembershipSummary | undefined {
    const id = this.etablissementId
    return id === undefined ? undefined : this.membership(id)
  }

  /** Their role in the current établissement. */
  get role(): Role | undefined {
    return this.current?.role
  }

  membership(etablissementId: string): MembershipSummary | undefined {
    return this.memberships.find((membership) => membership.etablissement.id === etablissementId)
  }

  /** Whether the current role allows `action` (the server checks again; the UI hides what fails). */
  can(action: Action): boolean {
    const role = this.role
    return role !== undefined && can(role, action)
  }

  /** Reads `/api/auth/me` unless already known. */
  ensure(): Promise<SessionStatus> {
    if (this.#status === 'signed-in' || this.#status === 'signed-out') return Promise.resolve(this.#status)
    return this.refresh()
  }

  /** Reads `/api/auth/me` again (memberships changed elsewhere). */
  refresh(): Promise<SessionStatus> {
    this.#pending ??= (async () => {
      try {
        this.signedIn(await api.get('/api/auth/me', MeSchema, { quiet401: true }))
      } catch (error) {
        if (error instanceof ApiFailure && error.status === 401) this.#forget()
        else if (this.#status === 'unknown') this.#status = 'unreachable'
      } finally {
        this.#pending = undefined
      }
      return this.#status
    })()
    return this.#pending
  }

  /** A form got a fresh `Me` from the server (sign-in, sign-up, joining…). */
  signedIn(me: Me): void {
    if (this.#me && this.#me.user.id !== me.user.id) collab.destroy()
    collab.keepLocalCopiesOf(me.user.id)
    this.#me = me
    this.#status = 'signed-in'
  }

  /**
   * Signs out on the server, forgets everything local (documents kept for offline work
   * included), then shows the sign-in page.
   */
  async signOut(): Promise<void> {
    try {
      await api.post('/api/auth/logout')
    } catch {
      // Already signed out, or the server is away: the local data is cleared all the same.
    }
    this.#forget()
    await collab.deleteLocalCopies()
    forgetPendingInvitation()
    await goto(resolve('/connexion'))
  }

  /**
   * The server said the session is over (expired, revoked by a password change elsewhere).
   * Local copies stay: their unsent edits are sent when the same person signs in again, and are
   * deleted if someone else does.
   */
  async expired(): Promise<void> {
    if (this.#status !== 'signed-in') return
    this.#forget()
    await goto(loginPath(page.url.pathname + page.url.search))
  }

  #forget(): void {
    this.#me = undefined
    this.#status = 'signed-out'
    collab.destroy()
  }
}

export const session = new Session()

setUnauthenticatedHandler(() => void session.expired())
