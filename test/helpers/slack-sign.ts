import crypto from 'node:crypto'
/** POST a body signed exactly like Slack does (v0 HMAC-SHA256 of `v0:{ts}:{body}`). */
export async function postSigned(
  url: string,
  secret: string,
  body: string,
  contentType: string,
  opts: { ts?: number; badSig?: boolean } = {},
) {
  const ts = opts.ts ?? Math.floor(Date.now() / 1000)
  const sig =
    'v0=' +
    crypto
      .createHmac('sha256', opts.badSig ? 'wrong-secret' : secret)
      .update(`v0:${ts}:${body}`)
      .digest('hex')
  const res = await fetch(url, {
    method: 'POST',
    body,
    headers: { 'content-type': contentType, 'x-slack-signature': sig, 'x-slack-request-timestamp': String(ts) },
  })
  return { status: res.status, text: await res.text() }
}
export const form = (o: Record<string, string>) => new URLSearchParams(o).toString()
export const interactive = (payload: unknown) => form({ payload: JSON.stringify(payload) })
