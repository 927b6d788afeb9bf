import type { CodeRecord } from './earnings-store.ts'

export interface ClickStore {
  findCode(code: string): Promise<CodeRecord | null>
  insertClick(c: { codeId: string; at: Date; ipHash?: string; country?: string; userAgent?: string }): Promise<string>
}
