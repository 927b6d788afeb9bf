/** A local date (YYYY-MM-DD, a program's calendar day) as a reader of `language` writes it. */
export const localDateText = (language: string, day: string) =>
  new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`))
