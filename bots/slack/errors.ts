import type { Logger } from 'pino'
import { isDomainError } from '../../core/domain/errors.ts'
import { errorText, type ProgramNames } from '../i18n/errors.ts'
import type { Language, Translate } from '../i18n/index.ts'
import { isSlackUnavailable, slackErrorSummary } from './web-client.ts'

/** Text from a request, safe in Slack mrkdwn (no links or mentions can be formed from it). */
const mrkdwnSafe = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')

/**
 * What an agent reads when a desk action fails, as an ephemeral text or a modal's field error: a refusal from core
 * in the catalogue's words (locales/<lng>/errors.json) in the agent's language; Slack itself not answering, said so;
 * programs by their names in that language; anything else logged with its context and answered with an apology.
 */
export function deskErrorText(
  { logger, core }: { logger: Logger; core: { programs: ProgramNames } },
  t: Translate,
  language: Language,
  e: unknown,
  context: Record<string, unknown>,
): string {
  if (isSlackUnavailable(e)) {
    logger.warn({ ...slackErrorSummary(e), ...context }, 'slack: Slack did not answer; the user is told')
    return t('desk.slack_unavailable')
  }
  if (!isDomainError(e)) {
    logger.error({ err: e, ...context }, 'slack: desk action failed')
    return t('desk.unexpected')
  }
  if (e.code === 'service.unavailable') logger.warn({ err: e, ...context }, 'slack: a dependency is unavailable')
  else logger.info({ code: e.code, ...context }, 'slack: refused by a rule')
  return errorText(t, e, { audience: 'general', language, escape: mrkdwnSafe, programs: core.programs })
}
