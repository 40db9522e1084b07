import { resetPassword } from './auth/password-reset.js';
import { AppConfig, ConfigError } from './config/app-config.js';
import { createDatabaseClient } from './database/database-client.js';

// Operator command: `npm run -w backend reset-password -- <email>` (or `node dist/reset-password.js <email>` in the
// image), with the API's own environment. The new password is read from standard input — typed without echo on a
// terminal, or the first line of a pipe — so it never appears in the shell history or the process list.
async function main(): Promise<number> {
  const email = process.argv[2];
  if (!email || process.argv.length > 3) {
    console.error('Usage: reset-password <email>   (the new password is read from standard input)');
    return 2;
  }
  const password = await readPassword(email);
  const config = AppConfig.fromEnvironment();
  const client = await createDatabaseClient(config);
  try {
    const outcome = await resetPassword(client.db, email, password);
    if (!outcome.ok) {
      console.error(outcome.reason);
      return 1;
    }
    console.log(
      `Password changed for ${email.trim().toLowerCase()}; ${outcome.sessionsEnded} signed-in session(s) ended.`,
    );
    return 0;
  } finally {
    await client.close();
  }
}

async function readPassword(email: string): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    let text = '';
    for await (const chunk of input) text += String(chunk);
    return text.split(/\r?\n/)[0] ?? '';
  }
  process.stderr.write(`New password for ${email} (not shown): `);
  input.setRawMode(true);
  input.setEncoding('utf8');
  input.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = () => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
    };
    const onData = (keys: string) => {
      for (const key of keys) {
        if (key === '\r' || key === '\n' || key === '\u0004' || key === '\u0003') {
          finish();
          if (key === '\u0003') reject(new Error('Cancelled.'));
          else resolve(value);
          return;
        }
        value = key === '\u007f' || key === '\b' ? value.slice(0, -1) : value + key;
      }
    };
    input.on('data', onData);
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : `Reset failed: ${(error as Error).message}`);
    process.exit(1);
  },
);
