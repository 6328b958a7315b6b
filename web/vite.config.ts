import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The console is built to web/dist and served by the API process (src/http/plugins/console.ts).
 * `npm run dev:web` proxies /api to a local server on :3000.
 */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
