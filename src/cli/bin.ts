#!/usr/bin/env node
// The `react-presigned-s3` command (package.json "bin"). The SDK prints a notice about
// Node 20 support when it loads unless told not to, and a URL on stdout needs no company.
// The variable is the one https://github.com/aws/aws-sdk-js-v3/issues/7983 names.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

export {}

const io = {
  stdout: (text: string) => process.stdout.write(text),
  stderr: (text: string) => process.stderr.write(text),
}
const argv = process.argv.slice(2)
// `doctor` loads the AWS SDK itself, so a missing SDK is its exit code 2, not a crash.
if (argv[0] === 'doctor') {
  const { runDoctor } = await import('./doctor-run.js')
  process.exitCode = await runDoctor(argv.slice(1), process.env, io)
} else {
  const { main } = await import('./run.js')
  process.exitCode = await main(argv, process.env, io)
}
