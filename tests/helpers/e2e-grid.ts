/**
 * The autodiagnostic grid as a person finds it on screen, for the browser suite: the level radios
 * of a descriptor, its "Détails" panel, the presence list, and where screenshots go.
 */
import { mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Locator, Page } from 'playwright-core'

/** The radio group of a descriptor's level ("Positionnement : <descriptor>"). */
export const levelGroup = (page: Page, descriptor: string): Locator =>
  page.getByRole('group', { name: `Positionnement : ${descriptor}`, exact: true })

/** One level of that group, as a radio button. */
export const levelRadio = (page: Page, descriptor: string, level: string): Locator =>
  levelGroup(page, descriptor).getByRole('radio', { name: level, exact: true })

/** Chooses a level the way a person does: clicking its segment (the label around the radio). */
export async function chooseLevel(page: Page, descriptor: string, level: string): Promise<void> {
  await levelGroup(page, descriptor).locator('label').filter({ hasText: level }).click()
}

/** Opens the editing panel of a descriptor. */
export async function openDetails(page: Page, descriptor: string): Promise<Locator> {
  await page.getByRole('button', { name: `Détails — ${descriptor}`, exact: true }).click()
  const panel = page.locator('#panneau-descripteur')
  await panel.getByRole('heading', { level: 2, name: descriptor }).waitFor()
  return panel
}

/** The "Présents :" list of the grid's toolbar. */
export const presenceList = (page: Page): Locator => page.getByRole('list', { name: /^Présents/ })

/** Where the browser suite leaves its screenshots (E2E_SCREENSHOTS, else a temporary folder). */
export function screenshotDir(): string {
  const dir = process.env.E2E_SCREENSHOTS || path.join(tmpdir(), 'rouages-e2e-screenshots')
  mkdirSync(dir, { recursive: true })
  return dir
}

/** Whether the page fits its window without sideways scrolling. */
export const fitsWidth = (page: Page): Promise<boolean> =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)

/** The computed font size, in CSS pixels, of the first element matched. */
export const fontSizeOf = (locator: Locator): Promise<number> =>
  locator.first().evaluate((element) => parseFloat(getComputedStyle(element).fontSize))
