import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's `redis-server` (`apt-get install redis-server`; `.ci/run` installs it). */
export const REDIS_SERVER_PATH = process.env.TANDEM_REDIS_SERVER ?? '/usr/bin/redis-server';

export interface RedisServerOptions {
  /** Append-only file with `appendfsync always`, so a restart keeps every write. Default false (no persistence). */
  appendOnly?: boolean;
  /**
   * With `appendOnly`: when Redis calls fsync on the append-only file. Default `always`; `everysec` is what
   * docs/scaling.md recommends in production (a killed redis-server still loses nothing: the write reached the file
   * before the reply; only a machine crash can lose the last second).
   */
  appendFsync?: 'always' | 'everysec';
}

export interface RedisServer {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Its own temporary directory: the append-only file lives there. */
  readonly dataDirectory: string;
  /** The process id of the running server, or undefined while stopped. */
  pid(): number | undefined;
  /** Stops the server by its process id (SIGTERM, or SIGKILL with `hard`), keeping its data directory. */
  stop(options?: { hard?: boolean }): Promise<void>;
  /** Starts it again on the same port and data directory. */
  start(): Promise<void>;
  /** Stops it and removes its data directory. */
  dispose(): Promise<void>;
}

/**
 * Starts a real `redis-server` on a free loopback port with its own temporary data directory, for one test file.
 * Nothing else on the machine is touched: it listens on 127.0.0.1 only and is stopped by its own pid.
 *
 * @example
 * const redis = await startRedisServer();
 * afterAll(() => redis.dispose());
 */
export async function startRedisServer({
  appendOnly = false,
  appendFsync = 'always',
}: RedisServerOptions = {}): Promise<RedisServer> {
  const port = await freePort();
  const dataDirectory = mkdtempSync(join(tmpdir(), 'tandem-redis-'));
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  async function start(): Promise<void> {
    if (child) return;
    const arguments_ = [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dataDirectory,
      '--save',
      '',
      '--appendonly',
      appendOnly ? 'yes' : 'no',
      '--appendfsync',
      appendFsync,
      '--daemonize',
      'no',
      '--loglevel',
      'warning',
    ];
    const started = spawn(REDIS_SERVER_PATH, arguments_, { stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    started.stderr?.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    child = started;
    exited = new Promise((resolve) =>
      started.once('exit', () => {
        if (child === started) child = undefined;
        resolve();
      }),
    );
    const deadline = Date.now() + 10_000;
    while (!(await answersPing(port))) {
      if (started.exitCode !== null || Date.now() > deadline) {
        throw new Error(`redis-server did not start on port ${port}: ${errors}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async function stop({ hard = false } = {}): Promise<void> {
    const running = child;
    if (!running?.pid) return;
    process.kill(running.pid, hard ? 'SIGKILL' : 'SIGTERM');
    await exited;
  }

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dataDirectory,
    pid: () => child?.pid,
    stop,
    start,
    async dispose() {
      await stop();
      rmSync(dataDirectory, { recursive: true, force: true });
    },
  };
}

// --- internal ---

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** One inline PING over a fresh socket; true on `+PONG`. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (chunk) => done(chunk.toString().startsWith('+PONG')));
  });
}
