// Registers public/sw.js, which keeps the viewer's own files for an offline start (the page's CSP allows it:
// worker-src 'self'). Browsers offer service workers only in a secure context (https, or 127.0.0.1/localhost).
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' })
    .catch(e => console.warn(`service worker not registered: ${(e as Error).message}`));
}
