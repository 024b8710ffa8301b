import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  accessibilityViolations,
  assertAppBuilt,
  chromiumForTests,
  launchChromium,
} from '../helpers/browser.ts'
import { POLL, fillSignup, firstRun, invite, linkFromMail, newVisitor, pathOf } from '../helpers/e2e-app.ts'
import { startServerProcess, tempDataDir, type ServerProcess } from '../helpers/server-process.ts'

const chromiumPath = chromiumForTests()
/** French typography puts no-break spaces around « » and before ":"; compare words, not spaces. */
const normalise = (text: string) => text.replace(/\s+/g, ' ').trim()

const owner = {
  name: 'Claire Martin',
  email: 'claire.martin@lycee-exemple.fr',
  password: 'une phrase de passe',
}
const reader = { name: 'Marc Petit', email: 'marc.petit@lycee-exemple.fr', password: 'je lis seulement ici' }
const etablissement = { uai: '0420034J', name: 'Lycée Jean Moulin', academie: 'Lyon' }
const NATIONAL = 'Label Lycée des métiers (cahier des charges national, 2023)'
const SHIPPED = [
  NATIONAL,
  'Label E3D (établissement en démarche de développement durable)',
  'Label Édusanté',
  'Label égalité filles-garçons',
  'Label Euroscol',
]
const DESCRIPTORS = [
  'La carte des formations est présentée aux familles',
  'Les apprentis sont accueillis; un référent les suit',
  'Les parcours sont individualisés',
]
const ADDED = 'Les élèves allophones bénéficient d’un accompagnement'

/** Where the screenshots go (E2E_SCREENSHOTS, else a temporary folder). */
function screenshotDir(): string {
  const dir = process.env.E2E_SCREENSHOTS || path.join(tmpdir(), 'rouages-e2e-screenshots')
  mkdirSync(dir, { recursive: true })
  return dir
}
const fitsWidth = (page: Page): Promise<boolean> =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)

