// `npm start`: build the web app if it is stale, then run the server in this very process, so
// that SIGTERM/SIGINT sent to `npm start` reach the server itself (npm forwards them to this
// process; package.json runs it with `exec`, so no shell stands in between).
import { register } from 'tsx/esm/api';
import { buildIfStale } from './build-if-stale.mjs';

buildIfStale();
register();
const { main } = await import('../server/main.ts');
await main();
