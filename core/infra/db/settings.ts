import { randomBytes } from 'node:crypto'
import type { PrismaClient } from '../../../generated/prisma/client.ts'
import { hmacSha256 } from '../crypto/hmac.ts'

/** A value generated once per installation and kept (the first process to ask creates it). */
async function installationSecret(prisma: PrismaClient, key: string): Promise<string> {
  await prisma.setting.createMany({
    data: [{ key, value: randomBytes(32).toString('base64url') }],
    skipDuplicates: true,
  })
  return (await prisma.setting.findUniqueOrThrow({ where: { key } })).value
}

/** Keyed hashes of IP addresses: comparable within this installation, meaningless outside it. */
export async function ipHasher(prisma: PrismaClient): Promise<(ip: string) => string> {
  const salt = await installationSecret(prisma, 'ip_hash_salt')
  const mac = hmacSha256(salt)
  return (ip) => mac(ip.trim().toLowerCase()).toString('hex')
}
