/**
 * A label's renewal dossier (H2) from the real server: a Lycée des métiers label 2024 → 2029, two
 * school years of it filled through real provider clients and each frozen as a bilan, then the
 * dossier downloaded as PDF, DOCX and ODT and opened with reader libraries — both bilans, the
 * cycle's summary and the comparison of the first bilan with the last must be in each.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { strFromU8, unzipSync } from 'fflate'
import mammoth from 'mammoth'
import { extractText, getDocumentProxy } from 'unpdf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BilanSummary } from '@rouages/shared/api/bilans'
import type { Label } from '@rouages/shared/api/labels'
import type { SchoolYear } from '@rouages/shared/api/school-years'
import { LYCEE_DES_METIERS } from '@rouages/shared/frameworks/lycee-des-metiers'
import { frenchText } from '@rouages/shared/report/french'
import {
  fillPreviousYearGrid,
  fillSampleGrid,
  fillSamplePlan,
  SAMPLE_ACTIONS,
} from '@rouages/shared/report/sample-year'
import { addMember, api, ownerWithNotes, signUp, type Account } from '../helpers/accounts.ts'
import { connectClient } from '../helpers/providers.ts'
import { startServerProcess, tempDataDir, type ServerProcess } from '../helpers/server-process.ts'

const FW = LYCEE_DES_METIERS.id
const FIRST = { year: '2024-2025', name: 'Bilan de juin 2025' }
const LAST = { year: '2025-2026', name: 'Bilan de juin 2026' }
const INTITULE = 'Lycée des métiers de la maintenance et de la logistique'

/** Whitespace of any kind (no-break spaces, line breaks of a wrapped title) as one space. */
const flat = (text: string) => text.replace(/\s+/g, ' ').trim()
const CHAPTERS = [`Bilan ${FIRST.year} — ${FIRST.name}`, `Bilan ${LAST.year} — ${LAST.name}`]
const COMPARISON = `Évolution sur le cycle, de ${FIRST.year} à ${LAST.year}`
/** Criterion 1 went from « en cours » (first bilan) to « atteint » (last), criterion 6 the other way. */
const CRITERION_ROWS = [
  /1\. Offre de formations \|? ?En cours \|? ?Atteint \|? ?↑ en progrès/,
  /6\. Ouverture internationale \|? ?Atteint \|? ?En cours \|? ?↓ en recul/,
]
const EXPECTED = [
  INTITULE,
  'Synthèse du cycle',
  'Renouvellement en cours',
  ...CHAPTERS,
  COMPARISON,
  ...SAMPLE_ACTIONS.slice(0, 3).map((action) => flat(frenchText(action.title))),
]

