import { DomainError } from '../domain/errors.ts'
import { isPartnerAccount, PARTNER_ACCOUNTS, PROGRAM_ACCOUNTS } from '../domain/ledger.ts'
import { formatMoney } from '../domain/money.ts'
import type { Clock } from '../ports/clock.ts'
import type { LedgerStore } from '../ports/ledger-store.ts'
import type { StatementReader } from '../ports/statement-reader.ts'
import type { ProgramDefinition } from '../programs/definition.ts'

export interface LedgerDeps {
  clock: Clock
  program: (key: string) => ProgramDefinition | undefined
  statements: StatementReader
  ledger: LedgerStore
}

/** Contract section 7: every account of a program in one currency, their total (zero) and what partners are owed. */
export interface TrialBalance {
  program: string
  currency: string
  at: string
  accounts: { account: string; balance: string }[]
  total: string
  owedToPartners: string
}

/**
 * The trial balance of a program in a currency (default: its first), from the postings written by `at` (default:
 * now). Every transaction balances, so the total is zero; the partners' accounts (earned, held, reserved) sum to
 * what the program owes them, net of losses carried over.
 */
export async function trialBalance(
  deps: Omit<LedgerDeps, 'ledger'>,
  input: { programKey: string; currency?: string; at?: Date },
): Promise<TrialBalance> {
  const program = deps.program(input.programKey)
  if (!program) throw new DomainError('program.not_found', { program: input.programKey })
  const currency = input.currency ?? program.currencies[0]!
  if (!program.currencies.includes(currency)) {
    throw new DomainError('ledger.currency_not_offered', { currency, currencies: program.currencies })
  }
  const at = input.at ?? deps.clock.now()
  const sums = await deps.statements.accountBalances(program.key, currency, at)
  const accounts = [...PARTNER_ACCOUNTS, ...PROGRAM_ACCOUNTS].map((account) => ({
    account,
    minor: sums.get(account) ?? 0n,
  }))
  const money = (minor: bigint) => formatMoney({ minor, currency })
  const sum = (xs: { minor: bigint }[]) => xs.reduce((s, x) => s + x.minor, 0n)
  return {
    program: program.key,
    currency,
    at: at.toISOString(),
    accounts: accounts.map((a) => ({ account: a.account, balance: money(a.minor) })),
    total: money(sum(accounts)),
    owedToPartners: money(sum(accounts.filter((a) => isPartnerAccount(a.account)))),
  }
}
