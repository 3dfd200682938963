// Entry of the what-if worker thread: the server runs TypeScript through tsx, and a worker thread
// does not inherit the loader of the thread that starts it, so it registers tsx itself first.
import { register } from 'tsx/esm/api';

register();
await import('./what-if-worker.ts');
