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

/** A path template and its methods, as an Allow header lists them (HEAD with GET: express answers both). */
function pathMethods(template: string, methods: string[]): PathMethods {
  const allow = methods.map((m) => m.toUpperCase())
  if (allow.includes('GET') && !allow.includes('HEAD')) allow.push('HEAD')
  return { pattern: templatePattern(template), params: template.split('{').length - 1, allow: allow.sort() }
}

/** The methods of each documented path. */
function documentedPaths(): PathMethods[] {
  return Object.entries(openApiDocument().paths as Record<string, Record<string, unknown>>).map(([path, ops]) =>
    pathMethods(
      path,
      METHODS.filter((m) => m in ops),
    ),
  )
}

let paths: PathMethods[] | undefined

/** The closest template of `among` (fewest parameters) that the path matches. */
function closest(among: PathMethods[], path: string) {
  let best: PathMethods | undefined
  for (const p of among) if (p.pattern.test(path) && (!best || p.params < best.params)) best = p
  return best
}

/**
 * The methods a request path has, from the OpenAPI document (which the tests keep equal to the routes): the closest
 * template's (fewest parameters), or undefined for a path the API does not have.
 */
export function allowedMethods(path: string): string[] | undefined {
  paths ??= documentedPaths()
  return closest(paths, path)?.allow
}

/**
 * allowedMethods, and also the paths the service serves outside the document (`served`: template -> methods): the
 * document itself, the chat platforms' webhooks, the Mini App's page, the sandbox, Bull Board. A documented path
 * answers as the document says.
 */
export function allowedMethodsWith(served: Record<string, string[]>): (path: string) => string[] | undefined {
  const more = Object.entries(served).map(([template, methods]) => pathMethods(template, methods))
  return (path) => allowedMethods(path) ?? closest(more, path)?.allow
}
