// A client-rendered app: the server serves build/200.html for every page URL, and the page
// needs the browser anyway (WebSocket, locale from cookie and navigator).
export const ssr = false
export const prerender = false
