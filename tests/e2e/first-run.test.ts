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
  fillEtablissement,
  fillSignup,
  newVisitor,
  notepad,
  pathOf,
  syncIndicator,
  syncState,
} from '../helpers/e2e-app.ts'
import { startServerProcess, tempDataDir, type ServerProcess } from '../helpers/server-process.ts'

const chromiumPath = chromiumForTests()

const owner = {
  name: 'Claire Martin',
  email: 'claire.martin@lycee-exemple.fr',
  password: 'une phrase de passe',
}

describe.skipIf(chromiumPath === undefined)('first run: the first account creates its établissement', () => {
  const data = tempDataDir()
  let server: ServerProcess
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    assertAppBuilt()
    server = await startServerProcess({ dataDir: data.dir })
    if (chromiumPath === undefined) throw new Error('unreachable: the suite is skipped without Chromium')
    browser = await launchChromium(chromiumPath)
    ;({ page } = await newVisitor(browser))
  })

  afterAll(async () => {
    await browser?.close()
    if (server) expect(await server.stop()).toBe(0)
    data.remove()
  })

  it('greets a visitor with the landing page, in French', async () => {
    await page.goto(server.url)
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).innerText(), POLL)
      .toBe('Rouages — l’atelier collaboratif du label Lycée des métiers')
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('fr')
    expect(await accessibilityViolations(page)).toEqual([])
  })

  it('sends a signed-out visitor of a private page to the sign-in page', async () => {
    await page.goto(`${server.url}/etablissements`)
    await expect.poll(() => pathOf(page), POLL).toBe('/connexion')
    expect(new URL(page.url()).searchParams.get('suite')).toBe('/etablissements')
    await page.getByRole('heading', { name: 'Connexion' }).waitFor()
    expect(await accessibilityViolations(page)).toEqual([])
  })

  it('checks the sign-up form before sending it, with the messages next to the fields', async () => {
    await page.goto(`${server.url}/inscription`)
    await page.getByText('Au moins 10 caractères', { exact: false }).waitFor()
    await page.getByLabel('Nom affiché').fill(owner.name)
    await page.getByLabel('Adresse e-mail').fill('pas-une-adresse')
    await page.getByLabel('Mot de passe', { exact: true }).fill('court')
    await page.getByRole('button', { name: 'Créer mon compte' }).click()
    await expect.poll(() => page.getByRole('alert').innerText(), POLL).toMatch(/corrigez les champs/)
    const email = page.getByLabel('Adresse e-mail')
    await expect(email.getAttribute('aria-invalid')).resolves.toBe('true')
    await expect(page.locator('#email-error').innerText()).resolves.toBe('Adresse e-mail invalide.')
    await expect(page.locator('#password-error').innerText()).resolves.toMatch(/au moins 10 caractères/)
    // The show/hide button reveals what was typed.
    const password = page.getByLabel('Mot de passe', { exact: true })
    await expect(password.getAttribute('type')).resolves.toBe('password')
    await page.getByRole('button', { name: 'Afficher le mot de passe' }).click()
    await expect(password.getAttribute('type')).resolves.toBe('text')
    expect(await accessibilityViolations(page)).toEqual([])
  })

  it('signs the first account in at once and shows the three-step welcome', async () => {
    await page.goto(`${server.url}/inscription`)
    await fillSignup(page, owner)
    await page.getByRole('heading', { name: 'Bienvenue !' }).waitFor()
    expect(pathOf(page)).toBe('/etablissements')
    await expect(page.getByText('Trois étapes', { exact: false }).isVisible()).resolves.toBe(true)
    expect(await accessibilityViolations(page)).toEqual([])
  })

  it('explains the UAI format when it is wrong', async () => {
    await fillEtablissement(page, { uai: '042003', name: 'Lycée Jean Moulin', academie: 'Lyon' })
    await expect(page.locator('#etab-uai-error').innerText()).resolves.toMatch(
      /7 chiffres suivis d’une lettre/,
    )
  })

  it('creates the établissement and lands on its home, notepad synced', async () => {
    await page.getByLabel('Code UAI').fill('0420034j')
    await page.getByRole('button', { name: 'Créer l’établissement' }).click()
    await page.getByRole('heading', { level: 1, name: 'Lycée Jean Moulin' }).waitFor()
    expect(pathOf(page)).toMatch(/^\/e\/[a-z2-7]{16,32}$/)
    await expect(page.getByText('Votre établissement est créé').isVisible()).resolves.toBe(true)
    await expect(page.getByText('UAI 0420034J · académie de Lyon').isVisible()).resolves.toBe(true)
    await expect.poll(() => syncState(page), POLL).toBe('synced')
    await expect(syncIndicator(page).innerText()).resolves.toBe('Synchronisé')
    await expect.poll(() => notepad(page).isEditable(), POLL).toBe(true)
    await expect(page.getByRole('link', { name: 'Membres' }).isVisible()).resolves.toBe(true)
    await expect(page.getByRole('link', { name: 'Traçabilité' }).isVisible()).resolves.toBe(true)
    expect(await accessibilityViolations(page)).toEqual([])
  })

  it('goes straight to the only établissement after signing in again', async () => {
    await page.getByRole('button', { name: /Claire Martin/ }).click()
    await page.getByRole('button', { name: 'Se déconnecter' }).click()
    await expect.poll(() => pathOf(page), POLL).toBe('/connexion')
    await page.getByLabel('Adresse e-mail').fill(owner.email)
    await page.getByLabel('Mot de passe', { exact: true }).fill('pas le bon mot de passe')
    await page.getByRole('button', { name: 'Se connecter', exact: true }).click()
    await expect.poll(() => page.getByRole('alert').innerText(), POLL).not.toBe('')
    await page.getByLabel('Mot de passe', { exact: true }).fill(owner.password)
    await page.getByRole('button', { name: 'Se connecter', exact: true }).click()
    await page.getByRole('heading', { level: 1, name: 'Lycée Jean Moulin' }).waitFor()
    await expect.poll(() => syncState(page), POLL).toBe('synced')
  })

  it('comes back to the page asked for after signing in', async () => {
    const members = `${pathOf(page)}/membres`
    await page.getByRole('button', { name: /Claire Martin/ }).click()
    await page.getByRole('button', { name: 'Se déconnecter' }).click()
    await expect.poll(() => pathOf(page), POLL).toBe('/connexion')
    await page.goto(`${server.url}${members}`)
    await expect.poll(() => new URL(page.url()).searchParams.get('suite'), POLL).toBe(members)
    await page.getByLabel('Adresse e-mail').fill(owner.email)
    await page.getByLabel('Mot de passe', { exact: true }).fill(owner.password)
    await page.getByRole('button', { name: 'Se connecter', exact: true }).click()
    await page.getByRole('heading', { level: 1, name: 'Membres' }).waitFor()
    expect(pathOf(page)).toBe(members)
  })
})
