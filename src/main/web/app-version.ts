/** The app's version, from package.json at build time (electron-vite `define`), or at run time under tsx. */
declare const __LINKDECK_VERSION__: string | undefined

export const APP_VERSION: string =
  typeof __LINKDECK_VERSION__ === 'string'
    ? __LINKDECK_VERSION__
    : (process.env.npm_package_version ?? '0.0.0-dev')
