/** Small Markdown builders for the generated runbooks: plain text in, stable text out. */

export function heading(level: 1 | 2 | 3, text: string): string {
  return `${'#'.repeat(level)} ${text}\n`;
}

export function paragraph(...sentences: string[]): string {
  return `${sentences.join(' ')}\n`;
}

export function code(text: string): string {
  return `\`${text}\``;
}

/** A fenced shell block. */
export function shell(...lines: string[]): string {
  return ['```sh', ...lines, '```', ''].join('\n');
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line), ''].join('\n');
}

export function list(items: readonly string[]): string {
  return `${items.map((item) => `- ${item}`).join('\n')}\n`;
}

export function steps(items: readonly string[]): string {
  return `${items.map((item, index) => `${index + 1}. ${item}`).join('\n')}\n`;
}

/** Sections separated by one blank line, ending with exactly one line break. */
export function document(...sections: string[]): string {
  return `${sections.map((section) => section.trimEnd()).join('\n\n')}\n`;
}

/** Shell lines with their `# comment` aligned one column after the longest command. */
export function commented(lines: readonly (readonly [command: string, comment: string])[]): string[] {
  const width = Math.max(...lines.map(([command]) => command.length));
  return lines.map(([command, comment]) => `${command.padEnd(width)}    # ${comment}`);
}
