// The one way the viewer puts things on the page: nodes built here, text always as text nodes.
// Nothing here parses HTML, so a server string (a grid's, street's or worker's name, an error
// message) can never become markup or script, whatever it contains. Styles go through the CSSOM
// (el.style), which the Content-Security-Policy allows without 'unsafe-inline'.

/** What a node may contain: text (shown as is), nodes, and nothing for null/undefined/false. */
export type Child = Node | string | number | null | undefined | false | Child[];

type Handler = (e: Event) => void;
/** Attributes by name; booleans add an empty attribute or none; on* only as functions. */
export type Attrs = Record<string, string | number | boolean | null | undefined | Handler | Partial<CSSStyleDeclaration>> & {
  style?: Partial<CSSStyleDeclaration>;
};

// URL-valued attributes take no scheme that runs code.
const urlAttributes = new Set(['href', 'src', 'action', 'formaction', 'xlink:href']);
const scriptScheme = /^\s*(javascript|vbscript|data):/i;

function setAttributes(el: Element, attrs: Attrs | null | undefined): void {
  if (!attrs) return;
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'style') { Object.assign((el as HTMLElement).style, value); continue; }
    if (name.startsWith('on')) {
      if (typeof value !== 'function') throw new TypeError(`attribute ${name} must be a function`);
      el.addEventListener(name.slice(2), value as Handler);
      continue;
    }
    if (typeof value === 'function' || typeof value === 'object') throw new TypeError(`attribute ${name} must be text`);
    const text = value === true ? '' : String(value);
    if (urlAttributes.has(name.toLowerCase()) && scriptScheme.test(text)) throw new TypeError(`attribute ${name}: refused URL scheme`);
    el.setAttribute(name, text);
  }
}

function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** An HTML element: <c>h('td', { 'data-figure': 'share' }, pct(share))</c>. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setAttributes(el, attrs);
  append(el, children);
  return el;
}

/** An SVG element (legend symbols). */
export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  setAttributes(el, attrs);
  append(el, children);
  return el;
}

/** Several nodes without a wrapper. */
export function fragment(...children: Child[]): DocumentFragment {
  const f = document.createDocumentFragment();
  append(f, children);
  return f;
}

/** Replaces everything in <paramref name="el"/> by <paramref name="children"/>. */
export function fill(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

/** An element by id that the page must have. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`no element #${id}`);
  return el as T;
}

/** Children separated by line breaks (legends). */
export function lines(items: Child[]): Child[] {
  return items.flatMap((item, i) => (i === 0 ? [item] : [h('br'), item]));
}

/**
 * Text escaped for the one library API that takes markup: OpenLayers renders attributions as HTML
 * (its Attribution control), so the configured attribution is handed over escaped, as text.
 */
export function escapeForMarkup(text: string): string {
  return text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);
}
