// Shipped as dist/styles.css.d.ts (the `types` of the `./styles.css` export):
// TypeScript 6 and later refuse a side-effect import they cannot resolve
// (`noUncheckedSideEffectImports`), so `import 'react-presigned-s3/styles.css'`
// failed in a host without its bundler's CSS declarations. The stylesheet is
// imported for its side effect only: it exports nothing.
export {}
