/** One `key=value` line; a list value is written one item per continuation line. */
export interface PropertySetting {
  readonly key: string;
  readonly value: string | readonly string[];
  /** Why the value differs from the shipped file, written as a comment above it. */
  readonly why?: string;
}

export interface PropertySection {
  readonly title: string;
  readonly settings: readonly PropertySetting[];
}

const keyPattern = /^[A-Za-z][A-Za-z0-9._#-]*$/;

/** Escapes a value for java.util.Properties / Commons Configuration: backslash, line breaks, leading blanks. */
function escapePropertyValue(value: string): string {
  const escaped = value.replaceAll('\\', '\\\\').replaceAll('\n', '\\n').replaceAll('\r', '\\r').replaceAll('\t', '\\t');
  return escaped.startsWith(' ') ? `\\${escaped}` : escaped;
}

function renderSetting(setting: PropertySetting): string[] {
  if (!keyPattern.test(setting.key)) throw new Error(`properties file: "${setting.key}" is not a plain property key`);
  const comment = setting.why ? setting.why.split('\n').map((line) => `#-# ${line}`) : [];
  if (typeof setting.value === 'string') return [...comment, `${setting.key}=${escapePropertyValue(setting.value)}`];
  if (setting.value.length === 0) return [...comment, `${setting.key}=`];
  const items = setting.value.map(escapePropertyValue);
  return [...comment, `${setting.key}=\\`, ...items.map((item, index) => `  ${item}${index < items.length - 1 ? ',\\' : ''}`)];
}

/**
 * A properties file in the layout of XWiki's own (`#---` section banners, `#-#` explanations):
 * the header, then each section's settings. Keys must be unique across the file.
 */
export function renderPropertiesFile(header: readonly string[], sections: readonly PropertySection[]): string {
  const keys = sections.flatMap((section) => section.settings.map((setting) => setting.key));
  const duplicate = keys.find((key, index) => keys.indexOf(key) !== index);
  if (duplicate) throw new Error(`properties file: "${duplicate}" is set twice`);
  const lines = header.map((line) => (line ? `# ${line}` : '#'));
  for (const section of sections) {
    if (section.settings.length === 0) continue;
    lines.push('', '#---------------------------------------', `# ${section.title}`, '#');
    for (const setting of section.settings) lines.push(...renderSetting(setting));
  }
  return `${lines.join('\n')}\n`;
}
