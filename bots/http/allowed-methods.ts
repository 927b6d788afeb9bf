import { openApiDocument } from './openapi.ts'

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const

interface PathMethods {
  pattern: RegExp
  /** Path parameters in the template: a literal segment is the closer match. */
  params: number
  allow: string[]
}

/** A document path template as a regular expression: each `{param}` is one segment; a trailing slash is the same path. */
function templatePattern(template: string) {
  const escaped = template
    .split(/\{[^}]+\}/)
    .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
    .join('[^/]+')
  return new RegExp(`^${escaped}/?$`)
}

/** The methods of each documented path, as an Allow header lists them (HEAD with GET: express answers both). */
function documentedPaths(): PathMethods[] {
  return Object.entries(openApiDocument().paths as Record<string, Record<string, unknown>>).map(([path, ops]) => {
    const methods = METHODS.filter((m) => m in ops).map((m) => m.toUpperCase())
    if (methods.includes('GET')) methods.push('HEAD')
    return { pattern: templatePattern(path), params: path.split('{').length - 1, allow: methods.sort() }
  })
}

let paths: PathMethods[] | undefined

/**
 * The methods a request path has, from the OpenAPI document (which the tests keep equal to the routes): the closest
 * template's (fewest parameters), or undefined for a path the API does not have.
 */
export function allowedMethods(path: string): string[] | undefined {
  paths ??= documentedPaths()
  let best: PathMethods | undefined
  for (const p of paths) if (p.pattern.test(path) && (!best || p.params < best.params)) best = p
  return best?.allow
}
