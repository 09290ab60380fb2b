/** Test helpers for people extending Tandem: `import { testStore } from '@tandem/relay/test'`. */
export { type TestStoreOptions, testStore } from './store/test-store.ts';
