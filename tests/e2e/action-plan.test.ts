/**
 * The action plan (C1–C3, F4) in real browsers against the real server: two people co-editing an
 * action live, the board moved with the keyboard, the closing review refused then accepted, the
 * traçabilité, late and near échéances, sorting and filters, an action created from the grid, a
 * reader without editing controls, axe on every view, and screenshots at 1920×1080 and 390×844.
 */
import { mkdirSync } from 'node:fs'
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
import { fitsWidth, fontSizeOf, levelGroup } from '../helpers/e2e-grid.ts'
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
/** Every browser lives on 10 March 2026, so « en retard » and « échéance proche » are known. */
const NOW = new Date('2026-03-10T10:00:00')
const descriptor = 'Des partenariats formalisés avec les entreprises du territoire'
const conventions = 'Signer des conventions PFMP'
const erasmus = 'Bilan des mobilités Erasmus+'
const bureau = 'Réunion du bureau des entreprises'
const SHOTS = '/tmp/plan-shots'
/** French typography keeps « » and : with their words by no-break spaces: compare as plain spaces. */
const spaced = (text: string | null) => text?.replace(/\u00a0/g, ' ') ?? null

describe.skipIf(chromiumPath === undefined)('the action plan', () => {
  const data = tempDataDir()
  let server: ServerProcess
  let browser: Browser
  let ownerPage: Page
  let contributorPage: Page
  let etablissementId: string
  let planUrl: string
  let gridUrl: string

  /** Joins through an e-mailed invitation (the address is proven: signed in at once). */
  async function join(person: typeof contributor, role: string): Promise<Page> {
    await ownerPage.goto(`${server.url}/e/${etablissementId}/membres`)
    await invite(ownerPage, { email: person.email, role })
    const link = await linkFromMail(data.dir, person.email, '/invitation/')
    const { page } = await newVisitor(browser, { width: 1366, height: 768 })
    await page.clock.setSystemTime(NOW)
    await page.goto(link)
    await page.getByRole('link', { name: 'Créer un compte' }).click()
    await fillSignup(page, person)
    await page.getByRole('heading', { level: 1, name: etablissement.name }).waitFor()
    return page
  }

  async function openPlan(page: Page, query = ''): Promise<void> {
    await page.goto(`${planUrl}${query}`)
    await page.getByRole('heading', { level: 1, name: `Plan d’action ${YEAR}` }).waitFor()
    await page.locator('.action-plan [aria-busy]').waitFor({ state: 'detached' })
  }

  const editor = (page: Page): Locator => page.locator('#panneau-action')
  const table = (page: Page): Locator => page.locator('table.plan-table')
  const column = (page: Page, state: string): Locator => page.locator(`[data-state-column="${state}"]`)
  const card = (page: Page, title: string): Locator =>
    page.locator('[data-action-card]').filter({ has: page.getByRole('link', { name: title, exact: true }) })
  const rowTitles = (page: Page): Promise<string[]> => table(page).locator('tbody th a').allInnerTexts()
  const view = (page: Page, name: string) =>
    page.getByRole('navigation', { name: 'Vues du plan d’action' }).getByRole('link', { name })

  /** Opens an action of the table in the editor. */
  async function openAction(page: Page, title: string): Promise<Locator> {
    await page.getByRole('link', { name: title, exact: true }).first().click()
    await editor(page)
      .getByRole('heading', { level: 2, name: new RegExp(title.replace(/[+]/g, '\\+')) })
      .waitFor()
    return editor(page)
  }

  /** Creates an action with "Nouvelle action"; the editor opens on it. */
  async function createAction(page: Page, title: string): Promise<Locator> {
    const field = page.getByLabel('Nouvelle action : son intitulé')
    await field.fill(title)
    await field.press('Enter')
    await editor(page)
      .getByRole('heading', { level: 2, name: new RegExp(title.replace(/[+]/g, '\\+')) })
      .waitFor()
    return editor(page)
  }

  beforeAll(async () => {
    assertAppBuilt()
    mkdirSync(SHOTS, { recursive: true })
    server = await startServerProcess({ dataDir: data.dir })
    if (chromiumPath === undefined) throw new Error('unreachable: the suite is skipped without Chromium')
    browser = await launchChromium(chromiumPath)
    ;({ page: ownerPage } = await newVisitor(browser, { width: 1366, height: 768 }))
    await ownerPage.clock.setSystemTime(NOW)
    etablissementId = await firstRun(ownerPage, server.url, owner, etablissement)
    planUrl = `${server.url}/e/${etablissementId}/annees/${YEAR}/plan`
    gridUrl = `${server.url}/e/${etablissementId}/annees/${YEAR}`
    await ownerPage.getByRole('link', { name: 'Autodiagnostic' }).click()
    await ownerPage.getByLabel('Année scolaire', { exact: true }).selectOption(YEAR)
    await ownerPage.getByRole('button', { name: 'Ouvrir l’année' }).click()
    await ownerPage.getByRole('heading', { level: 1, name: `Autodiagnostic ${YEAR}` }).waitFor()
    await ownerPage.getByRole('button', { name: /^Ajouter un descripteur — critère 4$/ }).click()
    await ownerPage.getByLabel('Nouveau descripteur du critère 4').fill(descriptor)
    await ownerPage.getByLabel('Nouveau descripteur du critère 4').press('Enter')
    await levelGroup(ownerPage, descriptor).waitFor()
    contributorPage = await join(contributor, 'Contributeur')
  })

  afterAll(async () => {
    await browser?.close()
    if (server) expect(await server.stop()).toBe(0)
    data.remove()
  })

  it('creates an action (its intitulé required) that two people then edit live', async () => {
    await ownerPage.goto(gridUrl)
    await ownerPage
      .getByRole('navigation', { name: `Espaces de l’année ${YEAR}` })
      .getByRole('link', { name: 'Plan d’action' })
      .click()
    await ownerPage.getByRole('heading', { level: 1, name: `Plan d’action ${YEAR}` }).waitFor()
    await ownerPage.getByText('Aucune action pour l’instant.', { exact: false }).waitFor()
    await ownerPage.getByRole('button', { name: 'Créer l’action' }).click()
    await ownerPage.getByText('Indiquez l’intitulé de l’action.').waitFor()
    const ownerEditor = await createAction(ownerPage, conventions)
    expect(new URL(ownerPage.url()).searchParams.get('action')).toBeTruthy()
    // The panel takes the focus, beside the table.
    await expect
      .poll(
        () => ownerEditor.getByRole('heading', { level: 2 }).evaluate((h) => h === document.activeElement),
        POLL,
      )
      .toBe(true)
    await table(ownerPage).getByRole('link', { name: conventions }).waitFor()

    await openPlan(contributorPage)
    const contributorEditor = await openAction(contributorPage, conventions)
    // Each sees the other on the plan.
    const presence = (page: Page) => page.getByRole('list', { name: /^Sur le plan d’action/ })
    await presence(ownerPage).getByText(contributor.name).waitFor()
    await presence(contributorPage).getByText(owner.name).waitFor()

    // B writes the description; A sees it as it is typed, and sees B on the field meanwhile.
    const description = contributorEditor.getByLabel('Description', { exact: true })
    await description.click()
    await ownerEditor.getByText(`${contributor.name} modifie`).waitFor()
    await presence(ownerPage).getByText(`modifie « Description » de « ${conventions} »`).waitFor()
    await description.pressSequentially('Avec les entreprises du bâtiment.')
    await expect
      .poll(() => ownerEditor.getByLabel('Description', { exact: true }).inputValue(), POLL)
      .toBe('Avec les entreprises du bâtiment.')
    await expect
      .poll(() => ownerEditor.getByText(/^Modifié par Sophie Durand (à|le) /).count(), POLL)
      .toBeGreaterThan(0)

    // A completes the intitulé; B sees it in the panel and in the table.
    const title = ownerEditor.getByLabel('Intitulé', { exact: true })
    await title.click()
    await ownerPage.keyboard.press('Control+End')
    await title.pressSequentially(' avec 12 entreprises')
    await expect
      .poll(() => contributorEditor.getByLabel('Intitulé', { exact: true }).inputValue(), POLL)
      .toBe(`${conventions} avec 12 entreprises`)
    await table(contributorPage)
      .getByRole('link', { name: `${conventions} avec 12 entreprises` })
      .waitFor()
    // An emptied intitulé is flagged.
    await title.fill('')
    await ownerEditor.getByText('L’intitulé est obligatoire', { exact: false }).waitFor()
    await title.fill(conventions)
    await table(contributorPage).getByRole('link', { name: conventions, exact: true }).waitFor()
    await expect.poll(() => syncState(ownerPage), POLL).toBe('synced')
    expect(await accessibilityViolations(ownerPage)).toEqual([])
  })

  it('moves an action across the board with the keyboard; the other person sees it move', async () => {
    await view(contributorPage, 'Par état').click()
    await column(contributorPage, 'a-lancer').getByRole('link', { name: conventions }).waitFor()
    expect(new URL(contributorPage.url()).searchParams.get('vue')).toBe('etats')
    await view(ownerPage, 'Par état').click()
    await column(ownerPage, 'a-lancer').getByRole('link', { name: conventions }).waitFor()

    const toggle = card(contributorPage, conventions).getByRole('button', {
      name: `Déplacer vers… — ${conventions}`,
    })
    await toggle.focus()
    await contributorPage.keyboard.press('Enter')
    await contributorPage.keyboard.press('Tab')
    await expect
      .poll(() => contributorPage.evaluate(() => document.activeElement?.textContent?.trim()), POLL)
      .toBe('En cours')
    await contributorPage.keyboard.press('Enter')
    await column(contributorPage, 'en-cours').getByRole('link', { name: conventions }).waitFor()
    await contributorPage
      .getByRole('status')
      .getByText(`« ${conventions} » déplacée vers « En cours ».`)
      .waitFor()
    // The focus follows the card into its new column.
    await expect
      .poll(
        () =>
          contributorPage.evaluate(
            () =>
              document.activeElement?.closest('[data-state-column]')?.getAttribute('data-state-column') ??
              null,
          ),
        POLL,
      )
      .toBe('en-cours')

    // A sees it in the new column, and hears who moved it.
    await column(ownerPage, 'en-cours').getByRole('link', { name: conventions }).waitFor()
    await expect(
      column(ownerPage, 'a-lancer').getByRole('link', { name: conventions }).count(),
    ).resolves.toBe(0)
    await expect
      .poll(
        () => ownerPage.getByRole('status').filter({ hasText: 'a passé' }).textContent().then(spaced),
        POLL,
      )
      .toBe(`${contributor.name} a passé « ${conventions} » à l’état « En cours ».`)
    expect(await accessibilityViolations(contributorPage)).toEqual([])
  })

  it('refuses « Réalisée » without the bilan, saying why, and closes the action once its bilan is written', async () => {
    // On the board.
    await card(ownerPage, conventions)
      .getByRole('button', { name: /^Déplacer vers…/ })
      .click()
    await card(ownerPage, conventions).getByRole('button', { name: 'Réalisée', exact: true }).click()
    const refusal = ownerPage.getByRole('alert').filter({ hasText: 'sans son bilan' })
    await refusal.waitFor()
    await expect(refusal.textContent().then(spaced)).resolves.toContain(
      `« ${conventions} » ne peut pas passer en « Réalisée » sans son bilan`,
    )
    await expect(
      column(ownerPage, 'en-cours').getByRole('link', { name: conventions }).count(),
    ).resolves.toBe(1)
    // Its link opens the action at its bilan.
    await refusal.getByRole('link', { name: 'Écrire le bilan de l’action' }).click()
    const ownerEditor = editor(ownerPage)
    await expect
      .poll(() => ownerPage.evaluate(() => document.activeElement?.textContent?.trim()), POLL)
      .toBe('Bilan de l’action')

    // In the panel.
    const state = ownerEditor.getByLabel('État d’avancement')
    await state.selectOption({ label: 'Réalisée' })
    await ownerEditor
      .getByRole('alert')
      .getByText('Une action ne passe en « Réalisée » qu’avec son bilan', { exact: false })
      .waitFor()
    await expect(state.inputValue()).resolves.toBe('en-cours')
    await ownerEditor.getByRole('button', { name: 'Aller au bilan de l’action' }).click()
    const efficacite = ownerEditor.getByRole('group', { name: 'L’action a-t-elle atteint son objectif ?' })
    await expect
      .poll(() => efficacite.evaluate((group) => group.contains(document.activeElement)), POLL)
      .toBe(true)
    // Efficacité alone is not enough: the evidence too.
    await efficacite.getByLabel('Oui', { exact: true }).check()
    await state.selectOption({ label: 'Réalisée' })
    await expect(state.inputValue()).resolves.toBe('en-cours')
    await ownerEditor
      .getByLabel('Constats et preuves du bilan')
      .fill('12 conventions signées, 3 nouveaux terrains de stage.')
    await state.selectOption({ label: 'Réalisée' })
    await expect
      .poll(() => ownerEditor.getByText('qu’avec son bilan', { exact: false }).count(), POLL)
      .toBe(0)
    await column(ownerPage, 'realisee').getByRole('link', { name: conventions }).waitFor()
    await column(contributorPage, 'realisee').getByRole('link', { name: conventions }).waitFor()
    await expect.poll(() => syncState(ownerPage), POLL).toBe('synced')
    // The server agrees: the état stays after a reload.
    await openPlan(ownerPage, '?vue=etats')
    await column(ownerPage, 'realisee').getByRole('link', { name: conventions }).waitFor()
  })

  it('records who created the action and who changed its état in the traçabilité', async () => {
    await ownerPage.goto(`${server.url}/e/${etablissementId}/tracabilite`)
    const rows = ownerPage.getByRole('row')
    const row = (action: string, actor: string) => rows.filter({ hasText: action }).filter({ hasText: actor })
    await expect
      .poll(async () => {
        await ownerPage.reload()
        await ownerPage.getByRole('heading', { level: 1 }).waitFor()
        return [
          await row('Action du plan créée', owner.name).count(),
          await row('État d’une action modifié', contributor.name).count(),
          await row('État d’une action modifié', owner.name).count(),
        ]
      }, POLL)
      .toEqual([1, 1, 1])
  })

  it('makes late actions and those due within 15 days stand out, in the table and on the board', async () => {
    await openPlan(ownerPage)
    const late = await createAction(ownerPage, erasmus)
    await late.getByLabel('Échéance', { exact: true }).fill('2026-02-01')
    await late.getByText('En retard', { exact: true }).first().waitFor()
    await late.getByLabel('Pilote', { exact: true }).selectOption({ label: owner.name })
    const soon = await createAction(ownerPage, bureau)
    await soon.getByLabel('Échéance', { exact: true }).fill('2026-03-20')
    await soon.getByText('Échéance proche', { exact: true }).first().waitFor()
    await soon.getByLabel('Pilote', { exact: true }).selectOption({ label: contributor.name })

    const row = (title: string) => table(ownerPage).getByRole('row').filter({ hasText: title })
    await expect.poll(() => row(erasmus).getByText('En retard', { exact: true }).isVisible(), POLL).toBe(true)
    await expect(row(bureau).getByText('Échéance proche', { exact: true }).isVisible()).resolves.toBe(true)
    // Done actions are never late.
    await expect(
      row(conventions)
        .getByText(/En retard|Échéance proche/)
        .count(),
    ).resolves.toBe(0)

    // Another person's board says the same.
    await openPlan(contributorPage, '?vue=etats')
    await expect
      .poll(() => card(contributorPage, erasmus).getByText('En retard', { exact: true }).isVisible(), POLL)
      .toBe(true)
    await expect(
      card(contributorPage, bureau).getByText('Échéance proche', { exact: true }).isVisible(),
    ).resolves.toBe(true)
    // With the mouse, a card is dragged to another column (and back).
    await card(contributorPage, bureau).dragTo(column(contributorPage, 'reportee'))
    await column(contributorPage, 'reportee').getByRole('link', { name: bureau }).waitFor()
    await table(ownerPage).getByRole('row').filter({ hasText: bureau }).getByText('Reportée').waitFor()
    await card(contributorPage, bureau).dragTo(column(contributorPage, 'a-lancer'))
    await column(contributorPage, 'a-lancer').getByRole('link', { name: bureau }).waitFor()
    // "Mes actions": the one Sophie pilots, under "Échéance dans les 15 jours".
    await view(contributorPage, 'Mes actions').click()
    const dueSoon = contributorPage.getByRole('region', { name: /^Échéance dans les 15 jours/ })
    await dueSoon.getByRole('link', { name: bureau }).waitFor()
    await expect(contributorPage.getByRole('link', { name: erasmus }).count()).resolves.toBe(0)
    // The timeline, month after month.
    await view(contributorPage, 'Calendrier').click()
    await expect
      .poll(() => contributorPage.locator('.timeline h3').allInnerTexts(), POLL)
      .toEqual(['Février 2026', 'Mars 2026', 'Sans échéance'])
    await contributorPage.getByText('Aujourd’hui, 10 mars 2026').waitFor()
  })

  it('sorts the table by a column header and filters it; the address reproduces the view', async () => {
    await openPlan(ownerPage)
    const header = (name: string) => table(ownerPage).getByRole('columnheader', { name, exact: true })
    // By échéance at first; undated actions last.
    await expect(header('Échéance').getAttribute('aria-sort')).resolves.toBe('ascending')
    await expect.poll(() => rowTitles(ownerPage), POLL).toEqual([erasmus, bureau, conventions])
    await header('Intitulé').getByRole('button').click()
    await expect.poll(() => header('Intitulé').getAttribute('aria-sort'), POLL).toBe('ascending')
    await expect(header('Échéance').getAttribute('aria-sort')).resolves.toBe(null)
    await expect.poll(() => rowTitles(ownerPage), POLL).toEqual([erasmus, bureau, conventions])
    await header('Intitulé').getByRole('button').click()
    await expect.poll(() => header('Intitulé').getAttribute('aria-sort'), POLL).toBe('descending')
    await expect.poll(() => rowTitles(ownerPage), POLL).toEqual([conventions, bureau, erasmus])
    await header('État').getByRole('button').click()
    await expect.poll(() => rowTitles(ownerPage), POLL).toEqual([erasmus, bureau, conventions])

    const filters = ownerPage.getByRole('search', { name: 'Filtrer les actions' })
    await filters.getByLabel('Pilote', { exact: true }).selectOption({ label: contributor.name })
    await expect.poll(() => rowTitles(ownerPage), POLL).toEqual([bureau])
    await ownerPage.getByText('1 action affichée sur 3').waitFor()
    await filters.getByLabel('Pilote', { exact: true }).selectOption({ label: 'Tous les pilotes' })
    await filters.getByLabel('État d’avancement').selectOption({ label: 'Réalisée' })
    await expect.poll(() => rowTitles(ownerPage), POLL).toEqual([conventions])
    await filters.getByLabel('État d’avancement').selectOption({ label: 'Tous les états' })
    await filters.getByLabel('Échéance du').fill('2026-03-01')
    await expect.poll(() => rowTitles(ownerPage), POLL).toEqual([bureau])
    await filters.getByRole('button', { name: 'Effacer les filtres' }).click()
    await expect.poll(() => rowTitles(ownerPage).then((titles) => titles.length), POLL).toBe(3)
    await filters.getByLabel('Rechercher dans les actions').fill('erasmus')
    await expect.poll(() => rowTitles(ownerPage), POLL).toEqual([erasmus])
    await filters.getByLabel('Rechercher dans les actions').fill('')
    await expect.poll(() => new URL(ownerPage.url()).searchParams.get('q'), POLL).toBe(null)
    await filters.getByLabel('Critère lié').selectOption({ label: '4. Partenariats' })
    await ownerPage.getByText('Aucune action ne correspond à ces filtres.').waitFor()

    // A link shows the same view to someone else.
    await filters.getByLabel('Critère lié').selectOption({ label: 'Tous les critères' })
    await filters.getByLabel('Pilote', { exact: true }).selectOption({ label: 'Sans pilote' })
    await expect.poll(() => new URL(ownerPage.url()).searchParams.get('pilote'), POLL).toBe('aucun')
    await openPlan(contributorPage, new URL(ownerPage.url()).search)
    await expect.poll(() => rowTitles(contributorPage), POLL).toEqual([conventions])
    await expect(
      table(contributorPage)
        .getByRole('columnheader', { name: 'État', exact: true })
        .getAttribute('aria-sort'),
    ).resolves.toBe('ascending')
    await filters.getByRole('button', { name: 'Effacer les filtres' }).click()
  })

  it('creates an action linked to a descriptor from the grid, and shows it there', async () => {
    await ownerPage.goto(gridUrl)
    await levelGroup(ownerPage, descriptor).waitFor()
    const toggle = ownerPage.getByRole('button', { name: /^Actions liées du descripteur 4\.1\s:\s0 action/ })
    await toggle.click()
    await ownerPage.getByRole('button', { name: 'Créer une action liée' }).click()
    await ownerPage.getByText('Indiquez l’intitulé de l’action.').waitFor()
    await ownerPage
      .getByRole('textbox', { name: 'Intitulé de la nouvelle action' })
      .fill('Accueillir un forum des entreprises')
    await ownerPage.getByRole('button', { name: 'Créer une action liée' }).click()
    const linked = editor(ownerPage)
    await linked.getByRole('heading', { level: 2, name: /Accueillir un forum des entreprises/ }).waitFor()
    await linked.getByRole('link', { name: `Descripteur 4.1 : ${descriptor}` }).waitFor()

    // The criterion view lists it under criterion 4, through its descriptor.
    await view(ownerPage, 'Par critère').click()
    const criterion4 = ownerPage.locator('.criterion').filter({ hasText: '4 Partenariats' })
    await criterion4.getByRole('link', { name: 'Accueillir un forum des entreprises' }).waitFor()

    // Back in the grid, the descriptor counts it and opens it in the plan.
    await linked.getByRole('link', { name: `Descripteur 4.1 : ${descriptor}` }).click()
    await levelGroup(ownerPage, descriptor).waitFor()
    await ownerPage.getByRole('button', { name: /^Actions liées du descripteur 4\.1\s:\s1 action/ }).click()
    await ownerPage.getByRole('link', { name: 'Accueillir un forum des entreprises' }).click()
    await editor(ownerPage)
      .getByRole('heading', { level: 2, name: /Accueillir un forum des entreprises/ })
      .waitFor()
    // The other person's grid shows it too.
    await contributorPage.goto(gridUrl)
    await contributorPage
      .getByRole('button', { name: /^Actions liées du descripteur 4\.1\s:\s1 action/ })
      .waitFor()
  })

  it('deletes an action after confirming; « Annuler » brings it back', async () => {
    await openPlan(ownerPage)
    const panel = await openAction(ownerPage, bureau)
    await panel.getByRole('button', { name: 'Supprimer l’action' }).click()
    await panel.getByText(`Supprimer « ${bureau} » ?`).waitFor()
    await panel.getByRole('button', { name: 'Garder l’action' }).click()
    await panel.getByRole('button', { name: 'Supprimer l’action' }).click()
    await panel.getByRole('button', { name: 'Oui, supprimer' }).click()
    await ownerPage.getByText(`Action supprimée : « ${bureau} ».`).waitFor()
    await expect.poll(() => rowTitles(ownerPage), POLL).not.toContain(bureau)
    await ownerPage.getByRole('button', { name: 'Annuler', exact: true }).click()
    await expect.poll(() => rowTitles(ownerPage), POLL).toContain(bureau)
    // Brought back whole: its texts still edit.
    const back = await openAction(ownerPage, bureau)
    await back.getByLabel('Objectif', { exact: true }).fill('Réunir les partenaires deux fois par an.')
    await openPlan(contributorPage)
    const other = await openAction(contributorPage, bureau)
    await expect
      .poll(() => other.getByLabel('Objectif', { exact: true }).inputValue(), POLL)
      .toBe('Réunir les partenaires deux fois par an.')
  })

  it('shows a reader the plan without any editing control', async () => {
    const readerPage = await join(reader, 'Lecteur')
    await openPlan(readerPage)
    await table(readerPage).getByRole('link', { name: erasmus }).waitFor()
    await expect(readerPage.getByText('Lecture seule', { exact: true }).isVisible()).resolves.toBe(true)
    await expect(readerPage.getByLabel('Nouvelle action : son intitulé').count()).resolves.toBe(0)
    await expect(readerPage.getByRole('button', { name: 'Annuler', exact: true }).count()).resolves.toBe(0)
    const panel = await openAction(readerPage, erasmus)
    for (const field of await panel.locator('textarea').all())
      await expect(field.isEditable()).resolves.toBe(false)
    for (const control of await panel.locator('input, select').all())
      await expect(control.isEnabled()).resolves.toBe(false)
    await expect(panel.getByRole('button', { name: /^Supprimer/ }).count()).resolves.toBe(0)
    await expect(panel.getByRole('button', { name: 'Lier' }).count()).resolves.toBe(0)
    await expect(panel.getByRole('button', { name: /^Retirer/ }).count()).resolves.toBe(0)
    await view(readerPage, 'Par état').click()
    await column(readerPage, 'a-lancer').getByRole('link', { name: erasmus }).waitFor()
    await expect(readerPage.getByRole('button', { name: /^Déplacer vers/ }).count()).resolves.toBe(0)
    await expect(readerPage.locator('[draggable="true"]').count()).resolves.toBe(0)
    expect(await accessibilityViolations(readerPage)).toEqual([])
    // Nor in the grid's linked actions.
    await readerPage.goto(gridUrl)
    await readerPage.getByRole('button', { name: /^Actions liées du descripteur 4\.1\s:\s1 action/ }).click()
    await readerPage.getByRole('link', { name: 'Accueillir un forum des entreprises' }).waitFor()
    await expect(readerPage.getByRole('button', { name: 'Créer une action liée' }).count()).resolves.toBe(0)
    await readerPage.context().close()
  })

  it('has no accessibility violation on any view, with and without an action open', async () => {
    for (const name of ['Tableau', 'Par état', 'Par critère', 'Mes actions', 'Calendrier']) {
      await openPlan(ownerPage)
      await view(ownerPage, name).click()
      await expect.poll(() => view(ownerPage, name).getAttribute('aria-current'), POLL).toBe('page')
      expect(await accessibilityViolations(ownerPage), name).toEqual([])
      await ownerPage.locator(`[data-open-action]`).first().click()
      await editor(ownerPage).waitFor()
      expect(await accessibilityViolations(ownerPage), `${name} with an action open`).toEqual([])
    }
  })

  it('reads well at 1920×1080, in projection, and on a 390 px phone (screenshots in /tmp/plan-shots)', async () => {
    await ownerPage.setViewportSize({ width: 1920, height: 1080 })
    await openPlan(ownerPage)
    await expect.poll(() => fitsWidth(ownerPage), POLL).toBe(true)
    await ownerPage.screenshot({ path: path.join(SHOTS, 'table-1920x1080.png'), fullPage: true })
    for (const vue of ['criteres', 'mes-actions', 'calendrier']) {
      await openPlan(ownerPage, `?vue=${vue}`)
      await expect.poll(() => fitsWidth(ownerPage), POLL).toBe(true)
      await ownerPage.screenshot({ path: path.join(SHOTS, `${vue}-1920x1080.png`), fullPage: true })
    }
    await openPlan(ownerPage, '?vue=etats')
    await expect.poll(() => fitsWidth(ownerPage), POLL).toBe(true)
    await ownerPage.screenshot({ path: path.join(SHOTS, 'board-1920x1080.png'), fullPage: true })
    await openAction(ownerPage, conventions)
    await expect.poll(() => fitsWidth(ownerPage), POLL).toBe(true)
    await ownerPage.screenshot({ path: path.join(SHOTS, 'editor-1920x1080.png') })

    // Projection: large type, nothing to edit.
    await openPlan(ownerPage)
    await ownerPage.getByRole('button', { name: 'Mode projection' }).click()
    await ownerPage.getByRole('button', { name: 'Quitter le mode projection' }).waitFor()
    expect(await fontSizeOf(table(ownerPage).getByRole('link', { name: erasmus }))).toBeGreaterThanOrEqual(32)
    await expect(ownerPage.getByLabel('Nouvelle action : son intitulé').count()).resolves.toBe(0)
    await expect(ownerPage.getByRole('search').count()).resolves.toBe(0)
    expect(await accessibilityViolations(ownerPage)).toEqual([])
    await ownerPage.screenshot({ path: path.join(SHOTS, 'table-1920x1080-projection.png') })
    await ownerPage.keyboard.press('Escape')
    await ownerPage.getByRole('button', { name: 'Mode projection' }).waitFor()

    await ownerPage.setViewportSize({ width: 390, height: 844 })
    await openPlan(ownerPage)
    await expect.poll(() => fitsWidth(ownerPage), POLL).toBe(true)
    await ownerPage.screenshot({ path: path.join(SHOTS, 'table-390x844.png'), fullPage: true })
    await openPlan(ownerPage, '?vue=etats')
    await expect.poll(() => fitsWidth(ownerPage), POLL).toBe(true)
    await ownerPage.screenshot({ path: path.join(SHOTS, 'board-390x844.png'), fullPage: true })
    // On a phone the action takes the list's place; "Fermer" brings the list back.
    const panel = await openAction(ownerPage, conventions)
    await expect(ownerPage.locator('.board').count()).resolves.toBe(0)
    await expect.poll(() => fitsWidth(ownerPage), POLL).toBe(true)
    expect((await panel.boundingBox())?.width ?? 0).toBeGreaterThan(340)
    expect(await accessibilityViolations(ownerPage)).toEqual([])
    await ownerPage.screenshot({ path: path.join(SHOTS, 'editor-390x844.png'), fullPage: true })
    await panel
      .getByRole('region', { name: 'Bilan de l’action' })
      .screenshot({ path: path.join(SHOTS, 'editor-390x844-bilan.png') })
    await panel.getByRole('button', { name: 'Fermer' }).click()
    await column(ownerPage, 'realisee').getByRole('link', { name: conventions }).waitFor()
    await ownerPage.setViewportSize({ width: 1366, height: 768 })
  })
})
