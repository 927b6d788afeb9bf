import type { KnownBlock } from '@slack/types'
import { RESTORABLE } from '../../../core/use-cases/restore-commission.ts'
import { minorText } from '../../i18n/format.ts'
import type { Translate } from '../../i18n/index.ts'
import { plain } from '../views.ts'

/** What the uphold modal knows of the disputed item. */
interface Item {
  subject?: string
  status?: string
  amountMinor?: bigint
  /** What restoring would give back (after a partial refund, less than the commission). */
  restorableMinor?: bigint
  /** The penalty charged with it that the restore returns too. */
  penaltyMinor?: bigint
  currency?: string
}

/**
 * Upholding a dispute about a refused, reversed or annulled commission can restore it: the checkbox that does
 * (core/use-cases/restore-commission.ts). Read back by `restoreChosen`.
 */
export function restoreBlocks(
  { t, language }: { t: Translate; language: string },
  mode: string,
  item: Item | undefined,
): KnownBlock[] {
  if (mode !== 'upheld' || item?.subject !== 'commission' || !RESTORABLE.includes(item.status as never)) return []
  // nothing to give back (the restore would be refused): no checkbox
  const back = item.restorableMinor ?? item.amountMinor
  if (back !== undefined && back <= 0n) return []
  const money = (minor: bigint | undefined) =>
    minor !== undefined && item.currency ? minorText(language, { minor, currency: item.currency }) : ''
  const amount = money(back)
  // a substandard action's penalty comes back with it: the operator sees both before ticking
  const penalty = item.penaltyMinor && item.penaltyMinor > 0n ? money(item.penaltyMinor) : undefined
  return [
    {
      type: 'input',
      block_id: 'restore',
      optional: true,
      label: plain(t('adjustments.desk.restore_label'), 2000),
      element: {
        type: 'checkboxes',
        action_id: 'restore',
        options: [
          {
            value: 'restore',
            text: plain(
              penalty
                ? t('adjustments.desk.restore_with_penalty', { amount, penalty })
                : t('adjustments.desk.restore', { amount }),
            ),
          },
        ],
      },
    },
  ]
}

/** True when the uphold modal's restore checkbox was ticked. */
export const restoreChosen = (values: Record<string, Record<string, { selected_options?: { value: string }[] }>>) =>
  (values.restore?.restore?.selected_options ?? []).some((o) => o.value === 'restore')
