/** Terminal output that stays readable in a 100-column window. */
export const terminalWidth = 100;

/**
 * Breaks `text` at spaces into lines of at most `width` characters; a word longer than the width
 * gets a line of its own rather than being cut (a path or an image must stay copyable).
 */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ').filter((part) => part.length > 0)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [''];
}

/** A two-column table: the label in a fixed column, its value wrapped beside it. */
export function labelledRows(rows: readonly (readonly [string, string])[], indent: number, width: number = terminalWidth): string[] {
  const labelWidth = Math.max(0, ...rows.map(([label]) => label.length)) + 2;
  const valueWidth = width - indent - labelWidth;
  return rows.flatMap(([label, value]) =>
    wrapWords(value, valueWidth).map((line, index) => `${' '.repeat(indent)}${(index === 0 ? label : '').padEnd(labelWidth)}${line}`.trimEnd()),
  );
}
