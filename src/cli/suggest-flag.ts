import { closest } from '../config/closest.js';

/**
 * The known flags a mistyped `--name` most likely meant, best first (at most three, one spelling per flag):
 * those whose words hold each word of the typed name, whole or as their start (`--input-type` →
 * `--input-file-type`, `--out-type` → `--output-file-type`), or whose name starts with it (`--parquet` → the
 * `--parquet-…` flags); else the nearest by edit distance (`--modle-id` → `--model-id`). Words come first
 * because an edit distance ranks `--gpu-type` nearer to `--input-type` than the flag that was meant.
 *
 * @param known every spelling (`--pods`, `--replicas`) and the flag it names (`pods`).
 */
export function suggestFlags(spelling: string, known: ReadonlyMap<string, string>): string[] {
  const typed = spelling.replace(/^--/, '').toLowerCase();
  const words = typed.split('-').filter(Boolean);
  const long = [...known.keys()].filter((k) => k.startsWith('--'));
  const byWords = long.filter((candidate) => {
    const name = candidate.slice(2).toLowerCase();
    const theirs = name.split('-');
    return (
      (typed.length >= 3 && name.startsWith(typed)) ||
      (words.length > 0 &&
        words.every((w) => theirs.some((t) => t === w || (w.length >= 2 && t.startsWith(w)))))
    );
  });
  if (byWords.length === 0) {
    const near = closest(spelling, long);
    return near ? [near] : [];
  }
  const seen = new Set<string>();
  return (
    byWords
      // The fewest letters beyond the typed ones first, then the order of the command's flags.
      .map((candidate, order) => ({ candidate, order }))
      .sort((a, b) => a.candidate.length - b.candidate.length || a.order - b.order)
      .filter(({ candidate }) => {
        const flag = known.get(candidate);
        if (seen.has(flag!)) return false;
        seen.add(flag!);
        return true;
      })
      .slice(0, 3)
      .map(({ candidate }) => candidate)
  );
}

/** `: did you mean --a?`, `: did you mean --a or --b?`; empty without a suggestion. */
export function didYouMean(suggestions: readonly string[]): string {
  if (suggestions.length === 0) return '';
  const last = suggestions.at(-1)!;
  const list = suggestions.length === 1 ? last : `${suggestions.slice(0, -1).join(', ')} or ${last}`;
  return `: did you mean ${list}?`;
}
