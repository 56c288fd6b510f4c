import { describe, expect, it } from 'vitest'
import { exitCodeOf, formatReport, type ProbeResult } from '../../src/cli/doctor-report.js'

const target = { bucket: 'my-uploads', endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', origin: 'https://app.example.com' }
const ok: ProbeResult = { status: 'ok', title: 'CORS for https://app.example.com', detail: 'Allowed.' }
const note: ProbeResult = { status: 'note', title: 'Content-MD5', detail: 'Not verified.' }
const policy = '{\n  "Version": "2012-10-17"\n}'
const problem = (title: string, fix = policy): ProbeResult => ({ status: 'problem', title, detail: 'The store accepted it.', fix })

describe('formatReport', () => {
  it('names the target, labels each finding and ends with the count and the clean-up', () => {
    const report = formatReport(target, [ok, problem('Unsigned x-amz-acl'), note], 'Probe objects removed.')
    expect(report).toBe(
      'react-presigned-s3 doctor: s3://my-uploads (http://127.0.0.1:9000, region us-east-1, page https://app.example.com)\n\n' +
      'ok       CORS for https://app.example.com\n         Allowed.\n\n' +
      'PROBLEM  Unsigned x-amz-acl\n         The store accepted it.\n' +
      '         Fix: {\n                "Version": "2012-10-17"\n              }\n\n' +
      'note     Content-MD5\n         Not verified.\n\n' +
      '1 problem to fix. Probe objects removed.\n',
    )
  })

  it('prints a fix once and names it for every later finding with the same fix', () => {
    const report = formatReport(target, [problem('First'), problem('Second'), problem('Third', 'other fix')], '')
    expect(report.match(/"Version"/g)).toHaveLength(1)
    expect(report).toContain('PROBLEM  Second\n         The store accepted it.\n         Fix: the same as for "First" above.\n')
    expect(report).toContain('Fix: other fix\n')
    expect(report.endsWith('3 problems to fix.\n')).toBe(true)
  })

  it('says AWS S3 without an endpoint, and nothing to fix when there is none', () => {
    const report = formatReport({ ...target, endpoint: undefined, origin: undefined }, [ok, note], 'Done.')
    expect(report.split('\n')[0]).toBe('react-presigned-s3 doctor: s3://my-uploads (AWS S3, region us-east-1)')
    expect(report.endsWith('\nNothing to fix. Done.\n')).toBe(true)
  })

  it('wraps long details under the title, word by word, within 100 columns', () => {
    const detail = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ')
    const lines = formatReport(target, [{ ...ok, detail }], '').split('\n').slice(3, -3)
    expect(lines.length).toBeGreaterThan(2)
    for (const line of lines) {
      expect(line.length).toBeLessThanOrEqual(100)
      expect(line.startsWith('         word')).toBe(true)
    }
    expect(lines.join(' ').replace(/\s+/g, ' ').trim()).toBe(detail)
  })
})

describe('exitCodeOf', () => {
  it('is 0 for findings that are ok or notes, 1 with any problem', () => {
    expect(exitCodeOf([ok, note])).toBe(0)
    expect(exitCodeOf([])).toBe(0)
    expect(exitCodeOf([ok, problem('x')])).toBe(1)
  })
})
