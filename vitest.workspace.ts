/**
 * The list of test projects. Vitest 4 no longer reads this file by itself:
 * the root vitest.config.ts imports it as `test.projects`.
 */
export default ['packages/protocol', 'packages/relay', 'packages/handoff', 'packages/widget', 'examples', 'e2e'];
