import { runDoctor } from '../../../src/cli/doctor-run.js'

/** Runs `react-presigned-s3 doctor` in-process and reads its report back as title → status. */
export async function doctor(args: string[], env: Record<string, string>) {
  let stdout = ''
  let stderr = ''
  const code = await runDoctor(args, env, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) })
  const findings: Record<string, string> = {}
  for (const [, label, title] of stdout.matchAll(/^(ok|PROBLEM|note) +(.+)$/gm)) findings[title!] = label!
  return { code, stdout, stderr, findings }
}
