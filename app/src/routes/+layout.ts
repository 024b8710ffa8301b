import { session } from '#lib/session.svelte.ts'

// A client-rendered app: the server serves build/200.html for every page URL, and the page
// needs the browser anyway (WebSocket, locale from cookie and navigator).
export const ssr = false
export const prerender = false

/** Every page knows whether someone is signed in before it renders (one `/api/auth/me`). */
export async function load(): Promise<void> {
  await session.ensure()
}
