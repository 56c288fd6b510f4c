import type { ReactElement } from 'react'
import type { RouteNameOf, ServerDataOf } from '../core/typed-routes.js'
import type { UploadedFile } from '../core/upload-state.js'
import { S3Uploader, type S3UploaderProps } from './S3Uploader.js'

/** `<S3Uploader>`'s props for one route of the handler `Handler`, `serverData` typed from it. */
export type RouteUploaderProps<Handler, Name extends RouteNameOf<Handler>> = Omit<S3UploaderProps, 'route' | 'onUploadComplete'> & {
  route: Name
  onUploadComplete?: (files: Array<UploadedFile<ServerDataOf<Handler, Name>>>) => void
}

/**
 * `<S3Uploader>` typed by the server's routes: `const Uploader = createUploader<typeof handler>()`,
 * then `<Uploader route="avatar" onUploadComplete={([file]) => file?.serverData} />`, where the
 * route name is checked and `serverData` has the type that route's `onUploadComplete` returns.
 * The same component at run time; only the types differ.
 */
export function createUploader<Handler>(): <Name extends RouteNameOf<Handler>>(props: RouteUploaderProps<Handler, Name>) => ReactElement {
  return function RouteUploader(props) {
    // The JSON comes from the host's own server: its type is that server's promise, as for any fetch.
    const onUploadComplete = props.onUploadComplete as S3UploaderProps['onUploadComplete']
    return <S3Uploader {...props} onUploadComplete={onUploadComplete} />
  }
}
