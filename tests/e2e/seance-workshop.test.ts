/**
 * A whole workshop in real browsers (issue 7): the référent opens a séance from the year's page and
 * drives it from the console, the projector shows it, and three participants take part — two
 * members on laptops and a guest on a phone. Every WebSocket frame the participants' browsers
 * receive is recorded through the DevTools protocol: before the reveal, none carries anybody's
 * level. Then reveal, consensus into the grid, the idea board with votes, a note made an action,
 * the end of the séance and its compte rendu.
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seanceDocumentName } from '@rouages/shared/document-names'
import type { LiveRound, LiveVoting } from '@rouages/shared/seance/live'
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
  pathOf,
  type Person,
} from '../helpers/e2e-app.ts'
import { levelRadio } from '../helpers/e2e-grid.ts'
import { valuesEverReceived } from '../helpers/received-values.ts'
import { yearWithDescriptor } from '../helpers/e2e-seance.ts'
import { startServerProcess, tempDataDir, type ServerProcess } from '../helpers/server-process.ts'

const chromiumPath = chromiumForTests()
const owner = {
  name: 'Claire Martin',
  email: 'claire.martin@lycee-exemple.fr',
  password: 'une phrase de passe',
}
const sophie = {
  name: 'Sophie Durand',
  email: 'sophie.durand@lycee-exemple.fr',
  password: 'sophie durand 2026',
}
const marc = { name: 'Marc Petit', email: 'marc.petit@lycee-exemple.fr', password: 'marc petit lecteur' }
const GUEST = 'Paule Invitée'
const etablissement = { uai: '0420034J', name: 'Lycée Jean Moulin', academie: 'Lyon' }
const descriptor = 'Des partenariats formalisés avec les entreprises du territoire'
const YEAR = '2025-2026'
const TITLE = 'Conseil pédagogique du 12 mars'
const NOTE = 'Créer un livret d’accueil pour les tuteurs'
const OTHER_NOTE = 'Les tuteurs connaissent mal les référentiels'
const shots = process.env.WORKSHOP_SHOTS || '/tmp/shots/workshop'

interface Participant {
  name: string
  page: Page
  /** Every binary WebSocket frame this browser received. */
  frames: Uint8Array[]
}

