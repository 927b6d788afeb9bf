import { describe, expect, it } from 'vitest'
import { postbackSecretsNotice } from '../../bots/service.ts'

describe('postback secrets at start', () => {
  const run = (secrets: Record<string, string>) => {
    const lines: [string, object, string][] = []
    const logger = {
      info: (o: object, msg: string) => lines.push(['info', o, msg]),
      warn: (o: object, msg: string) => lines.push(['warn', o, msg]),
    }
    postbackSecretsNotice(secrets, [{ key: 'jqsee' }, { key: 'worksection-referral' }], logger as never)
    return lines
  }

  it('warns of a secret that names no program, and names the programs left without one', () => {
    expect(run({ jqsee: 's', 'no-such-program': 's' })).toEqual([
      ['warn', { variable: 'POSTBACK_SECRET_NO_SUCH_PROGRAM' }, expect.stringContaining('names no program')],
      ['info', { programs: ['worksection-referral'] }, expect.stringContaining('off for programs')],
    ])
  })

  it('says nothing when every program has its secret', () => {
    expect(run({ jqsee: 's', 'worksection-referral': 's' })).toEqual([])
  })
})
