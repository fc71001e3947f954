/**
 * The simulator's router: a route is a path — exact, or a prefix written with a trailing `*` — and a table of the
 * handlers of the methods it serves. A method the table lacks gets the profile's own 405 answer; neither firmware
 * sends an `Allow` header with it, so none is sent. `ALL` takes every method: it is for the routes where the
 * printer looks at the path before the method (a bad job id is 400 whatever the method), whose handlers answer a
 * wrong method themselves, with the same 405.
 *
 * Below the router: the part of the API both firmwares serve alike, path for path and method for method; each
 * profile brings its handlers and adds its own routes.
 */
import type { Exchange } from './exchange'
import type { SimPrinter } from './printer'

export type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE'
/** `rest` is what follows a prefix route's prefix ('' for an exact route). */
export type Handler = (ex: Exchange, p: SimPrinter, rest: string) => void | Promise<void>
export type MethodTable = Partial<Record<Method | 'ALL', Handler>>
/** Path → methods; a path ending in `*` is a prefix. Prefixes are tried in the order given, after exact paths. */
export type Routes = Record<string, MethodTable>

export interface RouterAnswers {
  /** The profile's answer to a path no route serves. */
  notFound(ex: Exchange): void
  /** The profile's answer to a method the route does not serve. */
  notAllowed(ex: Exchange): void
}

/** GET, and HEAD answered by the same handler (node leaves the body out). */
export function reads(handler: Handler): MethodTable {
  return { GET: handler, HEAD: handler }
}

export class Router {
  private readonly exact = new Map<string, MethodTable>()
  private readonly prefixes: { prefix: string; methods: MethodTable }[] = []

  constructor(
    routes: Routes,
    private readonly answers: RouterAnswers,
  ) {
    for (const [path, methods] of Object.entries(routes)) {
      if (path.endsWith('*')) this.prefixes.push({ prefix: path.slice(0, -1), methods })
      else this.exact.set(path, methods)
    }
  }

  route(ex: Exchange, p: SimPrinter): void | Promise<void> {
    const path = ex.pathname
    const exact = this.exact.get(path)
    if (exact) return this.dispatch(ex, p, exact, '')
    for (const { prefix, methods } of this.prefixes) {
      if (path.startsWith(prefix)) return this.dispatch(ex, p, methods, path.slice(prefix.length))
    }
    return this.answers.notFound(ex)
  }

  private dispatch(ex: Exchange, p: SimPrinter, methods: MethodTable, rest: string): void | Promise<void> {
    const handler =
      (Object.hasOwn(methods, ex.method) ? methods[ex.method as Method] : undefined) ?? methods.ALL
    return handler ? handler(ex, p, rest) : this.answers.notAllowed(ex)
  }
}

/** The handlers of the API both firmwares serve alike. */
export interface SharedApi {
  version: Handler
  info: Handler
  status: Handler
  job: Handler
  storage: Handler
  transfer: Handler
  printer: Handler
  legacyJob: Handler
  legacyJobCommand: Handler
  settings: Handler
  legacyDownload: Handler
  /** `/api/v1/job/<id>[/<command>]`: checks the id before the method. */
  jobCommand: Handler
  /** `/api/v1/files/<storage>/<path>`: checks the storage before the method. */
  files: Handler
  /** `/api/files[/<storage>/<path>]`: checks the path before the method. */
  legacyFiles: Handler
}

/** The routes of the API both firmwares serve alike, with the given handlers. */
export function sharedRoutes(api: SharedApi): Routes {
  return {
    '/api/version': reads(api.version),
    '/api/v1/info': reads(api.info),
    '/api/v1/status': reads(api.status),
    '/api/v1/job': reads(api.job),
    '/api/v1/storage': reads(api.storage),
    '/api/v1/transfer': reads(api.transfer),
    '/api/printer': reads(api.printer),
    '/api/job': { ...reads(api.legacyJob), POST: api.legacyJobCommand },
    '/api/settings': reads(api.settings),
    '/api/download': reads(api.legacyDownload),
    '/api/files': { ALL: api.legacyFiles },
    '/api/v1/job/*': { ALL: api.jobCommand },
    '/api/v1/files/*': { ALL: api.files },
    '/api/files/*': { ALL: api.legacyFiles },
  }
}
