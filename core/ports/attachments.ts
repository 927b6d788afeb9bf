import type { Attachment } from '../domain/disputes.ts'

/** A file attached to a dispute, as read from where it was sent. */
export interface AttachmentFile {
  name: string
  mime?: string
  bytes: Uint8Array
}

/**
 * Where the files of one surface can be read (Telegram: what partners send; Slack: what support attaches), so
 * the other surface can copy them without its credentials. `fetch` fails when the file cannot be read (gone,
 * too large, the surface not answering).
 */
export interface AttachmentSource {
  readonly source: Attachment['source']
  fetch(ref: Attachment): Promise<AttachmentFile>
}
