import type { CodeRecord } from './earnings-store.ts'

export interface NewClick {
  /** Made by the caller (newClickId): random, so a landing page learns nothing from it. */
  id: string
  codeId: string
  at: Date
  ipHash?: string
  country?: string
  userAgent?: string
}

export interface ClickStore {
  findCode(code: string): Promise<CodeRecord | null>
  insertClick(c: NewClick): Promise<void>
}
