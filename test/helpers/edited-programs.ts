import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PROGRAMS_DIR } from '../../core/infra/programs/load-definitions.ts'
import { type Api, startApi } from './api.ts'
import { TEST_TOKEN } from './bots.ts'
import { FakeTelegram } from './fake-telegram.ts'

// biome-ignore lint/suspicious/noExplicitAny: a program definition as its JSON file has it, edited by the test
type Edit = (definition: any) => void

/**
 * The service with the shipped program definitions, some of them edited (programs are data): a temporary
 * PROGRAMS_DIR, the real bot on a fake Telegram API. `close` stops both and removes the directory.
 */
export async function withEditedPrograms(now: string, edits: Record<string, Edit>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'programs-'))
  for (const f of fs.readdirSync(PROGRAMS_DIR).filter((x) => x.endsWith('.json'))) {
    const definition = JSON.parse(fs.readFileSync(path.join(PROGRAMS_DIR, f), 'utf8'))
    edits[definition.key]?.(definition)
    fs.writeFileSync(path.join(dir, f), JSON.stringify(definition))
  }
  const telegram = await new FakeTelegram().start()
  const api: Api = await startApi(now, {
    TELEGRAM_BOT_TOKEN: TEST_TOKEN,
    TELEGRAM_API_ROOT: telegram.url,
    PROGRAMS_DIR: dir,
  })
  return {
    api,
    telegram,
    dir,
    async close() {
      await api.close()
      await telegram.stop()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}
