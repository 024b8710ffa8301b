/**
 * Exports from the views (C2, D1): the action plan's table and the indicators as CSV and XLSX,
 * downloaded by a real browser and opened with a reader library: French headers, dates and
 * decimals, the rows the view shows.
 */
import { readFileSync } from 'node:fs'
import readXlsx from 'read-excel-file/node'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  actionText,
  createAction,
  linkKey,
  setActionField,
  setActionState,
} from '@rouages/shared/workspace/actions'
import { addMeasurement, createIndicator } from '@rouages/shared/workspace/indicators'
import { assertAppBuilt, chromiumForTests, launchChromium } from '../helpers/browser.ts'
import { firstRun } from '../helpers/e2e-app.ts'
import { connectClient, type TestClient } from '../helpers/providers.ts'
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts'

const chromiumPath = chromiumForTests()
const owner = { name: 'Inès Moreau', email: 'ines.moreau@lycee-exemple.fr', password: 'exporter le plan' }
const etablissement = { uai: '0330001A', name: 'Lycée des métiers du bois', academie: 'Bordeaux' }
const YEAR = '2025-2026'

describe.skipIf(chromiumPath === undefined)('exports of the plan and the indicators', () => {
  let server: ServerProcess
  let browser: Browser
  let page: Page
  let client: TestClient
  let yearUrl: string

  /** Clicks an export button and returns the downloaded file's name and bytes. */
  async function download(button: string): Promise<{ name: string; bytes: Buffer }> {
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: button }).click(),
    ])
    const path = await file.path()
    return { name: file.suggestedFilename(), bytes: readFileSync(path) }
  }

  beforeAll(async () => {
    assertAppBuilt()
    server = await startServerProcess()
    if (chromiumPath === undefined) throw new Error('unreachable: the suite is skipped without Chromium')
    browser = await launchChromium(chromiumPath)
    const visitor = await browser.newContext({
      locale: 'fr-FR',
      viewport: { width: 1920, height: 1080 },
      acceptDownloads: true,
    })
    page = await visitor.newPage()
    await page.clock.setSystemTime(new Date('2026-03-10T10:00:00'))
    const etablissementId = await firstRun(page, server.url, owner, etablissement)
    await page.getByRole('link', { name: 'Autodiagnostic' }).click()
    await page.getByLabel('Année scolaire', { exact: true }).selectOption(YEAR)
    await page.getByRole('button', { name: 'Ouvrir l’année' }).click()
    await page.getByRole('heading', { level: 1, name: `Autodiagnostic ${YEAR}` }).waitFor()
    yearUrl = `${server.url}/e/${etablissementId}/annees/${YEAR}`

    const cookie = (await visitor.cookies()).map((c) => `${c.name}=${c.value}`).join('; ')
    client = await connectClient(server.wsUrl, `etab:${etablissementId}:annee:${YEAR}`, { cookie })
    const doc = client.doc
    const me = (await (await fetch(`${server.url}/api/auth/me`, { headers: { cookie } })).json()) as {
      user: { id: string }
    }
    const late = createAction(doc, {
      title: 'Conventions ; avec les menuiseries',
      echeance: '2026-03-01',
      pilote: me.user.id,
      links: [linkKey('lycee-des-metiers', 'ldm-4')],
    })
    setActionState(doc, late, 'en-cours')
    const done = createAction(doc, { title: 'Forum des métiers du bois', echeance: '2026-01-15' })
    setActionField(doc, done, 'efficacite', 'partiel')
    actionText(doc, done, 'bilan').insert(0, '90 élèves reçus.')
    setActionState(doc, done, 'realisee')
    const success = createIndicator(doc, {
      name: 'Taux de réussite au CAP',
      source: 'Académie',
      unit: '%',
      periodicity: 'annuelle',
      direction: 'hausse',
      baseline: 80.5,
      cible: 90,
    })
    addMeasurement(doc, success, { value: 84.25, period: '2024-2025', comment: 'session de juin' })
    addMeasurement(doc, success, { value: 88, period: '2026-01-31', comment: 'examen blanc' })
    await client.settled()
  })

  afterAll(async () => {
    client?.destroy()
    await browser?.close()
    if (server) expect(await server.stop()).toBe(0)
  })

  it('exports the plan’s table as XLSX with real dates, and as CSV in French format', async () => {
    await page.goto(`${yearUrl}/plan?vue=tableau`)
    await page.getByRole('heading', { level: 1, name: `Plan d’action ${YEAR}` }).waitFor()
    await page.getByRole('link', { name: 'Conventions ; avec les menuiseries' }).first().waitFor()

    const xlsx = await download('Exporter en Excel (XLSX)')
    expect(xlsx.name).toBe('plan-d-action-lycee-des-metiers-du-bois-2025-2026.xlsx')
    const [sheet] = await readXlsx(xlsx.bytes)
    expect(sheet?.sheet).toBe('Plan d’action')
    const rows = sheet?.data ?? []
    expect(rows[0]?.slice(0, 5)).toEqual(['Intitulé', 'État', 'Échéance', 'Retard', 'Pilote'])
    const byTitle = new Map(rows.slice(1).map((row) => [row[0], row]))
    expect(byTitle.get('Conventions ; avec les menuiseries')?.slice(1, 7)).toEqual([
      'En cours',
      new Date('2026-03-01T00:00:00Z'),
      'En retard',
      'Inès Moreau',
      null,
      'Label Lycée des métiers (cahier des charges national, 2023) — critère 4 : Partenariats',
    ])
    expect(byTitle.get('Forum des métiers du bois')?.slice(-2)).toEqual(['En partie', '90 élèves reçus.'])
    expect(rows).toHaveLength(3)

    const csv = (await download('Exporter en CSV')).bytes.toString('utf8')
    expect(csv.startsWith('\uFEFFIntitulé;État;Échéance;Retard;Pilote')).toBe(true)
    expect(csv).toContain('"Conventions ; avec les menuiseries";En cours;01/03/2026;En retard;Inès Moreau;')

    // The export follows the view's filters.
    await page.getByLabel('État d’avancement').selectOption({ label: 'Réalisée' })
    const filtered = await readXlsx((await download('Exporter en Excel (XLSX)')).bytes)
    expect(filtered[0]?.data.slice(1).map((row) => row[0])).toEqual(['Forum des métiers du bois'])
  })

  it('exports the indicators: values as CSV in the import’s columns, and both sheets as XLSX', async () => {
    await page.goto(`${yearUrl}/indicateurs`)
    await page.getByRole('heading', { level: 1, name: new RegExp(`${YEAR}`) }).waitFor()
    await page.getByText('Taux de réussite au CAP').first().waitFor()

    const csv = await download('Exporter en CSV')
    expect(csv.name).toBe('indicateurs-lycee-des-metiers-du-bois-2025-2026.csv')
    expect(csv.bytes.toString('utf8').split('\r\n')).toEqual([
      '\uFEFFIndicateur;Période;Valeur;Commentaire',
      'Taux de réussite au CAP;2024-2025;84,25;session de juin',
      'Taux de réussite au CAP;31/01/2026;88;examen blanc',
      '',
    ])
    const sheets = await readXlsx((await download('Exporter en Excel (XLSX)')).bytes)
    expect(sheets.map((sheet) => sheet.sheet)).toEqual(['Valeurs', 'Indicateurs'])
    expect(sheets[1]?.data[1]?.slice(0, 10)).toEqual([
      'Taux de réussite au CAP',
      null,
      'Académie',
      '%',
      'Annuelle',
      'Plus haut est mieux',
      80.5,
      90,
      88,
      new Date('2026-01-31T00:00:00Z'),
    ])
  })
})
