// Building the page from elements and text nodes only: every string from the
// API goes in as text (textContent / createTextNode) or as an attribute value,
// never parsed as markup, so a host named `<img onerror=…>` shows as just that.
export type Child = Node | string | number | null | undefined | false;
export type Attributes = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

function applyAttributes(node: Element, attributes: Attributes): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') {
      node.addEventListener(name.replace(/^on/, ''), value);
    } else {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
}

/** An HTML element with attributes (on* as listeners) and children. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  applyAttributes(node, attributes);
  append(node, children);
  return node;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element; numbers become attribute strings. */
export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, tag);
  applyAttributes(node, attributes);
  append(node, children);
  return node;
}

export function replaceChildren(parent: Element, ...children: Child[]): void {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  append(parent, children);
}

/** A link inside the dashboard; path segments are URI-encoded. */
export function link(text: Child, ...segments: string[]): HTMLAnchorElement {
  return el('a', { href: `#/${segments.map(encodeURIComponent).join('/')}` }, text);
}

export function badge(text: string, kind: string = text): HTMLSpanElement {
  return el('span', { class: `badge ${kind.replace(/[^a-z-]/g, '')}` }, text);
}

export function table(headers: (string | { text: string; num: true })[], rows: Child[][], attributes: Attributes = {}): HTMLTableElement {
  const head = el('tr', {}, ...headers.map((h) => (typeof h === 'string' ? el('th', {}, h) : el('th', { class: 'num' }, h.text))));
  const numeric = headers.map((h) => typeof h !== 'string');
  const body = rows.map((cells) => el('tr', {}, ...cells.map((cell, i) => el('td', numeric[i] ? { class: 'num' } : {}, cell))));
  return el('table', attributes, el('thead', {}, head), el('tbody', {}, ...body));
}
