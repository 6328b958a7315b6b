import { describe, expect, it } from 'vitest';
import { createAfterReply } from './after-reply.js';

describe('after-reply work', () => {
  it('starts after the caller has moved on, and settled() waits for it', async () => {
    const tasks = createAfterReply();
    const seen: string[] = [];
    tasks.run('slow', async () => {
      seen.push('started');
      await new Promise((r) => setTimeout(r, 20));
      seen.push('finished');
    });
    seen.push('replied');
    await tasks.settled();
    expect(seen).toEqual(['replied', 'started', 'finished']);
  });

  it('waits for work started by work it is waiting for', async () => {
    const tasks = createAfterReply();
    let done = false;
    tasks.run('outer', async () => {
      tasks.run('inner', async () => {
        await new Promise((r) => setTimeout(r, 10));
        done = true;
      });
    });
    await tasks.settled();
    expect(done).toBe(true);
  });

  it('reports a failure by name instead of losing it, and keeps going', async () => {
    const tasks = createAfterReply();
    const failures: [string, unknown][] = [];
    tasks.onError = (name, err) => failures.push([name, err]);
    let after = false;
    tasks.run('password reset request', async () => {
      throw new Error('database went away');
    });
    tasks.run('next', async () => {
      after = true;
    });
    await tasks.settled();
    expect(failures.map(([name, err]) => [name, (err as Error).message])).toEqual([['password reset request', 'database went away']]);
    expect(after).toBe(true);
  });
});
