export { loadKnowledgeFolder } from '../assistant/knowledge/load-folder.ts';
export { type RunningServer, type ServeOptions, serveApp } from './serve.ts';
