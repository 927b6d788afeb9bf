/**
 * A use-case as its module exposes it: the function without its dependencies (the module binds them). Module
 * interfaces are declared member by member with this, so each capability's surface is written down once, next to
 * the factory that makes it, while the argument and result types stay those of the use-case itself.
 */
// biome-ignore lint/suspicious/noExplicitAny: matches any use-case's dependency argument
export type UseCase<F extends (deps: any, ...args: any[]) => unknown> = F extends (
  // biome-ignore lint/suspicious/noExplicitAny: as above
  deps: any,
  ...args: infer A
) => infer R
  ? (...args: A) => R
  : never
