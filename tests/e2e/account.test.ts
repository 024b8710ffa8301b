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
  firstRun,
  linkFromMail,
  newVisitor,
  pathOf,
  seenMails,
  signIn,
} from '../helpers/e2e-app.ts'
import { startServerProcess, tempDataDir, type ServerProcess } from '../helpers/server-process.ts'

const chromiumPath = chromiumForTests()

const owner = {
  name: 'Nadia Roche',
  email: 'nadia.roche@lycee-exemple.fr',
  password: 'mon premier mot de passe',
}
const first = { uai: '0130001A', name: 'Lycée professionnel du Port', academie: 'Aix-Marseille' }
const second = { uai: '0130002B', name: 'Lycée polyvalent de la Mer', academie: 'Aix-Marseille' }

describe.skipIf(chromiumPath === undefined)(
  'account: password reset, account page, several établissements',
  () => {
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
      await firstRun(page, server.url, owner, first)
    })

    afterAll(async () => {
      await browser?.close()
      if (server) expect(await server.stop()).toBe(0)
      data.remove()
    })

    it('offers a picker and a switcher once there are several établissements', async () => {
      await page.goto(`${server.url}/etablissements`)
      await page.getByRole('heading', { level: 1, name: 'Choisir un établissement' }).waitFor()
      await page.getByRole('button', { name: 'Créer un établissement' }).click()
      await fillEtablissement(page, second)
      await page.getByRole('heading', { level: 1, name: second.name }).waitFor()

      await page.getByRole('button', { name: 'Changer d’établissement' }).click()
      await page.getByRole('link', { name: new RegExp(first.name) }).click()
      await page.getByRole('heading', { level: 1, name: first.name }).waitFor()

      await page.goto(`${server.url}/etablissements`)
      await page.getByRole('link', { name: new RegExp(second.name) }).waitFor()
      await expect(page.getByRole('link', { name: /Chef d'établissement/ }).count()).resolves.toBe(2)
      expect(await accessibilityViolations(page)).toEqual([])
    })

    it('says an unknown établissement is not there', async () => {
      await page.goto(`${server.url}/e/aaaaaaaaaaaaaaaaaaaa`)
      await page.getByRole('heading', { level: 1, name: 'Page introuvable' }).waitFor()
      await page.getByText('Cet établissement n’existe pas ou vous n’en êtes pas membre.').waitFor()
      await page.goto(`${server.url}/nulle-part`)
      await page.getByRole('heading', { level: 1, name: 'Page introuvable' }).waitFor()
      expect(await accessibilityViolations(page)).toEqual([])
    })

    it('changes the password from the account page', async () => {
      await page.goto(`${server.url}/compte`)
      await page.getByRole('heading', { level: 1, name: 'Mon compte' }).waitFor()
      await page.getByRole('main').getByText(owner.email, { exact: true }).waitFor()
      expect(await accessibilityViolations(page)).toEqual([])
      await page.getByLabel('Mot de passe actuel').fill('pas le bon du tout')
      await page.getByLabel('Nouveau mot de passe').fill('mon deuxième mot de passe')
      await page.getByRole('button', { name: 'Changer le mot de passe' }).click()
      await expect.poll(() => page.getByRole('alert').first().innerText(), POLL).not.toBe('')
      await page.getByLabel('Mot de passe actuel').fill(owner.password)
      await page.getByRole('button', { name: 'Changer le mot de passe' }).click()
      await page.getByText('Mot de passe modifié.', { exact: false }).waitFor()
      owner.password = 'mon deuxième mot de passe'
    })

    it('resets a forgotten password through the e-mailed link', async () => {
      await page.getByRole('button', { name: 'Se déconnecter' }).click()
      await expect.poll(() => pathOf(page), POLL).toBe('/connexion')
      await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click()
      await page.getByRole('heading', { level: 1, name: 'Mot de passe oublié' }).waitFor()
      expect(await accessibilityViolations(page)).toEqual([])
      const before = seenMails(data.dir)
      await page.getByLabel('Adresse e-mail').fill(owner.email)
      await page.getByRole('button', { name: 'Recevoir le lien' }).click()
      await page.getByRole('heading', { name: 'Consultez votre messagerie' }).waitFor()

      const link = await linkFromMail(data.dir, owner.email, '/reinitialiser?token=', before)
      await page.goto(link)
      await page.getByRole('heading', { level: 1, name: 'Nouveau mot de passe' }).waitFor()
      expect(await accessibilityViolations(page)).toEqual([])
      await page.getByLabel('Nouveau mot de passe').fill('un troisième, enfin')
      await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click()
      // Signed in, on the picker (two établissements).
      await page.getByRole('heading', { level: 1, name: 'Choisir un établissement' }).waitFor()

      // The link works once.
      await page.goto(link)
      await page.getByLabel('Nouveau mot de passe').fill('encore un autre essai')
      await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click()
      await page.getByRole('link', { name: 'Demander un nouveau lien' }).waitFor()
    })

    it('signs in with the new password only', async () => {
      const { page: other } = await newVisitor(browser)
      await signIn(other, server.url, { ...owner, password: 'mon deuxième mot de passe' })
      await expect.poll(() => other.getByRole('alert').innerText(), POLL).not.toBe('')
      await other.getByLabel('Mot de passe', { exact: true }).fill('un troisième, enfin')
      await other.getByRole('button', { name: 'Se connecter', exact: true }).click()
      await other.getByRole('heading', { level: 1, name: 'Choisir un établissement' }).waitFor()
    })

    it('shows a confirmation link that no longer works as such, and reads well in English', async () => {
      const { page: other } = await newVisitor(browser)
      await other.goto(`${server.url}/confirmer?token=${'a'.repeat(40)}`)
      await other.getByRole('heading', { level: 1, name: 'Confirmation de l’adresse e-mail' }).waitFor()
      await expect.poll(() => other.getByRole('alert').innerText(), POLL).not.toBe('')
      expect(await accessibilityViolations(other)).toEqual([])

      await other.goto(`${server.url}/connexion`)
      await other.getByRole('button', { name: 'English' }).click()
      await other.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor()
      expect(await accessibilityViolations(other)).toEqual([])
    })
  },
)
