/**
 * Encrypts payment details at rest; `keyId` names the key so that keys can rotate. `context` (the owner's id) is
 * authenticated with the ciphertext: a record copied to another partner does not decrypt.
 */
export interface DetailsCipher {
  encrypt(plain: Buffer, context: string): { keyId: string; ciphertext: Buffer }
  decrypt(keyId: string, ciphertext: Buffer, context: string): Buffer
  /** The key new writes use. */
  readonly currentKeyId: string
  /** Every key it holds, the current one first. */
  readonly keyIds: readonly string[]
}
