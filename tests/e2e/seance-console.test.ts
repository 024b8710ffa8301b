/**
 * The facilitator's console of a live séance (A4–A6) in a real browser against the real server:
 * the agenda, the timer, a silent rating revealed and recorded into the year's grid, the idea
 * board grouped from the keyboard, a dot vote, a note turned into an action of the plan; a member
 * who does not lead the séance sees why and no controls; the hand-over; ending the séance.
 * A contributor takes part through the API (the participant's screen is tested elsewhere).
 */
import path from 'node:path'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Seance } from '@rouages/shared/api/seances'
import {
  accessibilityViolations,
  assertAppBuilt,
  chromiumForTests,
  launchChromium,
} from '../helpers/browser.ts'
import { POLL, fillSignup, firstRun, invite, linkFromMail, newVisitor, pathOf } from '../helpers/e2e-app.ts'
import { fitsWidth, levelRadio } from '../helpers/e2e-grid.ts'
import { createSeance, yearWithDescriptor } from '../helpers/e2e-seance.ts'
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
  password: 'je contribue à la grille',
}
const etablissement = { uai: '0420034J', name: 'Lycée Jean Moulin', academie: 'Lyon' }
const descriptor = 'Des partenariats formalisés avec les entreprises du territoire'
const YEAR = '2025-2026'
const TITLE = 'Conseil pédagogique du 12 mars'
const STRENGTH = 'Des stages suivis par un tuteur dans chaque entreprise'
const PROPOSAL = 'Créer un bureau des entreprises'
const SHOTS = '/tmp/shots/console'

