/** A dependency the service needs in order to serve (database, Redis, migrations...). */
export interface HealthProbe {
  name: string
  /** Resolves when healthy; rejects with the reason otherwise. */
  check(): Promise<void>
}
