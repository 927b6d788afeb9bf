// The Mini App's data calls: GET /app/api/* with `Authorization: tma <initData>` (contract section 7, the Mini App
// contract's data routes), never a cookie.

import type { balanceJson, disputeJson, funnelJson, linkJson, payoutJson, StatementLine } from '../views.ts'

export interface Amount {
  currency: string
  amount: string
}
export interface Program {
  key: string
  name: string
  status: string
  timeZone: string
  currencies: string[]
  attribution: 'link' | 'promo' | 'campaign_link'
  approved: boolean
  /** It pays a one-time reward per client: "reward", not "commission". */
  reward: boolean
}
export interface Me {
  partnerId: string
  name: string
  language: string
  /** The program the API answers for when none is named (the first approved): the page opens on it. */
  defaultProgram?: string
  programs: Program[]
}
export type Funnel = ReturnType<typeof funnelJson>
export interface Day {
  date: string
  clicks: number
  uniqueClicks: number
  signups: number
  firstPayments: number
  commissions: Amount[]
}
export interface Overview {
  program: string
  timeZone: string
  last7: Funnel
  last30: Funnel
  days: Day[]
  /**
   * Every link and code of the partner's in the program is suspended: how many, whether all are promo codes, and the
   * sanction's reason (words) and end (ISO) when a sanction suspended them.
   */
  suspended: { count: number; codes: boolean; reason: string | null; endsAt: string | null } | null
}
export type Link = Links['links'][number]
/** The routes' own shapes (bots/miniapp/views.ts), by type only: nothing of the server goes into the bundle. */
export type Line = StatementLine
export type Payout = ReturnType<typeof payoutJson>
export type Dispute = ReturnType<typeof disputeJson>
export type Balance = ReturnType<typeof balanceJson>
export interface Statement {
  lines: Line[]
  nextCursor: string | null
  statuses: string[]
  currencies: string[]
}
export type Links = {
  links: ReturnType<typeof linkJson>[]
  landingPaths: string[]
  baseUrl: string
  /** Why there are no links to offer (an application waiting or declined, an agreement ended). */
  notice: string | null
  /** Why the links and codes a sanction suspended are suspended (`suspendedBy`): its reason (words) and end (ISO). */
  suspension: { reason: string; endsAt: string | null } | null
}

/** A refusal of the API: its status and code (`unauthorized`, `not_a_partner`, `invalid_request`...). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

let authorization = ''
let onUnauthorized: (e: ApiError) => void = () => {}

/** The raw initData every call carries, and what to do when the API no longer takes it (expired). */
export function authorize(rawInitData: string, unauthorized: (e: ApiError) => void): void {
  authorization = `tma ${rawInitData}`
  onUnauthorized = unauthorized
}

export type Query = Record<string, string | undefined>

/** `/app/api/<path>?<query>` (empty values left out), for a call or for an image. */
export function apiUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) if (v) params.set(k, v)
  const q = params.toString()
  return `/app/api/${path}${q ? `?${q}` : ''}`
}

/** A call; a refusal is thrown as an ApiError (a 401 is also reported to the page, which then asks to reopen). */
export async function call(path: string, query: Query = {}): Promise<Response> {
  const r = await fetch(apiUrl(path, query), { headers: { authorization }, cache: 'no-store' })
  if (r.ok) return r
  const body = (await r.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null
  const e = new ApiError(r.status, body?.error?.code ?? 'failed', body?.error?.message ?? r.statusText)
  if (r.status === 401) onUnauthorized(e)
  throw e
}

export const getJson = async <T>(path: string, query: Query = {}): Promise<T> =>
  (await call(path, query)).json() as Promise<T>

/** A file the API answers (a QR image, the CSV) as a blob, with the name its content-disposition gives. */
export async function getFile(path: string, query: Query = {}): Promise<{ blob: Blob; name: string | undefined }> {
  const r = await call(path, query)
  const disposition = r.headers.get('content-disposition') ?? ''
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? /filename=([^;]+)/.exec(disposition)?.[1]?.trim()
  return { blob: await r.blob(), name }
}
