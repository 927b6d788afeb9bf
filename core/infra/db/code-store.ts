import type { Prisma, PrismaClient } from '../../../generated/prisma/client.ts'
import { UUID } from '../../domain/ids.ts'
import type { CodeStore, CodeTx, ManagedCode } from '../../ports/code-store.ts'
import { DuplicateKeyError } from '../../ports/earnings-store.ts'
import { type Announce, announcingTransactions } from '../queue/outbox.ts'
import { suspensionsAfter } from './code-suspensions.ts'
import { isUniqueViolation } from './prisma-errors.ts'
import { lockEnrolmentId, opt, writeAudit } from './records.ts'

type Tx = Prisma.TransactionClient

const include = {
  campaign: { select: { key: true } },
  enrolment: { select: { partnerId: true } },
} as const

type Row = Prisma.ReferralCodeGetPayload<{ include: typeof include }>

const managed = (c: Row): ManagedCode => ({
  id: c.id,
  code: c.code,
  kind: c.kind,
  programKey: c.programKey,
  enrolmentId: c.enrolmentId,
  partnerId: c.enrolment.partnerId,
  campaignKey: c.campaign?.key,
  status: c.status,
  rateOverrideBps: opt(c.rateOverrideBps),
  validFrom: opt(c.validFrom),
  validUntil: opt(c.validUntil),
  createdAt: c.createdAt,
})

function codeTx(tx: Tx, announce: Announce): CodeTx {
  return {
    announce,
    async lockEnrolmentOf(partnerId, programKey) {
      const id = await lockEnrolmentId(tx, partnerId, programKey)
      if (!id) return null
      const e = await tx.enrolment.findUniqueOrThrow({ where: { id }, select: { id: true, status: true } })
      return e
    },
    async codes(enrolmentId) {
      const rows = await tx.referralCode.findMany({ where: { enrolmentId }, include, orderBy: { createdAt: 'asc' } })
      return rows.map(managed)
    },
    async byIssueKey(issueKey) {
      const row = await tx.referralCode.findUnique({ where: { issueKey }, include })
      return row ? managed(row) : null
    },
    async taken(programKey, code) {
      // the exact code is unique in the whole service (a postback's ref names no program), and unique regardless
      // of case in the program (the expression index referral_codes_program_key_lower_code_key)
      const rows = await tx.$queryRaw<{ n: number }[]>`
        SELECT 1 AS n FROM referral_codes WHERE code = ${code}
        UNION ALL
        SELECT 1 FROM referral_codes WHERE program_key = ${programKey} AND lower(code) = lower(${code})
        LIMIT 1`
      return rows.length > 0
    },
    async insertCode(c) {
      try {
        const row = await tx.referralCode.create({
          data: {
            code: c.code,
            kind: c.kind,
            programKey: c.programKey,
            enrolmentId: c.enrolmentId,
            rateOverrideBps: c.rateOverrideBps,
            validFrom: c.validFrom,
            validUntil: c.validUntil,
            issueKey: c.issueKey,
            createdAt: c.at,
          },
          include,
        })
        return managed(row)
      } catch (e) {
        if (isUniqueViolation(e)) throw new DuplicateKeyError('code')
        throw e
      }
    },
    async lockCode(programKey, code, lock) {
      const rows = lock
        ? await tx.$queryRaw<{ id: string }[]>`
            SELECT id FROM referral_codes WHERE program_key = ${programKey} AND lower(code) = lower(${code})
            FOR NO KEY UPDATE`
        : await tx.$queryRaw<{ id: string }[]>`
            SELECT id FROM referral_codes WHERE program_key = ${programKey} AND lower(code) = lower(${code})`
      const id = rows[0]?.id
      if (!id) return null
      return managed(await tx.referralCode.findUniqueOrThrow({ where: { id }, include }))
    },
    async setStatus(id, from, to, at) {
      // suspended on its own: a sanction's lift leaves it suspended (ledger-store setCodesStatus)
      const suspendedBy = to === 'suspended' ? 'single' : null
      const changed = await tx.$executeRaw`
        UPDATE referral_codes SET status = ${to}::"CodeStatus", suspended_by = ${suspendedBy},
                                  suspensions = ${suspensionsAfter(to, at)}
        WHERE id = ${id}::uuid AND status = ${from}::"CodeStatus"`
      return changed === 1
    },
    async codesSanctioned(enrolmentId) {
      const n = await tx.sanction.count({ where: { enrolmentId, kind: 'suspend_codes', liftedAt: null } })
      return n > 0
    },
    audit: (a) => writeAudit(tx, a),
  }
}

export function prismaCodeStore(prisma: PrismaClient, onAnnounced?: () => void): CodeStore {
  return {
    transaction: announcingTransactions(prisma, codeTx, { timeout: 15_000, maxWait: 10_000 }, onAnnounced),
    async byId(id) {
      if (!UUID.test(id)) return null
      const row = await prisma.referralCode.findUnique({ where: { id }, include })
      return row ? managed(row) : null
    },
    async ofPartner(partnerId, programKey) {
      if (!UUID.test(partnerId)) return []
      const rows = await prisma.referralCode.findMany({
        where: { enrolment: { partnerId }, ...(programKey ? { programKey } : {}) },
        include,
        orderBy: [{ programKey: 'asc' }, { createdAt: 'asc' }],
      })
      return rows.map(managed)
    },
    async enrolled(partnerId, programKey) {
      if (!UUID.test(partnerId)) return false
      return (await prisma.enrolment.count({ where: { partnerId, programKey } })) > 0
    },
  }
}
