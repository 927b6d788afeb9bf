import type { WebClient } from '@slack/web-api'
import type { AttachmentSource } from '../../core/ports/attachments.ts'

const DOWNLOAD_TIMEOUT_MS = 60_000
/** The largest file a bot may send through the Bot API (50 MB): a larger one is never downloaded. */
export const TELEGRAM_MAX_FILE_BYTES = 50 * 1024 * 1024

/** The file a partner cannot receive in Telegram: too large to send. */
export class FileTooLargeError extends Error {
  constructor(readonly bytes: number) {
    super(`file of ${bytes} bytes is over the ${TELEGRAM_MAX_FILE_BYTES} bytes Telegram accepts from a bot`)
    this.name = 'FileTooLargeError'
  }
}

/** The body read up to `max` bytes: a larger one (its declared size wrong or missing) stops the download. */
export async function readCapped(res: Response, max: number): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length'))
  if (declared > max) throw new FileTooLargeError(declared)
  const chunks: Uint8Array[] = []
  let total = 0
  for await (const chunk of res.body ?? []) {
    total += chunk.length
    if (total > max) throw new FileTooLargeError(total)
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

/** The files support attaches to a dispute reply in Slack, read with the desk's token (which stays here). */
export function slackFiles(client: WebClient): AttachmentSource {
  return {
    source: 'slack',
    async fetch(ref) {
      if (ref.source !== 'slack') throw new Error(`not a Slack file: ${ref.source}`)
      // a file Telegram would refuse is not downloaded at all (Slack takes files of a gigabyte and more)
      if ((ref.size ?? 0) > TELEGRAM_MAX_FILE_BYTES) throw new FileTooLargeError(ref.size!)
      const info = await client.files.info({ file: ref.fileId })
      if ((info.file?.size ?? 0) > TELEGRAM_MAX_FILE_BYTES) throw new FileTooLargeError(info.file!.size!)
      const url = info.file?.url_private_download ?? info.file?.url_private
      if (!url) throw new Error('no download url')
      const controller = new AbortController()
      const timer = setTimeout(() => controller.abort(), DOWNLOAD_TIMEOUT_MS)
      try {
        const res = await fetch(url, {
          headers: { authorization: `Bearer ${client.token}` },
          signal: controller.signal,
        })
        if (!res.ok) throw new Error(`slack file download failed: ${res.status}`)
        return {
          name: ref.name ?? info.file?.name ?? 'file',
          mime: ref.mime ?? info.file?.mimetype,
          bytes: await readCapped(res, TELEGRAM_MAX_FILE_BYTES),
        }
      } finally {
        clearTimeout(timer)
        controller.abort()
      }
    },
  }
}
