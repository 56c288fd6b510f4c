#!/usr/bin/env node
// The `react-presigned-s3` command (package.json "bin"). The SDK prints a notice about
// Node 20 support when it loads unless told not to, and a URL on stdout needs no company.
// The variable is the one https://github.com/aws/aws-sdk-js-v3/issues/7983 names.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

export {}

const { main } = await import('./run.js')
process.exitCode = await main(process.argv.slice(2), process.env, {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
})
