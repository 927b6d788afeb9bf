import { type Job, UnrecoverableError } from 'bullmq'
import { type Api, GrammyError } from 'grammy'
import type { Logger } from 'pino'
import type { Core } from '../../core/index.ts'
import { type I18n, resolveLanguage, type Translate } from '../i18n/index.ts'

export interface NotificationDeps {
  core: Core
  i18n: I18n
  logger: Logger
  /** The partner bot's API; undefined while Telegram is off (nothing can be delivered). */
  telegram?: Api
}

/** A reason code in the partner's language; an unknown code is shown as it is. */
export function reasonText(t: Translate, code: string): string {
  return t(`reasons.${code}` as 'reasons.other', { defaultValue: code.replaceAll('_', ' ') })
}

/** The text of a sanction notice, in the partner's language. */
export function sanctionText(
  t: Translate,
  n: { kind: string; reason: string; note?: string; programName: string; lifted: boolean },
): string {
  const program = n.programName
  const key = n.lifted ? `notify.lifted.${n.kind}` : `notify.sanction.${n.kind}`
  const lines = [t(key as 'notify.sanction.warning', { program, reason: reasonText(t, n.reason) })]
  if (n.note && !n.lifted) lines.push(t('notify.note', { program, note: n.note }))
  return lines.join('\n\n')
}

/** Delivers partner notifications from the `notifications` queue through the Telegram bot. */
export function notificationsProcessor(deps: NotificationDeps) {
  return async (job: Job) => {
    if (job.name !== 'sanction_applied' && job.name !== 'sanction_lifted') {
      throw new UnrecoverableError(`unknown notification ${job.name}`)
    }
    const notice = await deps.core.sanctionNotice(String(job.data.sanctionId))
    if (!notice) return 'gone'
    if (!notice.contact.telegramId) return 'no_telegram'
    if (!deps.telegram) {
      deps.logger.warn({ job: job.id }, 'notification not delivered: Telegram is off')
      return 'telegram_off'
    }
    const t = deps.i18n.t(resolveLanguage(notice.contact.language))
    try {
      await deps.telegram.sendMessage(Number(notice.contact.telegramId), sanctionText(t, notice))
      return 'sent'
    } catch (e) {
      if (e instanceof GrammyError && (e.error_code === 403 || e.error_code === 400)) return 'unreachable'
      throw e // network trouble, 5xx: BullMQ retries with backoff
    }
  }
}
