/** Debian's Chromium (or `CHROMIUM_PATH`). */
export declare const CHROMIUM_PATH: string
/** The flags every test and bench starts Chromium with. */
export declare const CHROMIUM_ARGS: string[]
