import type { Router } from 'express'
import QRCode from 'qrcode'
import { z } from 'zod'
import { DEEP_LINK_MAX, deepLinkPath } from '../../core/domain/deep-link.ts'
import { SUB_ID, SUB_KEYS } from '../../core/domain/tracking.ts'
import type { Core } from '../../core/index.ts'
import { programName } from '../../core/programs/names.ts'
import type { MiniAppRouteDeps } from './api.ts'
import {
  type Caller,
  callerOf,
  notFound,
  onlyProgram,
  programFor,
  programKey,
  publicBase,
  queryOf,
  Refusal,
  type ShownProgram,
} from './caller.ts'
import { heavyLimited } from './rate-limit.ts'
import { linkJson, suspensionJson } from './views.ts'

const subIds = Object.fromEntries(
  SUB_KEYS.map((k) => [k, z.string().regex(SUB_ID, 'at most 100 of A-Z a-z 0-9 . _ ~ -').optional()]),
) as Record<(typeof SUB_KEYS)[number], z.ZodOptional<z.ZodString>>
const qrQuery = z
  .object({
    program: programKey.optional(),
    code: z.string().min(1).max(64),
    to: z.string().max(DEEP_LINK_MAX).optional(),
    ...subIds,
  })
  .strict()

/** Links that earn: the program approved the partner and the agreement has not ended. */
const live = (shown: ShownProgram) => shown.approved && shown.status !== 'terminated'

/** What the bot's /link says instead of links: an application waiting or declined, an agreement that ended. */
function standingNotice(caller: Caller, { program, status }: ShownProgram): string | null {
  const name = programName(program, caller.lang)
  if (status === 'applied') return caller.t('applications.pending', { program: name })
  if (status === 'declined') return caller.t('applications.declined', { program: name })
  if (status === 'withdrawn') return caller.t('link.withdrawn', { program: name })
  if (status === 'terminated') return caller.t('link.ended', { program: name })
  return null
}

/** The partner's links and codes, and the QR image of one. */
export function linkRoutes(api: Router, deps: MiniAppRouteDeps) {
  const { core } = deps
  // the partner's links and promo codes in the program (none until the program approves the partner)
  api.get('/links', async (req, res) => {
    const caller = callerOf(res)
    const shown = programFor(core, caller, queryOf(onlyProgram, req).program)
    const { program } = shown
    const base = publicBase(deps, req)
    const codes = live(shown) ? await ownCodes(core, caller, program.key) : []
    const suspension = codes.some((c) => c.status === 'suspended' && c.suspendedBy === 'sanction')
      ? await suspensionJson(core, caller, program.key)
      : null
    res.json({
      links: codes.map((c) => linkJson(caller, program, c, base)),
      /** Why the ones a sanction suspended are suspended: its reason and end (ISO, null: none). */
      suspension,
      landingPaths: program.landingPaths,
      baseUrl: `${base}/r/`,
      /** Why there are no links to offer (an application waiting or declined, an agreement ended), as /link says it. */
      notice: standingNotice(caller, shown),
    })
  })

  // the QR image of one of the partner's own links (with its deep link and sub-ids) or promo codes
  api.get('/qr', heavyLimited(deps.limit), async (req, res) => {
    const caller = callerOf(res)
    const q = queryOf(qrQuery, req)
    const shown = programFor(core, caller, q.program)
    const { program } = shown
    // codes are case-insensitive (unique in a program regardless of case)
    const asked = q.code.toLowerCase()
    const code = live(shown)
      ? (await ownCodes(core, caller, program.key)).find((c) => c.code.toLowerCase() === asked)
      : undefined
    if (!code) throw notFound()
    const extras = new URLSearchParams()
    if (q.to !== undefined) {
      // the rule /r/{code} follows (a path it would not land on is refused here, not dropped in silence)
      if (deepLinkPath(program.landingPaths, q.to) === null)
        throw new Refusal(400, 'invalid_request', 'miniapp.errors.invalid_request', [
          { path: 'to', message: `must be a landing path the program allows: ${program.landingPaths.join(', ')}` },
        ])
      extras.set('to', q.to)
    }
    for (const k of SUB_KEYS) if (q[k] !== undefined) extras.set(k, q[k])
    if (code.kind !== 'link' && [...extras.keys()].length)
      throw new Refusal(400, 'invalid_request', 'miniapp.errors.invalid_request', [
        { path: 'code', message: 'a promo code carries no landing path or sub-ids' },
      ])
    const target =
      code.kind === 'link'
        ? `${publicBase(deps, req)}/r/${code.code}${extras.size ? `?${extras.toString()}` : ''}`
        : code.code
    const png = await QRCode.toBuffer(target, { type: 'png', width: 480, margin: 2, errorCorrectionLevel: 'M' })
    res.type('png').send(png)
  })
}

/** The partner's own links and codes in a program. */
const ownCodes = async (core: Core, caller: Caller, programKey: string) =>
  (await core.partners.codes(caller.partner.partnerId)).filter((c) => c.programKey === programKey)
