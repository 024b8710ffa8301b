import path from 'node:path'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  accessibilityViolations,
  assertAppBuilt,
  chromiumForTests,
  launchChromium,
} from '../helpers/browser.ts'
import {
  POLL,
  fillSignup,
  firstRun,
  invite,
  linkFromMail,
  newVisitor,
  syncState,
} from '../helpers/e2e-app.ts'
import { fitsWidth, screenshotDir } from '../helpers/e2e-grid.ts'
import { startServerProcess, tempDataDir, type ServerProcess } from '../helpers/server-process.ts'

const chromiumPath = chromiumForTests()

const owner = {
  name: 'Claire Martin',
  email: 'claire.martin@lycee-exemple.fr',
  password: 'une phrase de passe',
}
const contributor = {
  name: 'Sophie Durand',
  email: 'sophie.durand@lycee-exemple.fr',
  password: 'le plan d’action avance',
}
const reader = { name: 'Marc Petit', email: 'marc.petit@lycee-exemple.fr', password: 'je lis seulement ici' }
const etablissement = { uai: '0420034J', name: 'Lycée Jean Moulin', academie: 'Lyon' }
const YEAR = '2025-2026'

const MEASURE_1 = 'Mesure 1 : Gratification PFMP'
const MEASURE_9 = 'Mesure 9 : Bureau des entreprises'
const E3D_2 = 'Label E3D, critère 2 : Actions pédagogiques et éducatives'

/** A criterion's section of the grid ("1. Offre de formation"). */
const criterionSection = (page: Page, number: number): Locator =>
  page.getByRole('region', { name: new RegExp(`^${number}\\s*\\.\\s`) })

/** The "Correspondances" button of a criterion. */
const crosswalkToggle = (page: Page, number: number): Locator =>
  page.getByRole('button', { name: new RegExp(`^Correspondances du critère ${number} :`) })

/** Opens a criterion's correspondances; returns the panel. */
async function openCrosswalk(page: Page, number: number): Promise<Locator> {
  const toggle = crosswalkToggle(page, number)
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click()
  const panel = page.locator(`#${(await toggle.getAttribute('aria-controls')) ?? ''}`)
  await panel.getByRole('heading', { level: 3, name: 'Mesures de la réforme de 2023' }).waitFor()
  return panel
}

/** The reform measures listed in a panel ("Mesure 7"…), in their order. */
const listedMeasures = (panel: Locator): Promise<string[]> =>
  panel.locator('.measure-number').allTextContents()

