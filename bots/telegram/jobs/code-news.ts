import type { ManagedCode } from '../../../core/ports/code-store.ts'
import type { ProgramDefinition } from '../../../core/programs/definition.ts'
import { programName } from '../../../core/programs/names.ts'
import type { Translate } from '../../i18n/index.ts'
import { codeTermLines } from '../../shared/code-terms.ts'

/** The partner's notice of a code issued, suspended or reinstated by the program's team, in their language. */
export function codeNewsText(
  t: Translate,
  language: string,
  c: ManagedCode,
  program: ProgramDefinition | undefined,
  news: 'issued' | 'suspended' | 'reinstated',
): string {
  const base = { program: programName(program, language, c.programKey), code: c.code }
  if (news !== 'issued') return t(`codes.notify.${news}`, base)
  return [
    t(c.kind === 'promo' ? 'codes.notify.issued_promo' : 'codes.notify.issued_link', base),
    ...codeTermLines(t, language, c, program?.timeZone ?? 'UTC'),
    t('codes.notify.see_link'),
  ].join('\n')
}
