import { describe, expect, it } from 'vitest'
import { addMember, ownerWithNotes, type Account } from '../helpers/accounts.ts'
import { drivers } from '../helpers/drivers.ts'
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts'

const PDF = new Uint8Array([
  ...new TextEncoder().encode('%PDF-1.7\n'),
  ...Array.from({ length: 3000 }, (_, i) => i % 256),
  ...new TextEncoder().encode('\n%%EOF'),
])

async function upload(
  server: ServerProcess,
  account: Account,
  etab: string,
  name: string,
  bytes: Uint8Array,
) {
  const form = new FormData()
  form.append('fichier', new File([new Uint8Array(bytes)], name))
  try {
    return await fetch(`${server.url}/api/etablissements/${etab}/fichiers`, {
      method: 'POST',
      headers: { cookie: account.cookie, origin: server.url },
      body: form,
    })
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code
    throw new Error(`upload of ${name} (${bytes.length} bytes) failed: ${cause ?? String(error)}`, {
      cause: error,
    })
  }
}

/** Preuve files go through the storage layer, so they work on every driver. */
describe.each(drivers().map((d) => [d.name, d] as const))('preuve files on %s', (_name, driver) => {
  it('[U1] stores a file and gives it back byte for byte, as a download', async () => {
    const setup = await driver.setup()
    const server = await startServerProcess({
      dataDir: setup.dataDir,
      env: { DATABASE_URL: setup.databaseUrl ?? '', MAX_UPLOAD_BYTES: '100000' },
    })
    try {
      const { account, etablissement } = await ownerWithNotes(server)
      const res = await upload(server, account, etablissement.id, 'Compte rendu CA.pdf', PDF)
      expect(res.status).toBe(201)
      const info = (await res.json()) as { id: string; name: string; contentType: string; size: number }
      expect(info).toMatchObject({
        name: 'Compte rendu CA.pdf',
        contentType: 'application/pdf',
        size: PDF.length,
      })
      const download = await fetch(
        `${server.url}/api/etablissements/${etablissement.id}/fichiers/${info.id}`,
        { headers: { cookie: account.cookie } },
      )
      expect(download.status).toBe(200)
      expect(download.headers.get('content-type')).toBe('application/pdf')
      expect(download.headers.get('content-disposition')).toMatch(
        /^attachment; filename\*=UTF-8''Compte%20rendu%20CA\.pdf/,
      )
      expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.from(PDF))).toBe(true)

      // Limits: just over the size (read in full, then a clean 413), disguised, empty, a reader,
      // another établissement.
      expect(
        (await upload(server, account, etablissement.id, 'gros.pdf', new Uint8Array(100_001).fill(0x25)))
          .status,
      ).toBe(413)
      expect(
        (
          await upload(
            server,
            account,
            etablissement.id,
            'rapport.pdf',
            new TextEncoder().encode('<html><script>alert(1)</script>'),
          )
        ).status,
      ).toBe(415)
      expect((await upload(server, account, etablissement.id, 'script.exe', PDF)).status).toBe(415)
      expect((await upload(server, account, etablissement.id, 'vide.txt', new Uint8Array())).status).toBe(400)
      const reader = await addMember(server, account, etablissement.id, 'reader', 'Lecteur')
      expect(
        (await upload(server, reader, etablissement.id, 'notes.txt', new TextEncoder().encode('bonjour')))
          .status,
      ).toBe(403)
      const readerDownload = await fetch(
        `${server.url}/api/etablissements/${etablissement.id}/fichiers/${info.id}`,
        { headers: { cookie: reader.cookie } },
      )
      expect(readerDownload.status).toBe(200)
      const other = await ownerWithNotes(server)
      const foreign = await fetch(
        `${server.url}/api/etablissements/${other.etablissement.id}/fichiers/${info.id}`,
        { headers: { cookie: other.account.cookie } },
      )
      expect(foreign.status).toBe(404)
    } finally {
      await server.stop()
      await setup.cleanup()
    }
  })
})
