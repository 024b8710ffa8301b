import type { Kysely } from 'kysely'
import type { Share, ShareCreateInput } from '@rouages/shared/api/bilans'
import type { WorkspaceSnapshot } from '@rouages/shared/workspace/snapshot'
import { workspaceDocumentName } from '@rouages/shared/document-names'
import { generateId, generateToken, hashToken } from '../auth/tokens.ts'
import type { SessionUser } from '../auth/sessions.ts'
import { apiError } from '../http/errors.ts'
import type { Database } from '../storage/schema.ts'
import type { AuditTrail } from './audit.ts'
import type { Bilans } from './bilans.ts'

const DAY_MS = 86_400_000

/**
 * Read-only links to one bilan (E6) for academy advisers and CA members without an account: a
 * secret token (only its hash is stored), an expiry, revocation. A link opens that version only.
 */
export class BilanShares {
  readonly #d: { db: Kysely<Database>; audit: AuditTrail; bilans: Bilans; now: () => Date }

  constructor(deps: { db: Kysely<Database>; audit: AuditTrail; bilans: Bilans; now: () => Date }) {
    this.#d = deps
  }

  async create(
    user: SessionUser,
    etablissementId: string,
    schoolYear: string,
    bilanId: string,
    input: Required<ShareCreateInput>,
    baseUrl: string,
  ): Promise<Share & { link: string }> {
    const bilan = await this.#d.bilans.get(etablissementId, schoolYear, bilanId)
    const token = generateToken()
    const id = generateId()
    const now = this.#d.now()
    const expiresAt = new Date(now.getTime() + input.expiresInDays * DAY_MS).toISOString()
    await this.#d.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('bilan_share')
        .values({
          id,
          token_hash: hashToken(token),
          bilan_id: bilanId,
          label: input.label,
          created_by: user.id,
          created_at: now.toISOString(),
          expires_at: expiresAt,
          revoked_at: null,
        })
        .execute()
      await this.#d.audit.record(
        {
          etablissementId,
          actorId: user.id,
          action: 'bilan.shared',
          target: workspaceDocumentName(etablissementId, schoolYear),
          details: { bilanId, name: bilan.name, shareId: id, label: input.label, expiresAt },
        },
        trx,
      )
    })
    return {
      id,
      label: input.label,
      createdBy: user.displayName,
      createdAt: now.toISOString(),
      expiresAt,
      revokedAt: null,
      link: `${baseUrl}/partage/${token}`,
    }
  }

  async list(etablissementId: string, schoolYear: string, bilanId: string): Promise<Share[]> {
    await this.#d.bilans.get(etablissementId, schoolYear, bilanId)
    const rows = await this.#d.db
      .selectFrom('bilan_share')
      .innerJoin('app_user', 'app_user.id', 'bilan_share.created_by')
      .select([
        'bilan_share.id',
        'label',
        'display_name',
        'bilan_share.created_at',
        'expires_at',
        'revoked_at',
      ])
      .where('bilan_id', '=', bilanId)
      .orderBy('bilan_share.created_at', 'desc')
      .execute()
    return rows.map((row) => ({
      id: row.id,
      label: row.label,
      createdBy: row.display_name,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      revokedAt: row.revoked_at,
    }))
  }

  async revoke(
    user: SessionUser,
    etablissementId: string,
    schoolYear: string,
    bilanId: string,
    shareId: string,
  ) {
    const bilan = await this.#d.bilans.get(etablissementId, schoolYear, bilanId)
    const result = await this.#d.db
      .updateTable('bilan_share')
      .set({ revoked_at: this.#d.now().toISOString() })
      .where('id', '=', shareId)
      .where('bilan_id', '=', bilanId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst()
    if (Number(result.numUpdatedRows) === 0)
      throw apiError(404, 'not-found', 'Lien introuvable ou déjà révoqué.')
    await this.#d.audit.record({
      etablissementId,
      actorId: user.id,
      action: 'bilan.share-revoked',
      target: workspaceDocumentName(etablissementId, schoolYear),
      details: { bilanId, name: bilan.name, shareId },
    })
  }

  /** What a link opens, if it is still valid; the same answer for unknown, expired and revoked. */
  async open(token: string) {
    const row = await this.#d.db
      .selectFrom('bilan_share')
      .innerJoin('bilan', 'bilan.id', 'bilan_share.bilan_id')
      .innerJoin('etablissement', 'etablissement.id', 'bilan.etablissement_id')
      .select([
        'bilan.id as bilanId',
        'bilan.school_year',
        'bilan.etablissement_id',
        'etablissement.name',
        'etablissement.uai',
        'etablissement.academie',
        'bilan_share.expires_at',
        'bilan_share.revoked_at',
      ])
      .where('token_hash', '=', hashToken(token))
      .executeTakeFirst()
    if (!row || row.revoked_at !== null || row.expires_at <= this.#d.now().toISOString())
      throw apiError(404, 'not-found', 'Ce lien de partage n’existe pas, a expiré ou a été révoqué.')
    const [bilan, snapshot] = await Promise.all([
      this.#d.bilans.get(row.etablissement_id, row.school_year, row.bilanId),
      this.#d.bilans.snapshot(row.etablissement_id, row.school_year, row.bilanId),
    ])
    return {
      etablissement: { name: row.name, uai: row.uai, academie: row.academie },
      bilan,
      expiresAt: row.expires_at,
      snapshot: snapshot satisfies WorkspaceSnapshot,
      people: await this.#pilotes(row.etablissement_id, snapshot),
    }
  }

  /**
   * The names of the pilotes the version's actions name, and no one else's: a reader without an
   * account sees who leads each action, not the team's list. Someone who has left the établissement
   * is not named (the page says "ancien membre", like the reports).
   */
  async #pilotes(etablissementId: string, snapshot: WorkspaceSnapshot): Promise<Record<string, string>> {
    const ids = [...new Set(snapshot.actions.flatMap((action) => (action.pilote ? [action.pilote] : [])))]
    if (ids.length === 0) return {}
    const rows = await this.#d.db
      .selectFrom('membership')
      .innerJoin('app_user', 'app_user.id', 'membership.user_id')
      .select(['app_user.id', 'app_user.display_name'])
      .where('membership.etablissement_id', '=', etablissementId)
      .where('app_user.id', 'in', ids)
      .execute()
    return Object.fromEntries(rows.map((person) => [person.id, person.display_name]))
  }
}
