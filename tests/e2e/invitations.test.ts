import type { Browser, Page } from 'playwright-core'
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
  notepad,
  pathOf,
  syncState,
} from '../helpers/e2e-app.ts'
import { startServerProcess, tempDataDir, type ServerProcess } from '../helpers/server-process.ts'

const chromiumPath = chromiumForTests()
/** French typography puts a no-break space before ":"; compare words, not spaces. */
const normalise = (text: string) => text.replace(/\s+/g, ' ').trim()

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

describe.skipIf(chromiumPath === undefined)('inviting the team', () => {
  const data = tempDataDir()
  let server: ServerProcess
  let browser: Browser
  let ownerPage: Page
  let contributorPage: Page
  let readerPage: Page
  let etablissementId: string

  beforeAll(async () => {
    assertAppBuilt()
    server = await startServerProcess({ dataDir: data.dir })
    if (chromiumPath === undefined) throw new Error('unreachable: the suite is skipped without Chromium')
    browser = await launchChromium(chromiumPath)
    ;({ page: ownerPage } = await newVisitor(browser))
    etablissementId = await firstRun(ownerPage, server.url, owner, etablissement)
  })

  afterAll(async () => {
    await browser?.close()
    if (server) expect(await server.stop()).toBe(0)
    data.remove()
  })

  it('lets the owner invite a contributor by e-mail, and shows the link once', async () => {
    await ownerPage.getByRole('link', { name: 'Membres' }).click()
    await ownerPage.getByRole('heading', { level: 1, name: 'Membres' }).waitFor()
    await ownerPage.getByRole('cell', { name: owner.email }).waitFor()
    expect(await accessibilityViolations(ownerPage)).toEqual([])

    const link = await invite(ownerPage, { email: contributor.email, role: 'Contributeur' })
    expect(link).toMatch(new RegExp(`^${server.url}/invitation/[a-z2-7]{32,64}$`))
    await expect(
      ownerPage.getByText(`Un e-mail d’invitation a été envoyé à ${contributor.email}.`).isVisible(),
    ).resolves.toBe(true)
    await expect(ownerPage.getByRole('button', { name: 'Copier le lien' }).isVisible()).resolves.toBe(true)
    // Pending, with a way to revoke it.
    await ownerPage.getByRole('rowheader', { name: contributor.email }).waitFor()
    await expect(
      ownerPage.getByRole('button', { name: `Révoquer ${contributor.email}` }).isVisible(),
    ).resolves.toBe(true)
    expect(await accessibilityViolations(ownerPage)).toEqual([])
  })

  it('lets the invited person sign up from the e-mailed link and join at once', async () => {
    const link = await linkFromMail(data.dir, contributor.email, '/invitation/')
    ;({ page: contributorPage } = await newVisitor(browser))
    await contributorPage.goto(link)
    await contributorPage.getByRole('heading', { level: 2, name: etablissement.name }).waitFor()
    await expect(contributorPage.getByText('Contributeur', { exact: true }).isVisible()).resolves.toBe(true)
    expect(await accessibilityViolations(contributorPage)).toEqual([])

    await contributorPage.getByRole('link', { name: 'Créer un compte' }).click()
    await contributorPage.getByText('Vous rejoindrez Lycée Jean Moulin en tant que Contributeur.').waitFor()
    await expect(contributorPage.getByLabel('Adresse e-mail').inputValue()).resolves.toBe(contributor.email)
    expect(await accessibilityViolations(contributorPage)).toEqual([])
    await fillSignup(contributorPage, contributor)

    await contributorPage.getByRole('heading', { level: 1, name: etablissement.name }).waitFor()
    expect(pathOf(contributorPage)).toBe(`/e/${etablissementId}`)
    // A contributor sees the members but cannot manage them, and has no audit trail.
    await expect(contributorPage.getByRole('link', { name: 'Membres' }).isVisible()).resolves.toBe(true)
    await expect(contributorPage.getByRole('link', { name: 'Traçabilité' }).count()).resolves.toBe(0)
  })

  it('carries the notepad live between the owner and the new contributor', async () => {
    await ownerPage.getByRole('link', { name: 'Bloc-notes' }).click()
    await expect.poll(() => syncState(ownerPage), POLL).toBe('synced')
    await expect.poll(() => syncState(contributorPage), POLL).toBe('synced')
    await expect.poll(() => notepad(contributorPage).isEditable(), POLL).toBe(true)

    await notepad(ownerPage).click()
    await notepad(ownerPage).pressSequentially('Ordre du jour : critère 4.')
    await expect.poll(() => notepad(contributorPage).inputValue(), POLL).toBe('Ordre du jour : critère 4.')
    await notepad(contributorPage).click()
    await contributorPage.keyboard.press('Control+End')
    await notepad(contributorPage).pressSequentially(' Partenaires PFMP à lister.')
    await expect
      .poll(() => notepad(ownerPage).inputValue(), POLL)
      .toBe('Ordre du jour : critère 4. Partenaires PFMP à lister.')
    await expect.poll(() => syncState(contributorPage), POLL).toBe('synced')
  })

  it('shows members to a contributor without the controls to manage them', async () => {
    await contributorPage.getByRole('link', { name: 'Membres' }).click()
    await contributorPage.getByRole('cell', { name: contributor.email }).waitFor()
    await expect(contributorPage.getByRole('button', { name: /^Retirer/ }).count()).resolves.toBe(0)
    await expect(contributorPage.getByRole('heading', { name: 'Inviter' }).count()).resolves.toBe(0)
    await expect(contributorPage.getByRole('combobox').count()).resolves.toBe(0)
    expect(await accessibilityViolations(contributorPage)).toEqual([])
  })

  it('gives a reader, invited by link, a read-only notepad', async () => {
    // Back on the page: the previous link is not shown again, the form is.
    await ownerPage.getByRole('link', { name: 'Membres' }).click()
    const link = await invite(ownerPage, { role: 'Lecteur' })

    ;({ page: readerPage } = await newVisitor(browser))
    await readerPage.goto(link)
    await readerPage.getByRole('link', { name: 'Créer un compte' }).click()
    await fillSignup(readerPage, reader)
    // A link invitation proves no address: the account waits for its confirmation e-mail.
    await readerPage.getByRole('heading', { name: 'Consultez votre messagerie' }).waitFor()
    expect(await accessibilityViolations(readerPage)).toEqual([])
    const confirmation = await linkFromMail(data.dir, reader.email, '/confirmer?token=')
    await readerPage.goto(confirmation)
    // Back on the invitation once confirmed, to join.
    await readerPage.getByRole('button', { name: `Rejoindre ${etablissement.name}` }).click()
    await readerPage.getByRole('heading', { level: 1, name: etablissement.name }).waitFor()

    await expect.poll(() => syncState(readerPage), POLL).toBe('synced')
    await expect.poll(() => notepad(readerPage).inputValue(), POLL).toMatch(/^Ordre du jour/)
    await expect(notepad(readerPage).isEditable()).resolves.toBe(false)
    await expect(readerPage.getByText('Lecture seule', { exact: true }).isVisible()).resolves.toBe(true)
    expect(await accessibilityViolations(readerPage)).toEqual([])
  })

  it('lets the owner change a role and remove a member, with an inline confirmation', async () => {
    await ownerPage.reload()
    const role = ownerPage.getByLabel(`Rôle de ${reader.name}`)
    await role.selectOption({ label: 'Contributeur' })
    await expect
      .poll(
        async () => normalise(await ownerPage.getByRole('status').filter({ hasText: 'Rôle de' }).innerText()),
        POLL,
      )
      .toBe(`Rôle de ${reader.name} : Contributeur.`)
    // A facilitator-level choice is offered, the owner role too (the caller is an owner).
    await expect(role.locator('option').allInnerTexts()).resolves.toContain("Chef d'établissement")

    await ownerPage.getByRole('button', { name: `Retirer ${reader.name}` }).click()
    const confirm = ownerPage.getByRole('button', { name: 'Confirmer le retrait' })
    await expect.poll(() => confirm.evaluate((button) => button === document.activeElement), POLL).toBe(true)
    expect(await accessibilityViolations(ownerPage)).toEqual([])
    await confirm.click()
    await expect.poll(() => ownerPage.getByRole('cell', { name: reader.email }).count(), POLL).toBe(0)
  })

  it('keeps the audit trail, filterable and exportable', async () => {
    await ownerPage.getByRole('link', { name: 'Traçabilité' }).click()
    await ownerPage.getByRole('heading', { level: 1, name: 'Traçabilité' }).waitFor()
    await ownerPage.getByRole('cell', { name: 'Établissement créé' }).waitFor()
    await expect(ownerPage.getByRole('cell', { name: 'Invitation acceptée' }).count()).resolves.toBe(2)
    expect(await accessibilityViolations(ownerPage)).toEqual([])

    await ownerPage.getByLabel('Action', { exact: true }).selectOption({ label: 'Membre retiré' })
    await ownerPage.getByRole('button', { name: 'Filtrer' }).click()
    await expect.poll(() => ownerPage.locator('tbody tr').count(), POLL).toBe(1)
    await expect(ownerPage.getByRole('cell', { name: 'Membre retiré' }).count()).resolves.toBe(1)
    await expect(ownerPage.getByRole('cell', { name: 'Rôle : Contributeur' }).count()).resolves.toBe(1)

    const csv = ownerPage.getByRole('link', { name: 'Exporter en CSV' })
    const href = (await csv.getAttribute('href')) ?? ''
    expect(href).toBe(`/api/etablissements/${etablissementId}/audit.csv?action=member.removed`)
    const response = await ownerPage.request.get(`${server.url}${href}`)
    expect(response.status()).toBe(200)
    expect(response.headers()['content-type']).toMatch(/^text\/csv/)
    expect(await response.text()).toContain('member.removed')
  })

  it('names in the audit trail who typed in the notepad, as the server saw them', async () => {
    // Edits are attributed from each connection's session, grouped and written every few seconds.
    await ownerPage.getByLabel('Action', { exact: true }).selectOption({ label: 'Document modifié' })
    const rows = () => ownerPage.locator('tbody').innerText().then(normalise)
    await expect
      .poll(
        async () => {
          await ownerPage.getByRole('button', { name: 'Filtrer' }).click()
          return rows()
        },
        { timeout: 20_000, interval: 500 },
      )
      .toContain(contributor.name)
    expect(await rows()).toContain(owner.name)
    expect(await rows()).not.toContain(reader.name)
  })

  it('fits a 360 px phone without sideways scrolling, and stays accessible', async () => {
    await ownerPage.setViewportSize({ width: 360, height: 740 })
    const widthFits = () =>
      ownerPage.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)
    for (const path of ['', '/membres', '/tracabilite']) {
      await ownerPage.goto(`${server.url}/e/${etablissementId}${path}`)
      await ownerPage.getByRole('heading', { level: 1 }).waitFor()
      await ownerPage.getByRole('cell').first().or(ownerPage.getByLabel('Bloc-notes de l’équipe')).waitFor()
      await expect.poll(widthFits, POLL).toBe(true)
      expect(await accessibilityViolations(ownerPage)).toEqual([])
    }
    // The account menu opens over the page, and closes with Escape.
    await ownerPage.getByRole('button', { name: /Claire Martin/ }).click()
    await ownerPage.getByRole('link', { name: 'Mon compte' }).waitFor()
    expect(await accessibilityViolations(ownerPage)).toEqual([])
    await ownerPage.keyboard.press('Escape')
    await expect.poll(() => ownerPage.getByRole('link', { name: 'Mon compte' }).isVisible(), POLL).toBe(false)
    await ownerPage.setViewportSize({ width: 1280, height: 800 })
  })
})
