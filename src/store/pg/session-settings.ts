/**
 * The session-level `SET name TO value` statements run on a connection outside any transaction (search_path
 * first of all: tests and the instance children choose their schema that way), so that a replacement connection
 * after a lost one is the same session to its callers. Settings from DATABASE_URL (`options=-c …`) need no
 * replay: every connection is opened with them. `SET LOCAL` and settings made inside a transaction are not kept.
 */
const STATEMENT = /(?:^|;)\s*(?:SET\s+(?:SESSION\s+)?([a-z_][\w.]*)\s*(?:TO|=)\s*([^;]*)|RESET\s+([a-z_][\w.]*))/gi;

export class SessionSettings {
  private readonly byName = new Map<string, string>();

  /** Keeps the SET statements of a command that succeeded; a later SET of the same name replaces the earlier. */
  record(source: string): void {
    for (const [, name, value, reset] of source.matchAll(STATEMENT)) {
      const key = (name ?? reset).toLowerCase();
      if (reset) {
        if (key === 'all') this.byName.clear();
        else this.byName.delete(key);
      } else if (key !== 'local' && key !== 'transaction') this.byName.set(key, `SET ${name} TO ${value.trim()}`);
    }
  }

  /** The statements to run on a new connection, in the order the names were first set. */
  statements(): string[] {
    return [...this.byName.values()];
  }
}
