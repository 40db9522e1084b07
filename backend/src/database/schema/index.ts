export * from './users.js';
export * from './refresh-tokens.js';
export * from './personal-access-tokens.js';
export * from './tasks.js';
export * from './task-events.js';
export * from './idempotency-keys.js';
export * from './rate-limits.js';
export * from './oauth-records.js';
