/**
 * Bilans (E1–E3, E5, E6) in a real browser against the real server: a référent freezes the year;
 * an edit made afterwards in the live grid is not in the version, which every screen of the year
 * shows read-only under a banner; the approval trail is recorded by the roles that may, with the
 * server's refusals in French; the version compares with today; the next year starts from it; a
 * share link opens it without an account until it is revoked. axe on every screen, screenshots at
 * 1920×1080 and 390×844.
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BilanSummary } from '@rouages/shared/api/bilans'
import { createAction, setActionState } from '@rouages/shared/workspace/actions'
import { addDescriptor, setLevel } from '@rouages/shared/workspace/grid'
import { addMeasurement, createIndicator } from '@rouages/shared/workspace/indicators'
import { addMember, api, createEtablissement, signUp, type Account } from '../helpers/accounts.ts'
import {
  accessibilityViolations,
  assertAppBuilt,
  chromiumForTests,
  launchChromium,
} from '../helpers/browser.ts'
import { POLL, newVisitor, signIn } from '../helpers/e2e-app.ts'
import { chooseLevel, fitsWidth, levelGroup, levelRadio, openDetails } from '../helpers/e2e-grid.ts'
import { connectClient, type TestClient } from '../helpers/providers.ts'
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts'

const chromiumPath = chromiumForTests()
const YEAR = '2025-2026'
const NEXT_YEAR = '2026-2027'
const FW = 'lycee-des-metiers'
const SHOTS = '/tmp/bilan-shots'
const PARTNERS = 'Des partenariats formalisés avec les entreprises du territoire'
const PFMP = 'Signer les conventions PFMP'
const FORUM = 'Forum des métiers du bâtiment'
const INSERTION = 'Taux d’insertion à 6 mois'
const BILAN = `Bilan annuel ${YEAR}`

describe.skipIf(chromiumPath === undefined)('bilans in a real browser', () => {
  let server: ServerProcess
  let browser: Browser
  let owner: Account
  let facilitator: Account
  let contributor: Account
  let client: TestClient
  let etablissementId: string
  let ownerPage: Page
  let facilitatorPage: Page
  let contributorPage: Page
  let bilan: BilanSummary
  let insertion: string

  const yearUrl = (year = YEAR) => `${server.url}/e/${etablissementId}/annees/${year}`
  const bilansUrl = () => `${yearUrl()}/bilans`
  const card = (page: Page, name = BILAN): Locator =>
    page.getByRole('article').filter({ has: page.getByRole('heading', { level: 3, name }) })
  const trail = (page: Page): Locator => card(page).getByRole('list', { name: 'Parcours d’approbation' })
  const banner = (page: Page): Locator => page.getByRole('region', { name: 'Version figée' })
  /** The cells of a row, as a person reads them (line breaks and spacing collapsed). */
  const cellTexts = async (row: Locator): Promise<string[]> =>
    (await row.getByRole('cell').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim())

  /** A browser signed in as `account` (the password helpers/accounts.ts gives everyone). */
  async function signedIn(account: Account, viewport = { width: 1920, height: 1080 }): Promise<Page> {
    const { page } = await newVisitor(browser, viewport)
    await signIn(page, server.url, { name: '', email: account.email, password: 'un mot de passe solide' })
    await page.getByRole('heading', { level: 1, name: 'Lycée des métiers du bâtiment' }).waitFor()
    return page
  }

  async function openBilans(page: Page): Promise<void> {
    await page.goto(bilansUrl())
    await page.getByRole('heading', { level: 1, name: `Bilans ${YEAR}` }).waitFor()
    await page.locator('.bilans-page [aria-busy]').waitFor({ state: 'detached' })
  }

  async function shoot(page: Page, name: string): Promise<void> {
    const size = page.viewportSize() ?? { width: 1920, height: 1080 }
    await page.setViewportSize({ width: 1920, height: 1080 })
    await page.screenshot({ path: path.join(SHOTS, `${name}-1920x1080.png`), fullPage: true })
    await page.setViewportSize({ width: 390, height: 844 })
    await expect.poll(() => fitsWidth(page), POLL).toBe(true)
    await page.screenshot({ path: path.join(SHOTS, `${name}-390x844.png`), fullPage: true })
    await page.setViewportSize(size)
  }

  /** Controls that would change the document: none may be offered on a frozen version. */
  async function expectNoEditingControl(page: Page): Promise<void> {
    const main = page.locator('main')
    await expect(main.locator('textarea:not([readonly])').count()).resolves.toBe(0)
    await expect(main.locator('input[type="radio"]:not(:disabled)').count()).resolves.toBe(0)
    await expect(main.locator('[contenteditable="true"], [draggable="true"]').count()).resolves.toBe(0)
    for (const name of [
      /^Ajouter un descripteur/,
      /^Annuler$/,
      /^Rétablir$/,
      /^Créer l’action$/,
      /^Ajouter un indicateur$/,
      /^Importer des valeurs/,
      /^Supprimer/,
      /^Déplacer vers/,
    ])
      await expect(main.getByRole('button', { name }).count(), String(name)).resolves.toBe(0)
    await expect(main.getByLabel('Nouvelle action : son intitulé').count()).resolves.toBe(0)
  }

  beforeAll(async () => {
    assertAppBuilt()
    mkdirSync(SHOTS, { recursive: true })
    server = await startServerProcess()
    if (chromiumPath === undefined) throw new Error('unreachable: the suite is skipped without Chromium')
    browser = await launchChromium(chromiumPath)

    owner = await signUp(server, 'Claire Martin', 'claire.martin@lycee-batiment.fr')
    etablissementId = (await createEtablissement(server, owner, 'Lycée des métiers du bâtiment')).id
    facilitator = await addMember(server, owner, etablissementId, 'facilitator', 'Karim Benali')
    contributor = await addMember(server, owner, etablissementId, 'contributor', 'Sophie Durand')
    const opened = await api(server, `/etablissements/${etablissementId}/annees`, {
      cookie: owner.cookie,
      body: { schoolYear: YEAR, frameworkIds: [FW] },
    })
    expect(opened.status).toBe(201)

    // The year's content, written by a real provider client with the owner's session.
    client = await connectClient(server.wsUrl, `etab:${etablissementId}:annee:${YEAR}`, {
      cookie: owner.cookie,
    })
    const doc = client.doc
    setLevel(doc, FW, addDescriptor(doc, FW, 'ldm-4', PARTNERS), 'en-cours')
    setLevel(doc, FW, addDescriptor(doc, FW, 'ldm-1', 'Une offre de formation lisible'), 'atteint')
    const pfmp = createAction(doc, { title: PFMP, echeance: '2026-01-15' })
    setActionState(doc, pfmp, 'en-cours')
    insertion = createIndicator(doc, {
      name: INSERTION,
      source: 'InserJeunes',
      unit: '%',
      periodicity: 'annuelle',
      direction: 'hausse',
      cible: 70,
    })
    addMeasurement(doc, insertion, { value: 62, period: '2024-2025', comment: '' })
    await client.settled()

    ;[ownerPage, facilitatorPage, contributorPage] = await Promise.all([
      signedIn(owner),
      signedIn(facilitator),
      signedIn(contributor, { width: 1366, height: 768 }),
    ])
  })

  afterAll(async () => {
    client?.destroy()
    await browser?.close()
    if (server) expect(await server.stop()).toBe(0)
  })

  it('lets a référent freeze the year as a bilan, saying plainly that it can never change', async () => {
    await openBilans(facilitatorPage)
    await facilitatorPage
      .getByText('Aucun bilan n’a encore été figé pour cette année.', { exact: false })
      .waitFor()
    await expect(
      facilitatorPage.getByText(/ne pourra plus jamais être modifiée ni supprimée/).isVisible(),
    ).resolves.toBe(true)
    await expect(facilitatorPage.getByLabel('Nom du bilan').inputValue()).resolves.toBe(BILAN)
    await facilitatorPage.getByLabel(/^Note/).fill('Version présentée au CA de juin.')
    expect(await accessibilityViolations(facilitatorPage)).toEqual([])

    // An empty name is refused before anything is sent.
    await facilitatorPage.getByLabel('Nom du bilan').fill('  ')
    await facilitatorPage.getByRole('button', { name: 'Figer le bilan…' }).click()
    await facilitatorPage.getByText('Le nom du bilan est obligatoire.').waitFor()
    await facilitatorPage.getByLabel('Nom du bilan').fill(BILAN)

    await facilitatorPage.getByRole('button', { name: 'Figer le bilan…' }).click()
    const confirm = facilitatorPage.getByRole('group', {
      name: /^Figer « Bilan annuel 2025-2026 » maintenant/,
    })
    await expect(confirm.innerText()).resolves.toMatch(/ne pourra plus être modifiée ni supprimée/)
    await expect
      .poll(() => facilitatorPage.evaluate(() => document.activeElement?.textContent?.trim()), POLL)
      .toBe('Oui, figer le bilan')
    await confirm.getByRole('button', { name: 'Oui, figer le bilan' }).click()
    await card(facilitatorPage).waitFor()
    await facilitatorPage.getByText(`Bilan « ${BILAN} » figé.`).waitFor()
    await expect(card(facilitatorPage).innerText()).resolves.toMatch(/Figé le .+ par Karim Benali/)
    await expect(card(facilitatorPage).innerText()).resolves.toContain('Version présentée au CA de juin.')
    await expect(card(facilitatorPage).innerText()).resolves.toMatch(/Empreinte : [0-9a-f]{12}/)

    const listed = (await (
      await api(server, `/etablissements/${etablissementId}/annees/${YEAR}/bilans`, { cookie: owner.cookie })
    ).json()) as BilanSummary[]
    expect(listed).toHaveLength(1)
    bilan = listed[0]!
    expect(bilan.digest.slice(0, 12)).toBe(
      (await card(facilitatorPage).innerText()).match(/Empreinte : ([0-9a-f]{12})/)?.[1],
    )
    // Only the chef d'établissement approves: the référent waits for it.
    await expect(trail(facilitatorPage).innerText()).resolves.toMatch(
      /Bilan figé\s+Fait — le .+, par Karim Benali\s+Approuvé par le chef d’établissement\s+Étape suivante/,
    )
    await facilitatorPage.getByText('En attente de l’approbation du chef d’établissement.').waitFor()
    await expect(facilitatorPage.getByRole('button', { name: 'Approuver le bilan' }).count()).resolves.toBe(0)
    expect(await accessibilityViolations(facilitatorPage)).toEqual([])
  })

  it('shows the version read-only with the same screens: later edits are not in it', async () => {
    // After the freeze, the live grid moves on (by hand) and the plan gets an action (by a client).
    await ownerPage.goto(yearUrl())
    await levelGroup(ownerPage, PARTNERS).waitFor()
    await chooseLevel(ownerPage, PARTNERS, 'Atteint')
    createAction(client.doc, { title: FORUM })
    addMeasurement(client.doc, insertion, { value: 71.5, period: '2025-2026', comment: '' })
    await client.settled()
    await expect.poll(() => levelRadio(ownerPage, PARTNERS, 'Atteint').isChecked(), POLL).toBe(true)

    // "Voir cette version" from the bilans page.
    await openBilans(ownerPage)
    await card(ownerPage).getByRole('link', { name: 'Voir cette version' }).click()
    await banner(ownerPage).waitFor()
    expect(new URL(ownerPage.url()).searchParams.get('version')).toBe(bilan.id)
    const frozenOn = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long' }).format(new Date(bilan.createdAt))
    await expect
      .poll(() => banner(ownerPage).innerText(), POLL)
      .toContain(`Version figée — ${BILAN} du ${frozenOn} (lecture seule)`)
    await expect.poll(() => levelRadio(ownerPage, PARTNERS, 'En cours').isChecked(), POLL).toBe(true)
    await expect(levelRadio(ownerPage, PARTNERS, 'Atteint').isChecked()).resolves.toBe(false)
    await ownerPage.getByText('Lecture seule', { exact: true }).waitFor()
    await expectNoEditingControl(ownerPage)
    expect(await accessibilityViolations(ownerPage)).toEqual([])
    await shoot(ownerPage, 'version-grid')
    // Nor in what opens from the grid: a descriptor's panel, the crosswalk, the linked actions.
    await openDetails(ownerPage, PARTNERS)
    const crosswalk = ownerPage.getByRole('button', { name: /^Correspondances du critère 4 :/ })
    await crosswalk.click()
    await expect(crosswalk.getAttribute('aria-expanded')).resolves.toBe('true')
    await expectNoEditingControl(ownerPage)
    await crosswalk.click()
    await ownerPage.getByRole('button', { name: /^Actions liées du descripteur 4\.1 :/ }).click()
    await expectNoEditingControl(ownerPage)
    await expect(ownerPage.getByRole('button', { name: 'Créer une action liée' }).count()).resolves.toBe(0)
    await expect(ownerPage.locator('main input[type="file"], main input[type="url"]').count()).resolves.toBe(
      0,
    )
    expect(await accessibilityViolations(ownerPage)).toEqual([])

    // The year's navigation keeps the version: the plan as frozen, without the later action.
    const nav = ownerPage.getByRole('navigation', { name: `Espaces de l’année ${YEAR}` })
    await nav.getByRole('link', { name: 'Plan d’action' }).click()
    await ownerPage.getByRole('heading', { level: 1, name: `Plan d’action ${YEAR}` }).waitFor()
    expect(new URL(ownerPage.url()).searchParams.get('version')).toBe(bilan.id)
    await ownerPage.getByRole('link', { name: PFMP, exact: true }).first().waitFor()
    await expect(ownerPage.getByText(FORUM).count()).resolves.toBe(0)
    await banner(ownerPage).waitFor()
    await ownerPage.getByText('Lecture seule', { exact: true }).waitFor()
    await expectNoEditingControl(ownerPage)
    // A link inside the page (another view of the plan) stays in the version too.
    await ownerPage
      .getByRole('navigation', { name: 'Vues du plan d’action' })
      .getByRole('link', { name: 'Par état' })
      .click()
    await expect.poll(() => new URL(ownerPage.url()).searchParams.get('vue'), POLL).not.toBeNull()
    expect(new URL(ownerPage.url()).searchParams.get('version')).toBe(bilan.id)
    await banner(ownerPage).waitFor()
    await expectNoEditingControl(ownerPage)
    expect(await accessibilityViolations(ownerPage)).toEqual([])
    // The plan's own navigations (`goto`, here sorting the table) stay in the version as well.
    await ownerPage
      .getByRole('navigation', { name: 'Vues du plan d’action' })
      .getByRole('link', { name: 'Tableau' })
      .click()
    const titleHeader = ownerPage.locator('table.plan-table').getByRole('columnheader', { name: 'Intitulé' })
    await titleHeader.getByRole('button').click()
    await expect.poll(() => titleHeader.getAttribute('aria-sort'), POLL).toBe('ascending')
    expect(new URL(ownerPage.url()).searchParams.get('tri')).not.toBeNull()
    expect(new URL(ownerPage.url()).searchParams.get('version')).toBe(bilan.id)
    await banner(ownerPage).waitFor()

    await nav.getByRole('link', { name: 'Indicateurs' }).click()
    await ownerPage.getByRole('heading', { level: 1, name: `Suivi des indicateurs ${YEAR}` }).waitFor()
    expect(new URL(ownerPage.url()).searchParams.get('version')).toBe(bilan.id)
    await ownerPage.getByRole('link', { name: INSERTION }).first().waitFor()
    await ownerPage.getByText('Lecture seule', { exact: true }).waitFor()
    await expectNoEditingControl(ownerPage)
    expect(await accessibilityViolations(ownerPage)).toEqual([])

    await nav.getByRole('link', { name: 'Tableau de bord' }).click()
    await ownerPage.getByRole('heading', { level: 1, name: `Tableau de bord ${YEAR}` }).waitFor()
    expect(new URL(ownerPage.url()).searchParams.get('version')).toBe(bilan.id)
    const levels = ownerPage.getByRole('table', { name: /^Descripteurs par niveau/ })
    await expect
      .poll(() => levels.getByRole('row', { name: /^4\./ }).getByRole('cell').last().innerText(), POLL)
      .toBe('Niveau moyen : En cours (2 sur 4)')
    await expect(ownerPage.getByText('Actions en retard (1)', { exact: false }).count()).resolves.toBe(1)
    await expectNoEditingControl(ownerPage)
    expect(await accessibilityViolations(ownerPage)).toEqual([])
    await shoot(ownerPage, 'version-dashboard')

    // Back to the live year: the banner goes, the later edit is there.
    await banner(ownerPage)
      .getByRole('link', { name: `Revenir à l’année ${YEAR} en cours` })
      .click()
    await ownerPage.getByRole('heading', { level: 1, name: `Tableau de bord ${YEAR}` }).waitFor()
    await expect.poll(() => banner(ownerPage).count(), POLL).toBe(0)
    expect(new URL(ownerPage.url()).searchParams.has('version')).toBe(false)
    await expect
      .poll(() => levels.getByRole('row', { name: /^4\./ }).getByRole('cell').allInnerTexts(), POLL)
      .toEqual([
        '0',
        '0',
        '1',
        '0',
        '0',
        'Niveau moyen : Atteint (3 sur 4)',
        'Niveau moyen : En cours (2 sur 4)',
      ])
    // The live tableau de bord sets the bilan beside this year's levels.
    await expect(levels.getByRole('columnheader', { name: `Niveau moyen — ${BILAN}` }).count()).resolves.toBe(
      1,
    )
    await ownerPage.getByRole('list', { name: 'Bilans figés' }).getByText(BILAN, { exact: false }).waitFor()
    expect(await accessibilityViolations(ownerPage)).toEqual([])
    await shoot(ownerPage, 'dashboard-with-bilan')
  })

  it('records the approval trail with the roles that may, and says the server’s refusals in French', async () => {
    // A second tab of the chef d'établissement, opened before the approval, stays stale.
    const staleOwner = await signedIn(owner, { width: 1366, height: 768 })
    await openBilans(staleOwner)
    await openBilans(ownerPage)
    await card(ownerPage).getByRole('button', { name: 'Approuver le bilan' }).click()
    await expect
      .poll(() => trail(ownerPage).innerText(), POLL)
      .toMatch(/Approuvé par le chef d’établissement\s+Fait — par Claire Martin, le /)

    await card(staleOwner).getByRole('button', { name: 'Approuver le bilan' }).click()
    await card(staleOwner).getByRole('alert').getByText('Cette étape est déjà enregistrée.').waitFor()
    await staleOwner.context().close()

    // The presentations take a date.
    const cp = card(ownerPage).getByLabel('Date de la présentation au conseil pédagogique')
    await card(ownerPage).getByRole('button', { name: 'Enregistrer la présentation' }).click()
    await card(ownerPage).getByText('Date attendue au format AAAA-MM-JJ.').waitFor()
    await expect(cp.getAttribute('aria-invalid')).resolves.toBe('true')
    await cp.fill('2026-06-10')
    await card(ownerPage).getByRole('button', { name: 'Enregistrer la présentation' }).click()
    await expect
      .poll(() => trail(ownerPage).innerText(), POLL)
      .toMatch(
        /Présenté au conseil pédagogique\s+Fait — présenté le 10 juin 2026 \(enregistré par Claire Martin/,
      )
    await card(ownerPage).getByLabel('Date de la présentation au conseil d’administration').fill('2026-06-25')
    await card(ownerPage).getByRole('button', { name: 'Enregistrer la présentation' }).click()
    await expect
      .poll(() => trail(ownerPage).innerText(), POLL)
      .toMatch(/Présenté au conseil d’administration\s+Fait — présenté le 25 juin 2026/)
    await expect(
      card(ownerPage).getByRole('button', { name: 'Enregistrer la présentation' }).count(),
    ).resolves.toBe(0)
    const recorded = (await (
      await api(server, `/etablissements/${etablissementId}/annees/${YEAR}/bilans/${bilan.id}`, {
        cookie: owner.cookie,
      })
    ).json()) as BilanSummary
    expect(recorded.steps.map((step) => [step.step, step.onDate, step.recordedBy])).toEqual([
      ['approved', null, 'Claire Martin'],
      ['presented-cp', '2026-06-10', 'Claire Martin'],
      ['presented-ca', '2026-06-25', 'Claire Martin'],
    ])
    expect(await accessibilityViolations(ownerPage)).toEqual([])

    // A contributor reads the bilans and their trail, and is offered none of these controls.
    await openBilans(contributorPage)
    await expect
      .poll(() => trail(contributorPage).innerText(), POLL)
      .toMatch(/Présenté au conseil d’administration\s+Fait — présenté le 25 juin 2026/)
    const main = contributorPage.locator('main')
    for (const name of [
      /^Figer le bilan/,
      /^Approuver/,
      /^Enregistrer la présentation/,
      /^Créer un lien/,
      /^Commencer l’année/,
    ])
      await expect(main.getByRole('button', { name }).count(), String(name)).resolves.toBe(0)
    await expect(main.getByRole('heading', { name: 'Figer un bilan' }).count()).resolves.toBe(0)
    await expect(main.getByRole('heading', { name: 'Liens de partage' }).count()).resolves.toBe(0)
    await expect(main.locator('input, textarea, select').count()).resolves.toBe(0)
    // Viewing, comparing and the reports are for everyone who reads the year.
    await card(contributorPage).getByRole('link', { name: 'Voir cette version' }).waitFor()
    // The reports download with the reader's session, in the three formats.
    for (const [name, type] of [
      ['PDF', 'application/pdf'],
      ['Word (DOCX)', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['LibreOffice (ODT)', 'application/vnd.oasis.opendocument.text'],
    ] as const) {
      const href = await card(contributorPage).getByRole('link', { name }).getAttribute('href')
      const report = await contributorPage.request.get(`${server.url}${href ?? ''}`)
      expect(report.status(), name).toBe(200)
      expect(report.headers()['content-type'], name).toContain(type)
    }
    expect(await accessibilityViolations(contributorPage)).toEqual([])
    await shoot(ownerPage, 'bilans')
  })

  it('compares the bilan with today: the level went up, an action was added', async () => {
    await openBilans(ownerPage)
    await card(ownerPage).getByRole('link', { name: 'Comparer avec aujourd’hui' }).click()
    await ownerPage.getByRole('heading', { level: 1, name: `Comparer deux versions — ${YEAR}` }).waitFor()
    const heading = ownerPage.getByRole('heading', { level: 2, name: /^De « / })
    await expect(heading.innerText()).resolves.toMatch(
      new RegExp(`^De « ${BILAN}, figé le .+ » à « Aujourd’hui \\(année ${YEAR} en cours\\) »$`),
    )
    const levels = ownerPage.getByRole('table', { name: /^Évolution des niveaux — / })
    const criterion4 = levels.getByRole('row', { name: /^4\. / })
    await expect
      .poll(() => cellTexts(criterion4), POLL)
      .toEqual([
        'En cours (2 sur 4)',
        'Atteint (3 sur 4)',
        '↑ En progrès',
        '▸ 1 en progrès — descripteurs du critère 4',
      ])
    await expect(cellTexts(levels.getByRole('row', { name: /^1\. / }))).resolves.toEqual([
      'Atteint (3 sur 4)',
      'Atteint (3 sur 4)',
      '= Stable',
      '▸ Aucun changement — descripteurs du critère 1',
    ])
    const toggle = criterion4.getByRole('button', { name: /1 en progrès/ })
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('false')
    await expect(levels.getByRole('row', { name: new RegExp(PARTNERS) }).isVisible()).resolves.toBe(false)
    await toggle.click()
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('true')
    await expect(cellTexts(levels.getByRole('row', { name: new RegExp(PARTNERS) }))).resolves.toEqual([
      'En cours',
      'Atteint',
      '↑ En progrès',
      '',
    ])

    const added = ownerPage.getByRole('region', { name: /^Actions ajoutées/ })
    await expect(added.getByRole('heading').innerText()).resolves.toBe('Actions ajoutées (1)')
    await added.getByText(FORUM).waitFor()
    const late = ownerPage.getByRole('region', { name: /^Actions en retard/ })
    await late.getByText(PFMP).waitFor()
    const indicator = ownerPage
      .getByRole('table', { name: /^Indicateurs : valeurs avant et après/ })
      .getByRole('row', { name: new RegExp(INSERTION) })
    await expect(cellTexts(indicator)).resolves.toEqual([
      '62 %',
      '71,5 %',
      '+9,5 % ↗ En progrès',
      '70 % ✔ Cible atteinte',
    ])
    expect(await accessibilityViolations(ownerPage)).toEqual([])
    await shoot(ownerPage, 'compare')

    // An address that names no version says so.
    await ownerPage.goto(`${bilansUrl()}/comparer?avant=nimportequoi&apres=live`)
    await ownerPage.getByText('Cette adresse ne désigne pas deux versions de l’année').waitFor()
  })

  it('starts the next year from the bilan, with its levels carried over', async () => {
    await openBilans(facilitatorPage)
    await card(facilitatorPage)
      .getByRole('button', { name: `Commencer l’année ${NEXT_YEAR} à partir de ce bilan` })
      .click()
    await facilitatorPage.getByRole('heading', { level: 1, name: `Autodiagnostic ${NEXT_YEAR}` }).waitFor()
    expect(new URL(facilitatorPage.url()).pathname).toBe(`/e/${etablissementId}/annees/${NEXT_YEAR}`)
    // The bilan's level, not the live year's later one.
    await expect.poll(() => levelRadio(facilitatorPage, PARTNERS, 'En cours').isChecked(), POLL).toBe(true)
    await expect(
      levelRadio(facilitatorPage, 'Une offre de formation lisible', 'Atteint').isChecked(),
    ).resolves.toBe(true)
    // Last year's level stays shown beside each descriptor, whatever this year's becomes.
    await chooseLevel(facilitatorPage, PARTNERS, 'Consolidé')
    const partnersRow = facilitatorPage.locator('li[data-descriptor]').filter({
      has: levelGroup(facilitatorPage, PARTNERS),
    })
    await expect
      .poll(() => partnersRow.locator('.previous-level').innerText(), POLL)
      .toMatch(/^Bilan 2025-2026 :\s*En cours$/)

    // From then on the bilans page says the year is open, with a link to it.
    await openBilans(facilitatorPage)
    await card(facilitatorPage).getByText(`L’année ${NEXT_YEAR} est déjà ouverte.`).waitFor()
    await expect(
      card(facilitatorPage)
        .getByRole('link', { name: `Ouvrir la grille ${NEXT_YEAR}` })
        .getAttribute('href'),
    ).resolves.toBe(`/e/${etablissementId}/annees/${NEXT_YEAR}`)
    await expect(
      card(facilitatorPage)
        .getByRole('button', { name: /^Commencer l’année/ })
        .count(),
    ).resolves.toBe(0)
  })

  it('shares the bilan with a link that opens without an account until it is revoked', async () => {
    await openBilans(facilitatorPage)
    const shares = card(facilitatorPage)
    await shares.getByLabel(/^Pour qui \?/).fill('Conseillère DAFPIC')
    await shares.getByLabel(/^Durée de validité/).fill('0')
    await shares.getByRole('button', { name: 'Créer un lien de partage' }).click()
    await shares.getByText('Un jour au moins.').waitFor()
    await shares.getByLabel(/^Durée de validité/).fill('30')
    await shares.getByRole('button', { name: 'Créer un lien de partage' }).click()
    const linkField = shares.getByLabel('Lien de lecture seule')
    await linkField.waitFor()
    const link = await linkField.inputValue()
    expect(link).toMatch(new RegExp(`^${server.url}/partage/[a-z2-7]{32}$`))
    await shares.getByText('Ce lien n’est affiché qu’une fois', { exact: false }).waitFor()
    const row = shares.getByRole('row', { name: /^Conseillère DAFPIC/ })
    await expect(row.getByRole('cell').nth(2).innerText()).resolves.toContain('Actif')
    expect(await accessibilityViolations(facilitatorPage)).toEqual([])
    await shoot(facilitatorPage, 'bilans-share-created')

    // Someone without an account, in a browser of their own.
    const token = link.split('/partage/')[1] ?? ''
    const stranger = await browser.newContext({ locale: 'fr-FR' })
    const opened = await stranger.request.get(`${server.url}/api/partages/${token}`)
    expect(opened.status()).toBe(200)
    expect(((await opened.json()) as { bilan: { id: string; name: string } }).bilan).toMatchObject({
      id: bilan.id,
      name: BILAN,
    })

    await row.getByRole('button', { name: 'Révoquer Conseillère DAFPIC' }).click()
    await facilitatorPage.getByText('Lien « Conseillère DAFPIC » révoqué : il n’ouvre plus rien.').waitFor()
    await expect(row.getByRole('cell').nth(2).innerText()).resolves.toContain('Révoqué')
    await expect(row.getByRole('button').count()).resolves.toBe(0)
    expect((await stranger.request.get(`${server.url}/api/partages/${token}`)).status()).toBe(404)
    await stranger.close()

    // The traçabilité names these events in words.
    await facilitatorPage.goto(`${server.url}/e/${etablissementId}/tracabilite`)
    const journal = facilitatorPage.locator('main table')
    for (const label of [
      'Bilan figé',
      'Étape d’un bilan enregistrée',
      'Lien de partage d’un bilan créé',
      'Lien de partage d’un bilan révoqué',
      'Année scolaire ouverte',
    ])
      await journal.getByText(label, { exact: true }).first().waitFor()
    await journal.getByText('Présenté au conseil pédagogique le 10 juin 2026').waitFor()
    await journal.getByText(`À partir d’un bilan ${YEAR}`).waitFor()
  })
})
