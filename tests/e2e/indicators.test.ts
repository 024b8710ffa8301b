/**
 * Le suivi des indicateurs (D1) in a real browser: an indicator added from the catalogue, its
 * baseline and cible, a value recorded by hand, all seen live by a colleague; values imported from
 * a CSV file after a preview (one undo step), a faulty file refused line by line with nothing
 * imported; a lecteur reading everything without a control; projector and phone layouts.
 */
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
  signIn,
  syncState,
} from '../helpers/e2e-app.ts'
import { fitsWidth, screenshotDir } from '../helpers/e2e-grid.ts'
import { startServerProcess, tempDataDir, type ServerProcess } from '../helpers/server-process.ts'

const chromiumPath = chromiumForTests()

const owner = {
  name: 'Hélène Garnier',
  email: 'helene.garnier@lycee-exemple.fr',
  password: 'les cibles du projet',
}
const contributor = {
  name: 'Karim Benali',
  email: 'karim.benali@lycee-exemple.fr',
  password: 'je saisis les résultats',
}
const reader = {
  name: 'Lucie Morel',
  email: 'lucie.morel@lycee-exemple.fr',
  password: 'je regarde seulement',
}
const etablissement = { uai: '0690001A', name: 'Lycée des métiers Lumière', academie: 'Lyon' }
const YEAR = '2025-2026'
const BAC_PRO = 'Taux de réussite au bac pro'
const ABSENTEEISM = 'Taux d’absentéisme'

/** A CSV file for the file picker. */
const csvFile = (name: string, ...lines: string[]) => ({
  name,
  mimeType: 'text/csv',
  buffer: Buffer.from(lines.join('\r\n'), 'utf8'),
})

/** The list's row of an indicator. */
const row = (page: Page, name: string): Locator =>
  page.locator('.indicator-list tbody tr').filter({ has: page.getByRole('link', { name, exact: true }) })

/** The open indicator's panel. */
const detail = (page: Page, name: string): Locator =>
  page.getByRole('article', { name }).filter({ has: page.getByRole('heading', { level: 2, name }) })

/** Text as shown, with the no-break spaces of French numbers ("84,5 %") made plain spaces. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ')
const textOf = async (locator: Locator): Promise<string> => plain(await locator.innerText())
const textsOf = async (locator: Locator): Promise<string[]> => (await locator.allInnerTexts()).map(plain)

/** The rows of the open indicator's table of values, as their text. */
const valueRows = (page: Page, name: string): Promise<string[]> =>
  textsOf(detail(page, name).locator('.values tbody tr'))

