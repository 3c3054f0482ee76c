import { defineConfig } from 'vite';

// Built into the server's static files; everything is bundled, nothing is fetched from the internet.
export default defineConfig({
  base: '/',
  build: {
    outDir: '../../server/GridGIS.Server/wwwroot',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:5105' } },
});
