import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { WebClient } from '@slack/web-api'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LANGUAGES } from '../../bots/i18n/index.ts'
import { fitSlackBody, fitSlackPayload, SLACK_LIMITS, slackLimitViolations } from '../../bots/slack/limits.ts'
import { modal } from '../../bots/slack/views.ts'
import { webClientOptions } from '../../bots/slack/web-client.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** Every leaf of a language's locale files (all namespaces) as `a.b.c` -> its texts (plural forms folded). */
function localeLeaves(lng: string): Map<string, string[]> {
  const out = new Map<string, string[]>()
  const walk = (obj: Record<string, unknown>, prefix: string) => {
    for (const [k, v] of Object.entries(obj)) {
      const key = prefix ? `${prefix}.${k}` : k
      if (v && typeof v === 'object') walk(v as Record<string, unknown>, key)
      else {
        const base = key.replace(/_(zero|one|two|few|many|other)$/, '')
        out.set(base, [...(out.get(base) ?? []), String(v)])
      }
    }
  }
  const dir = path.join(ROOT, 'locales', lng)
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.json')))
    walk(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')), '')
  return out
}

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    return e.isDirectory() ? sources(p) : e.name.endsWith('.ts') ? [fs.readFileSync(p, 'utf8')] : []
  })
}

/** A key as written in the source (`held.desk.modal.title.${a.action}`) as a pattern over locale keys. */
const keyPattern = (written: string) =>
  new RegExp(`^${written.replace(/\./g, '\\.').replace(/\$\{[^}]+\}/g, '[^.]+')}$`)

/** The keys the Slack surface puts in a field of the given kind, found in bots/slack's source. */
function keysUsedAs(patterns: RegExp[]): string[] {
  const found = new Set<string>()
  for (const src of sources(path.join(ROOT, 'bots', 'slack')))
    for (const p of patterns) for (const m of src.matchAll(p)) found.add(m[1]!)
  return [...found]
}

/** A text as a person reads it: each `{{value}}` stands for a five-character value (a dispute number). */
const rendered = (text: string) => text.replace(/\{\{[^}]+\}\}/g, '12345')

function overLimit(written: string[], limit: number) {
  const over: string[] = []
  for (const lng of LANGUAGES) {
    const leaves = localeLeaves(lng)
    for (const w of written) {
      const re = keyPattern(w)
      const matched = [...leaves.keys()].filter((k) => re.test(k))
      if (!matched.length) over.push(`${lng} ${w}: no such key`)
      for (const k of matched)
        for (const text of leaves.get(k)!)
          if ([...rendered(text)].length > limit) over.push(`${lng} ${k} (${[...rendered(text)].length}): ${text}`)
    }
  }
  return over
}

