import type { ConfigIssue } from '../errors.js';
import { positionFinder } from './source-positions.js';

/**
 * The issues of a config read from `text`, each with the line and column of its key or value in the file,
 * also written at the start of its message (`line 6, column 15: must be …`). Issues already placed, or whose
 * path is not in the file, are kept as they are.
 */
export async function locateIssues(issues: readonly ConfigIssue[], text: string): Promise<ConfigIssue[]> {
  const find = await positionFinder(text);
  return issues.map((issue) => {
    if (issue.line !== undefined) return issue;
    const at = find(issue.path);
    if (!at) return issue;
    return { ...issue, ...at, message: `line ${at.line}, column ${at.column}: ${issue.message}` };
  });
}
