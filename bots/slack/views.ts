import type { ModalView } from '@slack/types'
import { clipText, SLACK_LIMITS } from './limits.ts'

/** Slack's plain text, cut to a length Slack accepts (buttons and options 75 by default; see limits.ts). */
export const plain = (text: string, max: number = SLACK_LIMITS.buttonText) => ({
  type: 'plain_text' as const,
  text: clipText(text, max),
})

/** A modal view: its metadata as JSON, its title and buttons within Slack's limits. */
export function modal(v: {
  callbackId?: string
  metadata?: unknown
  title: string
  submit?: string
  close: string
  blocks: ModalView['blocks']
}): ModalView {
  return {
    type: 'modal',
    ...(v.callbackId ? { callback_id: v.callbackId } : {}),
    ...(v.metadata === undefined ? {} : { private_metadata: JSON.stringify(v.metadata) }),
    title: plain(v.title, SLACK_LIMITS.modalTitle),
    ...(v.submit === undefined ? {} : { submit: plain(v.submit, SLACK_LIMITS.modalSubmit) }),
    close: plain(v.close, SLACK_LIMITS.modalClose),
    blocks: v.blocks,
  }
}
