import { paraglideVitePlugin } from '@inlang/paraglide-js'
import adapter from '@sveltejs/adapter-static'
import { sveltekit } from '@sveltejs/kit/vite'
import { defineConfig } from 'vite'
import { paraglideOptions } from './i18n.config.ts'

/** Where `vite dev` forwards the API and the collaboration socket (the Node server, `npm start`). */
const serverUrl = process.env.ROUAGES_SERVER_URL ?? 'http://127.0.0.1:3000'

export default defineConfig({
  plugins: [
    paraglideVitePlugin(paraglideOptions),
    // SvelteKit 3: the options that lived in svelte.config.js are passed to the plugin.
    sveltekit({
      // A client-rendered app: the server sends build/200.html for every page URL.
      adapter: adapter({
        pages: 'build',
        assets: 'build',
        fallback: '200.html',
        precompress: true,
        strict: true,
      }),
    }),
  ],
  server: {
    // Same origin in development too, so session cookies reach the WebSocket upgrade.
    proxy: {
      '/api': { target: serverUrl },
      '/collab': { target: serverUrl, ws: true },
    },
  },
})
