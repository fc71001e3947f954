// js-yaml ships without types and no @types package is installed; the contract test needs only load().
declare module 'js-yaml' {
  export function load(text: string): unknown
}
