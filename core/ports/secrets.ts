/** Encrypts payment details at rest; `keyId` names the key so that keys can rotate. */
export interface DetailsCipher {
  encrypt(plain: Buffer): { keyId: string; ciphertext: Buffer }
  decrypt(keyId: string, ciphertext: Buffer): Buffer
  /** The key new writes use. */
  readonly currentKeyId: string
}
