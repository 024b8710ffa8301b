import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
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
import {
  chooseLevel,
  fitsWidth,
  levelGroup,
  levelRadio,
  openDetails,
  screenshotDir,
} from '../helpers/e2e-grid.ts'
import { startServerProcess, tempDataDir, type ServerProcess } from '../helpers/server-process.ts'

const chromiumPath = chromiumForTests()

const owner = {
  name: 'Claire Martin',
  email: 'claire.martin@lycee-exemple.fr',
  password: 'une phrase de passe',
}
const reader = { name: 'Marc Petit', email: 'marc.petit@lycee-exemple.fr', password: 'je lis seulement ici' }
const etablissement = { uai: '0420034J', name: 'Lycée Jean Moulin', academie: 'Lyon' }
const descriptor = 'Des partenariats formalisés avec les entreprises du territoire'
const YEAR = '2025-2026'
/** The server's limit for this suite: 1 Mo, so "too large" needs only a little more. */
const MAX_UPLOAD_BYTES = 1024 * 1024

const pdf = (size: number) =>
  Buffer.concat([
    Buffer.from('%PDF-1.7\n'),
    Buffer.from(Array.from({ length: size - 15 }, (_, i) => (i * 7) % 256)),
    Buffer.from('\n%%EOF'),
  ])
const PDF = pdf(3015)
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
)
const TYPES =
  'Types acceptés : PDF, image PNG ou JPEG, document ODF ou Office (Word, Excel, PowerPoint), texte ou CSV.'

