// A merchant's Worker entry with conversations in Durable Objects: the package's handler and its object class.
export { default, TandemConversation } from '@tandem/relay/workers';
