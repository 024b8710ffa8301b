import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { encode } from 'uqr'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Seance, SeanceCommand, SeanceMe } from '@rouages/shared/api/seances'
import { readLive, type LiveState } from '@rouages/shared/seance/live'
import { api, signUp } from '../helpers/accounts.ts'
import {
  accessibilityViolations,
  assertAppBuilt,
  chromiumForTests,
  launchChromium,
} from '../helpers/browser.ts'
import { POLL, firstRun, newVisitor } from '../helpers/e2e-app.ts'
import { connectClient, type TestClient } from '../helpers/providers.ts'
import { createSeance, yearWithDescriptor } from '../helpers/e2e-seance.ts'
import { startServerProcess, tempDataDir, type ServerProcess } from '../helpers/server-process.ts'
import { waitUntil } from '../helpers/wait.ts'

const chromiumPath = chromiumForTests()

const owner = {
  name: 'Claire Martin',
  email: 'claire.martin@lycee-exemple.fr',
  password: 'une phrase de passe',
}
const etablissement = { uai: '0420034J', name: 'Lycée Jean Moulin', academie: 'Lyon' }
const descriptor = 'Des partenariats formalisés avec les entreprises du territoire'
const YEAR = '2025-2026'
const SHOTS = process.env.E2E_SCREENSHOTS ?? '/tmp/shots/projector'

