import path from 'node:path'
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
  pathOf,
  syncState,
} from '../helpers/e2e-app.ts'
import {
  chooseLevel,
  fitsWidth,
  fontSizeOf,
  levelGroup,
  levelRadio,
  openDetails,
  presenceList,
  screenshotDir,
} from '../helpers/e2e-grid.ts'
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
const descriptor = 'Des partenariats formalisés avec les entreprises du territoire'
const second = 'Un référent entreprises identifié pour chaque filière'
const YEAR = '2025-2026'

describe.skipIf(chromiumPath === undefined)('the autodiagnostic grid', () => {
  const data = tempDataDir()
  const shots = screenshotDir()
  let server: ServerProcess
  let browser: Browser
  let ownerPage: Page
  let contributorPage: Page
  let readerPage: Page
  let etablissementId: string
  let gridUrl: string

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

  beforeAll(async () => {
    assertAppBuilt()
    server = await startServerProcess({ dataDir: data.dir })
    if (chromiumPath === undefined) throw new Error('unreachable: the suite is skipped without Chromium')
    browser = await launchChromium(chromiumPath)
    ;({ page: ownerPage } = await newVisitor(browser, { width: 1366, height: 768 }))
    // In March 2026 the form proposes 2025-2026 (the current school year) and 2026-2027.
    await ownerPage.clock.setSystemTime(new Date('2026-03-10T10:00:00'))
    etablissementId = await firstRun(ownerPage, server.url, owner, etablissement)
    gridUrl = `${server.url}/e/${etablissementId}/annees/${YEAR}`
  })

  afterAll(async () => {
    await browser?.close()
    if (server) expect(await server.stop()).toBe(0)
    data.remove()
  })

  it('lets the owner open the school year, which shows the 8 national criteria', async () => {
    await ownerPage.getByRole('link', { name: 'Autodiagnostic' }).click()
    await ownerPage.getByRole('heading', { level: 1, name: 'Autodiagnostic' }).waitFor()
    await ownerPage.getByText('Aucune année scolaire n’est encore ouverte', { exact: false }).waitFor()
    const year = ownerPage.getByLabel('Année scolaire', { exact: true })
    await expect(year.locator('option').allInnerTexts()).resolves.toEqual(['2025-2026', '2026-2027'])
    // The national framework is proposed, the other labels are optional.
    await expect(
      ownerPage.getByRole('checkbox', { name: /^Label Lycée des métiers/ }).isChecked(),
    ).resolves.toBe(true)
    await expect(ownerPage.getByRole('checkbox', { name: /^Label E3D/ }).isChecked()).resolves.toBe(false)
    expect(await accessibilityViolations(ownerPage)).toEqual([])
    await ownerPage.screenshot({ path: path.join(shots, 'years-1366x768.png'), fullPage: true })

    await year.selectOption(YEAR)
    await ownerPage.getByRole('checkbox', { name: /^Label E3D/ }).check()
    await ownerPage.getByRole('button', { name: 'Ouvrir l’année' }).click()
    await ownerPage.getByRole('heading', { level: 1, name: `Autodiagnostic ${YEAR}` }).waitFor()
    expect(pathOf(ownerPage)).toBe(`/e/${etablissementId}/annees/${YEAR}`)
    const criteria = ownerPage.getByRole('region', { name: /^[1-8]\s*\.\s/ })
    await expect.poll(() => criteria.count(), POLL).toBe(8)
    await ownerPage.getByRole('region', { name: /^4\s*\.\s*Partenariats$/ }).waitFor()
    // One tab per framework followed; the second shows its own criteria.
    const tabs = ownerPage.getByRole('navigation', { name: 'Référentiels de l’année' })
    await expect(
      tabs.getByRole('link', { name: 'Label Lycée des métiers' }).getAttribute('aria-current'),
    ).resolves.toBe('page')
    await tabs.getByRole('link', { name: 'Label E3D' }).click()
    await ownerPage.getByRole('region', { name: /^3\s*\.\s*Gestion durable$/ }).waitFor()
    await expect.poll(() => criteria.count(), POLL).toBe(3)
    expect(await accessibilityViolations(ownerPage)).toEqual([])
    await tabs.getByRole('link', { name: 'Label Lycée des métiers' }).click()
    await expect.poll(() => criteria.count(), POLL).toBe(8)
    await expect(ownerPage.getByText('Ajoutez les descripteurs de votre académie').count()).resolves.toBe(8)
    await expect.poll(() => syncState(ownerPage), POLL).toBe('synced')

    // The year is listed, and cannot be opened twice.
    await ownerPage.getByRole('link', { name: 'Autodiagnostic' }).click()
    await ownerPage.getByRole('link', { name: `Année ${YEAR}` }).waitFor()
    await expect(
      ownerPage.getByLabel('Année scolaire', { exact: true }).locator('option').allInnerTexts(),
    ).resolves.toEqual(['2026-2027'])
    expect(await accessibilityViolations(ownerPage)).toEqual([])
    await ownerPage.getByRole('link', { name: `Année ${YEAR}` }).click()
    await ownerPage.getByRole('heading', { level: 1, name: `Autodiagnostic ${YEAR}` }).waitFor()
  })

  it('adds a descriptor under criterion 4', async () => {
    await ownerPage.getByRole('button', { name: /^Ajouter un descripteur — critère 4$/ }).click()
    const field = ownerPage.getByLabel('Nouveau descripteur du critère 4')
    await expect.poll(() => field.evaluate((input) => input === document.activeElement), POLL).toBe(true)
    await field.fill(descriptor)
    await field.press('Enter')
    await levelGroup(ownerPage, descriptor).waitFor()
    await ownerPage.getByRole('button', { name: 'Terminer' }).click()
    await expect(ownerPage.getByText('Ajoutez les descripteurs de votre académie').count()).resolves.toBe(7)
    await expect(
      ownerPage.getByRole('progressbar', { name: 'Progression du critère 4' }).getAttribute('aria-valuetext'),
    ).resolves.toBe('0 / 1 positionné')
    expect(await accessibilityViolations(ownerPage)).toEqual([])
  })

  it('renames and removes a descriptor in place; "Annuler" brings it back', async () => {
    await ownerPage.getByRole('button', { name: /^Ajouter un descripteur — critère 5$/ }).click()
    const field = ownerPage.getByLabel('Nouveau descripteur du critère 5')
    await field.fill('Une sortie au théâtre par an')
    await field.press('Enter')
    await field.press('Escape')
    await ownerPage.getByRole('button', { name: 'Modifier — Une sortie au théâtre par an' }).click()
    const text = ownerPage.getByLabel('Texte du descripteur')
    await text.fill('Une sortie culturelle par an et par classe')
    await text.press('Enter')
    const renamed = 'Une sortie culturelle par an et par classe'
    await levelGroup(ownerPage, renamed).waitFor()
    await ownerPage.getByRole('button', { name: `Supprimer — ${renamed}` }).click()
    await expect.poll(() => levelGroup(ownerPage, renamed).count(), POLL).toBe(0)
    await ownerPage.getByText(`Descripteur supprimé : « ${renamed} ».`, { exact: false }).waitFor()
    await ownerPage.getByRole('button', { name: 'Annuler', exact: true }).click()
    await levelGroup(ownerPage, renamed).waitFor()
    await ownerPage.getByRole('button', { name: `Supprimer — ${renamed}` }).click()
    await expect.poll(() => levelGroup(ownerPage, renamed).count(), POLL).toBe(0)
  })

  it('carries levels, texts and preuves live between two people, with presence', async () => {
    contributorPage = await join(contributor, 'Contributeur')
    await contributorPage.getByRole('link', { name: 'Autodiagnostic' }).click()
    await contributorPage.getByRole('link', { name: `Année ${YEAR}` }).waitFor()
    // Opening a year is for the head of school and the lead only.
    await expect(
      contributorPage.getByRole('heading', { name: 'Ouvrir une année scolaire' }).count(),
    ).resolves.toBe(0)
    await contributorPage.getByRole('link', { name: `Année ${YEAR}` }).click()
    await levelGroup(contributorPage, descriptor).waitFor()
    // A contributor edits the grid but does not open years.
    await expect(
      contributorPage.getByRole('button', { name: /^Ajouter un descripteur/ }).count(),
    ).resolves.toBe(8)
    await ownerPage.goto(gridUrl)
    await levelGroup(ownerPage, descriptor).waitFor()

    // Each sees the other.
    await presenceList(ownerPage).getByText(contributor.name).waitFor()
    await presenceList(contributorPage).getByText(owner.name).waitFor()

    // A positions the descriptor; B sees it.
    await chooseLevel(ownerPage, descriptor, 'Atteint')
    await expect.poll(() => levelRadio(contributorPage, descriptor, 'Atteint').isChecked(), POLL).toBe(true)
    // Screen readers hear it once, politely, with who did it.
    await expect
      .poll(() => contributorPage.getByRole('status').filter({ hasText: 'a positionné' }).textContent(), POLL)
      .toBe(`${owner.name} a positionné « ${descriptor} » : Atteint.`)
    await expect
      .poll(
        () =>
          contributorPage
            .getByRole('progressbar', { name: 'Progression du critère 4' })
            .getAttribute('aria-valuenow'),
        POLL,
      )
      .toBe('1')

    // The level says who positioned it, as the server recorded it.
    await levelGroup(contributorPage, descriptor).hover()
    await expect
      .poll(() => contributorPage.getByText(/^Modifié par Claire Martin (à|le) /).isVisible(), POLL)
      .toBe(true)

    // B writes a constat; A sees it, and sees B on the field meanwhile.
    const contributorPanel = await openDetails(contributorPage, descriptor)
    const ownerPanel = await openDetails(ownerPage, descriptor)
    const constats = contributorPanel.getByLabel('Constats', { exact: true })
    await constats.click()
    await ownerPanel.getByText(`${contributor.name} modifie`).waitFor()
    await constats.pressSequentially('Conventions signées avec 12 entreprises.')
    await expect
      .poll(() => ownerPanel.getByLabel('Constats', { exact: true }).inputValue(), POLL)
      .toBe('Conventions signées avec 12 entreprises.')
    await expect
      .poll(() => ownerPanel.getByText(/^Modifié par Sophie Durand (à|le) /).isVisible(), POLL)
      .toBe(true)

    // A adds a preuve (only http(s) links); B sees the link.
    await ownerPanel.getByLabel('Intitulé de la preuve').fill('Conventions PFMP')
    await ownerPanel.getByLabel('Adresse du document (lien)').fill('javascript:alert(1)')
    await ownerPanel.getByRole('button', { name: 'Ajouter la preuve' }).click()
    await ownerPanel.getByText('Indiquez une adresse complète commençant par https:// ou http://.').waitFor()
    await ownerPanel.getByLabel('Adresse du document (lien)').fill('https://ent.exemple.fr/conventions')
    await ownerPanel.getByRole('button', { name: 'Ajouter la preuve' }).click()
    const link = contributorPanel.getByRole('link', { name: 'Conventions PFMP' })
    await link.waitFor()
    await expect(link.getAttribute('href')).resolves.toBe('https://ent.exemple.fr/conventions')
    await expect(contributorPage.getByText('1 preuve', { exact: true }).isVisible()).resolves.toBe(true)
    await expect.poll(() => syncState(contributorPage), POLL).toBe('synced')
    expect(await accessibilityViolations(contributorPage)).toEqual([])
  })

  it('undoes only the person’s own change', async () => {
    const contributorPanel = contributorPage.locator('#panneau-descripteur')
    await contributorPage.getByRole('button', { name: 'Annuler', exact: true }).click()
    await expect
      .poll(() => contributorPanel.getByLabel('Constats', { exact: true }).inputValue(), POLL)
      .toBe('')
    await expect
      .poll(
        () => ownerPage.locator('#panneau-descripteur').getByLabel('Constats', { exact: true }).inputValue(),
        POLL,
      )
      .toBe('')
    // A's level and preuve stay.
    await expect(levelRadio(contributorPage, descriptor, 'Atteint').isChecked()).resolves.toBe(true)
    await expect(levelRadio(ownerPage, descriptor, 'Atteint').isChecked()).resolves.toBe(true)
    await expect(contributorPanel.getByRole('link', { name: 'Conventions PFMP' }).count()).resolves.toBe(1)
    // Nothing else of B's to undo; "Rétablir" brings the constat back.
    await expect(
      contributorPage.getByRole('button', { name: 'Annuler', exact: true }).isDisabled(),
    ).resolves.toBe(true)
    await contributorPage.getByRole('button', { name: 'Rétablir', exact: true }).click()
    await expect
      .poll(
        () => ownerPage.locator('#panneau-descripteur').getByLabel('Constats', { exact: true }).inputValue(),
        POLL,
      )
      .toBe('Conventions signées avec 12 entreprises.')

    // Ctrl+Z inside a shared text is the same personal undo: it takes back only the last burst of typing.
    const constats = contributorPanel.getByLabel('Constats', { exact: true })
    await constats.click()
    await contributorPage.keyboard.press('Control+End')
    await constats.pressSequentially(' Bilan à faire.')
    await expect
      .poll(
        () => ownerPage.locator('#panneau-descripteur').getByLabel('Constats', { exact: true }).inputValue(),
        POLL,
      )
      .toBe('Conventions signées avec 12 entreprises. Bilan à faire.')
    await contributorPage.keyboard.press('Control+z')
    await expect.poll(() => constats.inputValue(), POLL).toBe('Conventions signées avec 12 entreprises.')
    await expect
      .poll(
        () => ownerPage.locator('#panneau-descripteur').getByLabel('Constats', { exact: true }).inputValue(),
        POLL,
      )
      .toBe('Conventions signées avec 12 entreprises.')
    await expect(levelRadio(ownerPage, descriptor, 'Atteint').isChecked()).resolves.toBe(true)

    // A colleague adding a descriptor meanwhile leaves the focus where it is.
    await constats.click()
    await ownerPage.getByRole('button', { name: /^Ajouter un descripteur — critère 4$/ }).click()
    const field = ownerPage.getByLabel('Nouveau descripteur du critère 4')
    await field.fill(second)
    await field.press('Enter')
    await levelGroup(contributorPage, second).waitFor()
    await expect(constats.evaluate((element) => element === document.activeElement)).resolves.toBe(true)
    await ownerPage.getByRole('button', { name: 'Terminer' }).click()
    await expect
      .poll(
        () =>
          contributorPage
            .getByRole('progressbar', { name: 'Progression du critère 4' })
            .getAttribute('aria-valuetext'),
        POLL,
      )
      .toBe('1 / 2 positionné')
  })

  it('moves between levels with the arrow keys', async () => {
    await levelRadio(ownerPage, descriptor, 'Atteint').focus()
    await ownerPage.keyboard.press('ArrowRight')
    await expect.poll(() => levelRadio(contributorPage, descriptor, 'Consolidé').isChecked(), POLL).toBe(true)
    await ownerPage.keyboard.press('ArrowLeft')
    await expect.poll(() => levelRadio(contributorPage, descriptor, 'Atteint').isChecked(), POLL).toBe(true)
  })

  it('shows a reader the same grid without editing controls', async () => {
    readerPage = await join(reader, 'Lecteur')
    await readerPage.goto(gridUrl)
    await levelGroup(readerPage, descriptor).waitFor()
    await expect.poll(() => levelRadio(readerPage, descriptor, 'Atteint').isChecked(), POLL).toBe(true)
    const radios = readerPage.getByRole('radio')
    for (const radio of await radios.all()) await expect(radio.isEnabled()).resolves.toBe(false)
    await expect(readerPage.getByText('Lecture seule', { exact: true }).isVisible()).resolves.toBe(true)
    await expect(readerPage.getByRole('button', { name: /^Ajouter un descripteur/ }).count()).resolves.toBe(0)
    await expect(readerPage.getByRole('button', { name: /^Supprimer/ }).count()).resolves.toBe(0)
    await expect(readerPage.getByRole('button', { name: 'Annuler', exact: true }).count()).resolves.toBe(0)
    await expect(readerPage.getByLabel('Synthèse du critère 4').isEditable()).resolves.toBe(false)
    const panel = await openDetails(readerPage, descriptor)
    await expect(panel.getByLabel('Constats', { exact: true }).isEditable()).resolves.toBe(false)
    await expect(panel.getByRole('button', { name: 'Ajouter la preuve' }).count()).resolves.toBe(0)
    await expect(panel.getByRole('link', { name: 'Conventions PFMP' }).count()).resolves.toBe(1)
    expect(await accessibilityViolations(readerPage)).toEqual([])
    await readerPage.screenshot({ path: path.join(shots, 'grid-reader-1366x768.png') })
  })

  it('reads well at 1366×768, 1920×1080 and on a 390 px phone, and in projection mode', async () => {
    await ownerPage.goto(gridUrl)
    await levelGroup(ownerPage, descriptor).waitFor()
    await openDetails(ownerPage, descriptor)
    expect(await accessibilityViolations(ownerPage)).toEqual([])
    await ownerPage.screenshot({ path: path.join(shots, 'grid-1366x768.png') })
    await ownerPage.screenshot({ path: path.join(shots, 'grid-1366x768-full.png'), fullPage: true })

    await ownerPage.setViewportSize({ width: 1920, height: 1080 })
    await expect.poll(() => fitsWidth(ownerPage), POLL).toBe(true)
    await ownerPage.screenshot({ path: path.join(shots, 'grid-1920x1080.png') })

    await ownerPage.getByRole('button', { name: 'Mode projection' }).click()
    const leave = ownerPage.getByRole('button', { name: 'Quitter le mode projection' })
    await leave.waitFor()
    // The criterion being worked on stays in view for the room.
    await expect
      .poll(
        () =>
          ownerPage
            .getByRole('heading', { level: 2, name: /Partenariats/ })
            .evaluate((h) => h.getBoundingClientRect().top),
        POLL,
      )
      .toBeLessThan(300)
    await expect(ownerPage.getByRole('radio').count()).resolves.toBe(0)
    await expect(ownerPage.getByRole('button', { name: /^Détails/ }).count()).resolves.toBe(0)
    await expect(ownerPage.getByRole('button').count()).resolves.toBe(1)
    expect(await fontSizeOf(ownerPage.getByText(descriptor))).toBeGreaterThanOrEqual(32)
    expect(
      await fontSizeOf(ownerPage.getByRole('heading', { level: 2, name: /Partenariats/ })),
    ).toBeGreaterThanOrEqual(48)
    expect(await fontSizeOf(ownerPage.getByRole('heading', { level: 1 }))).toBeGreaterThanOrEqual(48)
    // The room reads the constats themselves, large.
    const projected = ownerPage.getByText('Conventions signées avec 12 entreprises.')
    await expect(projected.isVisible()).resolves.toBe(true)
    expect(await fontSizeOf(projected)).toBeGreaterThanOrEqual(32)
    expect(await accessibilityViolations(ownerPage)).toEqual([])
    await ownerPage.screenshot({ path: path.join(shots, 'grid-1920x1080-projection.png') })
    await ownerPage.keyboard.press('Escape')
    await ownerPage.getByRole('button', { name: 'Mode projection' }).waitFor()

    await ownerPage.setViewportSize({ width: 390, height: 844 })
    await expect.poll(() => fitsWidth(ownerPage), POLL).toBe(true)
    await ownerPage.getByRole('heading', { level: 2, name: /Partenariats/ }).scrollIntoViewIfNeeded()
    await ownerPage.screenshot({ path: path.join(shots, 'grid-390x844.png') })
    // On a phone the panel opens under its row, full width.
    const panel = await openDetails(ownerPage, descriptor)
    await expect.poll(() => fitsWidth(ownerPage), POLL).toBe(true)
    const box = await panel.boundingBox()
    expect(box?.width ?? 0).toBeGreaterThan(300)
    expect(await accessibilityViolations(ownerPage)).toEqual([])
    await ownerPage.screenshot({ path: path.join(shots, 'grid-390x844-panel.png') })
    await ownerPage.setViewportSize({ width: 1366, height: 768 })
  })
})
