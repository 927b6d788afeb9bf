import { beforeAll, describe, expect, it } from 'vitest'
import { type Api, withTelegram } from '../helpers/api.ts'
import type { FakeTelegram } from '../helpers/fake-telegram.ts'
import { termsPartners } from '../helpers/terms-partners.ts'
import { waitUntil } from '../helpers/wait.ts'

/**
 * (Found by review.) A partner who answered a term change in /terms before its (paused) broadcast reached them, and
 * stayed in the program (an acknowledgement, or an objection that changes nothing), was still sent the change with
 * Acknowledge and Object as if they had not answered; pressing Acknowledge then only said "You have already answered".
 * The message now shows their answer and its date, without the buttons of an answer they cannot give: a
 * worksection-referral partner who acknowledged may still object within the window (the core takes that objection and
 * ends the agreement), so they read so and keep Object; one whose objection came too late, nothing.
 */
describe('a partner who answered a change before its broadcast reached them reads their answer', () => {
  const env = withTelegram('2026-03-06T10:00:00Z')
  const { enrol } = termsPartners(env)
  let api: Api
  let telegram: FakeTelegram
  beforeAll(() => {
    ;({ api, telegram } = env())
  })

  /** The partner sends /terms: the coming change comes with its buttons (in any language). */
  async function comingChange(chat: number, versionId: string) {
    await telegram.sendText(chat, '/terms')
    return waitUntil(() => {
      const k = telegram.lastKeyboard(chat)
      return k?.buttons.some((x) => x.data === `tv:ack:${versionId}`) ? k : undefined
    })
  }

  /** Publishes a change whose messages to `chats` do not go through; paused, it has reached none of them. */
  async function publishHeldBack(program: string, effectiveAt: string, chats: number[]) {
    const held = new Set(chats)
    telegram.inject = (m) => (held.has(Number(m.chat_id)) ? { error_code: 502, description: 'Bad Gateway' } : undefined)
    const draft = await api.operator('POST', `/v1/programs/${program}/terms`, {
      effectiveAt,
      texts: { en: 'The new rule for everyone.', ru: 'Новое правило для всех.' },
    })
    expect(draft.status, JSON.stringify(draft.body)).toBe(201)
    const versionId = draft.body.version.id as string
    expect((await api.operator('POST', `/v1/terms/${versionId}/publish`, {})).status).toBe(201)
    const id = (await api.operator('GET', `/v1/broadcasts?program=${program}`)).body.broadcasts[0].id as string
    // the first send fails (and pauses the sends for 5 s): the admin pauses the broadcast
    await waitUntil(() => telegram.calls.find((c) => c.method === 'sendMessage' && held.has(Number(c.payload.chat_id))))
    expect((await api.operator('POST', `/v1/broadcasts/${id}/pause`)).status).toBe(200)
    const view = async () => (await api.operator('GET', `/v1/broadcasts/${id}`)).body.broadcast
    // the sends in flight go back (a 502 pauses the pump's sends for 5 s)
    await new Promise((r) => setTimeout(r, 6000))
    expect(await view()).toMatchObject({ status: 'paused', sent: 0, remaining: chats.length })
    telegram.inject = undefined
    return {
      versionId,
      /** Resumes the broadcast and waits for it to complete; then each chat's change message sent since. */
      async resume() {
        const mark = telegram.calls.length
        expect((await api.operator('POST', `/v1/broadcasts/${id}/resume`)).status).toBe(200)
        await waitUntil(async () => ((await view()).status === 'completed' ? true : undefined), 20_000)
        return (chat: number) => {
          const sent = telegram.calls
            .slice(mark)
            .filter(
              (c) =>
                c.method === 'sendMessage' &&
                Number(c.payload.chat_id) === chat &&
                String(c.payload.text).startsWith('📜') &&
                !String(c.payload.text).startsWith('📜 Coming change'),
            )
          expect(sent, `change messages to ${chat}`).toHaveLength(1)
          const markup = sent[0]!.payload.reply_markup as { inline_keyboard: { callback_data: string }[][] } | undefined
          return {
            text: String(sent[0]!.payload.text),
            buttons: (markup?.inline_keyboard ?? []).flat().map((b) => b.callback_data),
          }
        }
      },
      view,
    }
  }

  it('jqsee (an objection changes nothing): the acknowledgement or the objection and its date, no answer buttons', async () => {
    const chats = { ackEn: 87_101, ackRu: 87_102, objEn: 87_103, none: 87_104 }
    await enrol('jqsee', chats.ackEn)
    await enrol('jqsee', chats.ackRu, 'ru')
    await enrol('jqsee', chats.objEn)
    await enrol('jqsee', chats.none)
    const b = await publishHeldBack('jqsee', '2026-03-20T00:00:00Z', Object.values(chats))
    try {
      // they read the change in /terms and answer it there, before the broadcast reached them
      for (const chat of [chats.ackEn, chats.ackRu, chats.objEn]) await comingChange(chat, b.versionId)
      await telegram.press(chats.ackEn, `tv:ack:${b.versionId}`)
      await telegram.press(chats.ackRu, `tv:ack:${b.versionId}`)
      await telegram.press(chats.objEn, `tv:obj:${b.versionId}`)
      await waitUntil(() => telegram.textsTo(chats.objEn).find((t) => t.startsWith('Your objection to the new')))
      await waitUntil(async () => ((await b.view()).acknowledged === 2 ? true : undefined))

      const message = await b.resume()
      const ackEn = message(chats.ackEn)
      expect(ackEn.text).toContain('The new rule for everyone.')
      expect(ackEn.text).toContain('You acknowledged this change on March 6, 2026.')
      expect(ackEn.text).not.toContain('press “Object”')
      expect(ackEn.buttons).toEqual([])

      const ackRu = message(chats.ackRu)
      expect(ackRu.text).toContain('Новое правило для всех.')
      expect(ackRu.text).toContain('Вы приняли это изменение к сведению 6 марта 2026 г.')
      expect(ackRu.text).not.toContain('«Возразить»')
      expect(ackRu.buttons).toEqual([])

      const objEn = message(chats.objEn)
      expect(objEn.text).toContain('You objected to this change on March 6, 2026: support has been told')
      expect(objEn.buttons).toEqual([])

      // one who had not answered is asked, with both buttons
      const none = message(chats.none)
      expect(none.text).toContain('If you disagree, press “Object”')
      expect(none.buttons).toEqual([`tv:ack:${b.versionId}`, `tv:obj:${b.versionId}`])
      expect(await b.view()).toMatchObject({ sent: 4, acknowledged: 2, objected: 1, unanswered: 1 })
    } finally {
      telegram.inject = undefined
    }
  }, 120_000)

  it('worksection-referral: an acknowledgement keeps Object while the window is open, and the core takes it; a late objection leaves nothing to answer', async () => {
    const chats = { ackEn: 87_201, ackRu: 87_202, late: 87_203 }
    await enrol('worksection-referral', chats.ackEn)
    await enrol('worksection-referral', chats.ackRu, 'ru')
    await enrol('worksection-referral', chats.late)
    api.clock.set('2026-03-06T10:00:00Z')
    const b = await publishHeldBack('worksection-referral', '2026-03-20T00:00:00Z', Object.values(chats))
    try {
      for (const chat of Object.values(chats)) await comingChange(chat, b.versionId)
      // the late objector's /terms message, whose buttons are pressed again once they have answered
      const termsMessage = telegram.lastKeyboard(chats.late)!.message_id
      await telegram.press(chats.ackEn, `tv:ack:${b.versionId}`)
      await telegram.press(chats.ackRu, `tv:ack:${b.versionId}`)
      await waitUntil(async () => ((await b.view()).acknowledged === 2 ? true : undefined))
      // the window (3 days from publication, for a partner not reached yet) has closed: a late objection is recorded
      // and the agreement goes on
      api.clock.set('2026-03-09T12:00:00Z')
      await telegram.press(chats.late, `tv:obj:${b.versionId}`)
      await waitUntil(() => telegram.textsTo(chats.late).find((t) => t.startsWith('The time to object has passed')))

      const message = await b.resume()
      const ackEn = message(chats.ackEn)
      expect(ackEn.text).toContain('The new rule for everyone.')
      expect(ackEn.text).toContain('You acknowledged this change on March 6, 2026.')
      expect(ackEn.text).toContain('If you change your mind, you can still press “Object” within 3 days')
      // the window runs from this message (core/use-cases/terms.ts): 3 days after March 9, 12:00 UTC, in Kyiv
      expect(ackEn.text).toContain('Deadline to object: March 12, 2026 at 2:00 PM GMT+2')
      expect(ackEn.buttons).toEqual([`tv:obj:${b.versionId}`])

      const ackRu = message(chats.ackRu)
      expect(ackRu.text).toContain('Вы приняли это изменение к сведению 6 марта 2026 г.')
      expect(ackRu.text).toContain('Если вы передумаете, вы ещё можете нажать «Возразить» в течение 3 дней.')
      expect(ackRu.buttons).toEqual([`tv:obj:${b.versionId}`])

      const late = message(chats.late)
      expect(late.text).toContain(
        'You objected to this change on March 9, 2026, after the time to object had passed, so the change applies to you too.',
      )
      expect(late.buttons).toEqual([])
      // nothing left to answer: the core takes no other answer from them (the buttons of their earlier /terms message)
      for (const answer of ['ack', 'obj']) {
        const before = telegram.textsTo(chats.late).length
        await telegram.pressButton(chats.late, termsMessage, `tv:${answer}:${b.versionId}`)
        expect(await telegram.nthText(chats.late, before + 1)).toBe('You have already answered this change.')
      }

      // the Object button shown after the acknowledgement is one the core takes: the agreement ends
      await telegram.press(chats.ackEn, `tv:obj:${b.versionId}`)
      await waitUntil(() => telegram.textsTo(chats.ackEn).find((t) => t.startsWith('Object to the new')))
      await telegram.press(chats.ackEn, `tv:obj_yes:${b.versionId}`)
      await waitUntil(() => telegram.textsTo(chats.ackEn).find((t) => t.startsWith('Your objection is recorded')))
      expect(await b.view()).toMatchObject({ acknowledged: 1, objected: 2 })
    } finally {
      telegram.inject = undefined
    }
  }, 120_000)
})
