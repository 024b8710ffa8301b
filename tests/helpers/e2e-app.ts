/**
 * The app as a person uses it, for the browser suite: signing up and in through the real forms,
 * reading the e-mails the server writes to DATA_DIR/outbox, finding the notepad and the sync state.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { waitUntil } from './wait.ts'

export const POLL = { timeout: 15_000, interval: 50 }

export interface Person {
  name: string
  email: string
  password: string
}

export interface Mail {
  file: string
  to: string
  subject: string
  text: string
}

/** Every mail written to `<dataDir>/outbox`, oldest first (file names start with the time). */
export function outbox(dataDir: string): Mail[] {
  const folder = path.join(dataDir, 'outbox')
  if (!existsSync(folder)) return []
  return readdirSync(folder)
    .filter((name) => name.endsWith('.eml'))
    .sort()
    .map((name) => {
      const raw = readFileSync(path.join(folder, name), 'utf8')
      const [head = '', ...body] = raw.split('\n\n')
      const header = (field: string) => new RegExp(`^${field}: (.*)$`, 'im').exec(head)?.[1]?.trim() ?? ''
      return { file: name, to: header('To'), subject: header('Subject'), text: body.join('\n\n') }
    })
}

/**
 * Waits for a mail to `to` whose text holds a link to `pathname` (e.g. `/invitation/`), and
 * returns that link. Mails already seen (`after` files) are skipped.
 */
export async function linkFromMail(
  dataDir: string,
  to: string,
  pathname: string,
  after: ReadonlySet<string> = new Set(),
): Promise<string> {
  let link: string | undefined
  const pattern = new RegExp(`https?://\\S*${pathname.replace(/[/?]/g, '\\$&')}\\S*`)
  await waitUntil(
    () => {
      for (const mail of outbox(dataDir)) {
        if (after.has(mail.file) || mail.to !== to) continue
        const found = pattern.exec(mail.text)?.[0]
        if (found) link = found
      }
      return link !== undefined
    },
    { timeoutMs: 15_000, message: `a mail to ${to} with a ${pathname} link` },
  )
  return link as string
}

/** The names of the mails already in the outbox (to wait for a newer one). */
export function seenMails(dataDir: string): Set<string> {
  return new Set(outbox(dataDir).map((mail) => mail.file))
}

/** A French-speaking visitor in a browser profile of their own. */
export async function newVisitor(
  browser: Browser,
  viewport = { width: 1280, height: 800 },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'fr-FR', viewport })
  const page = await context.newPage()
  return { context, page }
}

/** The header's sync indicator (the only element with that attribute). */
export const syncIndicator = (page: Page): Locator => page.locator('[data-sync-state]')
export const syncState = (page: Page): Promise<string | null> =>
  syncIndicator(page).getAttribute('data-sync-state')
export const notepad = (page: Page): Locator => page.getByLabel('Bloc-notes de l’équipe')

/** The app's path, without origin (to compare with expectations). */
export const pathOf = (page: Page): string => new URL(page.url()).pathname

/** Fills the sign-up form (already open) and sends it. */
export async function fillSignup(page: Page, person: Person): Promise<void> {
  await page.getByLabel('Nom affiché').fill(person.name)
  const email = page.getByLabel('Adresse e-mail')
  if ((await email.inputValue()) !== person.email) await email.fill(person.email)
  await page.getByLabel('Mot de passe', { exact: true }).fill(person.password)
  await page.getByRole('button', { name: /^Créer mon compte/ }).click()
}

/** Signs in through the sign-in page. */
export async function signIn(page: Page, baseUrl: string, person: Person): Promise<void> {
  await page.goto(`${baseUrl}/connexion`)
  await page.getByLabel('Adresse e-mail').fill(person.email)
  await page.getByLabel('Mot de passe', { exact: true }).fill(person.password)
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click()
}

/** Creates an établissement with the form on the page (first run or picker). */
export async function fillEtablissement(
  page: Page,
  etablissement: { uai: string; name: string; academie: string },
): Promise<void> {
  await page.getByLabel('Code UAI').fill(etablissement.uai)
  await page.getByLabel('Nom de l’établissement').fill(etablissement.name)
  await page.getByLabel('Académie').selectOption(etablissement.academie)
  await page.getByRole('button', { name: 'Créer l’établissement' }).click()
}

/**
 * The first account of a fresh installation (signed in at once) and its établissement, through
 * the first-run screens. Leaves the page on the établissement's home; returns its id.
 */
export async function firstRun(
  page: Page,
  baseUrl: string,
  owner: Person,
  etablissement: { uai: string; name: string; academie: string },
): Promise<string> {
  await page.goto(`${baseUrl}/inscription`)
  await fillSignup(page, owner)
  await page.getByRole('heading', { name: 'Bienvenue !' }).waitFor()
  await fillEtablissement(page, etablissement)
  await page.getByRole('heading', { level: 1, name: etablissement.name }).waitFor()
  const match = /^\/e\/([a-z2-7]+)$/.exec(pathOf(page))
  if (!match?.[1]) throw new Error(`not on an établissement home: ${page.url()}`)
  return match[1]
}

/**
 * Invites someone from the Members page (already open) and returns the link shown once; with an
 * e-mail address the server also mails it.
 */
export async function invite(page: Page, options: { email?: string; role: string }): Promise<string> {
  if (options.email) await page.getByLabel(/^Adresse e-mail/).fill(options.email)
  await page.getByLabel('Rôle', { exact: true }).selectOption({ label: options.role })
  await page
    .getByRole('button', { name: options.email ? 'Envoyer l’invitation' : 'Créer un lien d’invitation' })
    .click()
  const link = page.getByLabel('Lien d’invitation')
  await link.waitFor()
  return link.inputValue()
}
