// `GREENHACK_MODE=sync npm start`: the same service, views and page with no green tasks. Each request's
// handler runs in place, one at a time; greenhack/pg (PGlite, on the blocking bridge's worker) and
// greenhack/http block on the bridge, and greenhack/ws sends without waiting. The whole suite runs on it.
import { startDemo } from './helpers.ts';
import { serviceSuite } from './suite.ts';

serviceSuite('food delivery: GREENHACK_MODE=sync on PGlite', () => startDemo({ GREENHACK_MODE: 'sync' }), /database pglite:\/\/memory, sync view, sync mode\)/);
