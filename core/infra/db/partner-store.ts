import type { Prisma, PrismaClient } from '../../../generated/prisma/client.ts'
import type { ClickStore } from '../../ports/click-store.ts'
import { DuplicateKeyError } from '../../ports/earnings-store.ts'
import type { CodeSummary, PartnerRecord, PartnerStore, PartnerTx } from '../../ports/partner-store.ts'
import { isUniqueViolation } from './prisma-errors.ts'
import { CODE_INCLUDE, codeRecord, opt, writeAudit } from './records.ts'

type Tx = Prisma.TransactionClient

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

function partnerTx(tx: Tx): PartnerTx {
  return {
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

export function prismaPartnerStore(prisma: PrismaClient): PartnerStore {
  return { transaction: (fn) => prisma.$transaction((tx) => fn(partnerTx(tx)), { timeout: 15_000, maxWait: 10_000 }) }
}

export function prismaClickStore(prisma: PrismaClient): ClickStore {
  return {
    async findCode(code) {
      const c = await prisma.referralCode.findUnique({ where: { code }, include: CODE_INCLUDE })
      return c && codeRecord(c)
    },
    async insertClick(c) {
      const row = await prisma.click.create({ data: c, select: { id: true } })
      return row.id.toString()
    },
  }
}
