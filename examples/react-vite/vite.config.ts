import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// https://vite.dev/config/
export default defineConfig({
  plugins: [react()],
  // The shop's own server (server/index.ts) answers /api and serves the relay under /chat.
  server: { proxy: { '/api': 'http://localhost:3000', '/chat': 'http://localhost:3000' } },
});
