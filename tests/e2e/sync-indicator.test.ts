import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  accessibilityViolations,
  assertAppBuilt,
  chromiumForTests,
  launchChromium,
} from '../helpers/browser.ts'
import {
  POLL,
  firstRun,
  newVisitor,
  notepad,
  signIn,
  syncIndicator as indicator,
  syncState,
} from '../helpers/e2e-app.ts'
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts'

const chromiumPath = chromiumForTests()

const owner = {
  name: 'Karim Benali',
  email: 'karim.benali@lycee-exemple.fr',
  password: 'notre grille est prête',
}
const etablissement = { uai: '0690001A', name: 'Lycée des métiers du bâtiment', academie: 'Lyon' }

describe.skipIf(chromiumPath === undefined)('the team notepad in a real browser', () => {
  let server: ServerProcess
  let browser: Browser
  let contextA: BrowserContext
  let pageA: Page
  let pageB: Page

  /** The owner, signed in on a browser profile of its own, on the établissement's home. */
  async function visitor(): Promise<{ context: BrowserContext; page: Page }> {
    const { context, page } = await newVisitor(browser)
    await signIn(page, server.url, owner)
    await page.getByRole('heading', { level: 1, name: etablissement.name }).waitFor()
    return { context, page }
  }

  beforeAll(async () => {
    assertAppBuilt()
    server = await startServerProcess()
    if (chromiumPath === undefined) throw new Error('unreachable: the suite is skipped without Chromium')
    browser = await launchChromium(chromiumPath)
    // The notepad belongs to an établissement: the first account creates one (first run).
    ;({ context: contextA, page: pageA } = await newVisitor(browser))
    await firstRun(pageA, server.url, owner, etablissement)
    ;({ page: pageB } = await visitor())
  })

  afterAll(async () => {
    await browser?.close()
    if (server) expect(await server.stop()).toBe(0)
  })

  it('says "Synchronisé" once the notepad has synced', async () => {
    await expect.poll(() => syncState(pageA), POLL).toBe('synced')
    await expect(indicator(pageA).innerText()).resolves.toBe('Synchronisé')
    await expect(indicator(pageA).getAttribute('aria-live')).resolves.toBe('polite')
    await expect(pageA.locator('html').getAttribute('lang')).resolves.toBe('fr')
  })

  it('carries typing from one browser to the other, both ways', async () => {
    await expect.poll(() => syncState(pageB), POLL).toBe('synced')
    await notepad(pageA).click()
    await notepad(pageA).pressSequentially('Constat partagé : la grille est prête.')
    await expect.poll(() => notepad(pageB).inputValue(), POLL).toBe('Constat partagé : la grille est prête.')

    await notepad(pageB).click()
    await pageB.keyboard.press('Control+End')
    await notepad(pageB).pressSequentially(' Vu.')
    await expect
      .poll(() => notepad(pageA).inputValue(), POLL)
      .toBe('Constat partagé : la grille est prête. Vu.')
    // Acknowledged by the server: back to "synced" (never before).
    await expect.poll(() => syncState(pageA), POLL).toBe('synced')
    await expect.poll(() => syncState(pageB), POLL).toBe('synced')
  })

  it('keeps the caret on the same text when someone else edits before it', async () => {
    // B's caret right after "Constat"; A then writes at the very start.
    await notepad(pageB).click()
    await pageB.keyboard.press('Control+Home')
    for (let i = 0; i < 'Constat'.length; i++) await pageB.keyboard.press('ArrowRight')
    await notepad(pageA).click()
    await pageA.keyboard.press('Control+Home')
    await notepad(pageA).pressSequentially('Début. ')
    await expect.poll(() => notepad(pageB).inputValue(), POLL).toMatch(/^Début\. Constat/)
    const textBeforeCaret = await notepad(pageB).evaluate((field: HTMLTextAreaElement) =>
      field.value.slice(0, field.selectionStart),
    )
    expect(textBeforeCaret).toBe('Début. Constat')
  })

  it('says offline with the number of pending changes, then saves them on reconnection', async () => {
    await contextA.setOffline(true)
    await expect.poll(() => syncState(pageA), POLL).toBe('offline')
    await notepad(pageA).click()
    await pageA.keyboard.press('Control+End')
    await notepad(pageA).pressSequentially(' Hors ligne.')
    await expect
      .poll(() => indicator(pageA).innerText(), POLL)
      .toMatch(/^Hors ligne — [1-9]\d* modifications? en attente$/)

    await contextA.setOffline(false)
    await expect.poll(() => syncState(pageA), POLL).toBe('synced')
    await expect.poll(() => notepad(pageB).inputValue(), POLL).toMatch(/ Hors ligne\.$/)
  })

  it('has no accessibility violations (axe-core)', async () => {
    expect(await accessibilityViolations(pageA)).toEqual([])
  })

  it('switches to English and stays there after a reload', async () => {
    const { context, page } = await visitor()
    await expect.poll(() => syncState(page), POLL).toBe('synced')
    await page.getByRole('button', { name: 'English' }).click()
    await expect.poll(() => indicator(page).innerText(), POLL).toBe('Synced')
    await page.reload()
    await expect.poll(() => page.locator('html').getAttribute('lang'), POLL).toBe('en')
    await expect.poll(() => syncState(page), POLL).toBe('synced')
    await expect(page.getByLabel('Team notepad').isVisible()).resolves.toBe(true)
    await expect(page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).resolves.toBe(
      'true',
    )
    expect(await accessibilityViolations(page)).toEqual([])
    await context.close()
  })
})