describe.skipIf(chromiumPath === undefined)('the projector’s view of a séance', () => {
  const data = tempDataDir()
  let server: ServerProcess
  let browser: Browser
  let page: Page
  let etablissementId: string
  let seance: Seance
  let guestCookie: string
  let guestView: TestClient
  let documentName: string
  const clients: TestClient[] = []

  const projectorUrl = () => `${server.url}/seance/${seance.id}/projection`
  const command = async (body: SeanceCommand) => {
    const res = await page.request.post(`${server.url}/api/seances/${seance.id}/commandes`, { data: body })
    expect(res.status(), await res.text()).toBe(204)
  }
  /** A guest's call, with the guest's cookie. */
  const asGuest = async (route: string, method: string, body: unknown, status = 204) => {
    const res = await api(server, `/seances/${seance.id}${route}`, { cookie: guestCookie, method, body })
    expect(res.status, await res.clone().text()).toBe(status)
    return res
  }
  const live = (): LiveState => readLive(guestView.doc)
  const stage = () => page.locator('.stage')
  const shoot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) })
  const expectNoViolations = async () => expect(await accessibilityViolations(page)).toEqual([])
  const waitText = (text: string | RegExp) => page.getByText(text).first().waitFor(POLL)

  beforeAll(async () => {
    assertAppBuilt()
    mkdirSync(SHOTS, { recursive: true })
    server = await startServerProcess({ dataDir: data.dir })
    if (chromiumPath === undefined) throw new Error('unreachable: the suite is skipped without Chromium')
    browser = await launchChromium(chromiumPath)
    ;({ page } = await newVisitor(browser, { width: 1920, height: 1080 }))
    etablissementId = await firstRun(page, server.url, owner, etablissement)
    await yearWithDescriptor(page, server.url, etablissementId, YEAR, descriptor)

    seance = await createSeance(page, server.url, etablissementId, YEAR, {
      title: 'Conseil pédagogique du 12 mars',
      kind: 'conseil-pedagogique',
      guestsAllowed: true,
      steps: [
        { kind: 'criterion', title: 'Critère 4', target: 'lycee-des-metiers/ldm-4' },
        { kind: 'ideas', title: 'Idées', target: 'lycee-des-metiers/ldm-4' },
      ],
    })
  })

  afterAll(async () => {
    for (const client of clients) client.destroy()
    await browser?.close()
    if (server) expect(await server.stop()).toBe(0)
    data.remove()
  })

  it('sends a signed-out visitor to sign in, and tells a non-member the séance is not theirs', async () => {
    const { context, page: visitor } = await newVisitor(browser, { width: 1280, height: 720 })
    await visitor.goto(projectorUrl())
    await visitor.waitForURL(/\/connexion\?suite=/, POLL)
    expect(new URL(visitor.url()).searchParams.get('suite')).toBe(`/seance/${seance.id}/projection`)

    const stranger = await signUp(server, 'Nadia Extérieure')
    const split = stranger.cookie.indexOf('=')
    await context.addCookies([
      { name: stranger.cookie.slice(0, split), value: stranger.cookie.slice(split + 1), url: server.url },
    ])
    await visitor.goto(projectorUrl())
    await visitor.getByText('vous n’êtes pas membre de son établissement').waitFor(POLL)
    await context.close()
  })

  it('fills the window with the step, the join code, its address and a QR code of the join link', async () => {
    await page.goto(projectorUrl())
    await page.getByRole('heading', { level: 1, name: 'Critère 4' }).waitFor(POLL)
    await waitText('Étape 1 / 2')
    // Nothing of the app's bar: the projector owns the window.
    expect(await page.locator('header.bar').isVisible()).toBe(false)
    const spaced = `${seance.code.slice(0, 3)} ${seance.code.slice(3)}`
    expect(await page.locator('[data-join-code]').textContent()).toBe(spaced)
    expect(await page.locator('[data-join-address]').textContent()).toBe(
      `${new URL(server.url).host}/rejoindre`,
    )
    const qr = page.getByRole('img', { name: 'QR code pour rejoindre la séance' })
    expect(await qr.evaluate((node) => node.tagName.toLowerCase())).toBe('svg')
    // The QR code is the join link with the code filled in, module for module.
    const expected = encode(`${server.url}/rejoindre?code=${seance.code}`, { ecc: 'M', border: 2 })
    expect(await qr.getAttribute('viewBox')).toBe(`0 0 ${expected.size} ${expected.size}`)
    const dark = expected.data.flat().filter(Boolean).length
    const drawn = await qr.locator('path').getAttribute('d')
    expect(drawn?.match(/M/g)?.length).toBe(dark)
    // The criterion with its descriptor and its level (none yet).
    await waitText(descriptor)
    await waitText('Non positionné')
    await expectNoViolations()
  })

  it('shows the timer the facilitator starts', async () => {
    await command({ type: 'minuteur-demarrer', seconds: 300 })
    await page.locator('.countdown').waitFor(POLL)
    expect(await page.locator('.countdown .clock').textContent()).toMatch(/^0[45]:\d\d$/)
  })

  it('lists who is present, guests marked', async () => {
    const joined = await api(server, '/seances/rejoindre', {
      body: { code: seance.code, name: 'Paule Invitée' },
    })
    expect(joined.status).toBe(200)
    guestCookie = (joined.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
    const me = (await (
      await page.request.get(`${server.url}/api/seances/${seance.id}/moi`)
    ).json()) as SeanceMe
    documentName = me.seance.documentName
    guestView = await connectClient(server.wsUrl, documentName, { cookie: guestCookie })
    clients.push(guestView)
    const present = page.getByRole('region', { name: /présents/ })
    await present.getByRole('heading', { name: '2 présents' }).waitFor(POLL)
    await present.getByText('Paule Invitée (invité)').waitFor(POLL)
    await present.getByText('Claire Martin').waitFor(POLL)
  })

  it('during a silent rating shows only the descriptor and how many have rated, then the revealed spread', async () => {
    const criterion = live().agenda[0]?.criterion
    const descriptorId = criterion?.descriptors.find((d) => d.text === descriptor)?.id ?? ''
    const scale = criterion?.scale ?? []
    expect(scale.length).toBeGreaterThan(1)
    // The facilitator brings everyone to the descriptor: it is marked.
    await command({ type: 'rassembler', descriptorId })
    await page.locator('li[aria-current="true"]').filter({ hasText: descriptor }).waitFor(POLL)

    await command({ type: 'positionnement-ouvrir', descriptorId, anonymous: false })
    await waitText('0 / 1 ont positionné')
    await page.getByRole('heading', { level: 2, name: descriptor }).waitFor(POLL)
    // Nothing about levels while the rating is open.
    const during = (await stage().innerText()).toLowerCase()
    for (const level of scale) expect(during).not.toContain(level.label.toLowerCase())
    await expectNoViolations()

    const round = live().rounds.at(-1)
    const chosen = scale[2] ?? scale[0]!
    await asGuest('/positionnement', 'PUT', { roundId: round?.id, levelId: chosen.id })
    await waitText('1 / 1 ont positionné')
    await page.waitForTimeout(500) // the progress bar's short animation
    await shoot('rating')

    await command({ type: 'positionnement-reveler' })
    const table = page.getByRole('table', { name: '1 positionnement' })
    await table.waitFor(POLL)
    await table.getByRole('row', { name: new RegExp(`${chosen.label}\\s+1`) }).waitFor(POLL)
    await waitText(/Écart\s:\saucun/)
    await shoot('revealed')
    await expectNoViolations()

    await command({
      type: 'positionnement-consensus',
      levelId: chosen.id,
      dissent: 'Le BTS voit moins de partenaires.',
    })
    await page
      .locator('.kept')
      .getByText(/Niveau retenu\s:/)
      .waitFor(POLL)
    await page.locator('.kept').getByText(chosen.label).waitFor(POLL)
    await waitText('Le BTS voit moins de partenaires.')
    await shoot('recorded')
    // Bringing everyone back shows the descriptors again, with the level kept.
    await command({ type: 'rassembler', descriptorId: null })
    await page
      .locator('.descriptors li')
      .filter({ hasText: descriptor })
      .getByText(chosen.label)
      .waitFor(POLL)
    await shoot('criterion')
    // An anonymous rating says so; cancelled, it leaves the descriptors (not the last result).
    await command({ type: 'positionnement-ouvrir', descriptorId, anonymous: true })
    await waitText('Positionnement anonyme')
    await waitText('0 / 1 ont positionné')
    await command({ type: 'positionnement-annuler' })
    await page.locator('.descriptors li').filter({ hasText: descriptor }).waitFor(POLL)
    expect(await page.getByText('Positionnement anonyme').count()).toBe(0)
  })

  it('shows the idea board, the number of voters while voting, then the totals in order', async () => {
    await command({ type: 'etape', index: 1 })
    await page.getByRole('heading', { level: 1, name: 'Idées' }).waitFor(POLL)
    await waitText('Étape 2 / 2')
    const post = async (column: string, text: string, asOwner = false) => {
      if (asOwner) {
        const res = await page.request.post(`${server.url}/api/seances/${seance.id}/idees`, {
          data: { column, text },
        })
        expect(res.status()).toBe(201)
        return ((await res.json()) as { id: string }).id
      }
      const res = await asGuest('/idees', 'POST', { column, text }, 201)
      return ((await res.json()) as { id: string }).id
    }
    const workshop = await post('forces', 'Des ateliers bien équipés et ouverts aux entreprises')
    const alumni = await post('forces', 'Un réseau d’anciens élèves actif', true)
    const tutors = await post('vigilance', 'Peu de tuteurs formés en entreprise')
    const tutorsToo = await post('vigilance', 'Les tuteurs ne connaissent pas les référentiels')
    const charter = await post('propositions', 'Signer une charte avec trois entreprises partenaires')
    await command({ type: 'idees-anonymes', anonymous: true })
    const forum = await post('propositions', 'Organiser un forum des métiers au printemps')
    await command({ type: 'idee-grouper', ideaId: tutorsToo, groupWith: tutors })
    // A busy column: the notes that fit, then how many more.
    for (let i = 1; i <= 10; i++)
      await post('forces', `Point fort n° ${i} : ${'des élèves engagés dans les stages, '.repeat(i % 4)}fin`)

    const column = (name: string) => page.getByRole('region', { name: new RegExp(`^${name}`) })
    await column('Points forts').getByText('Un réseau d’anciens élèves actif').waitFor(POLL)
    await column('Points forts').getByText('Claire Martin').waitFor(POLL)
    await column('Propositions d’action').getByText('anonyme').waitFor(POLL)
    // The grouped note is stacked under its lead.
    await column('Points de vigilance')
      .getByRole('list', { name: '1 note regroupée avec celle-ci' })
      .getByText('Les tuteurs ne connaissent pas les référentiels')
      .waitFor(POLL)

    await command({ type: 'vote-ouvrir', perPerson: 3 })
    await waitText(/Vote en cours\s:\s0 personne a voté/)
    await asGuest('/votes', 'PUT', { stepIndex: 1, ideaIds: [charter, charter, tutorsToo] })
    await waitText(/Vote en cours\s:\s1 personne a voté/)
    // No totals while voting is open (the server does not send them).
    expect(await page.locator('[data-votes]').count()).toBe(0)
    const ownerVotes = await page.request.put(`${server.url}/api/seances/${seance.id}/votes`, {
      data: { stepIndex: 1, ideaIds: [alumni, charter, forum] },
    })
    expect(ownerVotes.status()).toBe(204)
    await waitText(/2 personnes ont voté/)

    await command({ type: 'vote-clore' })
    await waitText(/Vote terminé\s:\s2 votants/)
    await command({ type: 'idee-action', ideaId: charter })
    const propositions = column('Propositions d’action')
    await propositions.getByText('Action créée').waitFor(POLL)
    // Most voted first; each note shows its total.
    const order = await propositions.locator('.note-lead .text').allTextContents()
    expect(order).toEqual([
      'Signer une charte avec trois entreprises partenaires',
      'Organiser un forum des métiers au printemps',
    ])
    expect(await propositions.locator('[data-votes]').allTextContents()).toEqual(['3 votes', '1 vote'])
    const more = column('Points forts').getByText(/^\+ \d+ autres notes$/)
    await more.waitFor(POLL)
    const columnBox = await column('Points forts').boundingBox()
    const moreBox = await more.boundingBox()
    expect(moreBox!.y + moreBox!.height).toBeLessThanOrEqual(columnBox!.y + columnBox!.height)
    const strengths = await column('Points forts').locator('.note-lead .text').allTextContents()
    expect(strengths[0]).toBe('Un réseau d’anciens élèves actif')
    expect(await column('Points de vigilance').locator('[data-votes]').allTextContents()).toEqual(['1 vote'])
    expect(workshop).toBeTruthy()
    await shoot('ideas')
    await expectNoViolations()
  })

  it('has nothing to click or focus', async () => {
    const interactive = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('a, button, input, select, textarea, [tabindex]')]
        .filter((node) => node.tabIndex >= 0 && node.checkVisibility())
        .map((node) => node.outerHTML.slice(0, 80)),
    )
    expect(interactive).toEqual([])
    for (let i = 0; i < 3; i++) await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.tagName)).toMatch(/^(BODY|MAIN)$/)
  })

  it('shows sixty people without overflowing: the names that fit, then "et N autres"', async () => {
    const crowd = await Promise.all(
      Array.from({ length: 58 }, async (_, i) => {
        const name = `Élève ${String(i + 1).padStart(2, '0')}`
        const joined = await api(server, '/seances/rejoindre', { body: { code: seance.code, name } })
        const cookie = (joined.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
        return connectClient(server.wsUrl, documentName, { cookie })
      }),
    )
    clients.push(...crowd)
    const present = page.getByRole('region', { name: /présents/ })
    await present.getByRole('heading', { name: '60 présents' }).waitFor(POLL)
    const more = present.getByText(/^et \d+ autres$/)
    await more.waitFor(POLL)
    const box = await more.boundingBox()
    expect(box && box.y + box.height).toBeLessThanOrEqual(1080)
    await shoot('crowd')
    for (const client of crowd) client.destroy()
    await present.getByRole('heading', { name: '2 présents' }).waitFor(POLL)
  })

  it('thanks everyone once the séance has ended', async () => {
    await waitUntil(() => live().present.length === 2, { message: 'the crowd left' })
    const ended = await page.request.post(
      `${server.url}/api/etablissements/${etablissementId}/annees/${YEAR}/seances/${seance.id}/fin`,
    )
    expect(ended.status(), await ended.text()).toBe(200)
    await page.getByRole('heading', { level: 1, name: 'Séance terminée — merci à tous' }).waitFor(POLL)
    await waitText('60 participants')
    await shoot('ended')
    await expectNoViolations()
  })
})
