import type { Page } from 'playwright-core'
import type { Seance, SeanceCreateInput } from '@rouages/shared/api/seances'
import { syncState } from './e2e-app.ts'
import { waitUntil } from './wait.ts'

/**
 * Opens a school year through the API with the page's session, then adds a descriptor under
 * criterion 4 of the national framework in the grid, as a team would, and waits until it is saved.
 */
export async function yearWithDescriptor(
  page: Page,
  baseUrl: string,
  etablissementId: string,
  schoolYear: string,
  descriptor: string,
): Promise<void> {
  const opened = await page.request.post(`${baseUrl}/api/etablissements/${etablissementId}/annees`, {
    data: { schoolYear, frameworkIds: ['lycee-des-metiers'] },
  })
  if (opened.status() !== 201) throw new Error(`year not opened: ${opened.status()} ${await opened.text()}`)
  await page.goto(`${baseUrl}/e/${etablissementId}/annees/${schoolYear}`)
  await page.getByRole('button', { name: /^Ajouter un descripteur — critère 4$/ }).click()
  const field = page.getByLabel('Nouveau descripteur du critère 4')
  await field.fill(descriptor)
  await field.press('Enter')
  await page.getByRole('button', { name: 'Terminer' }).click()
  await page.getByText(descriptor).first().waitFor()
  await waitUntil(async () => (await syncState(page)) === 'synced', { message: 'the descriptor saved' })
}

/** Opens a séance through the API with the page's session (the console's own form is tested apart). */
export async function createSeance(
  page: Page,
  baseUrl: string,
  etablissementId: string,
  schoolYear: string,
  input: SeanceCreateInput,
): Promise<Seance> {
  const created = await page.request.post(
    `${baseUrl}/api/etablissements/${etablissementId}/annees/${schoolYear}/seances`,
    { data: input },
  )
  if (created.status() !== 201)
    throw new Error(`séance not opened: ${created.status()} ${await created.text()}`)
  return (await created.json()) as Seance
}
