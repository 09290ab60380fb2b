export * from './conversation.ts';
export * from './errors.ts';
export * from './events.ts';
export * from './limits.ts';
export * from './message.ts';
export * from './requests.ts';
export * from './text.ts';
export * from './version.ts';
