/** Structured logs: one JSON object per line, with a level, a message and whatever fields help find the cause. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line, such as the request id. */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  /** Lines below this level are dropped. Default "info". */
  level?: LogLevel;
  /** Where a finished line goes. Default `console.log` (stdout on Node, the log stream on Workers). */
  write?: (line: string) => void;
}

const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger({ level = 'info', write = (line) => console.log(line) }: LoggerOptions = {}): Logger {
  return build({});

  function build(bound: LogFields): Logger {
    const log =
      (lineLevel: LogLevel) =>
      (message: string, fields: LogFields = {}) => {
        if (LEVEL_ORDER[lineLevel] < LEVEL_ORDER[level]) return;
        write(
          JSON.stringify({ time: new Date().toISOString(), level: lineLevel, message, ...bound, ...serialise(fields) }),
        );
      };
    return {
      debug: log('debug'),
      info: log('info'),
      warn: log('warn'),
      error: log('error'),
      child: (fields) => build({ ...bound, ...fields }),
    };
  }
}

/** Errors do not survive JSON.stringify; keep their name, message and stack. */
function serialise(fields: LogFields): LogFields {
  const result: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    result[key] = value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;
  }
  return result;
}
