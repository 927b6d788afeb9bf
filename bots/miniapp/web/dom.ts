/** A child of an element: a node, a text (set as text, never parsed as HTML), or nothing. */
export type Child = Node | string | number | null | undefined | false
type Attrs = Record<string, unknown>

function fill(el: Element, attrs: Attrs, children: (Child | Child[])[]): void {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v as EventListener)
    else if (k === 'class') el.setAttribute('class', String(v))
    else el.setAttribute(k, v === true ? '' : String(v))
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue
    el.append(typeof c === 'object' ? c : String(c))
  }
}

/** An HTML element with attributes (`onclick`: a listener; `true`: a bare attribute) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag)
  fill(el, attrs, children)
  return el
}

/** An SVG element, likewise. */
export function svg(tag: string, attrs: Attrs = {}, ...children: (Child | Child[])[]): SVGElement {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag)
  fill(el, attrs, children)
  return el
}

let ids = 0
/** An id for tying a label or a description to its control. */
export const uid = (prefix: string) => `${prefix}-${++ids}`