describe.skipIf(chromiumPath === undefined)('indicators in a real browser', () => {
  const data = tempDataDir()
  const shots = screenshotDir()
  let server: ServerProcess
  let browser: Browser
  let ownerPage: Page
  let colleaguePage: Page
  let readerPage: Page
  let etablissementId: string
  let indicatorsUrl: string
  /** Uncaught errors in the pages, checked at the end. */
  const pageErrors: string[] = []

  /** Joins through an e-mailed invitation (the address is proven: signed in at once). */
  async function join(person: typeof contributor, role: string): Promise<Page> {
    await ownerPage.goto(`${server.url}/e/${etablissementId}/membres`)
    await invite(ownerPage, { email: person.email, role })
    const link = await linkFromMail(data.dir, person.email, '/invitation/')
    const { page } = await newVisitor(browser, { width: 1366, height: 768 })
    await page.goto(link)
    await page.getByRole('link', { name: 'Créer un compte' }).click()
    await fillSignup(page, person)
    await page.getByRole('heading', { level: 1, name: etablissement.name }).waitFor()
    return page
  }

  async function openIndicators(page: Page): Promise<void> {
    await page.goto(indicatorsUrl)
    await page.getByRole('heading', { level: 1, name: `Suivi des indicateurs ${YEAR}` }).waitFor()
    await page.locator('[data-sync-state="synced"]').waitFor()
  }

  /** Adds an indicator from the catalogue, found by a word of its name. */
  async function addFromCatalogue(page: Page, search: string, name: string): Promise<void> {
    await page.getByRole('button', { name: 'Ajouter un indicateur' }).click()
    await page.getByLabel('Rechercher dans le catalogue').fill(search)
    await page.getByRole('button', { name: `Ajouter « ${name} »` }).click()
    await detail(page, name).waitFor()
  }

  /** Opens the import panel and picks a file; returns the panel. */
  async function chooseCsv(page: Page, file: ReturnType<typeof csvFile>): Promise<Locator> {
    const toggle = page.getByRole('button', { name: 'Importer des valeurs (CSV)' })
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click()
    const panel = page.getByRole('region', { name: 'Importer des valeurs constatées (CSV)' })
    await panel.getByLabel('Fichier CSV').setInputFiles(file)
    return panel
  }

  beforeAll(async () => {
    assertAppBuilt()
    server = await startServerProcess({ dataDir: data.dir })
    if (chromiumPath === undefined) throw new Error('unreachable: the suite is skipped without Chromium')
    browser = await launchChromium(chromiumPath)
    ;({ page: ownerPage } = await newVisitor(browser, { width: 1366, height: 768 }))
    // In March 2026 the year form proposes 2025-2026.
    await ownerPage.clock.setSystemTime(new Date('2026-03-10T10:00:00'))
    etablissementId = await firstRun(ownerPage, server.url, owner, etablissement)
    await ownerPage.getByRole('link', { name: 'Autodiagnostic' }).click()
    await ownerPage.getByLabel('Année scolaire', { exact: true }).selectOption(YEAR)
    await ownerPage.getByRole('button', { name: 'Ouvrir l’année' }).click()
    await ownerPage.getByRole('heading', { level: 1, name: `Autodiagnostic ${YEAR}` }).waitFor()
    indicatorsUrl = `${server.url}/e/${etablissementId}/annees/${YEAR}/indicateurs`
    colleaguePage = await join(contributor, 'Contributeur')
    readerPage = await join(reader, 'Lecteur')
    for (const page of [ownerPage, colleaguePage, readerPage])
      page.on('pageerror', (error) => pageErrors.push(error.message))
  })

  afterAll(async () => {
    await browser?.close()
    if (server) expect(await server.stop()).toBe(0)
    data.remove()
  })

  it('adds an indicator from the catalogue, sets its baseline and cible, records a value, seen live', async () => {
    await openIndicators(ownerPage)
    await openIndicators(colleaguePage)
    await ownerPage.getByText('Aucun indicateur n’est encore suivi cette année.').waitFor()
    // The year's navigation says where we are.
    await expect(
      ownerPage.getByRole('link', { name: 'Indicateurs', exact: true }).getAttribute('aria-current'),
    ).resolves.toBe('page')

    await ownerPage.getByRole('button', { name: 'Ajouter un indicateur' }).click()
    const search = ownerPage.getByLabel('Rechercher dans le catalogue')
    await search.fill('reussite')
    // Accents do not matter; the three exams are offered, grouped under their family.
    await ownerPage.getByRole('heading', { level: 4, name: 'Examens' }).waitFor()
    await expect(
      ownerPage.getByRole('button', { name: /^Ajouter « Taux de réussite/ }).count(),
    ).resolves.toBe(3)
    await expect(ownerPage.getByRole('heading', { level: 4, name: 'InserJeunes' }).count()).resolves.toBe(0)
    expect(await accessibilityViolations(ownerPage)).toEqual([])
    await ownerPage.getByRole('button', { name: `Ajouter « ${BAC_PRO} »` }).click()
    const panel = detail(ownerPage, BAC_PRO)
    await panel.waitFor()
    await expect
      .poll(
        () => ownerPage.evaluate(() => document.activeElement?.hasAttribute('data-indicator-title')),
        POLL,
      )
      .toBe(true)
    await expect(
      ownerPage
        .getByRole('status')
        .filter({ hasText: `Indicateur « ${BAC_PRO} » ajouté.` })
        .count(),
    ).resolves.toBe(1)
    // The catalogue's definition, source and unit come with it.
    await expect(panel.getByLabel('Définition').inputValue()).resolves.toContain('session de juin')
    await expect(panel.getByLabel('Unité').inputValue()).resolves.toBe('%')

    // French decimals; written when the person leaves the field.
    await panel.getByLabel('Valeur de référence').fill('78,5')
    await panel.getByLabel('Valeur de référence').press('Tab')
    await panel.getByLabel('Cible').fill('85')
    await panel.getByLabel('Cible').press('Enter')
    await panel.getByLabel('Cible').fill('quatre-vingt')
    await panel.getByLabel('Cible').press('Enter')
    await panel.getByText('Saisissez un nombre, par exemple 12,5.').waitFor()
    await panel.getByLabel('Cible').fill('85')
    await panel.getByLabel('Cible').press('Tab')
    await expect(panel.getByText('Saisissez un nombre, par exemple 12,5.').count()).resolves.toBe(0)

    // A value for the workspace's school year (the form's default for a yearly indicator).
    await panel.getByRole('textbox', { name: 'Valeur constatée', exact: true }).fill('84,5')
    await panel.getByLabel(/^Commentaire/).fill('Session de juin')
    await panel.getByRole('button', { name: 'Enregistrer la valeur' }).click()
    await ownerPage.getByText('Valeur 84,5 % enregistrée pour 2025-2026.').waitFor()
    await expect(valueRows(ownerPage, BAC_PRO)).resolves.toEqual([
      expect.stringMatching(/^2025-2026\s+84,5 %\s+Session de juin/),
    ])
    const ownerRow = row(ownerPage, BAC_PRO)
    await expect(textOf(ownerRow)).resolves.toMatch(/84,5 %\s*\(2025-2026\)[\s\S]*85 %[\s\S]*En progrès/)
    await expect(ownerRow.locator('[data-trend]').getAttribute('data-trend')).resolves.toBe('improving')

    // The colleague's list follows without reloading.
    const colleagueRow = row(colleaguePage, BAC_PRO)
    await expect
      .poll(() => textOf(colleagueRow), POLL)
      .toMatch(/84,5 %\s*\(2025-2026\)[\s\S]*85 %[\s\S]*En progrès/)
    await colleagueRow.getByRole('link', { name: BAC_PRO }).click()
    const colleaguePanel = detail(colleaguePage, BAC_PRO)
    await expect(colleaguePanel.getByLabel('Valeur de référence').inputValue()).resolves.toBe('78,5')
    await expect(colleaguePanel.getByLabel('Cible').inputValue()).resolves.toBe('85')
    // Who changed the cible, as the server recorded it.
    await colleaguePanel
      .getByText(/Modifié par Hélène Garnier/)
      .first()
      .waitFor()

    // The colleague edits the definition; the owner sees it as it is typed.
    await colleaguePanel
      .getByLabel('Définition')
      .fill('Admis / présentés, session de juin, toutes spécialités.')
    await expect
      .poll(() => panel.getByLabel('Définition').inputValue(), POLL)
      .toBe('Admis / présentés, session de juin, toutes spécialités.')
    // Reaching the cible is said in words.
    await panel.getByRole('textbox', { name: 'Valeur constatée', exact: true }).fill('86')
    await panel.getByRole('button', { name: 'Enregistrer la valeur' }).click()
    await ownerPage.getByText('Valeur de 2025-2026 remplacée par 86 %.').waitFor()
    await expect.poll(() => textOf(colleagueRow.locator('[data-trend]')), POLL).toBe('Cible atteinte')
    await ownerPage.getByRole('button', { name: 'Annuler', exact: true }).click()
    await expect.poll(() => textOf(colleagueRow.locator('[data-trend]')), POLL).toBe('En progrès')

    // Linked to a criterion of the grid: a link to it, for the colleague too.
    await panel.getByText('Choisir les critères liés').click()
    await panel.getByRole('checkbox', { name: 'Critère 3 : Réponses pédagogiques' }).check()
    await ownerPage.getByText('Critère relié : Critère 3 : Réponses pédagogiques.').waitFor()
    const criterionLink = colleaguePanel.getByRole('link', { name: 'Critère 3 : Réponses pédagogiques' })
    await expect.poll(() => criterionLink.getAttribute('href'), POLL).toMatch(/\/annees\/2025-2026#critere-/)
    expect(await accessibilityViolations(ownerPage)).toEqual([])
    await expect.poll(() => syncState(ownerPage), POLL).toBe('synced')
  })

  it('imports a valid CSV after a preview, as one step that "Annuler" takes back', async () => {
    await addFromCatalogue(ownerPage, 'absent', ABSENTEEISM)
    const panel = await chooseCsv(
      ownerPage,
      csvFile(
        'valeurs.csv',
        '\uFEFFIndicateur;Période;Valeur;Commentaire',
        `${BAC_PRO};2023-2024;76;`,
        'taux de reussite au bac pro;2024-2025;"81,0";"session 2025; rattrapage compris"',
        'absenteisme;15/01/2026;9,5 %;janvier',
        `${ABSENTEEISM};15/02/2026;8.25;`,
      ),
    )
    await panel.getByText('Aperçu : 4 valeurs prêtes à importer.').waitFor()
    const preview = panel.getByRole('table', { name: 'Valeurs lues dans le fichier' })
    await expect(textsOf(preview.locator('tbody tr'))).resolves.toEqual([
      expect.stringMatching(/^2\s+Taux de réussite au bac pro\s+2023-2024\s+76 %/),
      expect.stringMatching(
        /^3\s+Taux de réussite au bac pro\s+2024-2025\s+81 %\s+session 2025; rattrapage compris/,
      ),
      expect.stringMatching(/^4\s+Taux d’absentéisme\s+15 janv\. 2026\s+9,5 %\s+janvier/),
      expect.stringMatching(/^5\s+Taux d’absentéisme\s+15 févr\. 2026\s+8,25 %/),
    ])
    // Nothing is recorded before the person confirms.
    await expect(textOf(row(ownerPage, ABSENTEEISM))).resolves.toContain('Pas encore de valeur')
    expect(await accessibilityViolations(ownerPage)).toEqual([])
    await ownerPage.screenshot({
      path: path.join(shots, 'indicators-import-preview-1366x768.png'),
      fullPage: true,
    })

    await panel.getByRole('button', { name: 'Importer 4 valeurs' }).click()
    await ownerPage.getByRole('status').filter({ hasText: '4 valeurs importées.' }).waitFor()
    await expect(panel.count()).resolves.toBe(0)
    await expect(textOf(row(ownerPage, ABSENTEEISM))).resolves.toMatch(/8,25 %\s*\(15 févr\. 2026\)/)
    await expect
      .poll(() => textOf(row(colleaguePage, ABSENTEEISM)), POLL)
      .toMatch(/8,25 %\s*\(15 févr\. 2026\)[\s\S]*En progrès/)
    await row(ownerPage, BAC_PRO).getByRole('link', { name: BAC_PRO }).click()
    await expect
      .poll(() => valueRows(ownerPage, BAC_PRO), POLL)
      .toEqual([
        expect.stringMatching(/^2025-2026\s+84,5 %/),
        expect.stringMatching(/^2024-2025\s+81 %/),
        expect.stringMatching(/^2023-2024\s+76 %/),
      ])
    // The chart has a summary in words; the table is its accessible alternative.
    await detail(ownerPage, BAC_PRO)
      .getByText('De 76 % (2023-2024) à 84,5 % (2025-2026). Cible : 85 %.')
      .waitFor()

    // One undo takes the whole import back, for everyone; redo brings it again.
    await ownerPage.getByRole('button', { name: 'Annuler', exact: true }).click()
    await expect.poll(() => valueRows(ownerPage, BAC_PRO), POLL).toHaveLength(1)
    await expect.poll(() => textOf(row(colleaguePage, ABSENTEEISM)), POLL).toContain('Pas encore de valeur')
    await ownerPage.getByRole('button', { name: 'Rétablir', exact: true }).click()
    await expect.poll(() => valueRows(ownerPage, BAC_PRO), POLL).toHaveLength(3)
    await expect.poll(() => textOf(row(colleaguePage, ABSENTEEISM)), POLL).toContain('8,25 %')
  })

  it('refuses a CSV with a bad date, a non-number and an unknown indicator, naming each line', async () => {
    const panel = await chooseCsv(
      ownerPage,
      csvFile(
        'erreurs.csv',
        'Indicateur;Période;Valeur;Commentaire',
        `${BAC_PRO};2022-2023;70;ligne correcte`,
        `${BAC_PRO};31/02/2026;80;`,
        `${ABSENTEEISM};2025-2026;douze;`,
        'Taux de satisfaction des familles;2025-2026;70;',
      ),
    )
    const alert = panel.getByRole('alert')
    await alert.getByText('Fichier non importé : 3 problèmes à corriger', { exact: false }).waitFor()
    const problems = await textsOf(alert.getByRole('listitem'))
    expect(problems).toHaveLength(3)
    expect(problems[0]).toMatch(/^Ligne 3 — Période : « 31\/02\/2026 » n’est pas une période/)
    expect(problems[1]).toMatch(/^Ligne 4 — Valeur : « douze » n’est pas un nombre/)
    expect(problems[2]).toMatch(
      /^Ligne 5 — Indicateur : indicateur « Taux de satisfaction des familles » inconnu/,
    )
    await expect(panel.getByRole('button', { name: /^Importer \d/ }).count()).resolves.toBe(0)
    expect(await accessibilityViolations(ownerPage)).toEqual([])
    await ownerPage.screenshot({
      path: path.join(shots, 'indicators-import-refused-1366x768.png'),
      fullPage: true,
    })

    // Nothing was imported, not even the correct line.
    await expect(valueRows(ownerPage, BAC_PRO)).resolves.toHaveLength(3)
    expect((await valueRows(ownerPage, BAC_PRO)).join(' ')).not.toContain('2022-2023')
    await colleaguePage.waitForTimeout(300)
    await expect(valueRows(colleaguePage, BAC_PRO)).resolves.toHaveLength(3)
  })

  it('shows a lecteur every indicator and value, without a single editing control', async () => {
    await openIndicators(readerPage)
    await row(readerPage, BAC_PRO).waitFor()
    await readerPage.getByText('Lecture seule').waitFor()
    // Reading includes exporting; everything else is left out of the page.
    const exports = readerPage.getByRole('group', { name: 'Exporter les indicateurs' })
    await expect(exports.getByRole('button').allInnerTexts()).resolves.toEqual([
      'Exporter en CSV',
      'Exporter en Excel (XLSX)',
    ])
    const main = readerPage.locator('main')
    /** Controls outside the export buttons. */
    const controls = main.locator(':is(input, textarea, select, button, summary):not([data-export-slot] *)')
    await expect(controls.count()).resolves.toBe(0)
    await row(readerPage, BAC_PRO).getByRole('link', { name: BAC_PRO }).click()
    const panel = detail(readerPage, BAC_PRO)
    await panel.getByText('Admis / présentés, session de juin, toutes spécialités.').waitFor()
    await expect(textOf(panel)).resolves.toMatch(/Valeur de référence\s+78,5 %/)
    await expect(valueRows(readerPage, BAC_PRO)).resolves.toHaveLength(3)
    for (const role of ['textbox', 'checkbox', 'combobox', 'radio', 'spinbutton'] as const)
      await expect(main.getByRole(role).count(), role).resolves.toBe(0)
    await expect(controls.count()).resolves.toBe(0)
    await readerPage.screenshot({ path: path.join(shots, 'indicators-reader-1366x768.png'), fullPage: true })
    expect(await accessibilityViolations(readerPage)).toEqual([])
  })

  it('reads on a projector and on a phone', async () => {
    const { page: projector } = await newVisitor(browser, { width: 1920, height: 1080 })
    await signIn(projector, server.url, owner)
    await projector.getByRole('heading', { level: 1, name: etablissement.name }).waitFor()
    await projector.goto(
      `${indicatorsUrl}?indicateur=${await row(ownerPage, BAC_PRO).getAttribute('data-indicator')}`,
    )
    await detail(projector, BAC_PRO).waitFor()
    // A link to an indicator lands on it.
    await expect
      .poll(
        () => projector.evaluate(() => document.activeElement?.hasAttribute('data-indicator-title')),
        POLL,
      )
      .toBe(true)
    await expect(fitsWidth(projector)).resolves.toBe(true)
    await projector.screenshot({ path: path.join(shots, 'indicators-1920x1080.png') })
    await projector.screenshot({ path: path.join(shots, 'indicators-1920x1080-full.png'), fullPage: true })
    await detail(projector, BAC_PRO).getByRole('link', { name: 'Fermer' }).click()
    await projector.locator('.indicator-list .sparkline').first().waitFor()
    await expect(fitsWidth(projector)).resolves.toBe(true)
    await projector.screenshot({ path: path.join(shots, 'indicators-list-1920x1080.png') })

    const { page: phone } = await newVisitor(browser, { width: 390, height: 844 })
    await signIn(phone, server.url, owner)
    await phone.getByRole('heading', { level: 1, name: etablissement.name }).waitFor()
    await openIndicators(phone)
    await row(phone, ABSENTEEISM).waitFor()
    await expect(fitsWidth(phone)).resolves.toBe(true)
    expect(await accessibilityViolations(phone)).toEqual([])
    await phone.screenshot({ path: path.join(shots, 'indicators-list-390x844.png'), fullPage: true })
    // On a phone the indicator opens instead of the list, and "Fermer" goes back to it.
    await row(phone, BAC_PRO).getByRole('link', { name: BAC_PRO }).click()
    await detail(phone, BAC_PRO).waitFor()
    await expect(phone.locator('.indicator-list').count()).resolves.toBe(0)
    await expect(fitsWidth(phone)).resolves.toBe(true)
    expect(await accessibilityViolations(phone)).toEqual([])
    await phone.screenshot({ path: path.join(shots, 'indicators-detail-390x844.png') })
    await detail(phone, BAC_PRO)
      .getByRole('heading', { level: 3, name: 'Valeurs constatées' })
      .scrollIntoViewIfNeeded()
    await phone.screenshot({ path: path.join(shots, 'indicators-detail-values-390x844.png') })
    await detail(phone, BAC_PRO).getByRole('link', { name: 'Fermer' }).click()
    await row(phone, BAC_PRO).waitFor()
    await expect
      .poll(() => phone.evaluate(() => document.activeElement?.textContent?.trim()), POLL)
      .toBe(BAC_PRO)
    await phone.getByRole('button', { name: 'Ajouter un indicateur' }).click()
    await phone.getByLabel('Rechercher dans le catalogue').waitFor()
    await expect(fitsWidth(phone)).resolves.toBe(true)
    await phone.screenshot({ path: path.join(shots, 'indicators-add-390x844.png') })
    await phone
      .getByRole('heading', { level: 3, name: 'Ou un indicateur propre à l’établissement' })
      .scrollIntoViewIfNeeded()
    await phone.screenshot({ path: path.join(shots, 'indicators-add-own-390x844.png') })
    await phone.getByRole('button', { name: 'Fermer' }).click()

    // Re-importing a period the indicator already has says what it replaces before anything is written.
    const panel = await chooseCsv(
      phone,
      csvFile('correction.csv', 'Indicateur;Période;Valeur;Commentaire', `${BAC_PRO};2025-2026;85;corrigé`),
    )
    await panel.getByText('Aperçu : 1 valeur prête à importer.').waitFor()
    await expect(textsOf(panel.locator('tbody tr'))).resolves.toEqual([
      expect.stringMatching(/2025-2026\s+85 %\s+corrigé\s+84,5 %$/),
    ])
    await panel.getByText('1 valeur remplacera une valeur déjà enregistrée.').waitFor()
    await expect(fitsWidth(phone)).resolves.toBe(true)
    expect(await accessibilityViolations(phone)).toEqual([])
    await panel
      .getByRole('heading', { name: 'Fichier CSV' })
      .or(panel.getByText('Aperçu :'))
      .first()
      .scrollIntoViewIfNeeded()
    await phone.screenshot({ path: path.join(shots, 'indicators-import-390x844.png') })
    await panel.getByRole('button', { name: 'Fermer' }).click()
    await expect(textOf(row(phone, BAC_PRO))).resolves.toContain('84,5 %')
    await projector.context().close()
    await phone.context().close()
  })
  it('removes an indicator a colleague is reading, and "Annuler" brings it back with its values', async () => {
    await colleaguePage.goto(indicatorsUrl)
    await row(colleaguePage, ABSENTEEISM).getByRole('link', { name: ABSENTEEISM }).click()
    await detail(colleaguePage, ABSENTEEISM).waitFor()
    await ownerPage.goto(indicatorsUrl)
    await row(ownerPage, ABSENTEEISM).getByRole('link', { name: ABSENTEEISM }).click()
    await detail(ownerPage, ABSENTEEISM).getByRole('button', { name: 'Supprimer l’indicateur' }).click()
    await ownerPage.getByText(`Indicateur « ${ABSENTEEISM} » supprimé. « Annuler » le rétablit.`).waitFor()
    await expect.poll(() => new URL(ownerPage.url()).search, POLL).toBe('')
    await expect(row(ownerPage, ABSENTEEISM).count()).resolves.toBe(0)
    await colleaguePage.getByText('Cet indicateur n’existe plus dans l’année', { exact: false }).waitFor()

    await ownerPage.getByRole('button', { name: 'Annuler', exact: true }).click()
    await expect.poll(() => textOf(row(ownerPage, ABSENTEEISM)), POLL).toMatch(/8,25 %/)
    await expect.poll(() => valueRows(colleaguePage, ABSENTEEISM), POLL).toHaveLength(2)
    expect(pageErrors).toEqual([])
  })
})
