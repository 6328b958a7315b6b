import { createInterface } from 'node:readline';

/** Reads one line from standard input (a pipe, or a terminal with the prompt shown). */
export async function readSecret(prompt: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdin.isTTY ? process.stderr : undefined, terminal: false });
  if (process.stdin.isTTY) process.stderr.write(prompt);
  for await (const line of rl) {
    rl.close();
    return line;
  }
  throw new Error('No password given: set ROLECALL_PASSWORD or pipe it on standard input.');
}
