import type pg from 'pg'
import type { Prisma, PrismaClient } from '../../../generated/prisma/client.ts'
import { suspensionsOf } from '../../domain/codes.ts'
import { NO_CODE, subColumns } from '../../domain/tracking.ts'
import type { ClickStore, NewClick } from '../../ports/click-store.ts'
import { type CodeRecord, DuplicateKeyError, type EnrolmentRecord } from '../../ports/earnings-store.ts'
import type { CodeSummary, PartnerRecord, PartnerStore, PartnerTx } from '../../ports/partner-store.ts'
import { type Announce, announcingTransactions } from '../queue/outbox.ts'
import { unnested, withArrayLiterals } from './group-statements.ts'
import { isUniqueViolation } from './prisma-errors.ts'
import { opt, writeAudit } from './records.ts'

type Tx = Prisma.TransactionClient

/** A buffered click and its place in the batch (which of a visitor's clicks in one batch came first). */
type ClickRow = { c: NewClick; ord: number }
const sub = (i: number) => (r: ClickRow) => subColumns(r.c.subIds)[i]
const clickRows = unnested<ClickRow>([
  ['id', 'uuid', (r) => r.c.id],
  ['code_id', 'uuid', (r) => r.c.codeId],
  ['enrolment_id', 'uuid', (r) => r.c.enrolmentId],
  ['day', 'date', (r) => r.c.day],
  ['at', 'timestamptz', (r) => r.c.at.toISOString()],
  ['ip_hash', 'varchar', (r) => r.c.ipHash ?? null],
  ['country', 'varchar', (r) => r.c.country ?? null],
  ['user_agent', 'varchar', (r) => r.c.userAgent ?? null],
  ['sub1', 'varchar', sub(0)],
  ['sub2', 'varchar', sub(1)],
  ['sub3', 'varchar', sub(2)],
  ['sub4', 'varchar', sub(3)],
  ['sub5', 'varchar', sub(4)],
  ['visitor', 'varchar', (r) => r.c.visitor ?? null],
  ['ord', 'int', (r) => r.ord],
])

/**
 * A batch of clicks in one statement, so one transaction: the visitors' days (a new row is the visitor's first click
 * of the day on the partner's links: a unique click; of a visitor's clicks in the batch, the earliest), the clicks,
 * and their counters in the rollup, summed per row. Rows are written in key order, so concurrent batches (several
 * instances) wait for each other rather than deadlock, and the primary keys keep unique clicks exact.
 */
const INSERT_CLICKS = `WITH input AS (SELECT * FROM ${clickRows.unnest} AS i(${clickRows.names})),
  v AS (
    INSERT INTO click_visitors (enrolment_id, day, visitor)
    SELECT DISTINCT enrolment_id, day, visitor FROM input WHERE visitor IS NOT NULL
    ORDER BY enrolment_id, day, visitor
    ON CONFLICT DO NOTHING RETURNING enrolment_id, day, visitor),
  f AS (
    SELECT i.*, (i.visitor IS NULL OR (v.visitor IS NOT NULL AND row_number() OVER (
             PARTITION BY i.enrolment_id, i.day, i.visitor ORDER BY i.at, i.ord) = 1)) AS first
    FROM input i LEFT JOIN v ON v.enrolment_id = i.enrolment_id AND v.day = i.day AND v.visitor = i.visitor),
  cl AS (
    INSERT INTO clicks (id, code_id, at, ip_hash, country, user_agent, sub1, sub2, sub3, sub4, sub5, visitor,
                        first_of_day)
    SELECT id, code_id, at, ip_hash, country, user_agent, sub1, sub2, sub3, sub4, sub5, visitor, first FROM f)
  INSERT INTO performance_days AS p (enrolment_id, dim, day, code_id, value, currency, clicks, unique_clicks)
  SELECT f.enrolment_id, d.dim, f.day, d.code_id, d.value, '', count(*), count(*) FILTER (WHERE f.first)
  FROM f CROSS JOIN LATERAL (VALUES (''::varchar, f.code_id, ''::varchar), ('sub1', '${NO_CODE}'::uuid, f.sub1),
                                    ('sub2', '${NO_CODE}'::uuid, f.sub2), ('sub3', '${NO_CODE}'::uuid, f.sub3),
                                    ('sub4', '${NO_CODE}'::uuid, f.sub4), ('sub5', '${NO_CODE}'::uuid, f.sub5)
                            ) AS d(dim, code_id, value)
  WHERE d.value IS NOT NULL
  GROUP BY f.enrolment_id, d.dim, f.day, d.code_id, d.value
  ORDER BY f.enrolment_id, d.dim, f.day, d.code_id, d.value
  ON CONFLICT (enrolment_id, dim, day, code_id, value, currency)
  DO UPDATE SET clicks = p.clicks + EXCLUDED.clicks, unique_clicks = p.unique_clicks + EXCLUDED.unique_clicks`

