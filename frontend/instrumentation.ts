/** Runs once when the server starts, before it answers any request. */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { recordPeerAddresses } = await import('./lib/api/peer-address');
    recordPeerAddresses();
    const { startTracing } = await import('./lib/tracing/start');
    await startTracing();
  }
}