describe.skipIf(chromiumPath === undefined)('preuve files in the grid', () => {
  const data = tempDataDir()
  const shots = screenshotDir()
  let server: ServerProcess
  let browser: Browser
  let ownerContext: BrowserContext
  let ownerPage: Page
  let readerPage: Page
  let ownerPanel: Locator
  let readerPanel: Locator
  let etablissementId: string
  let gridUrl: string

  /** The file preuves (and links) listed in a panel. */
  const preuveItems = (panel: Locator) => panel.locator('.preuve-list li')
  const alertOf = (panel: Locator) => panel.getByRole('alert').filter({ hasText: 'n’a pas été ajouté' })

  beforeAll(async () => {
    assertAppBuilt()
    server = await startServerProcess({
      dataDir: data.dir,
      env: { MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES) },
    })
    if (chromiumPath === undefined) throw new Error('unreachable: the suite is skipped without Chromium')
    browser = await launchChromium(chromiumPath)
    ;({ context: ownerContext, page: ownerPage } = await newVisitor(browser, { width: 1920, height: 1080 }))
    // Intercept file choosers from the start: a listener added just before the key press can reach
    // Chromium after the chooser opened natively (headless: silently), and the event never comes.
    ownerPage.on('filechooser', () => undefined)
    etablissementId = await firstRun(ownerPage, server.url, owner, etablissement)
    gridUrl = `${server.url}/e/${etablissementId}/annees/${YEAR}`
    // The year itself is not under test here: opened through the API with the owner's session.
    const opened = await ownerPage.request.post(
      `${server.url}/api/etablissements/${etablissementId}/annees`,
      {
        data: { schoolYear: YEAR, frameworkIds: ['lycee-des-metiers'] },
      },
    )
    expect(opened.status()).toBe(201)

    await ownerPage.goto(`${server.url}/e/${etablissementId}/membres`)
    await invite(ownerPage, { email: reader.email, role: 'Lecteur' })
    const link = await linkFromMail(data.dir, reader.email, '/invitation/')
    ;({ page: readerPage } = await newVisitor(browser, { width: 1366, height: 768 }))
    await readerPage.goto(link)
    await readerPage.getByRole('link', { name: 'Créer un compte' }).click()
    await fillSignup(readerPage, reader)
    await readerPage.getByRole('heading', { level: 1, name: etablissement.name }).waitFor()

    await ownerPage.goto(gridUrl)
    await ownerPage.getByRole('button', { name: /^Ajouter un descripteur — critère 4$/ }).click()
    const field = ownerPage.getByLabel('Nouveau descripteur du critère 4')
    await field.fill(descriptor)
    await field.press('Enter')
    await ownerPage.getByRole('button', { name: 'Terminer' }).click()
    ownerPanel = await openDetails(ownerPage, descriptor)
    await readerPage.goto(gridUrl)
    readerPanel = await openDetails(readerPage, descriptor)
  })

  afterAll(async () => {
    await browser?.close()
    if (server) expect(await server.stop()).toBe(0)
    data.remove()
  })

  it('attaches a PDF from the keyboard; a reader sees it live and downloads the same bytes', async () => {
    // From the last text, Tab reaches the picker; Space opens the system's file chooser.
    await ownerPanel.getByLabel('Points de vigilance', { exact: true }).focus()
    await ownerPage.keyboard.press('Tab')
    const picker = ownerPanel.getByLabel('Joindre un fichier')
    await expect.poll(() => picker.evaluate((el) => el === document.activeElement), POLL).toBe(true)
    // Its focus shows on the button people see.
    await expect(
      ownerPanel
        .locator('label', { hasText: 'Joindre un fichier' })
        .evaluate((el) => getComputedStyle(el).outlineStyle),
    ).resolves.toBe('solid')
    // The picker keeps its focus: pressing on the locator re-checks it, so a re-render between the
    // check above and the key press cannot send Space elsewhere.
    const [chooser] = await Promise.all([ownerPage.waitForEvent('filechooser'), picker.press('Space')])
    await chooser.setFiles({ name: 'Compte rendu CA.pdf', mimeType: 'application/pdf', buffer: PDF })

    // The reader's panel lists it as a file, with its size, without a way to add or remove one.
    const download = readerPanel.getByRole('link', { name: 'Compte rendu CA.pdf' })
    await download.waitFor()
    await expect(download.getAttribute('href')).resolves.toMatch(
      new RegExp(`^/api/etablissements/${etablissementId}/fichiers/[a-z2-7]{16,32}$`),
    )
    await expect(preuveItems(readerPanel).first().innerText()).resolves.toMatch(
      /Compte rendu CA\.pdf\s+2,9\s*ko/,
    )
    await expect(readerPanel.getByText('Fichier :', { exact: true }).count()).resolves.toBe(1)
    await expect(readerPanel.getByLabel('Joindre un fichier').count()).resolves.toBe(0)
    await expect(readerPanel.getByText('Joindre un fichier').count()).resolves.toBe(0)
    await expect(readerPanel.getByRole('button', { name: /^Retirer la preuve/ }).count()).resolves.toBe(0)
    await expect(readerPage.getByRole('status').filter({ hasText: 'Preuve ajoutée' }).count()).resolves.toBe(
      0,
    )
    await ownerPage.getByText('Preuve ajoutée : Compte rendu CA.pdf.').waitFor()

    const [file] = await Promise.all([readerPage.waitForEvent('download'), download.click()])
    expect(file.suggestedFilename()).toBe('Compte rendu CA.pdf')
    const bytes = await readFile(await file.path())
    expect(bytes.equals(PDF)).toBe(true)

    await expect.poll(() => syncState(ownerPage), POLL).toBe('synced')
    expect(await accessibilityViolations(ownerPage)).toEqual([])
    expect(await accessibilityViolations(readerPage)).toEqual([])
    await download.scrollIntoViewIfNeeded()
    await readerPage.screenshot({ path: path.join(shots, 'grid-files-reader-1366x768.png') })
  })

  it('refuses a type that is not allowed, a disguised file and a too large one, adding nothing', async () => {
    const picker = ownerPanel.getByLabel('Joindre un fichier')
    const alert = alertOf(ownerPanel)

    // Refused before sending: the extension is not on the list.
    await picker.setInputFiles({ name: 'programme.exe', mimeType: 'application/octet-stream', buffer: PDF })
    await expect
      .poll(() => alert.textContent(), POLL)
      .toBe(`« programme.exe » n’a pas été ajouté. Ce type de fichier n’est pas accepté. ${TYPES}`)
    await expect(picker.getAttribute('aria-describedby')).resolves.toMatch(/-error$/)

    // Refused by the server: the content is not a PDF.
    await picker.setInputFiles({
      name: 'rapport.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('<html><script>alert(1)</script></html>'),
    })
    await expect
      .poll(() => alert.textContent(), POLL)
      .toBe(`« rapport.pdf » n’a pas été ajouté. Son contenu ne correspond pas à son extension. ${TYPES}`)

    // Just over the limit, and far over it: the server says its limit either way.
    for (const [name, size] of [
      ['presentation.pdf', MAX_UPLOAD_BYTES + 1],
      ['archives.pdf', 6 * MAX_UPLOAD_BYTES],
    ] as const) {
      await picker.setInputFiles({ name, mimeType: 'application/pdf', buffer: pdf(size) })
      await expect
        .poll(() => alert.textContent(), POLL)
        .toBe(`« ${name} » n’a pas été ajouté. Fichier trop volumineux (1 Mo au plus).`)
    }

    await expect(preuveItems(ownerPanel).count()).resolves.toBe(1)
    await expect(preuveItems(readerPanel).count()).resolves.toBe(1)
    expect(await accessibilityViolations(ownerPage)).toEqual([])
    await alert.scrollIntoViewIfNeeded()
    await ownerPage.screenshot({ path: path.join(shots, 'grid-files-error-1920x1080.png') })
  })

  it('shows the upload’s progress and lets it be cancelled', async () => {
    // A slow school network: about 100 ko/s up.
    const cdp = await ownerContext.newCDPSession(ownerPage)
    await cdp.send('Network.enable')
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: -1,
      uploadThroughput: 100 * 1024,
    })
    try {
      await ownerPanel.getByLabel('Joindre un fichier').setInputFiles({
        name: 'Projet d’établissement.pdf',
        mimeType: 'application/pdf',
        buffer: pdf(900_000),
      })
      const progress = ownerPanel.getByRole('progressbar', {
        name: 'Envoi de « Projet d’établissement.pdf »…',
      })
      await progress.waitFor()
      // It moves as the bytes go.
      await expect.poll(async () => Number(await progress.getAttribute('value')), POLL).toBeGreaterThan(0)
      await expect(progress.getAttribute('aria-valuetext')).resolves.toMatch(/^\d+ %$/)
      // While it is sent, no second file can be chosen.
      await expect(ownerPanel.getByLabel('Joindre un fichier').isDisabled()).resolves.toBe(true)
      expect(await accessibilityViolations(ownerPage)).toEqual([])
      await progress.scrollIntoViewIfNeeded()
      await ownerPage.screenshot({ path: path.join(shots, 'grid-files-progress-1920x1080.png') })
      await ownerPanel.getByRole('button', { name: 'Annuler l’envoi' }).click()
      await ownerPage.getByText('Envoi de « Projet d’établissement.pdf » annulé.').waitFor()
      await expect(progress.count()).resolves.toBe(0)
      await expect(ownerPanel.getByLabel('Joindre un fichier').isEnabled()).resolves.toBe(true)
      await expect
        .poll(
          () => ownerPanel.getByLabel('Joindre un fichier').evaluate((el) => el === document.activeElement),
          POLL,
        )
        .toBe(true)
      await expect(preuveItems(ownerPanel).count()).resolves.toBe(1)
    } finally {
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: -1,
      })
      await cdp.detach()
    }
  })

  it('says that uploads need the connection while the rest of the grid works offline', async () => {
    await ownerContext.setOffline(true)
    try {
      await ownerPanel
        .getByLabel('Joindre un fichier')
        .setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: PNG })
      await expect
        .poll(() => alertOf(ownerPanel).textContent(), POLL)
        .toBe(
          '« photo.png » n’a pas été ajouté. Vous êtes hors ligne : l’envoi de fichiers demande une connexion. ' +
            'Le reste de la grille fonctionne hors ligne ; réessayez une fois reconnecté.',
        )
      // A level chosen meanwhile waits for the connection, and then arrives.
      await chooseLevel(ownerPage, descriptor, 'Atteint')
      await expect.poll(() => syncState(ownerPage), POLL).toBe('offline')
    } finally {
      await ownerContext.setOffline(false)
    }
    await expect.poll(() => levelRadio(readerPage, descriptor, 'Atteint').isChecked(), POLL).toBe(true)
    await expect(preuveItems(ownerPanel).count()).resolves.toBe(1)
  })

  it('takes a file dropped on the box', async () => {
    // Drag events bubble from the hint to the whole box.
    const box = ownerPanel.getByText(/Vous pouvez aussi déposer le fichier ici/)
    const transfer = await ownerPage.evaluateHandle((base64) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
      const dataTransfer = new DataTransfer()
      dataTransfer.items.add(new File([bytes], 'Affiche forum des métiers.png', { type: 'image/png' }))
      return dataTransfer
    }, PNG.toString('base64'))
    await box.dispatchEvent('dragenter', { dataTransfer: transfer })
    const dropHint = ownerPanel.getByText('Déposez le fichier pour l’ajouter aux preuves')
    await dropHint.waitFor()
    await dropHint.dispatchEvent('drop', { dataTransfer: transfer })
    await readerPanel.getByRole('link', { name: 'Affiche forum des métiers.png' }).waitFor()
    await expect(alertOf(ownerPanel).count()).resolves.toBe(0)
  })

  it('removes a file preuve from the grid; "Annuler" brings it back, still downloadable', async () => {
    await ownerPanel.getByRole('button', { name: 'Retirer la preuve « Compte rendu CA.pdf »' }).click()
    await expect
      .poll(() => readerPanel.getByRole('link', { name: 'Compte rendu CA.pdf' }).count(), POLL)
      .toBe(0)
    await ownerPage.getByRole('button', { name: 'Annuler', exact: true }).click()
    const download = readerPanel.getByRole('link', { name: 'Compte rendu CA.pdf' })
    await download.waitFor()
    const [file] = await Promise.all([readerPage.waitForEvent('download'), download.click()])
    expect((await readFile(await file.path())).equals(PDF)).toBe(true)
  })

  it('reads well at 1920×1080 and on a 390 px phone', async () => {
    // A link beside the files, to see both kinds together.
    await ownerPanel.getByLabel('Intitulé de la preuve').fill('Conventions PFMP (ENT)')
    await ownerPanel.getByLabel('Adresse du document (lien)').fill('https://ent.exemple.fr/conventions')
    await ownerPanel.getByRole('button', { name: 'Ajouter la preuve' }).click()
    await readerPanel.getByRole('link', { name: 'Conventions PFMP (ENT)' }).waitFor()
    await expect(readerPanel.getByText('Lien :', { exact: true }).count()).resolves.toBe(1)
    await expect(readerPanel.getByText('Fichier :', { exact: true }).count()).resolves.toBe(2)

    await ownerPanel.getByRole('heading', { level: 3, name: 'Preuves' }).scrollIntoViewIfNeeded()
    await ownerPage.screenshot({ path: path.join(shots, 'grid-files-1920x1080.png') })

    await ownerPage.setViewportSize({ width: 390, height: 844 })
    const panel = await openDetails(ownerPage, descriptor)
    await expect.poll(() => fitsWidth(ownerPage), POLL).toBe(true)
    await panel.getByRole('heading', { level: 3, name: 'Preuves' }).scrollIntoViewIfNeeded()
    expect(await accessibilityViolations(ownerPage)).toEqual([])
    await ownerPage.screenshot({ path: path.join(shots, 'grid-files-390x844.png') })
    await panel
      .getByLabel('Joindre un fichier')
      .setInputFiles({ name: 'virus.exe', mimeType: 'application/octet-stream', buffer: PNG })
    await alertOf(panel).waitFor()
    await alertOf(panel).scrollIntoViewIfNeeded()
    await ownerPage.screenshot({ path: path.join(shots, 'grid-files-390x844-error.png') })
    await expect(levelGroup(ownerPage, descriptor).count()).resolves.toBe(1)
  })
})