/** A deadlock or serialization failure, as the driver adapter reports it. */
function isRetryable(e: unknown): boolean {
  const text =
    String((e as { message?: string })?.message ?? '') + JSON.stringify((e as { meta?: unknown })?.meta ?? {})
  return (e as { code?: string })?.code === '40P01' || /40P01|40001|deadlock/i.test(text)
}

const partnerRecord = (p: {
  id: string
  name: string | null
  telegramId: bigint | null
  language: string
  legalType: 'individual' | 'company'
  country: string | null
  createdAt: Date
}): PartnerRecord => ({
  id: p.id,
  name: opt(p.name),
  telegramId: opt(p.telegramId),
  language: p.language,
  legalType: p.legalType,
  country: opt(p.country),
  createdAt: p.createdAt,
})

const codeSummary = (c: {
  id: string
  programKey: string
  code: string
  kind: 'link' | 'promo'
  status: 'active' | 'suspended'
  rateOverrideBps: number | null
  campaign: { key: string } | null
}): CodeSummary => ({
  id: c.id,
  programKey: c.programKey,
  code: c.code,
  kind: c.kind,
  campaignKey: c.campaign?.key,
  status: c.status,
  rateOverrideBps: opt(c.rateOverrideBps),
})

async function unique<T>(key: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (e) {
    if (isUniqueViolation(e)) throw new DuplicateKeyError(key)
    throw e
  }
}

function partnerTx(tx: Tx, announce: Announce): PartnerTx {
  return {
    announce,
    async findPartner(id) {
      const p = await tx.partner.findUnique({ where: { id } })
      return p && !p.erasedAt ? partnerRecord(p) : null
    },
    async findPartnerByTelegramId(telegramId) {
      const p = await tx.partner.findUnique({ where: { telegramId } })
      return p && !p.erasedAt ? partnerRecord(p) : null
    },
    createPartner: (p) =>
      unique('partner', async () =>
        partnerRecord(
          await tx.partner.create({
            data: {
              name: p.name,
              telegramId: p.telegramId,
              language: p.language,
              legalType: p.legalType,
              country: p.country,
              createdAt: p.createdAt,
              updatedAt: p.createdAt,
            },
          }),
        ),
      ),
    async lockEnrolments(partnerId) {
      await tx.$queryRaw`SELECT id FROM partners WHERE id = ${partnerId}::uuid FOR NO KEY UPDATE`
      return tx.enrolment.findMany({
        where: { partnerId },
        select: { id: true, programKey: true, status: true, registeredAt: true },
      })
    },
    createEnrolment: (e) =>
      tx.enrolment.create({
        data: {
          partnerId: e.partnerId,
          programKey: e.programKey,
          status: e.status,
          registeredAt: e.registeredAt,
          ownAccountId: e.ownAccountId,
          acceptedTermsAt: e.acceptedTermsAt,
          answers: e.answers ?? {},
          createdAt: e.at,
          updatedAt: e.at,
        },
        select: { id: true, programKey: true, status: true, registeredAt: true },
      }),
    async createCode(c) {
      const campaign = c.campaignKey
        ? await tx.campaign.findUniqueOrThrow({
            where: { programKey_key: { programKey: c.programKey, key: c.campaignKey } },
          })
        : null
      return unique('code', async () =>
        codeSummary(
          await tx.referralCode.create({
            data: {
              code: c.code,
              kind: c.kind,
              programKey: c.programKey,
              enrolmentId: c.enrolmentId,
              campaignId: campaign?.id,
              createdAt: c.at,
            },
            include: { campaign: { select: { key: true } } },
          }),
        ),
      )
    },
    async codes(enrolmentId) {
      const rows = await tx.referralCode.findMany({
        where: { enrolmentId },
        include: { campaign: { select: { key: true } } },
        orderBy: { createdAt: 'asc' },
      })
      return rows.map(codeSummary)
    },
    audit: (a) => writeAudit(tx, a),
  }
}

