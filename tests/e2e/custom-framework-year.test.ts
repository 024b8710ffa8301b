import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  accessibilityViolations,
  assertAppBuilt,
  chromiumForTests,
  launchChromium,
} from '../helpers/browser.ts'
import { POLL, firstRun, newVisitor, pathOf, syncState } from '../helpers/e2e-app.ts'
import { chooseLevel, fitsWidth, levelRadio, screenshotDir } from '../helpers/e2e-grid.ts'
import { startServerProcess, tempDataDir, type ServerProcess } from '../helpers/server-process.ts'

const chromiumPath = chromiumForTests()
/** French typography puts no-break spaces around « » and before ":"; compare words, not spaces. */
const normalise = (text: string) => text.replace(/\s+/g, ' ').trim()

const owner = {
  name: 'Claire Martin',
  email: 'claire.martin@lycee-exemple.fr',
  password: 'une phrase de passe',
}
const etablissement = { uai: '0420034J', name: 'Lycée Jean Moulin', academie: 'Lyon' }
const NATIONAL = 'Label Lycée des métiers (cahier des charges national, 2023)'
/** A framework the school makes itself: Rouages does not ship it, only the library knows it. */
const OWN = { id: 'projet-d-etablissement-2026', label: 'Projet d’établissement 2026' }
const YEAR = '2025-2026'
const NEXT_YEAR = '2026-2027'

