import type { PrismaClient } from '../../../generated/prisma/client.ts'
import type { DetailsCipher } from '../../ports/secrets.ts'

/** The keys configured cannot open payment details the database holds: what, for the start's error. */
export class DetailsKeyMismatchError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DetailsKeyMismatchError'
  }
}

/**
 * Checks, before the service starts, that its payment-details keys open what the database holds: for each key id
 * the stored details are sealed with, the latest of them is opened. A key id missing from the configuration, or a
 * key under that id that is not the one they were sealed with (a mistyped secret on one replica, a switch from the
 * development key file), stops the start: such an instance would answer finance with errors and seal new details
 * that the other instances cannot open. Nothing is decrypted beyond that check, and nothing of it is kept.
 */
export async function checkDetailsKeys(prisma: PrismaClient, cipher: DetailsCipher): Promise<void> {
  const sealed = await prisma.$queryRaw<{ key_id: string; partner_id: string; ciphertext: Uint8Array }[]>`
    SELECT DISTINCT ON (key_id) key_id, partner_id, ciphertext
      FROM payment_details WHERE length(ciphertext) > 28
     ORDER BY key_id, created_at DESC`
  for (const s of sealed) {
    try {
      cipher.decrypt(s.key_id, Buffer.from(s.ciphertext), s.partner_id)
    } catch {
      throw new DetailsKeyMismatchError(
        `payment details in the database are sealed with key "${s.key_id}", which ${
          cipher.keyIds.includes(s.key_id)
            ? 'is another key here than the one they were sealed with'
            : 'is not configured'
        } (every instance needs the same keys; keep an old key listed after the new one until its details are rewrapped)`,
      )
    }
  }
}
