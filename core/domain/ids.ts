/** A UUID as the database stores them: checked before a query, so a malformed id is "not found", not an error. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
