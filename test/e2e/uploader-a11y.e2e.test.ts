import { createRequire } from 'node:module'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startE2eApp, type AppServer } from './support/app.js'
import { launchChromium } from './support/browser.js'

type Handler = (request: Request) => Promise<Response>

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

let browser: Browser
beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
})

interface AxeViolation {
  id: string
  help: string
  nodes: Array<{ target: string[] }>
}

/** axe-core on the widget only (the test page around it is not ours), WCAG 2.x A and AA plus best practices. */
async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath })
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Element, options: object) => Promise<{ violations: AxeViolation[] }> } }).axe
    const root = document.querySelector('.rps3-uploader')!
    const result = await axe.run(root, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] })
    return result.violations
  })
  return violations.map((violation: AxeViolation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`)
}

/** What has focus, as a screen reader would name it. */
function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null
    return element?.getAttribute('aria-label') ?? element?.textContent ?? ''
  })
}

async function tabTo(page: Page, name: string): Promise<void> {
  for (let step = 0; step < 20; step++) {
    if ((await focusedName(page)) === name) return
    await page.keyboard.press('Tab')
  }
  throw new Error(`Tab never reached "${name}" (focus is on "${await focusedName(page)}")`)
}

/**
 * Opens the page once it has settled: on the first visit Vite's dependency
 * optimizer may reload the page after it rendered, which would drop focus.
 */
async function openPage(url: string, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const page = await browser.newPage({ colorScheme })
  // Playwright intercepts the chooser only once a 'filechooser' listener exists (a CDP round trip):
  // listen before navigating, so an Enter pressed later cannot beat it.
  page.on('filechooser', () => {})
  await page.goto(url, { waitUntil: 'networkidle' })
  await page.getByRole('button', { name: 'Choose files' }).waitFor()
  return page
}

const textFile = (name: string, size = 64) => ({ name, mimeType: 'text/plain', buffer: Buffer.alloc(size, 'a') })

describe('the uploader, by keyboard alone, with axe in every state', () => {
  let app: AppServer
  let release: () => void = () => {}
  let gate: Promise<void> = Promise.resolve()
  // Holds signing replies while a test looks at the uploading state.
  const holdSigning = (handler: Handler): Handler => async (request) => {
    await gate
    return handler(request)
  }
  beforeAll(async () => {
    app = await startE2eApp({ wrapHandler: holdSigning })
    await (await openPage(`${app.url}/`)).close()
  })
  afterAll(() => app?.close())

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`idle → uploading → complete → remove, ${colorScheme} scheme`, async () => {
      gate = new Promise((resolve) => (release = resolve))
      const page = await openPage(`${app.url}/`, colorScheme)
      expect(await axeViolations(page)).toEqual([]) // idle

      await page.keyboard.press('Tab')
      expect(await focusedName(page)).toBe('Choose files')
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)
      expect(outline).toBe('solid') // the focus ring is visible
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Enter')])
      expect(chooser.isMultiple()).toBe(true)
      await chooser.setFiles([textFile('one.txt'), textFile('two.txt'), textFile('three.txt')])

      await page.locator('li[data-status="uploading"]').first().waitFor()
      await page.getByRole('status').filter({ hasText: 'Uploading 3 files' }).waitFor()
      expect(await axeViolations(page)).toEqual([]) // uploading

      release()
      await page.getByRole('status').filter({ hasText: '3 of 3 files uploaded' }).waitFor({ timeout: 30_000 })
      expect(await axeViolations(page)).toEqual([]) // complete

      await tabTo(page, 'Remove two.txt')
      await page.keyboard.press('Space')
      await expect(page.getByText('two.txt').count()).resolves.toBe(0)
      expect(await focusedName(page)).toBe('Remove three.txt')
      await page.keyboard.press('Enter')
      expect(await focusedName(page)).toBe('Remove one.txt')
      await page.keyboard.press('Enter')
      expect(await focusedName(page)).toBe('Choose files')
      expect(await axeViolations(page)).toEqual([]) // back to idle
      await page.close()
    })
  }

  it('a long list (40 files): axe clean, Tab reaches every row\'s button in order through the scroll box', async () => {
    gate = Promise.resolve()
    const page = await openPage(`${app.url}/`)
    const names = Array.from({ length: 40 }, (_, index) => `row-${String(index).padStart(2, '0')}.txt`)
    await page.getByLabel('Files to upload').setInputFiles(names.map((name) => textFile(name)))
    await page.getByRole('status').filter({ hasText: '40 of 40 files uploaded' }).waitFor({ timeout: 30_000 })
    await page.getByText('40 of 40 uploaded').waitFor()
    expect(await page.locator('li[data-row-id]').count()).toBeLessThan(20) // only the rows in view (and a few more)
    expect(await axeViolations(page)).toEqual([])

    await tabTo(page, 'Remove row-00.txt')
    for (const name of names.slice(1)) {
      await page.keyboard.press('Tab')
      expect(await focusedName(page)).toBe(`Remove ${name}`)
    }
    expect(await page.getByRole('listitem').filter({ hasText: 'row-00.txt' }).count()).toBe(0) // scrolled away, unmounted
    await page.keyboard.press('Enter') // removes the last row; focus goes to the row before it
    expect(await focusedName(page)).toBe('Remove row-38.txt')
    for (const name of names.slice(0, 38).reverse()) {
      await page.keyboard.press('Shift+Tab')
      expect(await focusedName(page)).toBe(`Remove ${name}`)
    }
    expect(await axeViolations(page)).toEqual([])
    await page.close()
  })

  it('error state: a refused endpoint request, with Retry reachable by keyboard', async () => {
    gate = Promise.resolve()
    const page = await openPage(`${app.url}/?token=wrong`)
    await page.keyboard.press('Tab')
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Enter')])
    await chooser.setFiles([textFile('denied.txt')])
    await page.locator('li[data-status="error"]').waitFor({ timeout: 30_000 })
    await page.getByRole('status').filter({ hasText: '1 failed: denied.txt' }).waitFor()
    expect(await axeViolations(page)).toEqual([])
    await tabTo(page, 'Retry denied.txt')
    await page.close()
  })

  it('restriction error: the refused file and its reason, dismissed by keyboard', async () => {
    const page = await openPage(`${app.url}/?maxFileSize=100`, 'dark')
    await page.keyboard.press('Tab')
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')])
    await chooser.setFiles([textFile('huge.txt', 4096)])
    const row = page.locator('li[data-status="rejected"]', { hasText: 'huge.txt' })
    await row.waitFor()
    await expect(row.textContent()).resolves.toContain('This file is 4 kB; files may be at most 100 B.')
    await page.getByRole('status').filter({ hasText: '1 not added: huge.txt' }).waitFor()
    expect(await axeViolations(page)).toEqual([])
    await tabTo(page, 'Dismiss huge.txt')
    await page.keyboard.press('Enter')
    await expect(row.count()).resolves.toBe(0)
    expect(await focusedName(page)).toBe('Choose files')
    await page.close()
  })
})
