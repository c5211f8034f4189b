import { DOMParser, type Document, type Element } from '@xmldom/xmldom';

/** Parses XML, failing on any warning or error (malformed input must not pass quietly). */
export function parseXml(text: string): Document {
  return new DOMParser({
    onError: (level, message) => {
      throw new Error(`XML ${level}: ${message}`);
    },
  }).parseFromString(text, 'text/xml');
}

/** The element children of a node, optionally only those with a tag name. */
export function childElements(parent: Document | Element, tagName?: string): Element[] {
  const children: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === node.ELEMENT_NODE && (!tagName || (node as Element).tagName === tagName)) children.push(node as Element);
  }
  return children;
}

/** The one child element with that tag name; an error when there are none or several. */
export function onlyChild(parent: Document | Element, tagName: string): Element {
  const found = childElements(parent, tagName);
  if (found.length !== 1) throw new Error(`expected exactly one <${tagName}>, found ${found.length}`);
  return found[0]!;
}

/** Attributes of an element as a plain object. */
export function attributesOf(element: Element): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (let index = 0; index < element.attributes.length; index++) {
    const attribute = element.attributes.item(index)!;
    attributes[attribute.name] = attribute.value;
  }
  return attributes;
}
