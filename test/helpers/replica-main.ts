// One bot replica as its own process, for the multi-replica tests: the real composition root (startBot), configured
// from the environment like src/main.ts, with three test settings on the command line — a short inbox lease and
// sweep (so a killed replica's work is taken over in seconds, not a minute) and a send throttle raised to the
// test's rate. Logs JSON lines to stdout; SIGTERM stops it gracefully.
import { parseArgs } from 'node:util';
import { loadConfig } from '../../src/config.js';
import { Throttle } from '../../src/lark/throttle.js';
import { startBot } from '../../src/main.js';
import { createLogger } from '../../src/obs/logger.js';

const { values } = parseArgs({ options: { 'lease-ms': { type: 'string' }, 'sweep-ms': { type: 'string' }, 'send-qps': { type: 'string', default: '2000' } } });
const config = loadConfig(process.env);
const logger = createLogger({ level: config.logLevel });
const qps = Number(values['send-qps']);
const running = await startBot(config, {
  logger,
  host: '127.0.0.1',
  outbound: new Throttle({ perKeyPerSec: 4, globalPerSec: qps, maxWaiting: 20_000 }),
  queue: { capacity: 5_000, concurrency: 16 },
  ...(values['lease-ms'] ? { leaseMs: Number(values['lease-ms']) } : {}),
  ...(values['sweep-ms'] ? { sweepMs: Number(values['sweep-ms']) } : {}),
});
process.once('SIGTERM', () => void running.close().then(() => process.exit(0), () => process.exit(1)));
