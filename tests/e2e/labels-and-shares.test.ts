/**
 * Labels (H2) and share links (E6) in a real browser against the real server: the owner declares
 * the label from the Labels page, sees the year's bilan in its cycle, changes the label, and
 * downloads the renewal dossier; a share link opens the bilan as a readable page for someone with
 * no account (no sign-in, a working table of contents, printable on A4) until it is revoked.
 * axe on every screen, screenshots at 1920×1080 and 390×844 in /tmp/labels-shots.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BilanSummary } from '@rouages/shared/api/bilans'
import { LYCEE_DES_METIERS } from '@rouages/shared/frameworks/lycee-des-metiers'
import { frenchText } from '@rouages/shared/report/french'
import { createAction, setActionState } from '@rouages/shared/workspace/actions'
import { addDescriptor, setLevel } from '@rouages/shared/workspace/grid'
import { api } from '../helpers/accounts.ts'
import {
  accessibilityViolations,
  assertAppBuilt,
  chromiumForTests,
  launchChromium,
} from '../helpers/browser.ts'
import { POLL, firstRun, newVisitor, pathOf } from '../helpers/e2e-app.ts'
import { fitsWidth } from '../helpers/e2e-grid.ts'
import { connectClient } from '../helpers/providers.ts'
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts'

const chromiumPath = chromiumForTests()
const SHOTS = '/tmp/labels-shots'
const owner = {
  name: 'Nadia Roche',
  email: 'nadia.roche@lycee-exemple.fr',
  password: 'un label tous les cinq ans',
}
const etablissement = { uai: '0130002B', name: 'Lycée des métiers de la mer', academie: 'Aix-Marseille' }
const YEAR = '2025-2026'
const FW = LYCEE_DES_METIERS.id
const INTITULE = 'Lycée des métiers de la maintenance navale et portuaire'
const BILAN = 'Bilan annuel 2025-2026'
const ACTION = 'Signer les conventions avec le grand port maritime'
const PARTNERS = 'Des partenariats formalisés avec les entreprises du port'
/** As the report writes it (typographic apostrophes). */
const CRITERION_4 = `Critère 4 — ${frenchText(LYCEE_DES_METIERS.criteria[3]!.title)}`

