import type { Api } from 'grammy'
import type { AttachmentSource } from '../../core/ports/attachments.ts'

/** How long a Telegram file may take to download before it is reported as not copied. */
const DOWNLOAD_TIMEOUT_MS = 60_000

/**
 * The files partners send the bot, read through the Bot API (its token stays here). A file over the Bot API's
 * 20 MB, or gone, fails the fetch.
 */
export function telegramFiles(api: Api): AttachmentSource {
  return {
    source: 'telegram',
    async fetch(ref) {
      if (ref.source !== 'telegram') throw new Error(`not a Telegram file: ${ref.source}`)
      const file = await api.getFile(ref.fileId)
      if (!file.file_path) throw new Error('no file path')
      const root = api.options?.apiRoot ?? 'https://api.telegram.org'
      const res = await fetch(`${root}/file/bot${api.token}/${file.file_path}`, {
        signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS),
      })
      if (!res.ok) throw new Error(`download failed: ${res.status}`)
      return {
        name: ref.name ?? file.file_path.split('/').pop() ?? 'file',
        mime: ref.mime,
        bytes: new Uint8Array(await res.arrayBuffer()),
      }
    },
  }
}
