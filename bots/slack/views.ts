import type { ModalView } from '@slack/types'

/** Slack's plain text, cut to a length Slack accepts (modal titles 24, buttons 75, labels 2000). */
export const plain = (text: string, max = 75) => ({
  type: 'plain_text' as const,
  text: text.length > max ? `${text.slice(0, max - 1)}…` : text,
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
    title: plain(v.title, 24),
    ...(v.submit === undefined ? {} : { submit: plain(v.submit) }),
    close: plain(v.close),
    blocks: v.blocks,
  }
}
