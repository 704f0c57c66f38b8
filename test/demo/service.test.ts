// The service as `npm start` runs it: embedded PGlite in memory, the sync-style view, the kitchen as a
// child process.
import { startDemo } from './helpers.ts';
import { serviceSuite } from './suite.ts';

serviceSuite('food delivery: sync view on PGlite (npm start)', () => startDemo(), /database pglite:\/\/memory, sync view, async mode\)/);
