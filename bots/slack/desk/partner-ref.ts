import type { Core } from '../../../core/index.ts'
import type { Translate } from '../../i18n/index.ts'
import { HOME_ACTIONS } from '../actions.ts'
import { whoOf } from '../listeners/partners-view.ts'
import { plain } from '../views.ts'

/**
 * A partner as the desk reads them: their name and @username as the partner card shows it, never their id (an
 * unknown or erased partner reads as such). One look-up of the profile, for messages sent once per action.
 */
export async function partnerWho(core: Core, t: Translate, partnerId: string): Promise<string> {
  const p = await core.partners.profile(partnerId).catch(() => undefined)
  return p ? whoOf(t, p) : t('finance.card.unnamed')
}

/** The button that opens the partner's card for the viewer (as a direct message; listeners/home.ts). */
export const openPartnerButton = (t: Translate, partnerId: string, programKey: string) => ({
  type: 'button' as const,
  action_id: HOME_ACTIONS.openPartner.id,
  text: plain(t('desk.open_partner')),
  value: HOME_ACTIONS.openPartner.encode({ partnerId, programKey }),
})
