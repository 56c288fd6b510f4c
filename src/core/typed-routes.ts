/**
 * Types that read a signing handler's upload routes from `typeof handler`, so the
 * browser's `serverData` has the type the server's `onUploadComplete` returns.
 * Structural on purpose: client code imports nothing from `react-presigned-s3/server`
 * but a type (`import type { handler } from './server'`).
 */

/** The routes of a handler made by `createPresignHandler({ routes })`. */
export type RoutesOf<Handler> = Handler extends { readonly routes?: infer Routes } ? NonNullable<Routes> : never

/** The route names a handler knows. */
export type RouteNameOf<Handler> = keyof RoutesOf<Handler> & string

/** What route `Name`'s `onUploadComplete` returns (awaited): the file's `serverData`. */
export type ServerDataOf<Handler, Name extends RouteNameOf<Handler>> =
  RoutesOf<Handler>[Name] extends { onUploadComplete: (...args: never[]) => infer Returned } ? Awaited<Returned> : unknown
