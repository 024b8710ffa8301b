/**
 * Offline work (F1) in a real browser: edits made without a network are kept in IndexedDB, reach
 * the server when the connection returns — even from a tab closed in the meantime — and nothing of
 * them stays in the browser after signing out.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assertAppBuilt, chromiumForTests, launchChromium } from '../helpers/browser.ts'
import { POLL, firstRun, newVisitor, pathOf, signIn, syncIndicator, syncState } from '../helpers/e2e-app.ts'
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts'

const chromiumPath = chromiumForTests()

const owner = {
  name: 'Nadia Roche',
  email: 'nadia.roche@lycee-exemple.fr',
  password: 'la wifi tombe souvent',
}
const etablissement = { uai: '0130001A', name: 'Lycée des métiers de la mer', academie: 'Aix-Marseille' }
const YEAR = '2025-2026'
const SYNTHESIS = 'Synthèse du critère 4'

/** Names of the IndexedDB databases Rouages keeps in this browser profile. */
const localDatabases = (page: Page): Promise<string[]> =>
  page.evaluate(async () =>
    (await indexedDB.databases()).flatMap(({ name }) => (name?.startsWith('rouages:') ? [name] : [])),
  )

/** How many updates y-indexeddb holds in a database (each edit adds one until it compacts). */
const storedUpdates = (page: Page, database: string): Promise<number> =>
  page.evaluate(
    (name) =>
      new Promise<number>((resolve, reject) => {
        const request = indexedDB.open(name)
        request.onerror = () => reject(new Error(String(request.error)))
        request.onsuccess = () => {
          const db = request.result
          const count = db.transaction('updates', 'readonly').objectStore('updates').count()
          count.onerror = () => reject(new Error(String(count.error)))
          count.onsuccess = () => {
            resolve(count.result)
            db.close()
          }
        }
      }),
    database,
  )

describe.skipIf(chromiumPath === undefined)('offline work in a real browser', () => {
  let server: ServerProcess
  let browser: Browser
  let contextA: BrowserContext
  let pageA: Page
  let pageB: Page
  let gridUrl: string

  async function openGrid(page: Page): Promise<void> {
    await page.goto(gridUrl)
    await page.getByRole('heading', { level: 1, name: `Autodiagnostic ${YEAR}` }).waitFor()
    await page.locator('[data-sync-state="synced"]').waitFor()
  }

  beforeAll(async () => {
    assertAppBuilt()
    server = await startServerProcess()
    if (chromiumPath === undefined) throw new Error('unreachable: the suite is skipped without Chromium')
    browser = await launchChromium(chromiumPath)
    ;({ context: contextA, page: pageA } = await newVisitor(browser))
    await pageA.clock.setSystemTime(new Date('2026-03-10T10:00:00'))
    const etablissementId = await firstRun(pageA, server.url, owner, etablissement)
    await pageA.getByRole('link', { name: 'Autodiagnostic' }).click()
    await pageA.getByLabel('Année scolaire', { exact: true }).selectOption(YEAR)
    await pageA.getByRole('button', { name: 'Ouvrir l’année' }).click()
    gridUrl = `${server.url}/e/${etablissementId}/annees/${YEAR}`
    await openGrid(pageA)
    // A criterion's synthesis is offered once it has a descriptor.
    await pageA.getByRole('button', { name: /^Ajouter un descripteur — critère 4$/ }).click()
    await pageA.getByLabel('Nouveau descripteur du critère 4').fill('Des partenariats avec le port')
    await pageA.getByLabel('Nouveau descripteur du critère 4').press('Enter')
    await pageA.getByRole('button', { name: 'Terminer' }).click()
    await pageA.getByLabel(SYNTHESIS).waitFor()
    // The same person on another computer, watching what reaches the server.
    const other = await newVisitor(browser)
    pageB = other.page
    await signIn(pageB, server.url, owner)
    await pageB.getByRole('heading', { level: 1, name: etablissement.name }).waitFor()
    await openGrid(pageB)
  })

  afterAll(async () => {
    await browser?.close()
    if (server) expect(await server.stop()).toBe(0)
  })

  it('keeps an edit made offline in a tab closed before the network returns, and sends it once', async () => {
    await expect
      .poll(() => localDatabases(pageA), POLL)
      .toContainEqual(expect.stringMatching(/^rouages:[^:]+:etab:[^:]+:annee:2025-2026$/))

    const [database] = (await localDatabases(pageA)).filter((name) => name.endsWith(':annee:2025-2026'))
    if (!database) throw new Error('the year has a local copy')
    const storedBefore = await storedUpdates(pageA, database)
    await contextA.setOffline(true)
    await expect.poll(() => syncState(pageA), POLL).toBe('offline')
    await pageA.getByLabel(SYNTHESIS).fill('Écrit sans réseau, au fond de l’atelier.')
    await expect
      .poll(() => syncIndicator(pageA).innerText(), POLL)
      .toMatch(/^Hors ligne — [1-9]\d* modifications? en attente$/)
    // The edit is in IndexedDB before the tab goes away.
    await expect.poll(() => storedUpdates(pageA, database), POLL).toBeGreaterThan(storedBefore)
    await pageA.close()
    await expect(pageB.getByLabel(SYNTHESIS).inputValue()).resolves.toBe('')

    await contextA.setOffline(false)
    pageA = await contextA.newPage()
    await pageA.goto(gridUrl)
    await expect
      .poll(() => pageB.getByLabel(SYNTHESIS).inputValue(), POLL)
      .toBe('Écrit sans réseau, au fond de l’atelier.')
    await expect
      .poll(() => pageA.getByLabel(SYNTHESIS).inputValue(), POLL)
      .toBe('Écrit sans réseau, au fond de l’atelier.')
    await expect.poll(() => syncState(pageA), POLL).toBe('synced')
  })

  it('reaches a browser that opens the grid afterwards, from the server', async () => {
    const { page } = await newVisitor(browser)
    await signIn(page, server.url, owner)
    await page.getByRole('heading', { level: 1, name: etablissement.name }).waitFor()
    await openGrid(page)
    await expect(page.getByLabel(SYNTHESIS).inputValue()).resolves.toBe(
      'Écrit sans réseau, au fond de l’atelier.',
    )
    await page.context().close()
  })

  it('warns before signing out with unsent edits, and leaves nothing in the browser after', async () => {
    await contextA.setOffline(true)
    await expect.poll(() => syncState(pageA), POLL).toBe('offline')
    await pageA.getByLabel(SYNTHESIS).fill('Brouillon jamais envoyé.')
    await pageA.getByRole('button', { name: /Nadia Roche/ }).click()
    await pageA.getByRole('button', { name: 'Se déconnecter' }).click()
    await pageA
      .getByRole('alert')
      .filter({ hasText: 'seront perdues' })
      .or(pageA.getByRole('alert').filter({ hasText: 'sera perdue' }))
      .waitFor()
    await pageA.getByRole('button', { name: 'Se déconnecter quand même' }).click()
    await expect.poll(() => pathOf(pageA), POLL).toBe('/connexion')

    await expect.poll(() => localDatabases(pageA), POLL).toEqual([])
    await expect(pageA.evaluate(() => localStorage.getItem('rouages:local-documents'))).resolves.toBeNull()
    await contextA.setOffline(false)
    // The discarded draft never reached anyone: wait for A's next page to be back online, then look.
    await expect.poll(() => syncState(pageB), POLL).toBe('synced')
    await expect(pageB.getByLabel(SYNTHESIS).inputValue()).resolves.toBe(
      'Écrit sans réseau, au fond de l’atelier.',
    )
  })
})
