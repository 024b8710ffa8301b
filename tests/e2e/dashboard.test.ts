/**
 * The tableau de bord (D2) in a real browser: its figures equal those computed from the document
 * of a year filled with a known data set (written by a real provider client), it follows live
 * edits, reads at 1080p and on a phone, and prints on A4.
 */
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actionText, createAction, setActionField, setActionState } from '@rouages/shared/workspace/actions'
import { addDescriptor, setLevel } from '@rouages/shared/workspace/grid'
import { addMeasurement, createIndicator } from '@rouages/shared/workspace/indicators'
import {
  accessibilityViolations,
  assertAppBuilt,
  chromiumForTests,
  launchChromium,
} from '../helpers/browser.ts'
import { POLL, firstRun, newVisitor } from '../helpers/e2e-app.ts'
import { fitsWidth, screenshotDir } from '../helpers/e2e-grid.ts'
import { connectClient, type TestClient } from '../helpers/providers.ts'
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts'

const chromiumPath = chromiumForTests()
const owner = {
  name: 'Hélène Garnier',
  email: 'helene.garnier@lycee-exemple.fr',
  password: 'le tableau de bord',
}
const etablissement = { uai: '0750001A', name: 'Lycée des métiers de l’hôtellerie', academie: 'Paris' }
const YEAR = '2025-2026'
const FW = 'lycee-des-metiers'

