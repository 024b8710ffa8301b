/**
 * Reports of a frozen bilan (E4) from the real server: a realistic year filled through real
 * provider clients (8 criteria with descriptors and levels, a dozen actions, four indicators),
 * frozen, approved, then downloaded as PDF, DOCX and ODT and opened with reader libraries — the
 * PDF's text through pdf.js, the DOCX through mammoth, the ODT unzipped and parsed as XML.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { strFromU8, unzipSync } from 'fflate'
import mammoth from 'mammoth'
import { extractText, getDocumentProxy } from 'unpdf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BilanSummary } from '@rouages/shared/api/bilans'
import type { SchoolYear } from '@rouages/shared/api/school-years'
import { LYCEE_DES_METIERS } from '@rouages/shared/frameworks/lycee-des-metiers'
import { frenchText } from '@rouages/shared/report/french'
import { addDescriptor, entryText } from '@rouages/shared/workspace/grid'
import {
  fillPreviousYearGrid,
  fillSampleGrid,
  fillSamplePlan,
  SAMPLE_ACTIONS,
  SAMPLE_INDICATORS,
} from '@rouages/shared/report/sample-year'
import { addMember, api, ownerWithNotes, signUp, type Account } from '../helpers/accounts.ts'
import { connectClient } from '../helpers/providers.ts'
import { startServerProcess, tempDataDir, type ServerProcess } from '../helpers/server-process.ts'

const FW = LYCEE_DES_METIERS.id
const YEAR = '2025-2026'
const PREVIOUS = '2024-2025'

/** Whitespace of any kind (no-break spaces, line breaks of a wrapped title) as one space. */
const flat = (text: string) => text.replace(/\s+/g, ' ').trim()
const CRITERION_TITLES = LYCEE_DES_METIERS.criteria.map((c) => flat(frenchText(c.title)))
const ACTION_TITLES = SAMPLE_ACTIONS.map((a) => flat(frenchText(a.title)))
const INDICATOR_NAMES = SAMPLE_INDICATORS.map((i) => flat(frenchText(i.name)))
/** Text as people paste it: markup-like and XML-special characters, a control character, an emoji. */
const PASTED = {
  descriptor: 'Atelier "Arts & <métiers>"\u000B2026 🎓',
  constats: 'Partenariat <b>Musée & Cie</b> : voir https://example.org/a?b=1&c=2',
}
const PASTED_TEXTS = [
  'Atelier « Arts & <métiers> » 2026',
  'Partenariat <b>Musée & Cie</b> : voir https://example.org/a?b=1&c=2',
]
const EXPECTED = [...CRITERION_TITLES, ...ACTION_TITLES, ...INDICATOR_NAMES, ...PASTED_TEXTS]