describe.skipIf(chromiumPath === undefined)('the framework library', () => {
  const data = tempDataDir()
  const files = mkdtempSync(path.join(tmpdir(), 'rouages-library-'))
  const shots = screenshotDir()
  let server: ServerProcess
  let browser: Browser
  let ownerPage: Page
  let etablissementId: string
  let nationalUrl: string

  /** Writes a file to import and returns its path. */
  const file = (name: string, text: string) => {
    const where = path.join(files, name)
    writeFileSync(where, text)
    return where
  }
  /** The version line under the framework's title. */
  const versionText = async (page: Page) => normalise(await page.locator('main p.version').innerText())

  beforeAll(async () => {
    assertAppBuilt()
    server = await startServerProcess({ dataDir: data.dir })
    if (chromiumPath === undefined) throw new Error('unreachable: the suite is skipped without Chromium')
    browser = await launchChromium(chromiumPath)
    ;({ page: ownerPage } = await newVisitor(browser, { width: 1366, height: 768 }))
    etablissementId = await firstRun(ownerPage, server.url, owner, etablissement)
    nationalUrl = `${server.url}/e/${etablissementId}/referentiels/lycee-des-metiers`
  })

  afterAll(async () => {
    await browser?.close()
    if (server) expect(await server.stop()).toBe(0)
    data.remove()
    rmSync(files, { recursive: true, force: true })
  })

  it('lists the 5 frameworks shipped with Rouages, with their versions and exports', async () => {
    await ownerPage.getByRole('link', { name: 'Référentiels' }).click()
    await ownerPage.getByRole('heading', { level: 1, name: 'Référentiels' }).waitFor()
    const titles = ownerPage.getByRole('heading', { level: 3 })
    await expect.poll(() => titles.count(), POLL).toBe(5)
    expect((await titles.allInnerTexts()).map(normalise)).toEqual(SHIPPED)
    await expect(ownerPage.getByText('version fournie par Rouages').count()).resolves.toBe(5)
    await ownerPage.getByText('8 critères, 0 descripteur', { exact: false }).first().waitFor()
    await expect(
      ownerPage.getByRole('link', { name: `Exporter CSV du référentiel ${NATIONAL}` }).isVisible(),
    ).resolves.toBe(true)
    // The versioning rule is said on the page.
    await ownerPage.getByText('Une année scolaire déjà ouverte garde la version', { exact: false }).waitFor()
    expect(await accessibilityViolations(ownerPage)).toEqual([])
  })

  it('imports the académie’s descriptors from a CSV file: version 2 shows them', async () => {
    await ownerPage.getByRole('link', { name: `Voir / modifier — ${NATIONAL}` }).click()
    await ownerPage.getByRole('heading', { level: 1, name: NATIONAL }).waitFor()
    expect(pathOf(ownerPage)).toBe(`/e/${etablissementId}/referentiels/lycee-des-metiers`)
    await expect(versionText(ownerPage)).resolves.toContain('version fournie par Rouages')
    // Eight criteria, fixed by law, said so.
    await expect(ownerPage.getByRole('heading', { level: 3, name: /^Critère \d/ }).count()).resolves.toBe(8)
    await ownerPage.getByText('fixés par la réglementation', { exact: false }).first().waitFor()
    expect(await accessibilityViolations(ownerPage)).toEqual([])

    const csv = [
      'Critère;Descripteur;Attendus',
      `1;${DESCRIPTORS[0]};Plaquette à jour`,
      `2;"${DESCRIPTORS[1]}";Référent nommé dans le livret d’accueil`,
      `3;${DESCRIPTORS[2]};`,
    ].join('\n')
    await ownerPage.getByLabel('Fichier CSV').setInputFiles(file('academie.csv', csv))
    await ownerPage.getByRole('button', { name: 'Importer le fichier' }).click()
    await ownerPage.getByRole('status').getByText('importé : version 2', { exact: false }).waitFor()
    const today = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short' }).format(new Date())
    await expect(versionText(ownerPage)).resolves.toContain(
      `version 2, enregistrée par ${owner.name} le ${today} · 8 critères, 3 descripteurs`,
    )
    for (const text of DESCRIPTORS) await ownerPage.getByText(text, { exact: true }).waitFor()
    await ownerPage.getByText('Référent nommé dans le livret d’accueil').waitFor()
  })

  it('refuses a CSV file with a bad line, lists every problem by line, and saves nothing', async () => {
    const csv = [
      'Critère;Descripteur;Attendus',
      '12;Un critère qui n’existe pas;',
      '4;;Des attendus sans descripteur',
      '5;Une ligne correcte;',
    ].join('\n')
    await ownerPage.getByLabel('Fichier CSV').setInputFiles(file('erreurs.csv', csv))
    await ownerPage.getByRole('button', { name: 'Importer le fichier' }).click()
    const alert = ownerPage.getByRole('alert').filter({ hasText: 'Import refusé' })
    await alert.waitFor()
    const problems = (await alert.getByRole('listitem').allInnerTexts()).map(normalise)
    expect(problems).toHaveLength(2)
    expect(problems[0]).toMatch(/^Ligne 2 — Critère : critère « 12 » inconnu/)
    expect(problems[1]).toBe('Ligne 3 — Descripteur : texte du descripteur vide')
    expect(normalise(await alert.innerText())).toContain('rien n’a été enregistré')
    await expect(versionText(ownerPage)).resolves.toContain('version 2,')
    expect(await accessibilityViolations(ownerPage)).toEqual([])
    // The server kept version 2 as well.
    await ownerPage.reload()
    await ownerPage.getByRole('heading', { level: 1, name: NATIONAL }).waitFor()
    await expect.poll(() => versionText(ownerPage), POLL).toContain('version 2,')
  })

  it('adds a descriptor in edit mode and saves version 3', async () => {
    await ownerPage.getByRole('button', { name: 'Modifier' }).click()
    await ownerPage.getByRole('button', { name: 'Enregistrer une nouvelle version' }).waitFor()
    // National criteria: short titles editable, no criterion can be added.
    await expect(ownerPage.getByRole('button', { name: 'Ajouter un critère' }).count()).resolves.toBe(0)
    await ownerPage.getByRole('button', { name: 'Ajouter un descripteur au critère 3' }).click()
    const added = ownerPage.getByRole('group', { name: 'Descripteur 3.2', exact: true })
    const text = added.getByLabel('Texte du descripteur')
    await expect(text.evaluate((element) => element === document.activeElement)).resolves.toBe(true)
    await text.fill(ADDED)
    await added.getByLabel('Attendus').fill('Un plan d’accompagnement par élève')
    expect(await accessibilityViolations(ownerPage)).toEqual([])
    await ownerPage.screenshot({ path: path.join(shots, 'library-edit-1366x768.png'), fullPage: true })

    // An empty descriptor is refused before sending, next to its field.
    await ownerPage.getByRole('button', { name: 'Ajouter un descripteur au critère 5' }).click()
    await ownerPage.getByRole('button', { name: 'Enregistrer une nouvelle version' }).click()
    await ownerPage.getByRole('alert').getByText('corrigez les champs signalés', { exact: false }).waitFor()
    const empty = ownerPage.getByRole('group', { name: 'Descripteur 5.1', exact: true })
    await expect(empty.getByLabel('Texte du descripteur').getAttribute('aria-invalid')).resolves.toBe('true')
    await empty.getByRole('button', { name: 'Retirer le descripteur 5.1' }).click()

    await ownerPage.getByRole('button', { name: 'Enregistrer une nouvelle version' }).click()
    await ownerPage.getByRole('status').getByText('Version 3 enregistrée.').waitFor()
    await expect(versionText(ownerPage)).resolves.toContain('version 3, enregistrée par Claire Martin')
    await expect(versionText(ownerPage)).resolves.toContain('4 descripteurs')
    await ownerPage.getByText(ADDED, { exact: true }).waitFor()
    await expect(ownerPage.getByRole('button', { name: 'Modifier' }).isVisible()).resolves.toBe(true)
  })

  it('exports the descriptors as CSV, in the format it imports', async () => {
    const [download] = await Promise.all([
      ownerPage.waitForEvent('download'),
      ownerPage.getByRole('link', { name: 'Exporter CSV' }).click(),
    ])
    expect(download.suggestedFilename()).toBe('lycee-des-metiers-descripteurs.csv')
    const csv = readFileSync(await download.path(), 'utf8')
    expect(csv).toContain('Critère;Descripteur;Attendus')
    expect(csv).toContain(`1;${DESCRIPTORS[0]};Plaquette à jour`)
    expect(csv).toContain(`2;"${DESCRIPTORS[1]}";Référent nommé dans le livret d’accueil`)
    expect(csv).toContain(`3;${DESCRIPTORS[2]};`)
    expect(csv).toContain(`3;${ADDED};Un plan d’accompagnement par élève`)
  })

  it('creates a framework of its own, and imports one from JSON', async () => {
    await ownerPage.getByRole('link', { name: 'Tous les référentiels' }).click()
    await ownerPage.getByRole('heading', { level: 1, name: 'Référentiels' }).waitFor()
    await ownerPage.getByText('version 3, enregistrée par Claire Martin', { exact: false }).waitFor()

    await ownerPage.getByLabel('Nom du référentiel').fill('Projet d’établissement 2026')
    await expect(ownerPage.getByLabel('Identifiant').inputValue()).resolves.toBe(
      'projet-d-etablissement-2026',
    )
    await ownerPage.getByLabel('Échelle de niveaux').selectOption('niveaux-3-labels')
    await ownerPage.getByLabel('Titre court').fill('Réussite des élèves')
    await ownerPage.getByLabel('Intitulé').fill('La réussite de tous les élèves')
    await ownerPage.getByRole('button', { name: 'Créer le référentiel' }).click()
    await ownerPage.getByRole('heading', { level: 1, name: 'Projet d’établissement 2026' }).waitFor()
    expect(pathOf(ownerPage)).toBe(`/e/${etablissementId}/referentiels/projet-d-etablissement-2026`)
    await expect
      .poll(() => versionText(ownerPage), POLL)
      .toContain('version 1, enregistrée par Claire Martin')
    await ownerPage.getByText('Expertise', { exact: true }).waitFor()

    // A school's own framework takes new criteria.
    await ownerPage.getByRole('button', { name: 'Modifier' }).click()
    await ownerPage.getByRole('button', { name: 'Ajouter un critère' }).click()
    const second = ownerPage.getByRole('group', { name: 'Critère 2', exact: true })
    await second.getByLabel('Titre court').fill('Climat scolaire')
    await second.getByLabel('Intitulé').fill('Un climat scolaire serein')
    await ownerPage.getByRole('button', { name: 'Enregistrer une nouvelle version' }).click()
    await ownerPage.getByRole('status').getByText('Version 2 enregistrée.').waitFor()
    await ownerPage.getByRole('heading', { level: 3, name: 'Critère 2 — Climat scolaire' }).waitFor()

    await ownerPage.getByRole('link', { name: 'Tous les référentiels' }).click()
    const bad = JSON.stringify({ id: 'mauvais', label: '', scale: {}, criteria: [] })
    await ownerPage.getByLabel('Fichier JSON').setInputFiles(file('mauvais.json', bad))
    await ownerPage.getByRole('button', { name: 'Importer le fichier' }).click()
    const alert = ownerPage.getByRole('alert').filter({ hasText: 'Import refusé' })
    await alert.waitFor()
    expect((await alert.getByRole('listitem').count()) > 1).toBe(true)

    const json = JSON.stringify({
      id: 'label-importe',
      label: 'Label importé',
      scale: {
        id: 'oui-non',
        label: 'Oui / Non',
        levels: [
          { id: 'non', label: 'Non', description: '', color: '#B42318', pattern: 'cross' },
          { id: 'oui', label: 'Oui', description: '', color: '#1B6E3A', pattern: 'check' },
        ],
      },
      criteria: [{ id: 'c1', number: '1', title: 'Premier', shortTitle: 'Premier', descriptors: [] }],
    })
    await ownerPage.getByLabel('Fichier JSON').setInputFiles(file('label.json', json))
    await ownerPage.getByRole('button', { name: 'Importer le fichier' }).click()
    await ownerPage.getByRole('status').getByText('« Label importé » importé : version 1.').waitFor()
    await ownerPage.getByRole('heading', { level: 3, name: 'Label importé' }).waitFor()
    await expect(ownerPage.getByRole('heading', { level: 3 }).count()).resolves.toBe(7)
    expect(await accessibilityViolations(ownerPage)).toEqual([])
  })

  it('lets the school enter the criteria of a label shipped without any (Édusanté)', async () => {
    await ownerPage.getByRole('link', { name: 'Voir / modifier — Label Édusanté' }).click()
    await ownerPage.getByRole('heading', { level: 1, name: 'Label Édusanté' }).waitFor()
    await ownerPage.getByText('Aucun critère pour l’instant.').waitFor()
    await ownerPage.getByRole('button', { name: 'Modifier' }).click()
    await ownerPage.getByRole('button', { name: 'Ajouter un critère' }).click()
    const first = ownerPage.getByRole('group', { name: 'Critère 1', exact: true })
    await expect(first.getByLabel('Numéro').inputValue()).resolves.toBe('1')
    await first.getByLabel('Titre court').fill('Santé et bien-être')
    await first.getByLabel('Intitulé').fill('Une démarche de promotion de la santé')
    await ownerPage.getByRole('button', { name: 'Enregistrer une nouvelle version' }).click()
    await ownerPage.getByRole('status').getByText('Version 2 enregistrée.').waitFor()
    await ownerPage.getByRole('heading', { level: 3, name: 'Critère 1 — Santé et bien-être' }).waitFor()
  })

  it('reads well at 1920×1080 and 390×844', async () => {
    for (const viewport of [
      { width: 1920, height: 1080 },
      { width: 390, height: 844 },
    ]) {
      await ownerPage.setViewportSize(viewport)
      const size = `${viewport.width}x${viewport.height}`
      await ownerPage.goto(`${server.url}/e/${etablissementId}/referentiels`)
      await ownerPage.getByRole('heading', { level: 3, name: 'Label importé' }).waitFor()
      expect(await fitsWidth(ownerPage)).toBe(true)
      await ownerPage.screenshot({ path: path.join(shots, `library-list-${size}.png`), fullPage: true })
      await ownerPage.goto(nationalUrl)
      await ownerPage.getByText(ADDED, { exact: true }).waitFor()
      expect(await fitsWidth(ownerPage)).toBe(true)
      expect(await accessibilityViolations(ownerPage)).toEqual([])
      await ownerPage.screenshot({ path: path.join(shots, `library-framework-${size}.png`), fullPage: true })
      await ownerPage.getByRole('button', { name: 'Modifier' }).click()
      await ownerPage.getByRole('button', { name: 'Enregistrer une nouvelle version' }).waitFor()
      expect(await fitsWidth(ownerPage)).toBe(true)
      await ownerPage.screenshot({ path: path.join(shots, `library-edit-${size}.png`), fullPage: true })
      await ownerPage.getByRole('button', { name: 'Abandonner les modifications' }).click()
    }
    await ownerPage.setViewportSize({ width: 1366, height: 768 })
  })

  it('shows a reader everything, without the controls that change it', async () => {
    await ownerPage.goto(`${server.url}/e/${etablissementId}/membres`)
    await invite(ownerPage, { email: reader.email, role: 'Lecteur' })
    const link = await linkFromMail(data.dir, reader.email, '/invitation/')
    const { page } = await newVisitor(browser)
    await page.goto(link)
    await page.getByRole('link', { name: 'Créer un compte' }).click()
    await fillSignup(page, reader)
    await page.getByRole('heading', { level: 1, name: etablissement.name }).waitFor()

    await page.getByRole('link', { name: 'Référentiels' }).click()
    await page.getByRole('heading', { level: 3, name: 'Label importé' }).waitFor()
    await expect(page.getByRole('link', { name: `Voir — ${NATIONAL}` }).isVisible()).resolves.toBe(true)
    await expect(page.getByLabel('Fichier JSON').count()).resolves.toBe(0)
    await expect(page.getByRole('button', { name: 'Créer le référentiel' }).count()).resolves.toBe(0)
    expect(await accessibilityViolations(page)).toEqual([])

    await page.getByRole('link', { name: `Voir — ${NATIONAL}` }).click()
    await page.getByText(ADDED, { exact: true }).waitFor()
    await expect(page.getByRole('button', { name: 'Modifier' }).count()).resolves.toBe(0)
    await expect(page.getByLabel('Fichier CSV').count()).resolves.toBe(0)
    await expect(page.getByRole('link', { name: 'Exporter JSON' }).isVisible()).resolves.toBe(true)
    expect(await accessibilityViolations(page)).toEqual([])
  })
})
