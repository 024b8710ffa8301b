import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { createTransport } from 'nodemailer'
import type { Logger } from '../logger.ts'

export interface Mail {
  to: string
  subject: string
  text: string
  /** The link the mail carries, logged when mails go to the outbox. */
  link?: string
}

export interface Mailer {
  send(mail: Mail): Promise<void>
}

/** Sends through SMTP when SMTP_URL is set; otherwise writes to DATA_DIR/outbox and logs the link. */
export function createMailer(options: {
  smtpUrl: string | undefined
  from: string
  dataDir: string
  log: Logger
}): Mailer {
  if (options.smtpUrl) {
    const transport = createTransport(options.smtpUrl)
    return {
      async send(mail) {
        await transport.sendMail({ from: options.from, to: mail.to, subject: mail.subject, text: mail.text })
      },
    }
  }
  const outbox = path.join(options.dataDir, 'outbox')
  return {
    async send(mail) {
      await mkdir(outbox, { recursive: true })
      const file = path.join(
        outbox,
        `${new Date().toISOString().replace(/[:.]/g, '-')}-${crypto.randomUUID()}.eml`,
      )
      const body = [
        `From: ${options.from}`,
        `To: ${mail.to}`,
        `Subject: ${mail.subject}`,
        '',
        mail.text,
        '',
      ].join('\n')
      await writeFile(file, body, 'utf8')
      options.log.info(
        { to: mail.to, subject: mail.subject, link: mail.link, file },
        'mail written to the outbox',
      )
    },
  }
}