describe.skipIf(chromiumPath === undefined)('a live workshop, end to end', () => {
  const data = tempDataDir()
  let server: ServerProcess
  let browser: Browser
  let console_: Page
  let projector: Page
  let etablissementId: string
  let seanceId: string
  let code: string
  const people: Participant[] = []

  /** Picks criterion 4 of the national framework in an agenda step's select. */
  async function chooseCriterion4(select: Locator): Promise<void> {
    const value = await select
      .locator('option', { hasText: /^Critère 4 :/ })
      .first()
      .getAttribute('value')
    await select.selectOption(value ?? '')
  }
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(shots, name) })
  const docName = () => seanceDocumentName(etablissementId, seanceId)

  /** A browser whose received WebSocket frames are all kept, from before the page opens any. */
  async function participant(
    name: string,
    viewport: { width: number; height: number },
  ): Promise<Participant> {
    const { page } = await newVisitor(browser, viewport)
    const frames: Uint8Array[] = []
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Network.enable')
    cdp.on('Network.webSocketFrameReceived', ({ response }) => {
      if (response.opcode === 2) frames.push(new Uint8Array(Buffer.from(response.payloadData, 'base64')))
    })
    const person = { name, page, frames }
    people.push(person)
    return person
  }

  async function member(person: Person, role: string): Promise<Participant> {
    await console_.goto(`${server.url}/e/${etablissementId}/membres`)
    await invite(console_, { email: person.email, role })
    const link = await linkFromMail(data.dir, person.email, '/invitation/')
    const joined = await participant(person.name, { width: 1366, height: 768 })
    await joined.page.goto(link)
    await joined.page.getByRole('link', { name: 'Créer un compte' }).click()
    await fillSignup(joined.page, person)
    await joined.page.getByRole('heading', { level: 1, name: etablissement.name }).waitFor()
    return joined
  }

  beforeAll(async () => {
    assertAppBuilt()
    mkdirSync(shots, { recursive: true })
    server = await startServerProcess({ dataDir: data.dir })
    if (chromiumPath === undefined) throw new Error('unreachable: the suite is skipped without Chromium')
    browser = await launchChromium(chromiumPath)
    ;({ page: console_ } = await newVisitor(browser, { width: 1920, height: 1080 }))
    etablissementId = await firstRun(console_, server.url, owner, etablissement)
    await yearWithDescriptor(console_, server.url, etablissementId, YEAR, descriptor)
    await member(sophie, 'Contributeur')
    await member(marc, 'Lecteur')
    await participant(GUEST, { width: 390, height: 844 })
  })

  afterAll(async () => {
    await browser?.close()
    if (server) expect(await server.stop()).toBe(0)
    data.remove()
  })

  it('opens a séance from the year’s page with an agenda, then shows it on the projector', async () => {
    await console_.goto(`${server.url}/e/${etablissementId}/annees/${YEAR}/seances`)
    await console_.getByLabel('Titre de la séance').fill(TITLE)
    await chooseCriterion4(console_.getByLabel('Critère de l’étape 1'))
    await console_.getByRole('button', { name: 'Un tableau d’idées' }).click()
    await chooseCriterion4(console_.getByLabel('Critère concerné par l’étape 2'))
    await console_.getByRole('button', { name: 'Le plan d’action' }).click()
    await console_.getByRole('button', { name: 'Ouvrir la séance' }).click()
    await expect.poll(() => pathOf(console_), POLL).toMatch(/^\/seance\/[a-z2-7]+\/animation$/)
    seanceId = pathOf(console_).split('/')[2] ?? ''
    const listed = await console_.request.get(
      `${server.url}/api/etablissements/${etablissementId}/annees/${YEAR}/seances`,
    )
    code =
      ((await listed.json()) as Array<{ id: string; code: string }>).find((s) => s.id === seanceId)?.code ??
      ''
    expect(code).toMatch(/^[A-Z2-9]{6}$/)

    projector = await console_.context().newPage()
    await projector.goto(`${server.url}/seance/${seanceId}/projection`)
    await projector
      .getByText(`${code.slice(0, 3)} ${code.slice(3)}`)
      .first()
      .waitFor()
    await projector.getByRole('img', { name: 'QR code pour rejoindre la séance' }).waitFor()
  })

  it('lets two members and a guest join with the code', async () => {
    for (const person of people) {
      if (person.name === GUEST) {
        await person.page.goto(`${server.url}/rejoindre?code=${code.toLowerCase()}`)
        await person.page.getByLabel('Votre nom').fill(GUEST)
      } else {
        await person.page.goto(`${server.url}/rejoindre`)
        await person.page
          .getByLabel('Code de la séance')
          .fill(`${code.slice(0, 3).toLowerCase()} ${code.slice(3)}`)
      }
      await person.page.getByRole('button', { name: 'Rejoindre la séance' }).click()
      await expect.poll(() => pathOf(person.page), POLL).toBe(`/seance/${seanceId}`)
    }
    // The facilitator (console and projector count once) and the three participants.
    await projector.getByRole('heading', { name: '4 présents' }).waitFor()
    await projector.getByText(`${GUEST} (invité)`).waitFor()
  })

  it('runs a silent rating that reaches no other browser before the reveal', async () => {
    await console_.getByRole('button', { name: `Lancer un positionnement : ${descriptor}` }).click()
    const choices: Record<string, string> = {
      [sophie.name]: 'Consolidé',
      [marc.name]: 'En cours',
      [GUEST]: 'Atteint',
    }
    for (const person of people) {
      const group = person.page.getByRole('group', { name: `Votre niveau pour : ${descriptor}` })
      await group.getByRole('button', { name: choices[person.name] }).click()
      await person.page.getByText(`Votre choix : ${choices[person.name]}.`, { exact: false }).waitFor()
    }
    await expect.poll(() => projector.getByText(/3 \/ \d+ ont positionné/).count(), POLL).toBe(1)
    await shot(projector, 'projector-rating.png')
    await shot(people[2]?.page ?? projector, 'phone-rating.png')

    // What each browser was sent: the count, never a level or a distribution.
    for (const person of people) {
      const rounds = valuesEverReceived(person.frames, docName()).filter(
        (value): value is LiveRound => typeof (value as LiveRound | null)?.ratedCount === 'number',
      )
      expect(rounds.map((round) => round.ratedCount)).toContain(3)
      for (const round of rounds) expect(round.distribution, person.name).toBeNull()
      expect(JSON.stringify(valuesEverReceived(person.frames, docName())), person.name).not.toMatch(
        /"levelId"/,
      )
    }

    await console_.getByRole('button', { name: 'Révéler' }).click()
    await projector.getByRole('table', { name: '3 positionnements' }).waitFor()
    for (const person of people)
      await person.page.getByRole('table', { name: `Répartition : ${descriptor}` }).waitFor()
    await shot(projector, 'projector-revealed.png')

    // The three levels were chosen once each: the référent picks the one the room agreed on.
    const consensus = console_.getByRole('group', { name: 'Enregistrer le consensus' })
    await consensus.locator('label', { hasText: 'Atteint' }).click()
    await expect(consensus.getByRole('radio', { name: /Atteint/ }).isChecked()).resolves.toBe(true)
    await console_.getByLabel(/^Note de désaccord/).fill('Sophie juge le partenariat déjà consolidé.')
    await console_.getByRole('button', { name: 'Enregistrer le consensus' }).click()
    await console_.getByRole('heading', { name: 'Consensus enregistré' }).waitFor()
    await projector
      .getByText(/Niveau retenu\s:/)
      .first()
      .waitFor()

    // The level is in the year's grid, for everyone.
    const sophiePage = people[0]?.page
    if (!sophiePage) throw new Error('Sophie joined')
    const grid = await sophiePage.context().newPage()
    await grid.goto(`${server.url}/e/${etablissementId}/annees/${YEAR}`)
    await expect.poll(() => levelRadio(grid, descriptor, 'Atteint').isChecked(), POLL).toBe(true)
    await grid.close()
  })

  it('runs the idea board: notes, hidden votes, a note made an action', async () => {
    await console_.getByRole('button', { name: /^Aller à cette étape : Étape 2/ }).click()
    const [sophieP, marcP, guestP] = people
    if (!sophieP || !marcP || !guestP) throw new Error('three participants')
    for (const [person, text] of [
      [guestP, NOTE],
      [marcP, OTHER_NOTE],
    ] as const) {
      await person.page.getByRole('button', { name: 'Ajouter une note' }).click()
      await person.page.getByLabel('Colonne').selectOption({ label: 'Propositions d’action' })
      await person.page.getByLabel('Votre note').fill(text)
      await person.page.getByRole('button', { name: 'Déposer la note' }).click()
    }
    await projector.getByText(NOTE).waitFor()
    await projector.getByText(OTHER_NOTE).waitFor()

    await console_.getByLabel('Votes par personne').fill('2')
    await console_.getByRole('button', { name: 'Ouvrir le vote' }).click()
    for (const person of [sophieP, marcP, guestP])
      await person.page.getByRole('button', { name: `+1 vote pour : ${NOTE}` }).click()
    await sophieP.page.getByRole('button', { name: `+1 vote pour : ${OTHER_NOTE}` }).click()
    await expect.poll(() => console_.getByText(/3 personnes ont voté/).count(), POLL).toBeGreaterThan(0)
    for (const person of people)
      for (const value of valuesEverReceived(person.frames, docName()))
        if ((value as LiveVoting | null)?.perPerson === 2 && (value as LiveVoting).phase === 'open')
          expect((value as LiveVoting).totals, person.name).toBeNull()
    await console_.getByRole('button', { name: 'Clore le vote' }).click()
    await console_.getByRole('list', { name: 'Résultats du vote' }).waitFor()
    await shot(projector, 'projector-ideas.png')

    await console_.getByRole('button', { name: `Transformer en action : ${NOTE}` }).click()
    await projector.getByText('Action créée').waitFor()
    const plan = await sophieP.page.context().newPage()
    await plan.goto(`${server.url}/e/${etablissementId}/annees/${YEAR}/plan`)
    await plan.getByRole('link', { name: NOTE, exact: true }).first().waitFor()
    await plan.close()
  })

  it('ends the séance: guests are out, the compte rendu is there', async () => {
    await console_.getByRole('button', { name: 'Terminer la séance' }).click()
    await console_
      .getByRole('dialog', { name: /Terminer la séance/ })
      .getByRole('button', { name: 'Terminer la séance' })
      .click()
    await expect
      .poll(() => pathOf(console_), POLL)
      .toBe(`/e/${etablissementId}/annees/${YEAR}/seances/${seanceId}`)
    const report = console_.getByRole('main')
    await console_.getByRole('heading', { name: 'Participants' }).waitFor()
    for (const text of [`${GUEST} (invité)`, sophie.name, marc.name, descriptor, 'Niveau retenu', NOTE])
      await expect(report.getByText(text, { exact: false }).first().isVisible(), text).resolves.toBe(true)
    await expect.poll(() => accessibilityViolations(console_), POLL).toEqual([])
    await shot(console_, 'compte-rendu.png')
    const markdown = await console_.request.get(
      `${server.url}/api/etablissements/${etablissementId}/annees/${YEAR}/seances/${seanceId}/compte-rendu?format=md`,
    )
    expect(await markdown.text()).toContain(`# ${TITLE}`)

    const guest = people[2]?.page
    await guest?.getByText('La séance est terminée. Merci de votre participation.').waitFor()
    const refused = await guest?.request.get(`${server.url}/api/seances/${seanceId}/moi`)
    expect(refused?.status()).toBe(404)
  })
})
