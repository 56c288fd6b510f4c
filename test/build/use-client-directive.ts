/** Whether a module's first statement is the "use client" directive (after a shebang and comments). */
export function startsWithUseClient(code: string): boolean {
  const body = code.replace(/^#!.*\n/, '').replace(/^(?:\s+|\/\/.*\n|\/\*[\s\S]*?\*\/)*/, '')
  return /^(['"])use client\1/.test(body)
}
