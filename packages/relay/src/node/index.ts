export { loadKnowledgeFolder } from '../assistant/knowledge/load-folder.ts';
export { createFilesystemBlobStore, type FilesystemBlobStoreOptions } from '../attachments/blob/filesystem.ts';
export { type RunningServer, type ServeOptions, serveApp } from './serve.ts';
