/** The app's one API instance. Components and stores import `api` from here and nothing else touches a bridge. */
import { createApi, pickTransport } from './bridge'

export const api = createApi(pickTransport())
export type Api = typeof api
export { RemoteError } from '../../../shared/errors'
