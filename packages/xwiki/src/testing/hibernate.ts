import { childElements, onlyChild, parseXml } from './xml.ts';

/** The session-factory properties of a hibernate.cfg.xml, by name (a duplicate is an error). */
export function hibernatePropertiesOf(xml: string): Map<string, string> {
  const document = parseXml(xml);
  const sessionFactory = onlyChild(onlyChild(document, 'hibernate-configuration'), 'session-factory');
  const properties = new Map<string, string>();
  for (const property of childElements(sessionFactory, 'property')) {
    const name = property.getAttribute('name')!;
    if (properties.has(name)) throw new Error(`property ${name} is set twice`);
    properties.set(name, property.textContent ?? '');
  }
  return properties;
}
