export interface Span {
  code: string;
  evidence: string;
  start: number;
  end: number;
}

export interface Piece {
  text: string;
  /** Index into the accepted spans (1-based, as shown to the reader), or null for plain text. */
  mark: number | null;
  code?: string;
}

/**
 * Cuts the text into plain and marked pieces. A span is trusted only when the text at [start, end) is its
 * evidence; otherwise the evidence is searched for, and dropped if absent. Overlapping spans are merged
 * into the first one so no character is marked twice.
 */
export function splitBySpans<S extends Span>(
  text: string,
  spans: S[],
): { pieces: Piece[]; placed: (S & { n: number })[]; unplaced: S[] } {
  const placed: (S & { n: number })[] = [];
  const unplaced: S[] = [];
  const located = spans
    .map((s) => {
      if (s.end > s.start && text.slice(s.start, s.end) === s.evidence) return s;
      const at = s.evidence ? text.indexOf(s.evidence) : -1;
      return at >= 0 ? { ...s, start: at, end: at + s.evidence.length } : null;
    })
    .map((s, i) => (s ? s : (unplaced.push(spans[i]), null)))
    .filter((s): s is S => s !== null)
    .sort((a, b) => a.start - b.start || b.end - a.end);

  const pieces: Piece[] = [];
  let pos = 0;
  for (const s of located) {
    if (s.start < pos) {
      // Overlaps the previous mark: extend it rather than nesting marks.
      const last = pieces[pieces.length - 1];
      if (s.end > pos) {
        last.text += text.slice(pos, s.end);
        pos = s.end;
      }
      placed.push({ ...s, n: placed.length ? placed[placed.length - 1].n : 1 });
      continue;
    }
    if (s.start > pos) pieces.push({ text: text.slice(pos, s.start), mark: null });
    const n = pieces.filter((p) => p.mark !== null).length + 1;
    pieces.push({ text: text.slice(s.start, s.end), mark: n, code: s.code });
    placed.push({ ...s, n });
    pos = s.end;
  }
  if (pos < text.length) pieces.push({ text: text.slice(pos), mark: null });
  return { pieces, placed, unplaced };
}

/** The petition text with each risk signal's evidence marked and numbered. */
export function HighlightedText(props: { text: string; spans: Span[]; labels?: Record<string, string> }) {
  const { pieces } = splitBySpans(props.text, props.spans);
  return (
    <div class="petition-text" id="petition-text">
      {pieces.map((p) =>
        p.mark === null ? (
          p.text
        ) : (
          <mark class="evidence" data-code={p.code} title={props.labels?.[p.code ?? ''] ?? p.code}>
            {p.text}
            <sup>{p.mark}</sup>
          </mark>
        ),
      )}
    </div>
  );
}
