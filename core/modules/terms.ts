import type { TermsStore } from '../ports/terms-store.ts'
import { endAgreementsDue } from '../use-cases/agreements.ts'
import { type BroadcastPump, broadcastPump } from '../use-cases/broadcast-pump.ts'
import { broadcastProgress, broadcastReportCsv, controlBroadcast } from '../use-cases/broadcasts.ts'
import { comingTerms, partnerTerms } from '../use-cases/partner-terms.ts'
import type { RuleVersions } from '../use-cases/rule-versions.ts'
import {
  answerTerms,
  draftTerms,
  previewObjection,
  publishTerms,
  type TermsDeps,
  termsDraftView,
} from '../use-cases/terms.ts'
import type { UseCase } from './use-case.ts'

type DraftView = Awaited<ReturnType<typeof termsDraftView>>

/** Terms versions, their broadcast to every partner, answers (acknowledged, objected) and agreement endings. */
export interface TermsModule {
  draft: UseCase<typeof draftTerms>
  publish: UseCase<typeof publishTerms>
  version(id: string): Promise<DraftView | null>
  versions(programKey: string): Promise<DraftView[]>
  /** The raw version (texts per language) for rendering a broadcast message. */
  record: TermsStore['version']
  neededLanguages: TermsStore['neededLanguages']
  deliveryStatus: TermsStore['deliveryStatus']
  activePartners: TermsStore['activePartners']
  /** At start-up: every published commission change becomes part of the rules from its effective date. */
  loadAmendments(): Promise<number>
  answer: UseCase<typeof answerTerms>
  /** What objecting would do now (whether it ends the agreement), before the partner confirms it. */
  previewObjection: UseCase<typeof previewObjection>
  forPartner: UseCase<typeof partnerTerms>
  /** Published changes not in force yet, for someone joining now. */
  coming: UseCase<typeof comingTerms>
  /** Agreements ending today (a worksection objection): ended, and each partner told. */
  endAgreementsDue(): Promise<number>
  controlBroadcast: UseCase<typeof controlBroadcast>
  broadcastProgress: UseCase<typeof broadcastProgress>
  broadcastReportCsv: UseCase<typeof broadcastReportCsv>
  broadcasts: TermsStore['broadcasts']
  /** The broadcast pump's side: claim, finish, recover, and the partners Telegram says are gone. */
  pump: BroadcastPump
}

export function createTerms(deps: TermsDeps & { rules: RuleVersions }): TermsModule {
  const store = deps.terms
  return {
    draft: (input) => draftTerms(deps, input),
    publish: (input) => publishTerms(deps, input),
    version: async (id) => {
      const v = await store.version(id)
      return v && termsDraftView(deps, v)
    },
    versions: async (programKey) => Promise.all((await store.versions(programKey)).map((v) => termsDraftView(deps, v))),
    record: (id) => store.version(id),
    neededLanguages: (programKey) => store.neededLanguages(programKey),
    deliveryStatus: (versionId, partnerId) => store.deliveryStatus(versionId, partnerId),
    activePartners: (programKey) => store.activePartners(programKey),
    loadAmendments: () => deps.rules.load(),
    answer: (input) => answerTerms(deps, input),
    previewObjection: (input) => previewObjection(deps, input),
    forPartner: (partnerId, programKeys, language) => partnerTerms(deps, partnerId, programKeys, language),
    coming: (programKey, language) => comingTerms(deps, programKey, language),
    endAgreementsDue: () => endAgreementsDue(deps),
    controlBroadcast: async (input) => {
      const b = await controlBroadcast(deps, input)
      // a withdrawn change is no rule from now on, in this process at once (others at their next read of the rules)
      if (b.withdrawn) await deps.rules.load()
      return b
    },
    broadcastProgress: (id) => broadcastProgress(deps, id),
    broadcastReportCsv: (id) => broadcastReportCsv(deps, id),
    broadcasts: (programKey) => store.broadcasts(programKey),
    pump: broadcastPump(deps),
  }
}
