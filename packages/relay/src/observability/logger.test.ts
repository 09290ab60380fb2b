import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

describe('structured logger', () => {
  it('writes one JSON object per line with level, message, bound fields and readable errors', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', write: (line) => lines.push(line) });
    const requestLogger = logger.child({ requestId: 'r-1' });
    requestLogger.debug('dropped below the level');
    requestLogger.info('request', { status: 201 });
    requestLogger.error('hook failed', { error: new Error('helpdesk down') });
    const parsed = lines.map((line) => JSON.parse(line));
    expect(parsed).toEqual([
      { time: expect.any(String), level: 'info', message: 'request', requestId: 'r-1', status: 201 },
      {
        time: expect.any(String),
        level: 'error',
        message: 'hook failed',
        requestId: 'r-1',
        error: { name: 'Error', message: 'helpdesk down', stack: expect.stringContaining('helpdesk down') },
      },
    ]);
  });
});