export function prismaPartnerStore(prisma: PrismaClient, onAnnounced?: () => void): PartnerStore {
  return { transaction: announcingTransactions(prisma, partnerTx, { timeout: 15_000, maxWait: 10_000 }, onAnnounced) }
}

/** A referral code as clicks read it, a row of FIND_CODES. */
interface CodeRow {
  id: string
  code: string
  programKey: string
  status: CodeRecord['status']
  rateOverrideBps: number | null
  validFrom: Date | null
  validUntil: Date | null
  suspensions: unknown
  campaignKey: string | null
  eId: string
  partnerId: string
  eStatus: EnrolmentRecord['status']
  registeredAt: Date
  eRateOverrideBps: number | null
  ownAccountId: string | null
  endsAt: Date | null
}

/** Codes (exactly as written) with their enrolment and campaign, in one statement for any number of them. */
const FIND_CODES = `SELECT rc.id, rc.code, rc.program_key AS "programKey", rc.status::text AS status,
         rc.rate_override_bps AS "rateOverrideBps", rc.valid_from AS "validFrom", rc.valid_until AS "validUntil",
         rc.suspensions, ca.key AS "campaignKey", e.id AS "eId", e.partner_id AS "partnerId", e.status::text AS "eStatus",
         e.registered_at AS "registeredAt", e.rate_override_bps AS "eRateOverrideBps",
         e.own_account_id AS "ownAccountId", e.ends_at AS "endsAt"
  FROM referral_codes rc
  JOIN enrolments e ON e.id = rc.enrolment_id
  LEFT JOIN campaigns ca ON ca.id = rc.campaign_id
  WHERE lower(rc.code) = ANY($1::text[])`

const codeRecord = (r: CodeRow): CodeRecord => ({
  id: r.id,
  code: r.code,
  programKey: r.programKey,
  status: r.status,
  campaignKey: opt(r.campaignKey),
  rateOverrideBps: opt(r.rateOverrideBps),
  validFrom: opt(r.validFrom),
  validUntil: opt(r.validUntil),
  suspensions: suspensionsOf(r.suspensions),
  enrolment: {
    id: r.eId,
    partnerId: r.partnerId,
    programKey: r.programKey,
    status: r.eStatus,
    registeredAt: r.registeredAt,
    rateOverrideBps: opt(r.eRateOverrideBps),
    ownAccountId: opt(r.ownAccountId),
    endsAt: opt(r.endsAt),
  },
})

/**
 * Clicks are the most frequent request: plain statements, without the query builder's per-call work. Codes (read a
 * batch at a time by CodeCache) and click batches go through the pool under Prisma when given (`pool`, as the
 * postbacks' hot path: the driver directly, a prepared statement where the database keeps them, `named`), else
 * through Prisma's raw queries (PGlite).
 */
export function prismaClickStore(
  prisma: PrismaClient,
  direct?: {
    pool: Pick<pg.Pool, 'query'>
    named: boolean
    /** Clicks written (for table-statistics.ts). */
    onInserted?: (rows: number) => void
  },
): ClickStore {
  return {
    async findCodes(written) {
      if (!written.length) return []
      // codes are case-insensitive (codeAsWritten picks among the matches); lower(code) is indexed
      const codes = written.map((c) => c.toLowerCase())
      const rows = direct
        ? (
            await direct.pool.query<CodeRow>({
              ...(direct.named ? { name: 'pa_find_codes' } : {}),
              text: FIND_CODES,
              values: withArrayLiterals([codes]),
            })
          ).rows
        : await prisma.$queryRawUnsafe<CodeRow[]>(FIND_CODES, codes)
      return rows.map(codeRecord)
    },
    async insertClicks(cs) {
      if (!cs.length) return
      for (let attempt = 0; ; attempt++) {
        try {
          const values = clickRows.values(cs.map((c, ord) => ({ c, ord })))
          if (direct) {
            await direct.pool.query({
              ...(direct.named ? { name: 'pa_insert_clicks' } : {}),
              text: INSERT_CLICKS,
              values: withArrayLiterals(values),
            })
            direct.onInserted?.(cs.length)
          } else await prisma.$executeRawUnsafe(INSERT_CLICKS, ...values)
          return
        } catch (e) {
          // concurrent batches take their rows' locks in one order, so a deadlock is not expected; one is tried again
          if (attempt >= 2 || !isRetryable(e)) throw e
        }
      }
    },
  }
}
