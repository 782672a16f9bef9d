// The one way this page builds DOM: elements with attributes and children, where every string child becomes a text
// node. There is no innerHTML anywhere in web/, so no text from a question, a report or a card can become markup.

export type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | undefined> = {}, children: Child[] = []): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    // Event handlers are attached with addEventListener, never as attributes.
    if (v === undefined || /^on/iu.test(k)) continue;
    el.setAttribute(k, v);
  }
  append(el, children);
  return el;
}

export function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

export function clear(el: Node): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}
