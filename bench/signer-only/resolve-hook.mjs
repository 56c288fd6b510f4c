// The resolve hook register.mjs installs.
const STAND_INS = /^@aws-sdk\/(client-s3|s3-request-presigner)$/

export async function resolve(specifier, context, next) {
  const match = STAND_INS.exec(specifier)
  if (match === null) return next(specifier, context)
  return { url: new URL(`./${match[1]}.mjs`, import.meta.url).href, shortCircuit: true }
}