describe('the renewal dossier of a label (PDF, DOCX, ODT)', () => {
  let data: ReturnType<typeof tempDataDir>
  let server: ServerProcess
  let owner: Account
  let reader: Account
  let etab: string
  let label: Label

  const dossierPath = (format: string, labelId = label.id) =>
    `/etablissements/${etab}/labels/${labelId}/dossier.${format}`
  /** `null`: without an account. */
  const download = async (format: string, account: Account | null = reader) => {
    const res = await api(server, dossierPath(format), { cookie: account?.cookie })
    return { res, bytes: new Uint8Array(await res.arrayBuffer()) }
  }

  async function openYear(schoolYear: string): Promise<SchoolYear> {
    const res = await api(server, `/etablissements/${etab}/annees`, {
      cookie: owner.cookie,
      body: { schoolYear, frameworkIds: [FW] },
    })
    expect(res.status).toBe(201)
    return (await res.json()) as SchoolYear
  }
  async function freeze(schoolYear: string, name: string): Promise<BilanSummary> {
    const res = await api(server, `/etablissements/${etab}/annees/${schoolYear}/bilans`, {
      cookie: owner.cookie,
      body: { name },
    })
    expect(res.status).toBe(201)
    return (await res.json()) as BilanSummary
  }

  beforeAll(async () => {
    data = tempDataDir()
    server = await startServerProcess({ dataDir: data.dir })
    const created = await ownerWithNotes(server)
    owner = created.account
    etab = created.etablissement.id
    const facilitator = await addMember(server, owner, etab, 'facilitator', 'Karim Benali')
    reader = await addMember(server, owner, etab, 'reader', 'Sophie Durand')

    // First year of the cycle: a few levels, frozen and approved.
    const first = await openYear(FIRST.year)
    const client = await connectClient(server.wsUrl, first.documentName, { cookie: owner.cookie })
    fillPreviousYearGrid(client.doc)
    await client.settled()
    client.destroy()
    const firstBilan = await freeze(FIRST.year, FIRST.name)
    const approved = await api(
      server,
      `/etablissements/${etab}/annees/${FIRST.year}/bilans/${firstBilan.id}/etapes`,
      { cookie: owner.cookie, body: { step: 'approved' } },
    )
    expect(approved.status).toBe(201)

    // Second year: the whole grid, the plan and the indicators, written by two people at once.
    const last = await openYear(LAST.year)
    const [grid, plan] = await Promise.all(
      [owner, facilitator].map((account) =>
        connectClient(server.wsUrl, last.documentName, { cookie: account.cookie }),
      ),
    )
    const descriptorIds = fillSampleGrid(grid!.doc)
    fillSamplePlan(plan!.doc, {
      descriptorIds,
      pilotes: [owner.me.user.id, facilitator.me.user.id, reader.me.user.id],
    })
    await Promise.all([grid!.settled(), plan!.settled()])
    grid!.destroy()
    plan!.destroy()
    await freeze(LAST.year, LAST.name)

    const declared = await api(server, `/etablissements/${etab}/labels`, {
      cookie: owner.cookie,
      body: {
        frameworkId: FW,
        intitule: INTITULE,
        cycleStart: 2024,
        cycleEnd: 2029,
        status: 'renouvellement',
        decision: 'renouvellement',
      },
    })
    expect(declared.status).toBe(201)
    label = (await declared.json()) as Label
    expect(label.bilans.map((bilan) => bilan.name)).toEqual([FIRST.name, LAST.name])
  }, 60_000)

  afterAll(async () => {
    await server?.stop()
    data?.remove()
  })

  it('[D1] answers each format as an attachment named after the label and its cycle', async () => {
    const expected = {
      pdf: 'application/pdf',
      docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      odt: 'application/vnd.oasis.opendocument.text',
    }
    for (const [format, mime] of Object.entries(expected)) {
      const { res, bytes } = await download(format)
      expect(res.status, `${format}: ${new TextDecoder().decode(bytes.slice(0, 300))}`).toBe(200)
      expect(res.headers.get('content-type')).toBe(mime)
      expect(res.headers.get('cache-control')).toMatch(/^private\b/)
      const disposition = res.headers.get('content-disposition') ?? ''
      expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/)
      expect(decodeURIComponent(disposition.split("filename*=UTF-8''")[1] ?? '')).toBe(
        `Dossier de renouvellement - Lycée des métiers Test - ${INTITULE} - 2024-2029.${format}`,
      )
    }
  })

  it('[D2] the PDF holds the cover, the summary, the comparison and both bilans in order', async () => {
    const { bytes } = await download('pdf')
    const pdf = await getDocumentProxy(bytes)
    const { totalPages, text } = await extractText(pdf, { mergePages: false })
    const pages = text.map(flat)
    const all = pages.join(' ')
    expect(pages[0]).toContain('Dossier de renouvellement')
    expect(pages[0]).toContain('Cycle de labellisation 2024 → 2029')
    expect(pages[0]).toContain(INTITULE)
    // The table of contents lists both chapters.
    expect(pages[1]).toMatch(/^Sommaire Synthèse du cycle \d+ /)
    for (const chapter of CHAPTERS) expect(pages[1]).toContain(chapter)
    for (const text of EXPECTED) expect(all).toContain(text)
    for (const row of CRITERION_ROWS) expect(all).toMatch(row)
    // The summary gives each bilan's approval trail; the first bilan comes before the last.
    expect(all).toContain('Approuvé par le chef d’établissement le')
    expect(all.indexOf(`Bilan figé le`)).toBeGreaterThan(all.indexOf(COMPARISON))
    expect(all.lastIndexOf(CHAPTERS[0]!)).toBeLessThan(all.lastIndexOf(CHAPTERS[1]!))
    // The last bilan shows its changes since the first.
    expect(all).toContain(`Évolution depuis ${FIRST.year} : ↑ en progrès (En cours → Atteint)`)
    pages.forEach((page, i) => {
      if (i > 0) expect(page).toContain(`Page ${i + 1} sur ${totalPages}`)
    })
  })

  it('[D3] the DOCX holds the same, each bilan one heading level down under its chapter', async () => {
    const { bytes } = await download('docx')
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) })
    const all = flat(value)
    for (const text of EXPECTED) expect(all).toContain(text)
    expect(all).toMatch(/1\. Offre de formations\s*En cours\s*Atteint\s*↑ en progrès/)
    const document = strFromU8(unzipSync(bytes)['word/document.xml']!)
    expect(document).toMatch(/<w:instrText[^>]*>TOC [^<]*\\o &quot;1-2&quot;/)
    // 8 criteria in each of the two bilans, now at level 3.
    expect(document.match(/<w:pStyle w:val="Heading3"\/>/g)).toHaveLength(16)
  })

  it('[D4] the ODT is a well-formed package holding the same', async () => {
    const { bytes } = await download('odt')
    const files = unzipSync(bytes)
    for (const [name, file] of Object.entries(files)) {
      if (name.endsWith('.xml')) expect(XMLValidator.validate(strFromU8(file)), name).toBe(true)
    }
    const content = strFromU8(files['content.xml']!)
    const text = flat(textOf(new XMLParser({ ignoreAttributes: true }).parse(content)))
    for (const expected of EXPECTED) expect(text).toContain(expected)
    expect(text).toMatch(/1\. Offre de formations En cours Atteint ↑ en progrès/)
    expect(content.match(/<text:h [^>]*text:outline-level="3"/g)).toHaveLength(16)
    expect(content.match(/<text:h [^>]*text:outline-level="4"/g)?.length).toBeGreaterThan(16)
  })

  it('[D5] only members read the dossier; an unknown label is not found', async () => {
    const stranger = await signUp(server, 'Personne Extérieure')
    expect((await download('pdf', stranger)).res.status).toBe(404)
    expect((await download('pdf', null)).res.status).toBe(401)
    expect(
      (await api(server, dossierPath('pdf', 'abcdefghijklmnop'), { cookie: reader.cookie })).status,
    ).toBe(404)
    expect((await api(server, dossierPath('xls'), { cookie: reader.cookie })).status).toBe(404)
  })
})

/** Every text node of a parsed XML document, in order. */
function textOf(node: unknown): string {
  if (typeof node === 'string' || typeof node === 'number') return String(node)
  if (Array.isArray(node)) return node.map(textOf).join(' ')
  if (node && typeof node === 'object') return Object.values(node).map(textOf).join(' ')
  return ''
}
