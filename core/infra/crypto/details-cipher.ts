import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import type { DetailsCipher } from '../../ports/secrets.ts'
import { keyFile, randomKey } from './key-file.ts'

/**
 * AES-256-GCM with a random 96-bit nonce per record: nonce | tag | ciphertext. Keys come as an ordered list;
 * the first encrypts, all decrypt, so a new key can be put first and the old one dropped once every record
 * was re-encrypted (rewrap).
 */
export function aesGcmCipher(keys: { id: string; key: Buffer }[]): DetailsCipher {
  if (!keys.length) throw new Error('at least one payment-details key is needed')
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new Error('payment-details key ids must differ')
  for (const k of keys) if (k.key.length !== 32) throw new Error(`key ${k.id} must be 32 bytes`)
  const byId = new Map(keys.map((k) => [k.id, k.key]))
  const current = keys[0]!
  return {
    currentKeyId: current.id,
    keyIds: keys.map((k) => k.id),
    encrypt(plain, context) {
      const nonce = randomBytes(12)
      const c = createCipheriv('aes-256-gcm', current.key, nonce)
      c.setAAD(Buffer.from(context))
      const body = Buffer.concat([c.update(plain), c.final()])
      return { keyId: current.id, ciphertext: Buffer.concat([nonce, c.getAuthTag(), body]) }
    },
    decrypt(keyId, ciphertext, context) {
      const key = byId.get(keyId)
      if (!key) throw new Error(`payment-details key ${keyId} is not configured`)
      const d = createDecipheriv('aes-256-gcm', key, ciphertext.subarray(0, 12))
      d.setAAD(Buffer.from(context))
      d.setAuthTag(ciphertext.subarray(12, 28))
      return Buffer.concat([d.update(ciphertext.subarray(28)), d.final()])
    },
  }
}

/** PAYMENT_DETAILS_KEYS: `id:base64key[,id:base64key...]`, the first one current. */
export function parseKeyList(value: string): { id: string; key: Buffer }[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const m = /^([A-Za-z0-9_-]{1,32}):([A-Za-z0-9+/=]+)$/.exec(entry)
      if (!m) throw new Error('each key is id:base64 (32 bytes), e.g. k1:...')
      const key = Buffer.from(m[2]!, 'base64')
      if (key.length !== 32) throw new Error(`key ${m[1]} must decode to 32 bytes, got ${key.length}`)
      return { id: m[1]!, key }
    })
}

/**
 * Without configured keys (development, the sandbox): one random key kept in the data directory, readable by
 * this user only, so details saved in the embedded database stay readable across restarts.
 */
export function localKeyFile(dataDir: string): { id: string; key: Buffer }[] {
  return parseKeyList(keyFile(dataDir, 'payment-details.key', () => `local:${randomKey()}`))
}
