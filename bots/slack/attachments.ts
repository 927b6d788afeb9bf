import type { WebClient } from '@slack/web-api'
import type { AttachmentSource } from '../../core/ports/attachments.ts'

const DOWNLOAD_TIMEOUT_MS = 60_000

/** The files support attaches to a dispute reply in Slack, read with the desk's token (which stays here). */
export function slackFiles(client: WebClient): AttachmentSource {
  return {
    source: 'slack',
    async fetch(ref) {
      if (ref.source !== 'slack') throw new Error(`not a Slack file: ${ref.source}`)
      const info = await client.files.info({ file: ref.fileId })
      const url = info.file?.url_private_download ?? info.file?.url_private
      if (!url) throw new Error('no download url')
      const res = await fetch(url, {
        headers: { authorization: `Bearer ${client.token}` },
        signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS),
      })
      if (!res.ok) throw new Error(`slack file download failed: ${res.status}`)
      return {
        name: ref.name ?? info.file?.name ?? 'file',
        mime: ref.mime ?? info.file?.mimetype,
        bytes: new Uint8Array(await res.arrayBuffer()),
      }
    },
  }
}
