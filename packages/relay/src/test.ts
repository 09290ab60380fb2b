/** Test helpers for people extending Tandem: `import { testStore } from '@tandem/relay/test'`. */

export {
  type FakeAnthropicServer,
  type RecordedRequest,
  type ScriptedReply,
  startFakeAnthropicServer,
} from './assistant/testing/fake-anthropic-server.ts';
export { type TestStoreOptions, testStore } from './store/test-store.ts';
