/**
 * The web app: Vite root is web/, built into dist/web, served by the API server (npm start).
 * In development (npm run dev) /api (and /t/<slug>/api) is proxied to the API on API_PORT (default 3000).
 * Text assets are also written gzip- and brotli-compressed, which the server sends as they are.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt)$/;

/** Writes NAME.br and NAME.gz beside each text file of at least 1 KB, once the build is on disk. */
function precompress(): Plugin {
  return {
    name: 'commons-map:precompress',
    apply: 'build',
    enforce: 'post',
    writeBundle(options, bundle) {
      const dir = options.dir ?? '';
      for (const fileName of Object.keys(bundle)) {
        if (!COMPRESSIBLE.test(fileName)) continue;
        const file = path.join(dir, fileName);
        const bytes = fs.readFileSync(file);
        if (bytes.length < 1024) continue;
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(bytes, { level: 9 }));
        fs.writeFileSync(
          `${file}.br`,
          zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
      }
    },
  };
}

export default defineConfig({
  root: 'web',
  plugins: [react(), precompress()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    manifest: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: {
      '/api': `http://localhost:${process.env.API_PORT ?? 3000}`,
      // a tenant's API under its path prefix (/t/<slug>/api/…: web/state/tenant.ts)
      '^/t/[a-z0-9-]+/api/': `http://localhost:${process.env.API_PORT ?? 3000}`,
    },
  },
});
