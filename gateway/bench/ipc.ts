// The benchmark's process plumbing: children started with tsx and an IPC channel, a request/reply
// over it (CPU snapshots, stop), and the child side that answers them.
import { type ChildProcess, spawn } from 'node:child_process';
import diagnostics_channel from 'node:diagnostics_channel';

export interface CpuSnapshot {
  /** user + system CPU time of the process, in microseconds */
  cpuMicros: number;
  rssBytes: number;
  /** outgoing TCP connections this process has opened so far (keep-alive check) */
  connectionsOpened: number;
}

export type ChildMessage = { type: 'ready'; [key: string]: unknown } | { type: 'reply'; id: number; value: unknown } | { type: 'failed'; error: string };

export interface Child {
  process: ChildProcess;
  ready: Promise<Record<string, unknown>>;
  ask<T>(command: string, payload?: unknown): Promise<T>;
  cpu(): Promise<CpuSnapshot>;
  stop(): Promise<void>;
}

/** Starts `script` in a new Node process (TypeScript through tsx) with an IPC channel. */
export function startChild(script: string, env: Record<string, string>, label: string, nodeArgs: string[] = []): Child {
  const proc = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 1;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const ready = new Promise<Record<string, unknown>>((resolve, reject) => {
    proc.on('message', (message: ChildMessage) => {
      if (message.type === 'ready') resolve(message);
      else if (message.type === 'failed') reject(new Error(`${label}: ${message.error}`));
      else if (message.type === 'reply') {
        pending.get(message.id)?.resolve(message.value);
        pending.delete(message.id);
      }
    });
    proc.once('exit', (code, signal) => {
      exited = true;
      const error = new Error(`${label} exited (code ${code}, signal ${signal})`);
      reject(error);
      for (const p of pending.values()) p.reject(error);
      pending.clear();
    });
  });
  ready.catch(() => {}); // observed by the caller; avoid an unhandled rejection on late exits
  const ask = <T>(command: string, payload?: unknown) =>
    new Promise<T>((resolve, reject) => {
      if (exited) return reject(new Error(`${label} is not running`));
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      proc.send({ type: 'ask', id, command, payload });
    });
  return {
    process: proc,
    ready,
    ask,
    cpu: () => ask<CpuSnapshot>('cpu'),
    async stop() {
      if (exited) return;
      const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
      try {
        await ask('stop').catch(() => {});
        await exitedPromise;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

let connectionsOpened = 0;
diagnostics_channel.subscribe('net.client.socket', () => {
  connectionsOpened++;
});

export function cpuSnapshot(): CpuSnapshot {
  const usage = process.cpuUsage();
  return { cpuMicros: usage.user + usage.system, rssBytes: process.memoryUsage().rss, connectionsOpened };
}

/** Child side: answers `cpu` and `stop` (running `onStop` first), plus any extra commands. */
export function serveParent(onStop: () => Promise<void>, commands: Record<string, (payload: unknown) => unknown> = {}): void {
  process.on('message', async (message: { type: string; id: number; command: string; payload: unknown }) => {
    if (message?.type !== 'ask') return;
    let value: unknown = null;
    if (message.command === 'cpu') value = cpuSnapshot();

    else if (message.command === 'stop') {
      await onStop().catch((error) => console.error('stop failed:', error));
      process.send!({ type: 'reply', id: message.id, value: null }, () => process.exit(0));
      return;
    } else if (commands[message.command]) value = await commands[message.command]!(message.payload);
    process.send!({ type: 'reply', id: message.id, value });
  });
  // The parent going away (Ctrl-C, crash) takes this process with it.
  process.on('disconnect', () => process.exit(0));
}

/** Child side: tells the parent why start-up failed, then exits. */
export function reportFailure(error: unknown): Promise<never> {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  if (process.send) process.send({ type: 'failed', error: text }, () => process.exit(1));
  else console.error(text);
  setTimeout(() => process.exit(1), 1000).unref();
  return new Promise<never>(() => {});
}