describe("every language's strings fit the Slack field they are used in", () => {
  it('modal titles, submit and close buttons: 24 characters', () => {
    // modal({ title: t('…'), submit: t('…'), close: t('…') }) across bots/slack
    const all = keysUsedAs([
      /\b(?:title|submit|close):\s*t\(\s*'([^']+)'/g,
      /\b(?:title|submit|close):\s*t\(\s*`([^`]+)`/g,
      /\bsubmit:\s*t\(\s*writes \? '([^']+)'/g,
      /\bsubmit:\s*t\(\s*writes \? '[^']+' : '([^']+)'/g,
    ])
    expect(all).toContain('finance.button.batch_paid')
    expect(all.length).toBeGreaterThan(30)
    expect(overLimit(all, SLACK_LIMITS.modalTitle)).toEqual([])
  })

  it('buttons and options: 75 characters', () => {
    const all = keysUsedAs([
      // button(action, t('…'), …) helpers and { type: 'plain_text', text: t('…') } on buttons
      /\bbutton\([^,]+,\s*t\(\s*'([^']+)'/g,
      /\bbutton\([^,]+,\s*t\(\s*`([^`]+)`/g,
      /type: 'plain_text'(?: as const)?, text: t\(\s*'([^']+)'/g,
      /type: 'plain_text'(?: as const)?, text: t\(\s*`([^`]+)`/g,
      /\bplain\(t\(\s*'([^']+)'\)\)/g,
      /\bplain\(t\(\s*`([^`]+)`/g,
      // options: { value, text: plain(t(`…`)) }
      /text: plain\(t\(\s*'([^']+)'/g,
      /text: plain\(t\(\s*`([^`]+)`/g,
    ])
    expect(all.length).toBeGreaterThan(20)
    expect(overLimit(all, SLACK_LIMITS.buttonText)).toEqual([])
  })
})

describe('Slack limits are applied to what is sent', () => {
  it('modal() keeps the title and both buttons within 24 characters', () => {
    const view = modal({
      title: 'x'.repeat(30),
      submit: 'Топтаманы төленді деп белгілеу',
      close: 'y'.repeat(25),
      blocks: [],
    })
    expect([...view.title.text]).toHaveLength(24)
    expect([...view.submit!.text]).toHaveLength(24)
    expect(view.submit!.text.endsWith('…')).toBe(true)
    expect([...view.close!.text]).toHaveLength(24)
    expect(slackLimitViolations(view as never)).toEqual([])
  })

  it('cuts each over-long field to its own limit, keeps what fits, and says what it cut', () => {
    const option = { text: { type: 'plain_text', text: 'o'.repeat(80) }, value: 'v' }
    const payload = {
      view: {
        type: 'modal',
        title: { type: 'plain_text', text: 'Short' },
        submit: { type: 'plain_text', text: 'ს'.repeat(25) },
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } },
          {
            type: 'input',
            label: { type: 'plain_text', text: 'Reason' },
            element: { type: 'static_select', options: [option], initial_option: structuredClone(option) },
          },
          {
            type: 'actions',
            elements: [
              {
                type: 'button',
                text: { type: 'plain_text', text: 'b'.repeat(76) },
                value: 'x'.repeat(100),
                confirm: {
                  title: { type: 'plain_text', text: 'ok' },
                  text: { type: 'plain_text', text: 'ok' },
                  confirm: { type: 'plain_text', text: 'c'.repeat(31) },
                  deny: { type: 'plain_text', text: 'no' },
                },
              },
            ],
          },
        ],
      },
    }
    const cuts = fitSlackPayload(payload)
    expect(cuts.map((c) => [c.path, c.limit])).toEqual([
      ['view.submit.text', 24],
      ['view.blocks[0].text.text', 150],
      ['view.blocks[1].element.options[0].text.text', 75],
      ['view.blocks[1].element.initial_option.text.text', 75],
      ['view.blocks[2].elements[0].text.text', 75],
      ['view.blocks[2].elements[0].confirm.confirm.text', 30],
    ])
    const v = payload.view
    expect(v.submit.text).toBe(`${'ს'.repeat(23)}…`)
    expect(v.title.text).toBe('Short')
    expect(v.blocks[1]!.element!.initial_option).toEqual(v.blocks[1]!.element!.options![0])
    expect(v.blocks[2]!.elements![0]!.value).toBe('x'.repeat(100))
    expect(slackLimitViolations(payload)).toEqual([])
  })

  it('fits form-encoded Web API bodies and JSON response_url bodies, and leaves a body that fits untouched', () => {
    const blocks = [
      { type: 'section', text: { type: 'mrkdwn', text: 'ok' }, fields: [{ type: 'mrkdwn', text: 'f'.repeat(2001) }] },
    ]
    const form = new URLSearchParams({ channel: 'C1', text: 'hi', blocks: JSON.stringify(blocks) }).toString()
    const fitted = fitSlackBody(form)
    expect(fitted.cuts.map((c) => c.path)).toEqual(['blocks[0].fields[0].text'])
    const sent = new URLSearchParams(fitted.body)
    expect(sent.get('channel')).toBe('C1')
    expect([...JSON.parse(sent.get('blocks')!)[0].fields[0].text]).toHaveLength(2000)

    const json = JSON.stringify({ replace_original: true, blocks })
    expect(JSON.parse(fitSlackBody(json).body).blocks[0].fields[0].text).toHaveLength(2000)

    const fine = new URLSearchParams({ channel: 'C1', blocks: JSON.stringify([{ type: 'divider' }]) }).toString()
    expect(fitSlackBody(fine)).toEqual({ body: fine, cuts: [] })
  })

  describe('through the Web API client', () => {
    const received: Record<string, string>[] = []
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        received.push(Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString())))
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true }))
      })
    })
    let url = ''
    beforeAll(async () => {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`
    })
    afterAll(() => new Promise((r) => server.close(r)))

    it('a modal whose submit button is too long opens cut, and the cut is logged without the text', async () => {
      const lines: Record<string, unknown>[] = []
      const logger = pino({ level: 'warn' }, { write: (l: string) => lines.push(JSON.parse(l)) })
      const client = new WebClient('xoxb-test', webClientOptions('listener', url, logger))
      const submit = 'Отметить пакет оплаченным'
      await client.views.open({
        trigger_id: 't1',
        view: {
          type: 'modal',
          title: { type: 'plain_text', text: 'Batch' },
          submit: { type: 'plain_text', text: submit },
          blocks: [],
        },
      })
      const view = JSON.parse(received.at(-1)!.view!)
      expect(view.submit.text).toBe(`${[...submit].slice(0, 23).join('')}…`)
      const cut = lines.find((l) => l.msg === 'slack: text over its limit was cut')
      expect(cut).toMatchObject({ method: 'views.open', path: 'view.submit.text', limit: 24, length: 25 })
      expect(JSON.stringify(lines)).not.toContain(submit)
    })
  })
})
