import { isDeepStrictEqual } from 'node:util'
import type { Prisma, PrismaClient } from '../../../generated/prisma/client.ts'
import type { ProgramDefinition } from '../../programs/definition.ts'

/**
 * Makes the programs table hold the definitions in force: new programs are inserted, changed ones get the
 * new definition and a higher revision, and every campaign exists. Earlier revisions stay readable in the
 * audit log. Safe to run from several processes at once.
 */
export async function syncPrograms(prisma: PrismaClient, definitions: readonly ProgramDefinition[], at: Date) {
  for (const d of definitions) {
    await prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`program:${d.key}`}))`
      const current = await tx.program.findUnique({ where: { key: d.key } })
      const definition = JSON.parse(JSON.stringify(d)) as Prisma.InputJsonValue
      if (!current) {
        await tx.program.create({
          data: { key: d.key, name: d.name, definition, revision: 1, createdAt: at, updatedAt: at },
        })
        await tx.auditLog.create({
          data: {
            at,
            actor: 'system',
            action: 'program.created',
            subjectType: 'program',
            subjectId: d.key,
            data: definition,
          },
        })
      } else if (!isDeepStrictEqual(current.definition, definition)) {
        await tx.program.update({
          where: { key: d.key },
          data: { name: d.name, definition, revision: current.revision + 1, updatedAt: at },
        })
        await tx.auditLog.create({
          data: {
            at,
            actor: 'system',
            action: 'program.updated',
            subjectType: 'program',
            subjectId: d.key,
            data: { revision: current.revision + 1, previous: current.definition as Prisma.InputJsonValue },
          },
        })
      }
      if (d.commission.type === 'campaigns') {
        for (const c of d.commission.campaigns) {
          const rule = JSON.parse(JSON.stringify(c)) as Prisma.InputJsonValue
          await tx.campaign.upsert({
            where: { programKey_key: { programKey: d.key, key: c.key } },
            create: { programKey: d.key, key: c.key, name: c.name, rule, createdAt: at },
            update: { name: c.name, rule, active: true },
          })
        }
      }
    })
  }
}
