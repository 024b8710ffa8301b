/**
 * An invitation followed before having an account: signing up may need a confirmation e-mail,
 * and the link in that e-mail opens a new page. The token is kept on this device until then, so
 * the person lands back on the invitation after confirming. Cleared on sign-out.
 */
const KEY = 'rouages.invitation-en-attente'

export function rememberPendingInvitation(token: string): void {
  try {
    localStorage.setItem(KEY, token)
  } catch {
    // Private browsing without storage: the person follows the invitation link again.
  }
}

export function pendingInvitation(): string | undefined {
  try {
    return localStorage.getItem(KEY) ?? undefined
  } catch {
    return undefined
  }
}

export function forgetPendingInvitation(): void {
  try {
    localStorage.removeItem(KEY)
  } catch {
    // Nothing stored.
  }
}
