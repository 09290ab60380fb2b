/** Test helpers for people extending Tandem: `import { testStore } from '@tandem/relay/test'`. */

export {
  type FakeAnthropicServer,
  type RecordedRequest,
  type ScriptedReply,
  startFakeAnthropicServer,
} from './fake-anthropic-server.ts';
export { type TestBlobStoreOptions, testBlobStore } from './test-blob-store.ts';
export { type TestStoreOptions, testStore } from './test-store.ts';