describe.skipIf(chromiumPath === undefined)('the crosswalk in the grid', () => {
  const data = tempDataDir()
  const shots = screenshotDir()
  let server: ServerProcess
  let browser: Browser
  let ownerPage: Page
  let contributorPage: Page
  let readerPage: Page
  let etablissementId: string
  let gridUrl: string

  /** Joins through an e-mailed invitation and opens the year's grid. */
  async function join(person: typeof contributor, role: string): Promise<Page> {
    await ownerPage.goto(`${server.url}/e/${etablissementId}/membres`)
    await invite(ownerPage, { email: person.email, role })
    const link = await linkFromMail(data.dir, person.email, '/invitation/')
    const { page } = await newVisitor(browser, { width: 1366, height: 768 })
    await page.goto(link)
    await page.getByRole('link', { name: 'Créer un compte' }).click()
    await fillSignup(page, person)
    await page.getByRole('heading', { level: 1, name: etablissement.name }).waitFor()
    await page.goto(gridUrl)
    await criterionSection(page, 8).waitFor()
    return page
  }

  beforeAll(async () => {
    assertAppBuilt()
    server = await startServerProcess({ dataDir: data.dir })
    if (chromiumPath === undefined) throw new Error('unreachable: the suite is skipped without Chromium')
    browser = await launchChromium(chromiumPath)
    ;({ page: ownerPage } = await newVisitor(browser, { width: 1366, height: 768 }))
    etablissementId = await firstRun(ownerPage, server.url, owner, etablissement)
    gridUrl = `${server.url}/e/${etablissementId}/annees/${YEAR}`
    // A multi-label school: the national label and E3D (opening a year is tested elsewhere).
    const opened = await ownerPage.request.post(
      `${server.url}/api/etablissements/${etablissementId}/annees`,
      { data: { schoolYear: YEAR, frameworkIds: ['lycee-des-metiers', 'e3d'] } },
    )
    expect(opened.status()).toBe(201)
    contributorPage = await join(contributor, 'Contributeur')
    readerPage = await join(reader, 'Lecteur')
    await ownerPage.goto(gridUrl)
    await criterionSection(ownerPage, 8).waitFor()
  })

  afterAll(async () => {
    await browser?.close()
    if (server) expect(await server.stop()).toBe(0)
    data.remove()
  })

  it('shows criterion 1 its Fiche 4 measures, with nothing linked yet in E3D', async () => {
    await expect(crosswalkToggle(ownerPage, 1).getAttribute('aria-expanded')).resolves.toBe('false')
    await expect(crosswalkToggle(ownerPage, 1).textContent()).resolves.toMatch(/Correspondances\s*3/)
    const panel = await openCrosswalk(ownerPage, 1)
    await expect(listedMeasures(panel)).resolves.toEqual(['Mesure 7', 'Mesure 8', 'Mesure 9'])
    await panel
      .getByText('Adapter l’offre de formation pour préparer l’avenir professionnel des jeunes', {
        exact: true,
      })
      .waitFor()
    await panel.getByText('Ouverture de places de spécialisation Bac + 1', { exact: true }).waitFor()
    await panel.getByText('Bureau des entreprises', { exact: true }).waitFor()
    await panel.getByText('Aucun critère d’un autre référentiel n’est relié à ce critère.').waitFor()
    // Criterion 3 has the longest row of Fiche 4.
    await expect(listedMeasures(await openCrosswalk(ownerPage, 3))).resolves.toEqual(
      [2, 3, 4, 5, 6, 9, 10].map((n) => `Mesure ${n}`),
    )
    // Opening one closes the other (focus and clicks went elsewhere).
    await expect(crosswalkToggle(ownerPage, 1).getAttribute('aria-expanded')).resolves.toBe('false')
    await ownerPage.keyboard.press('Escape')
    await expect(crosswalkToggle(ownerPage, 3).getAttribute('aria-expanded')).resolves.toBe('false')
    await expect
      .poll(() => crosswalkToggle(ownerPage, 3).evaluate((b) => b === document.activeElement), POLL)
      .toBe(true)
  })

  it('lets an editor add and remove links, live for a colleague, and undo them', async () => {
    const ownerPanel = await openCrosswalk(ownerPage, 1)
    const contributorPanel = await openCrosswalk(contributorPage, 1)
    const choice = ownerPanel.getByLabel('Ajouter une correspondance au critère 1')

    // Nothing chosen: a clear message on the list, nothing added.
    await ownerPanel.getByRole('button', { name: 'Ajouter', exact: true }).click()
    await ownerPanel.getByText('Choisissez d’abord une mesure ou un critère dans la liste.').waitFor()
    await expect(choice.getAttribute('aria-invalid')).resolves.toBe('true')
    // Only what is not linked yet is offered: measure 9 is, measure 1 is not.
    await expect(choice.locator('option', { hasText: MEASURE_9 }).count()).resolves.toBe(0)
    await choice.selectOption({ label: MEASURE_1 })
    await ownerPanel.getByRole('button', { name: 'Ajouter', exact: true }).click()
    await expect
      .poll(() => listedMeasures(contributorPanel), POLL)
      .toEqual(['Mesure 1', 'Mesure 7', 'Mesure 8', 'Mesure 9'])
    await expect(ownerPanel.getByText('Choisissez d’abord').count()).resolves.toBe(0)
    await expect(choice.inputValue()).resolves.toBe('')

    // Removing one keeps the panel open and the focus in it, on the list of choices.
    await ownerPanel.getByRole('button', { name: `Retirer — ${MEASURE_9}`, exact: true }).click()
    await expect
      .poll(() => listedMeasures(contributorPanel), POLL)
      .toEqual(['Mesure 1', 'Mesure 7', 'Mesure 8'])
    await expect(crosswalkToggle(ownerPage, 1).getAttribute('aria-expanded')).resolves.toBe('true')
    await expect.poll(() => choice.evaluate((c) => c === document.activeElement), POLL).toBe(true)
    await expect(choice.locator('option', { hasText: MEASURE_9 }).count()).resolves.toBe(1)
    await ownerPage.getByText(`Correspondance retirée : ${MEASURE_9}. « Annuler » la rétablit.`).waitFor()
    // The colleague's count follows too.
    await expect(crosswalkToggle(contributorPage, 1).textContent()).resolves.toMatch(/Correspondances\s*3/)
    await expect.poll(() => syncState(ownerPage), POLL).toBe('synced')
    expect(await accessibilityViolations(ownerPage)).toEqual([])

    // "Annuler" brings the removed link back, for everyone; "Rétablir" removes it again.
    await ownerPage.getByRole('button', { name: 'Annuler', exact: true }).click()
    await expect
      .poll(() => listedMeasures(contributorPanel), POLL)
      .toEqual(['Mesure 1', 'Mesure 7', 'Mesure 8', 'Mesure 9'])
    await ownerPage.getByRole('button', { name: 'Rétablir', exact: true }).click()
    await expect
      .poll(() => listedMeasures(contributorPanel), POLL)
      .toEqual(['Mesure 1', 'Mesure 7', 'Mesure 8'])
  })

  it('links a criterion of E3D, both ways, and leads to it in its own grid', async () => {
    const ownerPanel = await openCrosswalk(ownerPage, 1)
    const choice = ownerPanel.getByLabel('Ajouter une correspondance au critère 1')
    await choice.selectOption({ label: 'Critère 2 : Actions pédagogiques et éducatives' })
    await ownerPanel.getByRole('button', { name: 'Ajouter', exact: true }).click()
    const link = ownerPanel.getByRole('link', { name: /Label E3D\s*Critère 2 : Actions pédagogiques/ })
    await link.waitFor()
    const contributorPanel = await openCrosswalk(contributorPage, 1)
    await contributorPanel.getByRole('link', { name: /Label E3D\s*Critère 2/ }).waitFor()
    await expect(
      contributorPanel.getByRole('button', { name: `Retirer — ${E3D_2}`, exact: true }).count(),
    ).resolves.toBe(1)

    // The link opens E3D's tab at its criterion 2, which links back to criterion 1.
    await link.click()
    await expect.poll(() => new URL(ownerPage.url()).search, POLL).toBe('?referentiel=e3d')
    expect(new URL(ownerPage.url()).hash).toBe('#critere-e3d-2')
    const heading = ownerPage.getByRole('heading', { level: 2, name: /Actions pédagogiques et éducatives/ })
    await expect.poll(() => heading.evaluate((h) => h.getBoundingClientRect().top), POLL).toBeLessThan(200)
    await expect.poll(() => heading.evaluate((h) => h === document.activeElement), POLL).toBe(true)
    const back = await openCrosswalk(ownerPage, 2)
    await back.getByRole('link', { name: /Label Lycée des métiers\s*Critère 1 :/ }).waitFor()
    await expect(listedMeasures(back)).resolves.toEqual([])
    await back.getByText('Aucune mesure de la réforme n’est reliée à ce critère.').waitFor()
    expect(await accessibilityViolations(ownerPage)).toEqual([])
    await ownerPage.goto(gridUrl)
    await criterionSection(ownerPage, 8).waitFor()
  })

  it('shows a lecteur the links without controls', async () => {
    const panel = await openCrosswalk(readerPage, 1)
    await expect.poll(() => listedMeasures(panel), POLL).toEqual(['Mesure 1', 'Mesure 7', 'Mesure 8'])
    await panel.getByRole('link', { name: /Label E3D\s*Critère 2/ }).waitFor()
    await expect(panel.getByRole('button').count()).resolves.toBe(0)
    await expect(panel.getByRole('combobox').count()).resolves.toBe(0)
    await expect(readerPage.getByRole('button', { name: /^Retirer/ }).count()).resolves.toBe(0)
    expect(await accessibilityViolations(readerPage)).toEqual([])
    await readerPage.screenshot({ path: path.join(shots, 'crosswalk-reader-1366x768.png') })
  })

  it('reads well at 1920×1080 and on a 390 px phone', async () => {
    await ownerPage.setViewportSize({ width: 1920, height: 1080 })
    const panel = await openCrosswalk(ownerPage, 1)
    await expect.poll(() => fitsWidth(ownerPage), POLL).toBe(true)
    expect(await accessibilityViolations(ownerPage)).toEqual([])
    await crosswalkToggle(ownerPage, 1).evaluate((toggle) => toggle.scrollIntoView({ block: 'start' }))
    await ownerPage.screenshot({ path: path.join(shots, 'crosswalk-1920x1080.png') })

    await ownerPage.setViewportSize({ width: 390, height: 844 })
    await crosswalkToggle(ownerPage, 1).evaluate((toggle) => toggle.scrollIntoView({ block: 'start' }))
    await expect.poll(() => fitsWidth(ownerPage), POLL).toBe(true)
    const box = await panel.boundingBox()
    expect(box?.width ?? 0).toBeGreaterThan(300)
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(390)
    expect(await accessibilityViolations(ownerPage)).toEqual([])
    await ownerPage.screenshot({ path: path.join(shots, 'crosswalk-390x844.png') })
    await panel.screenshot({ path: path.join(shots, 'crosswalk-390x844-panel.png') })
    await ownerPage.setViewportSize({ width: 1366, height: 768 })
  })
})
