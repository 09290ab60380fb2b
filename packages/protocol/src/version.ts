/** Sent by the relay as the `tandem-protocol-version` header; bumped on any breaking wire change. */
export const PROTOCOL_VERSION = '1';
export const PROTOCOL_VERSION_HEADER = 'tandem-protocol-version';
