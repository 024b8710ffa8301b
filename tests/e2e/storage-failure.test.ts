/**
 * When the server cannot save (its storage fails), the page says "Enregistrement impossible" —
 * not "hors ligne", and never "synchronisé" — keeps the edits, and saves them once storage is back.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assertAppBuilt, chromiumForTests, launchChromium } from '../helpers/browser.ts'
import { POLL, firstRun, newVisitor, notepad, syncIndicator, syncState } from '../helpers/e2e-app.ts'
import { startServerProcess, tempDataDir, type ServerProcess } from '../helpers/server-process.ts'
import { breakStorage, type StorageFault } from '../helpers/storage-fault.ts'
import { waitUntil } from '../helpers/wait.ts'

const chromiumPath = chromiumForTests()
const owner = {
  name: 'Hugo Bernard',
  email: 'hugo.bernard@lycee-exemple.fr',
  password: 'le disque est plein',
}
const etablissement = { uai: '0330002B', name: 'Lycée des métiers du bois', academie: 'Bordeaux' }

describe.skipIf(chromiumPath === undefined)('a storage failure seen from the browser', () => {
  const data = tempDataDir()
  let server: ServerProcess
  let browser: Browser
  let page: Page
  let fault: StorageFault | undefined

  beforeAll(async () => {
    assertAppBuilt()
    server = await startServerProcess({ dataDir: data.dir })
    if (chromiumPath === undefined) throw new Error('unreachable: the suite is skipped without Chromium')
    browser = await launchChromium(chromiumPath)
    ;({ page } = await newVisitor(browser, { width: 1366, height: 768 }))
    await firstRun(page, server.url, owner, etablissement)
    await waitUntil(() => notepad(page).isEditable(), { message: 'notepad editable' })
  })

  afterAll(async () => {
    await fault?.restore()
    await browser?.close()
    if (server) expect(await server.stop()).toBe(0)
    data.remove()
  })

  it('says saving is impossible while storage fails, then saves everything', async () => {
    await notepad(page).click()
    await notepad(page).pressSequentially('Avant la panne. ')
    await expect.poll(() => syncState(page), POLL).toBe('synced')

    fault = await breakStorage({ dataDir: data.dir, databaseUrl: undefined })
    await notepad(page).pressSequentially('Pendant la panne.')
    await expect.poll(() => syncState(page), POLL).toBe('failed')
    await expect(syncIndicator(page).innerText()).resolves.toContain('Enregistrement impossible')
    await expect(notepad(page).inputValue()).resolves.toBe('Avant la panne. Pendant la panne.')

    await fault.restore()
    await expect.poll(() => syncState(page), { ...POLL, timeout: 45_000 }).toBe('synced')
    const fresh = await page.context().newPage()
    await fresh.goto(page.url())
    await expect.poll(() => notepad(fresh).inputValue(), POLL).toBe('Avant la panne. Pendant la panne.')
  })
})