describe.skipIf(chromiumPath === undefined)('the facilitator console', () => {
  const data = tempDataDir()
  let server: ServerProcess
  let browser: Browser
  let ownerContext: BrowserContext
  let ownerPage: Page
  let contributorPage: Page
  let etablissementId: string
  let seance: Seance
  let consoleUrl: string
  let gridUrl: string
  const ideaIds: Record<string, string> = {}

  const api = (suffix: string) => `${server.url}/api/seances/${seance.id}${suffix}`
  const agenda = (page: Page): Locator =>
    page.getByRole('region', { name: 'Ordre du jour' }).getByRole('listitem')
  const roundPanel = (page: Page): Locator => page.locator('[data-round-id]')
  const note = (page: Page, text: string): Locator =>
    page.locator('article').filter({ has: page.getByText(text, { exact: true }) })

  beforeAll(async () => {
    assertAppBuilt()
    server = await startServerProcess({ dataDir: data.dir })
    if (chromiumPath === undefined) throw new Error('unreachable: the suite is skipped without Chromium')
    browser = await launchChromium(chromiumPath)
    ;({ context: ownerContext, page: ownerPage } = await newVisitor(browser, { width: 1366, height: 768 }))
    etablissementId = await firstRun(ownerPage, server.url, owner, etablissement)
    gridUrl = `${server.url}/e/${etablissementId}/annees/${YEAR}`
    await yearWithDescriptor(ownerPage, server.url, etablissementId, YEAR, descriptor)

    await ownerPage.goto(`${server.url}/e/${etablissementId}/membres`)
    await invite(ownerPage, { email: contributor.email, role: 'Contributeur' })
    const link = await linkFromMail(data.dir, contributor.email, '/invitation/')
    ;({ page: contributorPage } = await newVisitor(browser, { width: 1366, height: 768 }))
    await contributorPage.goto(link)
    await contributorPage.getByRole('link', { name: 'Créer un compte' }).click()
    await fillSignup(contributorPage, contributor)
    await contributorPage.getByRole('heading', { level: 1, name: etablissement.name }).waitFor()

    seance = await createSeance(ownerPage, server.url, etablissementId, YEAR, {
      title: TITLE,
      kind: 'conseil-pedagogique',
      guestsAllowed: true,
      steps: [
        { kind: 'criterion', title: 'Critère 4 : partenariats', target: 'lycee-des-metiers/ldm-4' },
        { kind: 'ideas', title: 'Idées pour le critère 4', target: 'lycee-des-metiers/ldm-4' },
        { kind: 'plan', title: 'Plan d’action' },
      ],
    })
    consoleUrl = `${server.url}/seance/${seance.id}/animation`
    const joined = await contributorPage.request.post(`${server.url}/api/seances/rejoindre`, {
      data: { code: seance.code },
    })
    expect(joined.status()).toBe(200)
  })

  afterAll(async () => {
    await browser?.close()
    if (server) expect(await server.stop()).toBe(0)
    data.remove()
  })

  it('drives the agenda and the timer, then a silent rating into the year’s grid', async () => {
    await ownerPage.goto(consoleUrl)
    await ownerPage.getByRole('heading', { level: 1, name: TITLE }).waitFor()
    await ownerPage.getByText(seance.code, { exact: true }).waitFor()
    await expect(
      ownerPage.getByRole('link', { name: /^Ouvrir la vue projecteur/ }).getAttribute('target'),
    ).resolves.toBe('_blank')
    await expect(ownerPage.getByRole('link', { name: 'Vue participant' }).getAttribute('href')).resolves.toBe(
      `/seance/${seance.id}`,
    )
    await expect(agenda(ownerPage).count()).resolves.toBe(3)
    await expect(agenda(ownerPage).nth(0).innerText()).resolves.toMatch(/En cours/i)
    await expect(agenda(ownerPage).nth(1).innerText()).resolves.toMatch(/Suivante/)

    // To step 2 and back to step 1: the agenda says where the room is, in words.
    await ownerPage.getByRole('button', { name: /^Aller à cette étape : Étape 2/ }).click()
    await ownerPage.getByRole('heading', { level: 2, name: 'Idées pour le critère 4' }).waitFor()
    await expect.poll(() => agenda(ownerPage).nth(0).innerText(), POLL).toMatch(/Faite/)
    await ownerPage.getByRole('button', { name: /^Aller à cette étape : Étape 1/ }).click()
    await ownerPage.getByRole('heading', { level: 2, name: 'Critère 4 : partenariats' }).waitFor()
    await expect.poll(() => agenda(ownerPage).nth(0).getAttribute('aria-current'), POLL).toBe('step')

    // A five-minute timer, paused.
    const timer = ownerPage.getByRole('region', { name: 'Minuteur' })
    await timer.getByRole('button', { name: 'Démarrer 5 min' }).click()
    await expect.poll(() => timer.locator('.countdown').innerText(), POLL).toMatch(/0[45]:\d\d/)
    await timer.getByRole('button', { name: 'Pause', exact: true }).click()
    await timer.getByRole('button', { name: 'Reprendre' }).waitFor()
    await expect(timer.locator('.countdown').innerText()).resolves.toMatch(/en pause/i)

    // The step locked, then open again; everyone brought back to it.
    const lock = ownerPage.getByRole('checkbox', { name: /^Verrouiller : Étape 1/ })
    await lock.check()
    await ownerPage.getByText(/^Étape verrouillée/).waitFor()
    await expect.poll(() => agenda(ownerPage).nth(0).innerText(), POLL).toMatch(/Verrouillée/)
    await lock.uncheck()
    await expect.poll(() => ownerPage.getByText(/^Étape verrouillée/).count(), POLL).toBe(0)
    await ownerPage.getByRole('button', { name: 'Faire venir tout le monde ici' }).click()
    await ownerPage.getByRole('status').filter({ hasText: 'Tout le monde est ramené à l’étape 1.' }).waitFor()

    // A refusal shows the server's words; nothing changes.
    const refusal = 'Un positionnement est déjà en cours : révélez-le ou annulez-le d’abord.'
    const launch = ownerPage.getByRole('button', { name: `Lancer un positionnement : ${descriptor}` })
    await ownerPage.route('**/commandes', (route) =>
      route.fulfill({
        status: 409,
        contentType: 'application/json',
        body: JSON.stringify({ error: { status: 409, code: 'conflict', message: refusal } }),
      }),
    )
    try {
      await launch.click()
      await ownerPage.getByRole('status').filter({ hasText: refusal }).waitFor()
    } finally {
      await ownerPage.unroute('**/commandes')
    }
    await expect(roundPanel(ownerPage).count()).resolves.toBe(0)

    // A silent rating: the console counts, the contributor rates through the API.
    await launch.click()
    await ownerPage.getByRole('heading', { name: 'Positionnement silencieux en cours' }).waitFor()
    const roundId = (await roundPanel(ownerPage).getAttribute('data-round-id')) ?? ''
    expect(roundId).not.toBe('')
    // A second one is refused while this one runs: the button says why instead of failing.
    await expect(
      ownerPage.getByRole('button', { name: `Lancer un positionnement : ${descriptor}` }).isDisabled(),
    ).resolves.toBe(true)
    const rated = await contributorPage.request.put(api('/positionnement'), {
      data: { roundId, levelId: 'atteint' },
    })
    expect(rated.status()).toBe(204)
    await expect.poll(() => roundPanel(ownerPage).innerText(), POLL).toMatch(/1 \/ \d+\s+ont positionné/)
    expect(await accessibilityViolations(ownerPage)).toEqual([])
    await ownerPage.screenshot({ path: path.join(SHOTS, 'console-rating-open-1366x768.png') })

    await ownerPage.getByRole('button', { name: 'Révéler' }).click()
    const distribution = ownerPage.getByRole('table', { name: 'Répartition des positionnements' })
    await distribution.waitFor()
    await expect(distribution.getByRole('row', { name: /Atteint/ }).innerText()).resolves.toMatch(/1/)

    await ownerPage.getByRole('button', { name: 'Qui a choisi quoi' }).click()
    await expect
      .poll(() => roundPanel(ownerPage).locator('li', { hasText: 'Atteint' }).innerText(), POLL)
      .toMatch(contributor.name)

    // The most chosen level is proposed; a note of dissent goes with it.
    const consensus = ownerPage.getByRole('group', { name: 'Enregistrer le consensus' })
    await expect(consensus.getByRole('radio', { name: /Atteint/ }).isChecked()).resolves.toBe(true)
    await ownerPage.getByLabel(/^Note de désaccord/).fill('Deux enseignants jugent le suivi encore fragile.')
    await ownerPage.getByRole('button', { name: 'Enregistrer le consensus' }).click()
    await ownerPage.getByRole('heading', { name: 'Consensus enregistré' }).waitFor()
    await expect(roundPanel(ownerPage).innerText()).resolves.toMatch(/suivi encore fragile/)
    expect(await accessibilityViolations(ownerPage)).toEqual([])
    await ownerPage.evaluate(() => window.scrollTo(0, 0))
    await ownerPage.screenshot({ path: path.join(SHOTS, 'console-rating-1366x768.png') })
    await roundPanel(ownerPage).scrollIntoViewIfNeeded()
    await ownerPage.screenshot({ path: path.join(SHOTS, 'console-rating-result-1366x768.png') })
    expect(await fitsWidth(ownerPage)).toBe(true)

    // The grid of the year holds the level agreed.
    const gridPage = await ownerContext.newPage()
    await gridPage.goto(gridUrl)
    await expect.poll(() => levelRadio(gridPage, descriptor, 'Atteint').isChecked(), POLL).toBe(true)
    await gridPage.close()
  })

  it('groups notes from the keyboard, runs a dot vote and turns a note into an action', async () => {
    await ownerPage.getByRole('button', { name: /^Étape suivante/ }).click()
    await ownerPage.getByRole('heading', { level: 2, name: 'Idées pour le critère 4' }).waitFor()
    for (const [column, text] of [
      ['forces', STRENGTH],
      ['propositions', PROPOSAL],
    ] as const) {
      const posted = await contributorPage.request.post(api('/idees'), { data: { column, text } })
      expect(posted.status()).toBe(201)
      ideaIds[text] = ((await posted.json()) as { id: string }).id
    }
    await note(ownerPage, STRENGTH).waitFor()
    await note(ownerPage, PROPOSAL).waitFor()
    await expect(note(ownerPage, STRENGTH).innerText()).resolves.toMatch(contributor.name)

    // The strength goes under the proposal: button, select, button, all from the keyboard.
    await ownerPage.getByRole('button', { name: `Grouper avec… : ${STRENGTH}` }).focus()
    await ownerPage.keyboard.press('Enter')
    const select = ownerPage.getByLabel('Grouper cette note avec')
    await expect.poll(() => select.evaluate((el) => el === document.activeElement), POLL).toBe(true)
    await ownerPage.keyboard.press('ArrowDown')
    await expect(select.inputValue()).resolves.toBe(ideaIds[PROPOSAL])
    await ownerPage.keyboard.press('Tab')
    await ownerPage.keyboard.press('Enter')
    const group = ownerPage.getByRole('list', { name: `Notes groupées avec « ${PROPOSAL} »` })
    await expect.poll(() => group.innerText(), POLL).toMatch(STRENGTH)
    await expect(note(ownerPage, STRENGTH).innerText()).resolves.toMatch(/groupée/)
    // Focus follows the note to its group.
    await expect
      .poll(() => note(ownerPage, STRENGTH).evaluate((el) => el === document.activeElement), POLL)
      .toBe(true)

    // Ungrouped, then grouped again by dragging it onto the proposal.
    await ownerPage.getByRole('button', { name: `Dégrouper : ${STRENGTH}` }).click()
    await expect.poll(() => group.count(), POLL).toBe(0)
    await note(ownerPage, STRENGTH).dragTo(note(ownerPage, PROPOSAL))
    await expect.poll(() => group.innerText(), POLL).toMatch(STRENGTH)

    // A note removed after asking.
    const stray = await contributorPage.request.post(api('/idees'), {
      data: { column: 'vigilance', text: 'Note en double' },
    })
    expect(stray.status()).toBe(201)
    await ownerPage.getByRole('button', { name: 'Supprimer : Note en double' }).click()
    const removal = ownerPage.getByRole('dialog', { name: /Supprimer cette note/ })
    await removal.getByRole('button', { name: 'Supprimer la note' }).click()
    await expect.poll(() => note(ownerPage, 'Note en double').count(), POLL).toBe(0)
    await expect(removal.isVisible()).resolves.toBe(false)

    // Dot voting, two votes each.
    await ownerPage.getByLabel('Votes par personne').fill('2')
    await ownerPage.getByRole('button', { name: 'Ouvrir le vote' }).click()
    await ownerPage.getByRole('button', { name: 'Clore le vote' }).waitFor()
    const voted = await contributorPage.request.put(api('/votes'), {
      data: { stepIndex: 1, ideaIds: [ideaIds[PROPOSAL], ideaIds[STRENGTH]] },
    })
    expect(voted.status()).toBe(204)
    const voting = ownerPage.getByRole('region', { name: 'Vote par points' })
    await expect.poll(() => voting.innerText(), POLL).toMatch(/1\s+personne a voté/)
    expect(await accessibilityViolations(ownerPage)).toEqual([])
    await ownerPage.getByRole('button', { name: 'Clore le vote' }).click()
    const results = ownerPage.getByRole('list', { name: 'Résultats du vote' })
    await results.waitFor()
    // The group's votes count on its leading note.
    await expect(results.getByRole('listitem').first().innerText()).resolves.toMatch(
      new RegExp(`2 votes\\s+${PROPOSAL}`),
    )

    await ownerPage.getByRole('button', { name: `Transformer en action : ${PROPOSAL}` }).click()
    await expect.poll(() => note(ownerPage, PROPOSAL).first().innerText(), POLL).toMatch(/Action créée/)
    expect(await accessibilityViolations(ownerPage)).toEqual([])
    await ownerPage.getByRole('heading', { name: /^Tableau d’idées/ }).scrollIntoViewIfNeeded()
    await ownerPage.screenshot({ path: path.join(SHOTS, 'console-ideas-1366x768.png') })
    expect(await fitsWidth(ownerPage)).toBe(true)

    const planPage = await ownerContext.newPage()
    await planPage.goto(`${server.url}/e/${etablissementId}/annees/${YEAR}/plan`)
    await planPage.getByRole('link', { name: PROPOSAL, exact: true }).first().waitFor()
    await planPage.close()
  })

  it('reads well at 1920×1080 and stays usable at 1024 px', async () => {
    await ownerPage.setViewportSize({ width: 1920, height: 1080 })
    await ownerPage.screenshot({ path: path.join(SHOTS, 'console-ideas-1920x1080.png') })
    await ownerPage.getByRole('button', { name: /^Aller à cette étape : Étape 1/ }).click()
    await roundPanel(ownerPage).waitFor()
    await ownerPage.screenshot({ path: path.join(SHOTS, 'console-rating-1920x1080.png') })
    await ownerPage.setViewportSize({ width: 1024, height: 768 })
    expect(await fitsWidth(ownerPage)).toBe(true)
    await ownerPage.evaluate(() => window.scrollTo(0, 0))
    await ownerPage.screenshot({ path: path.join(SHOTS, 'console-rating-1024x768.png') })
    await ownerPage.setViewportSize({ width: 1366, height: 768 })
  })

  it('shows someone who does not lead the séance why, with no controls', async () => {
    await contributorPage.goto(consoleUrl)
    await contributorPage.getByText('Vous n’animez pas cette séance.').waitFor()
    await expect(
      contributorPage.getByRole('link', { name: 'Aller à la vue participant' }).getAttribute('href'),
    ).resolves.toBe(`/seance/${seance.id}`)
    await expect(
      contributorPage
        .getByRole('button')
        .filter({ hasText: /positionnement|Terminer|Démarrer/ })
        .count(),
    ).resolves.toBe(0)
    expect(await accessibilityViolations(contributorPage)).toEqual([])

    // Signed out: the sign-in page first, then back here.
    const { context: visitor, page: stranger } = await newVisitor(browser)
    await stranger.goto(consoleUrl)
    await expect.poll(() => pathOf(stranger), POLL).toBe('/connexion')
    expect(new URL(stranger.url()).searchParams.get('suite')).toBe(`/seance/${seance.id}/animation`)
    await visitor.close()
  })

  it('hands over, after which the console says so; the new facilitator ends the séance', async () => {
    await ownerPage.goto(consoleUrl)
    await ownerPage.getByRole('heading', { level: 1, name: TITLE }).waitFor()
    await ownerPage.getByLabel('Membre de l’établissement').selectOption({ label: contributor.name })
    await ownerPage.getByRole('button', { name: 'Passer la main' }).click()
    const dialog = ownerPage.getByRole('dialog', { name: /Passer la main/ })
    await dialog.waitFor()
    expect(await accessibilityViolations(ownerPage)).toEqual([])
    await ownerPage.screenshot({ path: path.join(SHOTS, 'console-hand-over-dialog-1366x768.png') })
    await dialog.getByRole('button', { name: 'Passer la main' }).click()
    await ownerPage.getByText('Vous n’animez pas cette séance.').waitFor()
    await expect
      .poll(
        () =>
          ownerPage
            .getByRole('heading', { level: 1, name: TITLE })
            .evaluate((el) => el === document.activeElement),
        POLL,
      )
      .toBe(true)
    await ownerPage.screenshot({ path: path.join(SHOTS, 'console-handed-over-1366x768.png') })

    await contributorPage.goto(consoleUrl)
    await contributorPage.getByRole('heading', { level: 1, name: TITLE }).waitFor()
    await contributorPage.getByRole('button', { name: 'Terminer la séance' }).click()
    const end = contributorPage.getByRole('dialog', { name: /Terminer la séance/ })
    await end.getByRole('button', { name: 'Terminer la séance' }).click()
    await expect
      .poll(() => pathOf(contributorPage), POLL)
      .toBe(`/e/${etablissementId}/annees/${YEAR}/seances/${seance.id}`)
  })
})