describe('bilan reports (PDF, DOCX, ODT)', () => {
  let data: ReturnType<typeof tempDataDir>
  let server: ServerProcess
  let owner: Account
  let facilitator: Account
  let reader: Account
  let etab: string
  let bilan: BilanSummary

  const base = () => `/etablissements/${etab}/annees/${YEAR}/bilans`
  const download = async (format: string, account: Account = reader) => {
    const res = await api(server, `${base()}/${bilan.id}/rapport.${format}`, { cookie: account.cookie })
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
      cookie: facilitator.cookie,
      body: { name, note: 'Version présentée au conseil d’administration de juin.' },
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
    facilitator = await addMember(server, owner, etab, 'facilitator', 'Karim Benali')
    reader = await addMember(server, owner, etab, 'reader', 'Sophie Durand')

    // Last year, frozen: the report gives each criterion's change against it.
    const previous = await openYear(PREVIOUS)
    const last = await connectClient(server.wsUrl, previous.documentName, { cookie: owner.cookie })
    fillPreviousYearGrid(last.doc)
    await last.settled()
    last.destroy()
    await freeze(PREVIOUS, 'Bilan annuel 2024-2025')

    // This year: the owner fills the grids while the facilitator writes the plan and indicators.
    const year = await openYear(YEAR)
    const [grid, plan] = await Promise.all(
      [owner, facilitator].map((account) =>
        connectClient(server.wsUrl, year.documentName, { cookie: account.cookie }),
      ),
    )
    const descriptorIds = fillSampleGrid(grid!.doc)
    const pasted = addDescriptor(grid!.doc, FW, 'ldm-5', PASTED.descriptor)
    entryText(grid!.doc, FW, pasted, 'constats').insert(0, PASTED.constats)
    fillSamplePlan(plan!.doc, {
      descriptorIds,
      pilotes: [owner.me.user.id, facilitator.me.user.id, reader.me.user.id],
    })
    await Promise.all([grid!.settled(), plan!.settled()])
    grid!.destroy()
    plan!.destroy()
    bilan = await freeze(YEAR, 'Bilan annuel 2025-2026')
    const step = (account: Account, body: unknown) =>
      api(server, `${base()}/${bilan.id}/etapes`, { cookie: account.cookie, body })
    expect((await step(owner, { step: 'approved' })).status).toBe(201)
    expect((await step(facilitator, { step: 'presented-cp', onDate: '2026-06-29' })).status).toBe(201)
  }, 60_000)

  afterAll(async () => {
    await server?.stop()
    data?.remove()
  })

  it('[R1] answers each format as an attachment with a French file name, its MIME type and private caching', async () => {
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
      const name = decodeURIComponent(disposition.split("filename*=UTF-8''")[1] ?? '')
      expect(name).toBe(`Suivi du label ${YEAR} - Lycée des métiers Test - Bilan annuel 2025-2026.${format}`)
      expect(bytes.length).toBeGreaterThan(2000)
    }
  })

  it('[R2] the PDF holds the title page, every criterion and action, and numbered pages', async () => {
    const { bytes } = await download('pdf')
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-')
    const pdf = await getDocumentProxy(bytes)
    const { totalPages, text } = await extractText(pdf, { mergePages: false })
    const pages = text.map(flat)
    const all = pages.join(' ')
    expect(totalPages).toBeGreaterThanOrEqual(8)

    expect(pages[0]).toContain('Lycée des métiers Test')
    expect(pages[0]).toContain('Année scolaire 2025-2026')
    expect(pages[0]).toContain('Approuvé par le chef d’établissement')
    expect(pages[0]).toContain(
      'Présenté au conseil pédagogique le 29 juin 2026 (enregistré par Karim Benali)',
    )
    expect(pages[0]?.replace(/ /g, '')).toContain(bilan.digest)
    // The table of contents, with the page of each part.
    expect(pages[1]).toMatch(/^Sommaire Vue d’ensemble \d+ /)
    for (const title of EXPECTED) expect(all).toContain(title)
    // The change since last year's bilan, with the arrows in a font that has them.
    expect(all).toContain('Évolution depuis 2024-2025 : ↑ en progrès (En cours → Atteint)')
    expect(all).toContain('↓ en recul (Atteint → En cours)')
    expect(all).toContain('pilote : Karim Benali')
    // Every page after the title page says which it is.
    pages.forEach((page, i) => {
      if (i > 0) expect(page).toContain(`Page ${i + 1} sur ${totalPages}`)
    })
    expect(pages[0]).not.toMatch(/Page \d+ sur/)
  })

  it('[R3] the DOCX holds the same, with a table of contents field, outline levels and page fields', async () => {
    const { bytes } = await download('docx')
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) })
    const all = flat(value)
    expect(all).toContain('Lycée des métiers Test')
    for (const title of EXPECTED) expect(all).toContain(title)
    expect(all).toContain('Évolution depuis 2024-2025 : ↑ en progrès (En cours → Atteint)')

    const files = unzipSync(bytes)
    const document = strFromU8(files['word/document.xml']!)
    // A real TOC field over heading levels 1–2, its entries pointing at the headings' pages.
    expect(document).toMatch(/<w:instrText[^>]*>TOC [^<]*\\o &quot;1-2&quot;/)
    expect(document.match(/<w:instrText[^>]*>PAGEREF _Toc\d+/g)?.length).toBe(12)
    expect(document.match(/<w:pStyle w:val="Heading2"\/>/g)).toHaveLength(8)
    const styles = strFromU8(files['word/styles.xml']!)
    expect(styles).toMatch(/w:styleId="Heading1"[\s\S]*?<w:outlineLvl w:val="0"\/>/)
    const footers = Object.keys(files).filter((name) => /^word\/footer\d+\.xml$/.test(name))
    expect(footers.map((name) => strFromU8(files[name]!)).join('')).toMatch(/NUMPAGES/)
  })

  it('[R4] the ODT is a well-formed ODF package holding the same', async () => {
    const { bytes } = await download('odt')
    // mimetype comes first, stored (method 0), with no extra field, as ODF requires.
    const view = new DataView(bytes.buffer, bytes.byteOffset)
    expect(view.getUint32(0, true)).toBe(0x04034b50)
    expect(view.getUint16(8, true)).toBe(0)
    const nameLength = view.getUint16(26, true)
    const extraLength = view.getUint16(28, true)
    expect(strFromU8(bytes.slice(30, 30 + nameLength))).toBe('mimetype')
    expect(extraLength).toBe(0)
    const start = 30 + nameLength
    expect(strFromU8(bytes.slice(start, start + 39))).toBe('application/vnd.oasis.opendocument.text')

    const files = unzipSync(bytes)
    const manifest = strFromU8(files['META-INF/manifest.xml']!)
    for (const [name, file] of Object.entries(files)) {
      if (name.endsWith('.xml')) expect(XMLValidator.validate(strFromU8(file)), name).toBe(true)
    }
    const parser = new XMLParser({ ignoreAttributes: false })
    const entries = (
      parser.parse(manifest) as {
        'manifest:manifest': { 'manifest:file-entry': Array<Record<string, string>> }
      }
    )['manifest:manifest']['manifest:file-entry'].map((entry) => entry['@_manifest:full-path'])
    expect(entries.sort()).toEqual(['/', 'content.xml', 'meta.xml', 'styles.xml'])
    for (const part of ['content.xml', 'styles.xml', 'meta.xml']) expect(Object.keys(files)).toContain(part)

    const content = strFromU8(files['content.xml']!)
    const text = flat(textOf(new XMLParser({ ignoreAttributes: true }).parse(content)))
    expect(text).toContain('Lycée des métiers Test')
    for (const title of EXPECTED) expect(text).toContain(title)
    expect(content).toContain('<text:table-of-content ')
    expect(content.match(/<text:h [^>]*text:outline-level="2"/g)).toHaveLength(8)
    expect(strFromU8(files['styles.xml']!)).toMatch(/<text:page-number[^>]*>[\s\S]*<text:page-count/)
    expect(strFromU8(files['meta.xml']!)).toContain('<dc:language>fr-FR</dc:language>')
  })

  it('[R5] only members read reports; an unknown format or bilan is not found', async () => {
    const stranger = await signUp(server, 'Personne Extérieure')
    expect((await download('pdf', stranger)).res.status).toBe(404)
    expect((await api(server, `${base()}/${bilan.id}/rapport.xls`, { cookie: reader.cookie })).status).toBe(
      404,
    )
    expect(
      (await api(server, `${base()}/abcdefghijklmnop/rapport.pdf`, { cookie: reader.cookie })).status,
    ).toBe(404)
    expect((await api(server, `${base()}/${bilan.id}/rapport.pdf`)).status).toBe(401)
  })
})

/** Every text node of a parsed XML document, in order. */
function textOf(node: unknown): string {
  if (typeof node === 'string' || typeof node === 'number') return String(node)
  if (Array.isArray(node)) return node.map(textOf).join(' ')
  if (node && typeof node === 'object') return Object.values(node).map(textOf).join(' ')
  return ''
}
