import { existsSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, signUp, uniqueEmail } from '../helpers/accounts.ts'
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts'
import { waitUntil } from '../helpers/wait.ts'

interface Received {
  to: string[]
  raw: string
}

/** Mails go out through SMTP when SMTP_URL is set: a real SMTP server on loopback receives them. */
describe('mail through SMTP', () => {
  const received: Received[] = []
  let smtp: SMTPServer
  let server: ServerProcess

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let raw = ''
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString()))
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw })
          callback()
        })
      },
    })
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve))
    const { port } = smtp.server.address() as AddressInfo
    server = await startServerProcess({
      env: {
        SMTP_URL: `smtp://127.0.0.1:${port}`,
        MAIL_FROM: 'Rouages <rouages@lycee-test.fr>',
        PUBLIC_URL: 'https://rouages.lycee-test.fr',
      },
    })
  })
  afterAll(async () => {
    await server.stop()
    await new Promise<void>((resolve) => smtp.close(resolve))
  })

  it('[M1] sends the confirmation mail with a link to PUBLIC_URL, and nothing to the outbox', async () => {
    await signUp(server, 'Premier compte').catch(() => undefined) // first account: no mail
    const email = uniqueEmail('smtp')
    const res = await api(server, '/auth/signup', {
      body: { email, password: 'un mot de passe solide', displayName: 'Nadia' },
    })
    expect(((await res.json()) as { signedIn: boolean }).signedIn).toBe(false)
    await waitUntil(() => received.some((m) => m.to.includes(email)), { message: 'mail received over SMTP' })
    const mail = received.find((m) => m.to.includes(email))!
    expect(mail.raw).toContain('From: Rouages <rouages@lycee-test.fr>')
    // The text part is quoted-printable: undo soft line breaks and =XX escapes.
    const body = mail.raw
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    expect(body).toMatch(/https:\/\/rouages\.lycee-test\.fr\/confirmer\?token=[a-z2-7]{32}/)
    expect(existsSync(path.join(server.dataDir, 'outbox'))).toBe(false)
  })
})