describe.skipIf(chromiumPath === undefined)('a school year following a framework the school made', () => {
  const data = tempDataDir()
  const shots = screenshotDir()
  let server: ServerProcess
  let browser: Browser
  let page: Page
  let etablissementId: string

  /** The criteria sections of the grid on screen ("1 . Réussite des élèves"). */
  const criteria = () => page.getByRole('region', { name: /^\d+\s*\.\s/ })

  beforeAll(async () => {
    assertAppBuilt()
    server = await startServerProcess({ dataDir: data.dir })
    if (chromiumPath === undefined) throw new Error('unreachable: the suite is skipped without Chromium')
    browser = await launchChromium(chromiumPath)
    ;({ page } = await newVisitor(browser, { width: 1366, height: 768 }))
    // In March 2026 the form proposes 2025-2026 (the current school year) and 2026-2027.
    await page.clock.setSystemTime(new Date('2026-03-10T10:00:00'))
    etablissementId = await firstRun(page, server.url, owner, etablissement)
  })

  afterAll(async () => {
    await browser?.close()
    if (server) expect(await server.stop()).toBe(0)
    data.remove()
  })

  it('lets the owner create a framework from scratch in the library, with two criteria', async () => {
    await page.getByRole('link', { name: 'Référentiels' }).click()
    await page.getByRole('heading', { level: 1, name: 'Référentiels' }).waitFor()
    await page.getByLabel('Nom du référentiel').fill(OWN.label)
    await expect(page.getByLabel('Identifiant').inputValue()).resolves.toBe(OWN.id)
    await page.getByLabel('Échelle de niveaux').selectOption('niveaux-3-labels')
    await page.getByLabel('Titre court').fill('Réussite des élèves')
    await page.getByLabel('Intitulé').fill('La réussite de tous les élèves')
    await page.getByRole('button', { name: 'Créer le référentiel' }).click()
    await page.getByRole('heading', { level: 1, name: OWN.label }).waitFor()
    expect(pathOf(page)).toBe(`/e/${etablissementId}/referentiels/${OWN.id}`)

    await page.getByRole('button', { name: 'Modifier' }).click()
    await page.getByRole('button', { name: 'Ajouter un critère' }).click()
    const second = page.getByRole('group', { name: 'Critère 2', exact: true })
    await second.getByLabel('Titre court').fill('Climat scolaire')
    await second.getByLabel('Intitulé').fill('Un climat scolaire serein')
    await page.getByRole('button', { name: 'Enregistrer une nouvelle version' }).click()
    await page.getByRole('status').getByText('Version 2 enregistrée.').waitFor()
    await page.getByRole('heading', { level: 3, name: 'Critère 2 — Climat scolaire' }).waitFor()
  })

  it('offers it, with its label, when opening a school year', async () => {
    await page.getByRole('link', { name: 'Autodiagnostic' }).click()
    await page.getByRole('heading', { level: 1, name: 'Autodiagnostic' }).waitFor()
    const frameworks = page.getByRole('group', { name: 'Référentiels suivis' })
    const own = frameworks.getByRole('checkbox', { name: new RegExp(`^${OWN.label}`) })
    await own.waitFor()
    // Said to be the school's own, after the five frameworks Rouages ships.
    expect(normalise(await frameworks.locator('label').last().innerText())).toBe(
      `${OWN.label} Créé par l’établissement`,
    )
    await expect(frameworks.getByRole('checkbox').count()).resolves.toBe(6)
    await expect(frameworks.getByRole('checkbox', { name: NATIONAL }).isChecked()).resolves.toBe(true)
    await expect(own.isChecked()).resolves.toBe(false)
    await expect(
      frameworks.getByRole('link', { name: 'Référentiels de l’établissement' }).getAttribute('href'),
    ).resolves.toBe(`/e/${etablissementId}/referentiels`)
    expect(await accessibilityViolations(page)).toEqual([])
    await page.screenshot({ path: path.join(shots, 'custom-framework-years-1366x768.png'), fullPage: true })

    await page.getByLabel('Année scolaire', { exact: true }).selectOption(YEAR)
    await own.check()
    await page.getByRole('button', { name: 'Ouvrir l’année' }).click()
    await page.getByRole('heading', { level: 1, name: `Autodiagnostic ${YEAR}` }).waitFor()
    expect(pathOf(page)).toBe(`/e/${etablissementId}/annees/${YEAR}`)
    await expect.poll(() => criteria().count(), POLL).toBe(8)
  })

  it('shows its label on the grid’s tab, and its own criteria and scale under it', async () => {
    const tabs = page.getByRole('navigation', { name: 'Référentiels de l’année' })
    const tab = tabs.getByRole('link', { name: OWN.label, exact: true })
    await tab.click()
    await expect.poll(() => tab.getAttribute('aria-current'), POLL).toBe('page')
    expect(pathOf(page)).toContain(`/annees/${YEAR}`)
    await expect.poll(() => criteria().count(), POLL).toBe(2)
    await page.getByRole('region', { name: /^1\s*\.\s*Réussite des élèves$/ }).waitFor()
    await page.getByRole('region', { name: /^2\s*\.\s*Climat scolaire$/ }).waitFor()
    await page.getByText(OWN.label, { exact: true }).first().waitFor()
    await expect(page.getByText(OWN.id, { exact: true }).count()).resolves.toBe(0)

    // Its own scale (3 levels) positions the descriptors the team adds in the grid.
    const descriptor = 'Un tutorat entre pairs en seconde'
    await page.getByRole('button', { name: /^Ajouter un descripteur — critère 1$/ }).click()
    const field = page.getByLabel('Nouveau descripteur du critère 1')
    await field.fill(descriptor)
    await field.press('Enter')
    await page.getByRole('button', { name: 'Terminer' }).click()
    await chooseLevel(page, descriptor, 'Expertise')
    await expect.poll(() => levelRadio(page, descriptor, 'Expertise').isChecked(), POLL).toBe(true)
    await expect.poll(() => syncState(page), POLL).toBe('synced')
    expect(await accessibilityViolations(page)).toEqual([])
  })

  it('names it in the list of years, and in a year that follows it alone', async () => {
    await page.getByRole('link', { name: 'Autodiagnostic' }).click()
    const listed = page.getByRole('listitem').filter({ hasText: `Année ${YEAR}` })
    await listed.waitFor()
    await expect
      .poll(async () => normalise(await listed.innerText()), POLL)
      .toContain(`${NATIONAL} · ${OWN.label}`)

    const frameworks = page.getByRole('group', { name: 'Référentiels suivis' })
    await frameworks.getByRole('checkbox', { name: NATIONAL }).uncheck()
    await frameworks.getByRole('checkbox', { name: new RegExp(`^${OWN.label}`) }).check()
    await expect(
      page.getByLabel('Année scolaire', { exact: true }).locator('option').allInnerTexts(),
    ).resolves.toEqual([NEXT_YEAR])
    await page.getByRole('button', { name: 'Ouvrir l’année' }).click()
    await page.getByRole('heading', { level: 1, name: `Autodiagnostic ${NEXT_YEAR}` }).waitFor()
    await expect.poll(() => criteria().count(), POLL).toBe(2)
    // One framework: no tabs, its name above the grid.
    await expect(page.getByRole('navigation', { name: 'Référentiels de l’année' }).count()).resolves.toBe(0)
    await page.getByText(OWN.label, { exact: true }).waitFor()

    await page.getByRole('link', { name: 'Autodiagnostic' }).click()
    const next = page.getByRole('listitem').filter({ hasText: `Année ${NEXT_YEAR}` })
    await next.waitFor()
    await expect.poll(async () => normalise(await next.innerText()), POLL).toContain(OWN.label)
    expect(normalise(await next.innerText())).not.toContain(OWN.id)
  })

  it('reads well at 1920×1080 and 390×844', async () => {
    for (const viewport of [
      { width: 1920, height: 1080 },
      { width: 390, height: 844 },
    ]) {
      await page.setViewportSize(viewport)
      const size = `${viewport.width}x${viewport.height}`
      await page.goto(`${server.url}/e/${etablissementId}/annees`)
      await page
        .getByRole('listitem')
        .filter({ hasText: `Année ${YEAR}` })
        .waitFor()
      await page.screenshot({ path: path.join(shots, `custom-framework-years-${size}.png`), fullPage: true })
      await expect.poll(() => fitsWidth(page), POLL).toBe(true)
      await page.goto(`${server.url}/e/${etablissementId}/annees/${YEAR}`)
      await page.getByRole('heading', { level: 1, name: `Autodiagnostic ${YEAR}` }).waitFor()
      await page
        .getByRole('navigation', { name: 'Référentiels de l’année' })
        .getByRole('link', { name: OWN.label, exact: true })
        .click()
      await expect.poll(() => criteria().count(), POLL).toBe(2)
      await page.screenshot({ path: path.join(shots, `custom-framework-grid-${size}.png`), fullPage: true })
      await expect.poll(() => fitsWidth(page), POLL).toBe(true)
    }
  })
})