describe.skipIf(chromiumPath === undefined)('labels and share links in a real browser', () => {
  let server: ServerProcess
  let browser: Browser
  let page: Page
  let etablissementId: string
  let cookie: string
  let bilan: BilanSummary
  let shareId: string
  let shareLink: string

  const bilansApi = () => `/etablissements/${etablissementId}/annees/${YEAR}/bilans`
  const labelCard = () =>
    page.getByRole('article').filter({ has: page.getByRole('heading', { level: 2, name: INTITULE }) })

  async function shoot(target: Page, name: string): Promise<void> {
    const size = target.viewportSize() ?? { width: 1920, height: 1080 }
    await target.setViewportSize({ width: 1920, height: 1080 })
    await target.screenshot({ path: path.join(SHOTS, `${name}-1920x1080.png`), fullPage: true })
    // What fits on the screen first, at full resolution (the whole page is long).
    await target.screenshot({ path: path.join(SHOTS, `${name}-1920x1080-top.png`) })
    await target.setViewportSize({ width: 390, height: 844 })
    await expect.poll(() => fitsWidth(target), POLL).toBe(true)
    await target.screenshot({ path: path.join(SHOTS, `${name}-390x844.png`), fullPage: true })
    await target.screenshot({ path: path.join(SHOTS, `${name}-390x844-top.png`) })
    await target.setViewportSize(size)
  }

  beforeAll(async () => {
    assertAppBuilt()
    mkdirSync(SHOTS, { recursive: true })
    server = await startServerProcess()
    if (chromiumPath === undefined) throw new Error('unreachable: the suite is skipped without Chromium')
    browser = await launchChromium(chromiumPath)
    ;({ page } = await newVisitor(browser, { width: 1920, height: 1080 }))
    // In 2025-2026: the third year of a 2023 → 2028 cycle.
    await page.clock.setSystemTime(new Date('2026-03-10T10:00:00'))
    etablissementId = await firstRun(page, server.url, owner, etablissement)
    await page.getByRole('link', { name: 'Autodiagnostic' }).click()
    await page.getByLabel('Année scolaire', { exact: true }).selectOption(YEAR)
    await page.getByRole('button', { name: 'Ouvrir l’année' }).click()
    await page.getByRole('heading', { level: 1, name: `Autodiagnostic ${YEAR}` }).waitFor()

    // The year's content, written by a real provider client with the owner's session, then frozen
    // through the API with the same cookie.
    cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ')
    const me = (await (await api(server, '/auth/me', { cookie })).json()) as { user: { id: string } }
    const client = await connectClient(server.wsUrl, `etab:${etablissementId}:annee:${YEAR}`, { cookie })
    setLevel(client.doc, FW, addDescriptor(client.doc, FW, 'ldm-4', PARTNERS), 'en-cours')
    const action = createAction(client.doc, { title: ACTION, echeance: '2026-05-29', pilote: me.user.id })
    setActionState(client.doc, action, 'en-cours')
    await client.settled()
    client.destroy()
    const frozen = await api(server, bilansApi(), { cookie, body: { name: BILAN } })
    expect(frozen.status).toBe(201)
    bilan = (await frozen.json()) as BilanSummary
  })

  afterAll(async () => {
    await browser?.close()
    if (server) expect(await server.stop()).toBe(0)
  })

  it('declares a label from the Labels page and shows the year’s bilan in its cycle', async () => {
    await page.goto(`${server.url}/e/${etablissementId}`)
    await page
      .getByRole('navigation', { name: 'Rubriques de l’établissement' })
      .getByRole('link', { name: 'Labels' })
      .click()
    await page.getByRole('heading', { level: 1, name: 'Labels' }).waitFor()
    await page.getByText('Aucun label n’a encore été déclaré').waitFor()

    // The cycle is proposed from this school year for the framework's 5 years, and follows its start.
    const form = page.getByRole('region', { name: 'Déclarer un label' })
    await expect(form.getByLabel('Référentiel du label').inputValue()).resolves.toBe(FW)
    await expect(form.getByLabel('Début du cycle (année)').inputValue()).resolves.toBe('2025')
    await expect(form.getByLabel('Fin du cycle (année)').inputValue()).resolves.toBe('2030')
    await form.getByLabel('Début du cycle (année)').fill('2023')
    await expect.poll(() => form.getByLabel('Fin du cycle (année)').inputValue(), POLL).toBe('2028')

    // A missing intitulé is said next to its field, in French, before anything is sent.
    await form.getByRole('button', { name: 'Déclarer le label' }).click()
    const intitule = form.getByLabel(/^Intitulé du label/)
    await form.getByText('L’intitulé est obligatoire', { exact: false }).waitFor()
    await expect(intitule.getAttribute('aria-invalid')).resolves.toBe('true')
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('nouveau-label-intitule')

    await intitule.fill(INTITULE)
    await form.getByLabel('Statut').selectOption({ label: 'Labellisé' })
    await form.getByLabel(/^Décision/).selectOption({ label: 'Renouvellement' })
    await form.getByRole('button', { name: 'Déclarer le label' }).click()
    await page.getByRole('status').getByText(`Label « ${INTITULE} » déclaré.`).waitFor()

    const card = labelCard()
    await expect(card.innerText()).resolves.toMatch(/Cycle 2023 → 2028\s*— année 3 sur 5/)
    await expect(card.getByText('Labellisé', { exact: true }).isVisible()).resolves.toBe(true)
    await expect(card.getByText('Renouvellement', { exact: true }).isVisible()).resolves.toBe(true)
    // The five school years of the cycle, this one marked, with its bilan linked to the year's bilans.
    const years = card.getByRole('list').first().locator(':scope > li')
    await expect(years.count()).resolves.toBe(5)
    const current = card.locator('li[aria-current="date"]')
    await expect(current.innerText()).resolves.toContain(YEAR)
    const link = current.getByRole('link', { name: BILAN })
    await expect(link.getAttribute('href')).resolves.toBe(`/e/${etablissementId}/annees/${YEAR}/bilans`)
    expect(await accessibilityViolations(page)).toEqual([])
    await shoot(page, 'labels')

    // Changing the label: its status moves on.
    await card.getByRole('button', { name: `Modifier le label « ${INTITULE} »` }).click()
    await card.getByLabel('Statut').selectOption({ label: 'Renouvellement en cours' })
    expect(await accessibilityViolations(page)).toEqual([])
    await shoot(page, 'labels-edit')
    await card.getByRole('button', { name: 'Enregistrer' }).click()
    await page.getByRole('status').getByText(`Label « ${INTITULE} » enregistré.`).waitFor()
    await expect
      .poll(() => card.getByText('Renouvellement en cours', { exact: true }).isVisible(), POLL)
      .toBe(true)
    await expect(page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '')).resolves.toBe(
      `Modifier le label « ${INTITULE} »`,
    )

    // The bilan's link leads to the year's bilans.
    await link.click()
    await page.getByRole('heading', { level: 1, name: `Bilans ${YEAR}` }).waitFor()
  })

  it('downloads the renewal dossier as a PDF named after the label and its cycle', async () => {
    await page.goto(`${server.url}/e/${etablissementId}/labels`)
    const downloads = page.getByRole('list', {
      name: `Télécharger le dossier de renouvellement de « ${INTITULE} »`,
    })
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      downloads.getByRole('link', { name: 'PDF' }).click(),
    ])
    expect(file.suggestedFilename()).toBe(
      `Dossier de renouvellement - ${etablissement.name} - ${INTITULE} - 2023-2028.pdf`,
    )
    const saved = path.join(SHOTS, 'dossier.pdf')
    await file.saveAs(saved)
    expect(readFileSync(saved).subarray(0, 5).toString('latin1')).toBe('%PDF-')
  })

  it('opens a share link without an account: the bilan as a page, its table of contents, printable', async () => {
    const created = await api(server, `${bilansApi()}/${bilan.id}/partages`, {
      cookie,
      body: { label: 'Conseiller DAFPIC', expiresInDays: 30 },
    })
    expect(created.status).toBe(201)
    ;({ id: shareId, link: shareLink } = (await created.json()) as { id: string; link: string })

    const { context, page: visitor } = await newVisitor(browser, { width: 1920, height: 1080 })
    const sessionCookies = async () => (await context.cookies()).filter((c) => c.name === 'rouages_session')
    expect(await sessionCookies()).toEqual([])
    const visited: string[] = []
    visitor.on('framenavigated', (frame) => {
      if (frame === visitor.mainFrame()) visited.push(pathOf(visitor))
    })
    await visitor.goto(shareLink)
    const banner = visitor.getByRole('region', {
      name: /^Bilan figé partagé en lecture seule — lien valable jusqu’au /,
    })
    await banner.waitFor()
    await expect(banner.innerText()).resolves.toContain(etablissement.name)
    await visitor.getByRole('heading', { level: 1, name: BILAN }).waitFor()
    // Every criterion, the descriptor, the action with its pilote's name.
    for (const criterion of LYCEE_DES_METIERS.criteria)
      await expect(
        visitor
          .getByRole('heading', { name: `Critère ${criterion.number} — ${frenchText(criterion.title)}` })
          .count(),
      ).resolves.toBe(1)
    await expect(visitor.getByText(PARTNERS).first().isVisible()).resolves.toBe(true)
    await expect(visitor.getByRole('rowheader', { name: ACTION }).isVisible()).resolves.toBe(true)
    // The pilote by name: the link's answer names the pilotes of the version's actions.
    await expect(
      visitor
        .getByRole('row', { name: new RegExp(`^${ACTION}`) })
        .getByRole('cell')
        .first()
        .innerText(),
    ).resolves.toBe(owner.name)
    // Tables have captions and column headers.
    await expect(
      visitor
        .getByRole('table', { name: 'Actions du plan, par ordre d’échéance' })
        .getByRole('columnheader')
        .count(),
    ).resolves.toBe(5)

    // The table of contents leads to the headings.
    const toc = visitor.getByRole('navigation', { name: 'Sommaire' })
    await toc.getByRole('link', { name: CRITERION_4 }).click()
    const heading = visitor.getByRole('heading', { name: CRITERION_4 })
    const id = await heading.getAttribute('id')
    await expect.poll(() => new URL(visitor.url()).hash, POLL).toBe(`#${id}`)
    await expect
      .poll(
        () =>
          heading.evaluate((element) => {
            const top = element.getBoundingClientRect().top
            return top >= 0 && top < window.innerHeight / 2
          }),
        POLL,
      )
      .toBe(true)
    await toc.getByRole('link', { name: 'Plan d’action' }).click()
    await expect
      .poll(
        () =>
          visitor
            .getByRole('heading', { level: 2, name: 'Plan d’action' })
            .evaluate((e) => e.getBoundingClientRect().top),
        POLL,
      )
      .toBeLessThan(540)

    // Nobody was asked to sign in, and no session was opened.
    expect(visited.every((visitedPath) => visitedPath.startsWith('/partage/'))).toBe(true)
    expect(await sessionCookies()).toEqual([])
    expect(await accessibilityViolations(visitor)).toEqual([])
    await visitor.goto(shareLink)
    await visitor.getByRole('heading', { level: 1, name: BILAN }).waitFor()
    await shoot(visitor, 'share')
    await visitor.setViewportSize({ width: 390, height: 844 })
    await visitor
      .getByRole('table', { name: /^Positionnement par critère/ })
      .screenshot({ path: path.join(SHOTS, 'share-table-390x844.png') })
    await visitor.setViewportSize({ width: 1920, height: 1080 })

    // On paper: no navigation, no print button, the content on A4.
    await visitor.emulateMedia({ media: 'print' })
    await expect(visitor.getByRole('button', { name: 'Imprimer' }).isVisible()).resolves.toBe(false)
    await expect(visitor.getByRole('navigation').count()).resolves.toBe(0)
    // page.pdf() prints with the print stylesheet unless told otherwise.
    await visitor.emulateMedia({ media: null })
    const pdf = await visitor.pdf({ path: path.join(SHOTS, 'share-a4.pdf'), preferCSSPageSize: true })
    expect((pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBeGreaterThan(2)
    await context.close()
  })

  it('says so in French once the link is revoked', async () => {
    const revoked = await api(server, `${bilansApi()}/${bilan.id}/partages/${shareId}`, {
      cookie,
      method: 'DELETE',
    })
    expect(revoked.status).toBe(204)
    const { context, page: visitor } = await newVisitor(browser, { width: 1920, height: 1080 })
    await visitor.goto(shareLink)
    await visitor
      .getByText(
        'Ce lien n’existe pas, a expiré ou a été révoqué. Demandez un nouveau lien à l’établissement.',
      )
      .waitFor()
    await expect(visitor.getByRole('heading', { level: 1, name: BILAN }).count()).resolves.toBe(0)
    expect(pathOf(visitor)).toBe(new URL(shareLink).pathname)
    expect(await accessibilityViolations(visitor)).toEqual([])
    await shoot(visitor, 'share-revoked')
    await context.close()
  })
})
