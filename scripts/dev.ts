/**
 * npm run dev: the API (with the same database as npm start) on API_PORT (default 3000) and the
 * Vite dev server with hot reload on 5173, which proxies /api to it. Open the Vite URL.
 */
import { createServer } from 'vite';
import { PROJECT_ROOT } from '../server/config.ts';
import { startServer } from '../server/main.ts';

const apiPort = Number(process.env.API_PORT ?? 3000);
process.env.API_PORT = String(apiPort);
const api = await startServer({ config: { PORT: apiPort }, onProgress: (m) => console.log(m) });
const vite = await createServer({ configFile: `${PROJECT_ROOT}/vite.config.ts`, server: { port: Number(process.env.VITE_PORT ?? 5173) } });
await vite.listen();
console.log(`API:            ${api.url}/api/health`);
vite.printUrls();

const stop = async () => {
  await vite.close();
  await api.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
