import type { DeskCardRecord, PartnerDirectory } from '../ports/partner-directory.ts'
import type { PartnerStore } from '../ports/partner-store.ts'
import { enrolPartner } from '../use-cases/enrol-partner.ts'
import { erasePartner } from '../use-cases/erase-partner.ts'
import { joinCampaigns } from '../use-cases/join-campaigns.ts'
import { findPartner, partnerProfile } from '../use-cases/partner-lookup.ts'
import type { BaseDeps, DeskDeps } from './deps.ts'
import type { UseCase } from './use-case.ts'

/** Partners and their enrolments: joining, who is behind a chat, contact data, erasure, the desk's look-up. */
export interface PartnersModule {
  enrol: UseCase<typeof enrolPartner>
  /** A network partner joins more campaigns (chosen in the bot): a link for each one not joined yet. */
  joinCampaigns: UseCase<typeof joinCampaigns>
  /** The partner behind a Telegram account (the bot's only way to a partner: a chat sees its own data). */
  byTelegram: PartnerDirectory['byTelegram']
  codes: PartnerDirectory['codes']
  contact: PartnerDirectory['contact']
  setTelegramUsername(partnerId: string, username: string | null): Promise<void>
  setLanguage(partnerId: string, language: string): Promise<void>
  /** "Delete my personal data": the partner is pseudonymised; the ledger keeps its totals. */
  erase: UseCase<typeof erasePartner>
  /** A desk card that names the partner was posted: where, so that an erasure can edit it. */
  deskCardPosted(card: Omit<DeskCardRecord, 'at'>): Promise<void>
  deskCard: PartnerDirectory['deskCard']
  /** The desk's partner look-up: by id, @username, Telegram id or code; one profile, or the matches. */
  find: UseCase<typeof findPartner>
  profile: UseCase<typeof partnerProfile>
}

export function createPartners(
  deps: BaseDeps & { partners: PartnerStore; directory: PartnerDirectory; desk: DeskDeps },
): PartnersModule {
  const { directory, clock } = deps
  return {
    enrol: (input) => enrolPartner({ ...deps, partners: deps.partners }, input),
    joinCampaigns: (input) => joinCampaigns(deps, input),
    byTelegram: (telegramId) => directory.byTelegram(telegramId),
    codes: (partnerId) => directory.codes(partnerId),
    contact: (partnerId) => directory.contact(partnerId),
    setTelegramUsername: (partnerId, username) =>
      directory.setTelegramUsername(partnerId, username?.slice(0, 64) ?? null, clock.now()),
    setLanguage: (partnerId, language) => directory.setLanguage(partnerId, language, clock.now()),
    erase: (partnerId) => erasePartner(deps, partnerId),
    deskCardPosted: (card) => directory.recordDeskCard({ ...card, at: clock.now() }),
    deskCard: (kind, subject) => directory.deskCard(kind, subject),
    find: (query) => findPartner(deps.desk, query),
    profile: (partnerId) => partnerProfile(deps.desk, partnerId),
  }
}
