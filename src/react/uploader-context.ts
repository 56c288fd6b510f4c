import { createContext, useContext } from 'react'
import { classNameResolver, type ClassNameOf } from './class-names.js'
import { defaultLocale, type UploaderLocale } from './locale.js'

export interface UploaderContextValue {
  locale: UploaderLocale
  classNameOf: ClassNameOf
  unstyled: boolean
}

/** Locale and class names for the parts of `<S3Uploader>`, so memoised rows need no extra props. */
export const UploaderContext = /* @__PURE__ */ createContext<UploaderContextValue>({
  locale: defaultLocale,
  // Pure, so an app that imports only <SignedImage> drops the uploader's locale (and Uppy) under esbuild and webpack.
  classNameOf: /* @__PURE__ */ classNameResolver(undefined, false),
  unstyled: false,
})

export function useUploaderContext(): UploaderContextValue {
  return useContext(UploaderContext)
}