describe.skipIf(chromiumPath === undefined)('the tableau de bord in a real browser', () => {
  const shots = screenshotDir()
  let server: ServerProcess
  let browser: Browser
  let page: Page
  let client: TestClient
  let dashboardUrl: string
  let late: string

  /** The row of a table, as its cells' texts. */
  const row = (caption: RegExp, header: string) =>
    page
      .getByRole('table', { name: caption })
      .getByRole('row', { name: new RegExp(`^${header}`) })
      .getByRole('cell')
      .allInnerTexts()

  beforeAll(async () => {
    assertAppBuilt()
    server = await startServerProcess()
    if (chromiumPath === undefined) throw new Error('unreachable: the suite is skipped without Chromium')
    browser = await launchChromium(chromiumPath)
    ;({ page } = await newVisitor(browser, { width: 1920, height: 1080 }))
    await page.clock.setSystemTime(new Date('2026-03-10T10:00:00'))
    const etablissementId = await firstRun(page, server.url, owner, etablissement)
    await page.getByRole('link', { name: 'Autodiagnostic' }).click()
    await page.getByLabel('Année scolaire', { exact: true }).selectOption(YEAR)
    await page.getByRole('button', { name: 'Ouvrir l’année' }).click()
    await page.getByRole('heading', { level: 1, name: `Autodiagnostic ${YEAR}` }).waitFor()
    dashboardUrl = `${server.url}/e/${etablissementId}/annees/${YEAR}/tableau-de-bord`

    // The known data set, written by a real provider client with the owner's session.
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ')
    client = await connectClient(server.wsUrl, `etab:${etablissementId}:annee:${YEAR}`, { cookie })
    const doc = client.doc
    for (const level of ['consolide', 'atteint', null]) {
      const id = addDescriptor(doc, FW, 'ldm-1', `Descripteur 1 ${level}`)
      if (level) setLevel(doc, FW, id, level)
    }
    for (const level of ['a-initier', 'en-cours', 'en-cours', 'atteint'])
      setLevel(doc, FW, addDescriptor(doc, FW, 'ldm-4', `Partenariat ${level}`), level)
    late = createAction(doc, { title: 'Conventions avec les hôtels', echeance: '2026-03-01' })
    setActionState(doc, late, 'en-cours')
    createAction(doc, { title: 'Forum des métiers', echeance: '2026-03-20' })
    const done = createAction(doc, { title: 'Semaine de l’Europe', echeance: '2026-01-10' })
    setActionField(doc, done, 'efficacite', 'oui')
    actionText(doc, done, 'bilan').insert(0, 'Deux classes en mobilité.')
    setActionState(doc, done, 'realisee')
    const success = createIndicator(doc, {
      name: 'Taux de réussite au bac pro',
      source: 'Académie',
      unit: '%',
      periodicity: 'annuelle',
      direction: 'hausse',
      baseline: 78,
      cible: 85,
    })
    addMeasurement(doc, success, { value: 81, period: '2024-2025', comment: '' })
    addMeasurement(doc, success, { value: 86.5, period: '2025-2026', comment: '' })
    const absences = createIndicator(doc, {
      name: 'Taux d’absentéisme',
      source: 'Vie scolaire',
      unit: '%',
      periodicity: 'mensuelle',
      direction: 'baisse',
      cible: 8,
    })
    addMeasurement(doc, absences, { value: 12, period: '2025-10-31', comment: '' })
    addMeasurement(doc, absences, { value: 13.5, period: '2025-11-30', comment: '' })
    await client.settled()
  })

  afterAll(async () => {
    client?.destroy()
    await browser?.close()
    if (server) expect(await server.stop()).toBe(0)
  })

  it('shows the figures computed from the document: levels, actions by état, late actions, indicators', async () => {
    await page.goto(dashboardUrl)
    await page.getByRole('heading', { level: 1, name: `Tableau de bord ${YEAR}` }).waitFor()
    const levels = /^Descripteurs par niveau — Label Lycée des métiers/
    // Criterion 1: consolidé and atteint, one not positioned → mean 3.5 of 4 (Consolidé rounded).
    await expect
      .poll(() => row(levels, '1\\.'), POLL)
      .toEqual(['0', '0', '1', '1', '1', 'Niveau moyen : Consolidé (3,5 sur 4)'])
    await expect(row(levels, '4\\.')).resolves.toEqual([
      '1',
      '2',
      '1',
      '0',
      '0',
      'Niveau moyen : En cours (2 sur 4)',
    ])
    await expect(row(levels, '2\\.')).resolves.toEqual(['0', '0', '0', '0', '0', 'Pas encore positionné'])

    const states = page.getByRole('region', { name: 'Plan d’action' })
    await expect(states.locator('dl').innerText()).resolves.toMatch(
      /À lancer\s+1\s+En cours\s+1\s+Réalisée\s+1\s+Reportée\s+0\s+Abandonnée\s+0/,
    )
    await expect(states.getByRole('heading', { name: /Actions en retard \(1\)/ }).isVisible()).resolves.toBe(
      true,
    )
    await expect(states.getByText('Conventions avec les hôtels').isVisible()).resolves.toBe(true)
    await expect(
      states.getByRole('heading', { name: /Échéance dans les 15 jours \(1\)/ }).isVisible(),
    ).resolves.toBe(true)

    const indicators = page.getByRole('region', { name: 'Indicateurs' }).first()
    await expect(
      indicators
        .getByRole('row', { name: /^Taux de réussite au bac pro/ })
        .getByRole('cell')
        .allInnerTexts(),
    ).resolves.toEqual(['86,5 % (2025-2026)', '85 %', '✔ Cible atteinte'])
    await expect(
      indicators
        .getByRole('row', { name: /^Taux d’absentéisme/ })
        .getByRole('cell')
        .allInnerTexts(),
    ).resolves.toEqual(['13,5 % (30 novembre 2025)', '8 %', '↘ En recul'])
    expect(await accessibilityViolations(page)).toEqual([])
  })

  it('follows live edits', async () => {
    const doc = client.doc
    actionText(doc, late, 'bilan').insert(0, 'Trois conventions signées.')
    setActionField(doc, late, 'efficacite', 'oui')
    setActionState(doc, late, 'realisee')
    const states = page.getByRole('region', { name: 'Plan d’action' })
    await expect
      .poll(() => states.getByRole('heading', { name: /Actions en retard/ }).innerText(), POLL)
      .toMatch(/\(0\)$/)
    await expect.poll(() => states.locator('dl').innerText(), POLL).toMatch(/Réalisée\s+2/)
  })

  it('reads on a projector and a phone, and prints on A4 without the navigation', async () => {
    await page.screenshot({ path: path.join(shots, 'dashboard-1920x1080.png'), fullPage: true })
    await page.setViewportSize({ width: 390, height: 844 })
    await expect.poll(() => fitsWidth(page), POLL).toBe(true)
    await page.screenshot({ path: path.join(shots, 'dashboard-390x844.png'), fullPage: true })
    await page.setViewportSize({ width: 1920, height: 1080 })

    await page.emulateMedia({ media: 'print' })
    await expect(page.getByRole('navigation').count()).resolves.toBe(0)
    await expect(page.getByRole('button', { name: 'Imprimer' }).isVisible()).resolves.toBe(false)
    await page.emulateMedia({ media: 'screen' })
    const pdf = await page.pdf({ format: 'A4', path: path.join(shots, 'dashboard-a4.pdf') })
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []
    expect(pages.length).toBeGreaterThanOrEqual(1)
    expect(pages.length).toBeLessThanOrEqual(3)
  })
})
