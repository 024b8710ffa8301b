/**
 * A séance from a participant's phone (390×844): a guest joins from the projector's QR code link
 * with a name, follows the facilitator's steps, rates a descriptor silently (the choice survives a
 * Wi-Fi drop and a reload), sees the revealed distribution, posts a note and votes on the idea
 * board, and is told when the séance ends. The facilitator's commands go through the API with the
 * owner's session, as the console sends them.
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Seance, SeanceCommand } from '@rouages/shared/api/seances'
import {
  accessibilityViolations,
  assertAppBuilt,
  chromiumForTests,
  launchChromium,
} from '../helpers/browser.ts'
import { POLL, firstRun, newVisitor, pathOf, syncState } from '../helpers/e2e-app.ts'
import { fitsWidth } from '../helpers/e2e-grid.ts'
import { createSeance, yearWithDescriptor } from '../helpers/e2e-seance.ts'
import { startServerProcess, tempDataDir, type ServerProcess } from '../helpers/server-process.ts'

const chromiumPath = chromiumForTests()

const owner = {
  name: 'Claire Martin',
  email: 'claire.martin@lycee-exemple.fr',
  password: 'une phrase de passe',
}
const etablissement = { uai: '0420034J', name: 'Lycée Jean Moulin', academie: 'Lyon' }
const descriptor = 'Des partenariats formalisés avec les entreprises du territoire'
const YEAR = '2025-2026'
const FW = 'lycee-des-metiers'
const NOTE = 'Organiser une journée portes ouvertes avec les entreprises partenaires'
const shots = process.env.PARTICIPANT_SHOTS || '/tmp/shots/participant'

describe.skipIf(chromiumPath === undefined)('a séance on a participant’s phone', () => {
  const data = tempDataDir()
  let server: ServerProcess
  let browser: Browser
  let ownerPage: Page
  let phoneContext: BrowserContext
  let phone: Page
  let etablissementId: string
  let seance: Seance

  const command = async (body: SeanceCommand) => {
    const res = await ownerPage.request.post(`${server.url}/api/seances/${seance.id}/commandes`, {
      data: body,
    })
    expect(res.status(), await res.text()).toBe(204)
  }
  const shot = (name: string) => phone.screenshot({ path: path.join(shots, name), fullPage: true })
  const stepHeading = (page: Page) => page.getByRole('heading', { level: 2 })
  /** The step's heading as it is read: "Étape 2 sur 3 — <title>". */
  const stepTitle = async (page: Page) =>
    ((await stepHeading(page).textContent()) ?? '').replace(/\s+/g, ' ').trim()
  const level = (name: string) =>
    phone.getByRole('group', { name: `Votre niveau pour : ${descriptor}` }).getByRole('button', { name })

  beforeAll(async () => {
    assertAppBuilt()
    mkdirSync(shots, { recursive: true })
    server = await startServerProcess({ dataDir: data.dir })
    if (chromiumPath === undefined) throw new Error('unreachable: the suite is skipped without Chromium')
    browser = await launchChromium(chromiumPath)
    ;({ page: ownerPage } = await newVisitor(browser, { width: 1280, height: 800 }))
    etablissementId = await firstRun(ownerPage, server.url, owner, etablissement)
    await yearWithDescriptor(ownerPage, server.url, etablissementId, YEAR, descriptor)

    seance = await createSeance(ownerPage, server.url, etablissementId, YEAR, {
      title: 'Conseil pédagogique du 12 mars',
      kind: 'conseil-pedagogique',
      guestsAllowed: true,
      steps: [
        { kind: 'criterion', title: 'Critère 4 : partenariats', target: `${FW}/ldm-4` },
        { kind: 'ideas', title: 'Idées pour le critère 4', target: `${FW}/ldm-4` },
        { kind: 'plan', title: 'Plan d’action' },
      ],
    })

    ;({ context: phoneContext, page: phone } = await newVisitor(browser, { width: 390, height: 844 }))
  })

  afterAll(async () => {
    await browser?.close()
    if (server) expect(await server.stop()).toBe(0)
    data.remove()
  })

  it('joins as a guest from the QR code link: a name, one button', async () => {
    // A code typed wrong first: the server's words, and a hint for séances without guests.
    await phone.goto(`${server.url}/rejoindre`)
    await phone.getByLabel('Code de la séance').fill('zzz 222')
    await phone.getByLabel('Votre nom').fill('Paule Invitée')
    await phone.getByRole('button', { name: 'Rejoindre la séance' }).click()
    await phone
      .getByRole('alert')
      .filter({ hasText: 'Aucune séance ouverte avec ce code. Vérifiez-le sur l’écran.' })
      .waitFor()
    await expect(
      phone.getByRole('link', { name: 'Me connecter', exact: true }).getAttribute('href'),
    ).resolves.toBe(`/connexion?suite=${encodeURIComponent('/rejoindre?code=zzz%20222')}`)

    // The projector's QR code: the code is there, the name field has the focus.
    await phone.goto(`${server.url}/rejoindre?code=${seance.code.toLowerCase()}`)
    const code = phone.getByLabel('Code de la séance')
    await expect(code.inputValue()).resolves.toBe(seance.code.toLowerCase())
    await expect(code.getAttribute('autocapitalize')).resolves.toBe('characters')
    const name = phone.getByLabel('Votre nom')
    await expect.poll(() => name.evaluate((el) => el === document.activeElement), POLL).toBe(true)
    await expect(
      phone.getByRole('link', { name: 'J’ai un compte : me connecter' }).getAttribute('href'),
    ).resolves.toBe(`/connexion?suite=${encodeURIComponent(`/rejoindre?code=${seance.code.toLowerCase()}`)}`)
    expect(await fitsWidth(phone)).toBe(true)
    expect(await accessibilityViolations(phone)).toEqual([])
    await shot('01-join.png')

    await name.fill('Paule Invitée')
    await name.press('Enter')
    await expect.poll(() => pathOf(phone), POLL).toBe(`/seance/${seance.id}`)
    await phone.getByRole('heading', { level: 1, name: 'Conseil pédagogique du 12 mars' }).waitFor()
    await phone.getByText('Vous : Paule Invitée (sans compte)').waitFor()
    await expect.poll(() => stepTitle(phone), POLL).toBe('Étape 1 sur 3 — Critère 4 : partenariats')
    await phone.getByText(descriptor).waitFor()
    await expect.poll(() => syncState(phone), POLL).toBe('synced')
    await phone.getByText('L’animateur n’a pas encore ouvert de positionnement.', { exact: false }).waitFor()
    expect(await fitsWidth(phone)).toBe(true)
    await shot('02-step-1.png')
  })

  it('rates silently, keeps the choice after a Wi-Fi drop and a reload, then sees the distribution', async () => {
    const id = await phone.locator('li[id^="descripteur-"]').first().getAttribute('id')
    const descriptorId = (id ?? '').replace(/^descripteur-/, '')
    expect(descriptorId).not.toBe('')
    await command({ type: 'minuteur-demarrer', seconds: 300 })
    await command({ type: 'positionnement-ouvrir', descriptorId, anonymous: false })

    await level('Atteint').waitFor()
    await phone.getByText('Votre positionnement reste secret jusqu’à la révélation.').waitFor()
    await phone.getByText('0 personne a positionné').waitFor()
    // Every level is a big touch target.
    for (const word of ['À initier', 'En cours', 'Atteint', 'Consolidé']) {
      const box = await level(word).boundingBox()
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(48)
      await expect(level(word).getAttribute('aria-pressed')).resolves.toBe('false')
    }
    // The timer stays pinned at the top of the screen.
    await phone.getByText('Minuteur', { exact: true }).waitFor()

    await level('Atteint').click()
    await expect.poll(() => level('Atteint').getAttribute('aria-pressed'), POLL).toBe('true')
    await phone.getByText('1 personne a positionné').waitFor()
    await phone.getByRole('status').filter({ hasText: 'Positionnement enregistré : Atteint.' }).waitFor()
    // Scrolled down to the last descriptor, the timer is still at the top of the screen.
    await phone.locator('li[id^="descripteur-"]').last().scrollIntoViewIfNeeded()
    await phone.evaluate(() => window.scrollBy(0, 400))
    const timer = await phone.getByText('Minuteur', { exact: true }).boundingBox()
    await phone.screenshot({ path: path.join(shots, 'debug.png') })
    expect(timer?.y ?? -1).toBeGreaterThanOrEqual(0)
    expect(timer?.y ?? 1000).toBeLessThan(60)
    await phone.evaluate(() => window.scrollTo(0, 0))
    expect(await fitsWidth(phone)).toBe(true)
    expect(await accessibilityViolations(phone)).toEqual([])
    await shot('03-rating.png')

    // The Wi-Fi drops and comes back; the page is reloaded: the choice comes back from the server.
    await phoneContext.setOffline(true)
    await expect.poll(() => syncState(phone), POLL).toBe('offline')
    await phoneContext.setOffline(false)
    await phone.reload()
    await expect.poll(() => level('Atteint').getAttribute('aria-pressed'), POLL).toBe('true')
    await expect(level('En cours').getAttribute('aria-pressed')).resolves.toBe('false')
    await phone.getByText('Votre choix : Atteint.', { exact: false }).waitFor()

    await command({ type: 'positionnement-reveler' })
    const table = phone.getByRole('table', { name: `Répartition : ${descriptor}` })
    await table.waitFor()
    await expect(table.getByRole('row', { name: /Atteint/ }).innerText()).resolves.toMatch(/Atteint\s+1/)
    await expect(level('Atteint').count()).resolves.toBe(0)
    await command({
      type: 'positionnement-consensus',
      levelId: 'atteint',
      dissent: 'Deux partenariats seulement.',
    })
    await phone.getByText('Niveau retenu :').waitFor()
    await phone.getByText('Deux partenariats seulement.').waitFor()
    expect(await accessibilityViolations(phone)).toEqual([])
    await shot('04-revealed.png')
  })

  it('follows the facilitator to the idea board, posts a note and votes', async () => {
    await command({ type: 'etape', index: 1 })
    await expect.poll(() => stepTitle(phone), POLL).toBe('Étape 2 sur 3 — Idées pour le critère 4')
    await expect
      .poll(() => phone.locator('[aria-live="polite"]').allInnerTexts(), POLL)
      .toContain('L’animateur vous amène à l’étape 2 : Idées pour le critère 4.')

    await phone.getByRole('button', { name: 'Ajouter une note' }).click()
    await phone.getByLabel('Colonne').selectOption({ label: 'Propositions d’action' })
    await phone.getByLabel('Votre note').fill(NOTE)
    await phone.getByText(`${NOTE.length} / 280 caractères`).waitFor()
    await phone.getByText('Votre nom apparaîtra avec votre note.').waitFor()
    await shot('05-idea-form.png')
    await phone.getByRole('button', { name: 'Déposer la note' }).click()
    const column = phone.getByRole('region', { name: /^Propositions d’action/ })
    await column.getByText(NOTE, { exact: true }).waitFor()
    await column.getByText('Paule Invitée').waitFor()
    await expect(column.getByRole('button', { name: `Retirer ma note : ${NOTE}` }).count()).resolves.toBe(1)

    await command({ type: 'vote-ouvrir', perPerson: 3 })
    await phone.getByText('Il vous reste 3 votes').waitFor()
    const plusOne = phone.getByRole('button', { name: `+1 vote pour : ${NOTE}` })
    await plusOne.click()
    await phone.getByText('Il vous reste 2 votes').waitFor()
    await plusOne.click()
    await phone.getByText('Il vous reste 1 vote').waitFor()
    await phone.getByText('Vos votes : 2').waitFor()
    await phone.getByRole('button', { name: `−1 vote pour : ${NOTE}` }).click()
    await phone.getByText('Il vous reste 2 votes').waitFor()
    await plusOne.click()
    await phone.getByText('Vos votes : 2').waitFor()
    // No total while voting is open.
    await expect(phone.getByText(/^\d+ votes?$/).count()).resolves.toBe(0)
    expect(await fitsWidth(phone)).toBe(true)
    expect(await accessibilityViolations(phone)).toEqual([])
    await shot('06-voting.png')

    await command({ type: 'vote-clore' })
    await phone.getByText('Vote terminé : 1 personne a voté.', { exact: false }).waitFor()
    await column.getByText('2 votes', { exact: true }).waitFor()
    await shot('07-votes-ended.png')
  })

  it('lets a participant look at the agenda, then brings them back when summoned', async () => {
    await phone.getByRole('button', { name: 'Étape 2/3 — Ordre du jour' }).click()
    await expect(
      phone
        .getByRole('navigation', { name: 'Ordre du jour' })
        .getByRole('button', { name: /Idées/ })
        .getAttribute('aria-current'),
    ).resolves.toBe('step')
    await shot('08-agenda.png')
    await phone
      .getByRole('navigation', { name: 'Ordre du jour' })
      .getByRole('button', { name: /Plan d’action/ })
      .click()
    await expect.poll(() => stepTitle(phone), POLL).toBe('Étape 3 sur 3 — Plan d’action')
    await phone.getByText('Vous consultez l’étape 3. L’animateur en est à l’étape 2.').waitFor()
    await phone.getByText('L’équipe travaille sur le plan d’action.').waitFor()
    // A guest has no account: no link to the year's plan.
    await expect(phone.getByRole('link', { name: 'Voir le plan d’action de l’année' }).count()).resolves.toBe(
      0,
    )

    await command({ type: 'rassembler' })
    await expect.poll(() => stepTitle(phone), POLL).toBe('Étape 2 sur 3 — Idées pour le critère 4')
    await expect
      .poll(() => stepHeading(phone).evaluate((el) => el === document.activeElement), POLL)
      .toBe(true)
  })

  it('lets a member join with their account, on a laptop, and reach the year’s plan', async () => {
    await ownerPage.goto(`${server.url}/rejoindre?code=${seance.code}`)
    await ownerPage.getByText('Vous rejoignez avec votre compte Claire Martin.').waitFor()
    await expect(ownerPage.getByLabel('Votre nom').count()).resolves.toBe(0)
    await ownerPage.getByRole('button', { name: 'Rejoindre la séance' }).click()
    await ownerPage.getByText('Vous : Claire Martin (animateur)').waitFor()
    await ownerPage.getByRole('link', { name: 'Console d’animation' }).waitFor()
    await command({ type: 'etape', index: 2 })
    const plan = ownerPage.getByRole('link', { name: 'Voir le plan d’action de l’année' })
    await plan.waitFor()
    await expect(plan.getAttribute('href')).resolves.toBe(`/e/${etablissementId}/annees/${YEAR}/plan`)
    await expect.poll(() => stepTitle(phone), POLL).toBe('Étape 3 sur 3 — Plan d’action')
    expect(await accessibilityViolations(ownerPage)).toEqual([])
    await ownerPage.screenshot({ path: path.join(shots, '09-member-laptop.png'), fullPage: true })
  })

  it('says the séance is over, and nothing else', async () => {
    const ended = await ownerPage.request.post(
      `${server.url}/api/etablissements/${etablissementId}/annees/${YEAR}/seances/${seance.id}/fin`,
    )
    expect(ended.status(), await ended.text()).toBeLessThan(300)
    await phone.getByText('La séance est terminée. Merci de votre participation.').waitFor()
    await expect(
      phone
        .getByRole('button')
        .filter({ hasText: /vote|note/ })
        .count(),
    ).resolves.toBe(0)
    expect(await accessibilityViolations(phone)).toEqual([])
    await shot('10-ended.png')
  })
})
