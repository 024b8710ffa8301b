import { strFromU8, unzipSync } from 'fflate'
import { Hono } from 'hono'
import { afterAll, describe, expect, it } from 'vitest'
import type { Report } from '@rouages/shared/report/model'
import { errorHandler } from '../http/errors.ts'
import { createLogger } from '../logger.ts'
import { renderReport, type ReportFormat } from './bilan-reports.ts'
import { closeRenderPool } from './render-pool.ts'

const REPORT: Report = {
  meta: { title: 'Essai', subject: 'Rapport', author: 'Rouages', language: 'fr-FR', keywords: [] },
  titlePage: {
    kicker: 'Rapport annuel',
    etablissement: 'Lycée Jean Jaurès',
    etablissementDetails: 'UAI 0691234A — Académie de Lyon',
    schoolYear: 'Année scolaire 2025-2026',
    bilanName: 'Bilan de juin',
    facts: [{ label: 'Figé le', value: '25 juin 2026' }],
  },
  tocTitle: 'Sommaire',
  toc: [{ id: 'vue', level: 1, text: 'Vue d’ensemble' }],
  sections: [
    {
      id: 'vue',
      level: 1,
      heading: 'Vue d’ensemble',
      blocks: [{ type: 'paragraph', runs: [{ text: 'Critère 1 : ↑ en progrès' }] }],
      sections: [],
    },
  ],
  footer: 'Lycée Jean Jaurès',
}
/** Breaks every renderer: they walk the sections. */
const BROKEN = { ...REPORT, sections: null } as unknown as Report

/** A route as the server's: its errors go through the one error handler. */
function app() {
  return new Hono().onError(errorHandler(createLogger('silent'))).get('/:format', async (c) => {
    const format = c.req.param('format') as ReportFormat
    const file = await renderReport(c.req.query('broken') ? BROKEN : REPORT, format, 'essai')
    return c.body(file.bytes, 200, { 'content-type': file.mime })
  })
}

describe('reports rendered on the worker thread', () => {
  afterAll(closeRenderPool)

  it('hands back each format’s bytes, whole', async () => {
    const pdf = await renderReport(REPORT, 'pdf', 'essai')
    expect(new TextDecoder().decode(pdf.bytes.slice(0, 5))).toBe('%PDF-')
    expect(pdf.bytes.byteLength).toBe(pdf.bytes.buffer.byteLength)
    const odt = await renderReport(REPORT, 'odt', 'essai')
    expect(strFromU8(unzipSync(odt.bytes).mimetype!)).toBe(odt.mime)
    expect(odt.fileName).toBe('essai.odt')
  })

  it('turns a render that throws into the API’s French 500, and keeps rendering afterwards', async () => {
    const server = app()
    for (const format of ['pdf', 'docx', 'odt']) {
      const failed = await server.request(`/${format}?broken=1`)
      expect(failed.status).toBe(500)
      expect(await failed.json()).toEqual({
        error: { status: 500, code: 'internal', message: 'Erreur interne du serveur' },
      })
      const next = await server.request(`/${format}`)
      expect(next.status).toBe(200)
      expect((await next.arrayBuffer()).byteLength).toBeGreaterThan(1000)
    }
  })

  it('starts a new thread for the next report once closed', async () => {
    await closeRenderPool()
    const docx = await renderReport(REPORT, 'docx', 'essai')
    expect(strFromU8(unzipSync(docx.bytes)['word/document.xml']!)).toContain('Lycée Jean Jaurès')
  })
})
