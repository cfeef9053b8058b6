import type { AlertsRepo, ClusterRow } from '../store/alerts-repo.ts';
import {
  announcesGroupAction,
  bigrams,
  extractEntities,
  jaccardAtLeast,
  sameEntity,
  type Grams,
  type MatterEntity,
} from './matter.ts';
import type { MatchIndex } from './match-index.ts';
import type { AlertEvidence, Cluster, ClusterMember } from './types.ts';

/** Petitions on the same matter this close in time form one cluster (the span of a cluster never exceeds it). */
export const CLUSTER_WINDOW_DAYS = 7;
/**
 * How far back a petition pulls its matches into its cluster. Every petition shares a cluster with each petition on
 * its matter received up to this long before it; ones 5 to 7 days apart share one only where a cluster's span
 * allows. The full 7 days cannot be kept at a bounded cost: a cluster that reaches 7 days back the moment it is
 * opened is closed to the next letter, so in a steady flood on one matter every letter opened a cluster and copied
 * the week into it (dev, synthetic 100k over 18 days: a petition in up to 489 clusters, 1.8M member rows). Reaching
 * 5 days back leaves each cluster open for 2 more days, so a petition joins at most about four.
 */
export const BACKFILL_DAYS = 5;
/** Distinct petitioners in a cluster that make it a mass incident. */
export const CLUSTER_MIN_PETITIONERS = 5;
/** Bigram Jaccard at or above which two texts are taken to be about the same matter. */
export const SIMILAR_TEXT = 0.5;
/**
 * Most petitions a new one takes from each key of the match index (a band bucket of its wording, a named matter),
 * the most recently received first. Older ones sharing the key were compared with those when they arrived and are
 * already clustered; without a bound, a flood of letters naming one estate makes every registration walk the
 * whole flood. The bound is per key, not per petition: a flood on one matter never pushes out the few letters
 * that share another, rarer one (an overall limit of 200 matches did, at about 5,000 letters a day).
 */
export const MATCH_LIMIT = 200;
// Features of this many recent petitions stay in memory (a petition's text never changes after registration):
// a week at a million letters a year (about 40,000), so that the candidates of a busy week are checked without
// reading and parsing their rows again. About 1 KB each.
const FEATURE_CACHE_SIZE = 50_000;

const DAY_MS = 86_400_000;
const WINDOW_MS = CLUSTER_WINDOW_DAYS * DAY_MS;
const BACKFILL_MS = BACKFILL_DAYS * DAY_MS;

/** Where a warm-up of the feature cache (createClusterer().warm) goes on: after this petition. */
export interface WarmCursor {
  from: string;
  afterAt: string;
  afterId: string;
  /** Petitions read so far. */
  read: number;
}

export interface Features {
  entities: MatterEntity[];
  grams: Grams;
  groupAction: boolean;
}

interface Match {
  by: string;
  similarity: number | null;
  entity?: MatterEntity;
}

export interface NewPetition {
  id: string;
  text: string;
  title: string | null;
  receivedAt: string;
}

/**
 * What the alert rules need to know about the cluster a petition joined. Once the cluster has its alert nothing
 * more is needed, so its head count (which reads every member) is only taken for a cluster without one.
 */
export type ClusterSummary =
  | { id: string; alertId: string }
  | { id: string; alertId: null; size: number; distinctPetitioners: number; groupAction: boolean };

export const featuresOf = (title: string | null, text: string, groupAction: boolean): Features => ({
  entities: extractEntities(`${title ?? ''}。${text}`),
  grams: bigrams(text),
  groupAction,
});

/** Whether a stored petition announced a group action, from its saved triage. */
function storedGroupAction(row: { text: string; triage: string | null }): boolean {
  if (!row.triage) return false;
  const signals = (JSON.parse(row.triage) as { risk?: { signals?: [] } }).risk?.signals ?? [];
  return announcesGroupAction(row.text, signals);
}

/** Same matter: a shared named employer, estate, village or school, or similar wording. */
export function match(a: Features, b: Features): Match | null {
  for (const x of a.entities)
    for (const y of b.entities) if (sameEntity(x, y)) return { by: `${x.kind}:${x.key}`, similarity: null, entity: x };
  const similarity = jaccardAtLeast(a.grams, b.grams, SIMILAR_TEXT);
  return similarity > 0 ? { by: 'text', similarity: Math.round(similarity * 1000) / 1000 } : null;
}

const ms = (iso: string) => new Date(iso).getTime();
const iso = (t: number) => new Date(t).toISOString();

/**
 * Groups petitions on the same matter within a 7-day window into clusters (mass-incident detection).
 * The petitions compared with a new one come from the match index (issue 24): those sharing an LSH band
 * bucket of its bigrams or a term of a named matter, whatever the size of the week; each is checked exactly.
 */
export function createClusterer(repo: AlertsRepo<AlertEvidence>, now: () => string, index: MatchIndex) {
  const cache = new Map<string, Features>();

  function remember(id: string, f: Features) {
    cache.set(id, f);
    if (cache.size > FEATURE_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }

  function stored(id: string): Features | undefined {
    const hit = cache.get(id);
    if (hit) return hit;
    const row = repo.petitionText(id);
    if (!row) return undefined;
    const f = featuresOf(row.title, row.text, storedGroupAction(row));
    remember(id, f);
    return f;
  }

  function matchesOf(p: NewPetition, self: Features) {
    const at = ms(p.receivedAt);
    const out: { id: string; received_at: string; m: Match; groupAction: boolean }[] = [];
    const candidates = index.recentCandidates({
      except: p.id,
      grams: self.grams,
      entities: self.entities,
      from: iso(at - WINDOW_MS),
      to: iso(at + WINDOW_MS),
      perKey: MATCH_LIMIT,
    });
    for (const row of candidates) {
      const other = stored(row.id);
      const m = other && match(self, other);
      if (m) out.push({ id: row.id, received_at: row.received_at, m, groupAction: other.groupAction });
    }
    return out;
  }

  function createCluster(p: NewPetition, matches: { m: Match }[], newId: () => string): ClusterRow {
    const named = matches.find((x) => x.m.entity)?.m.entity;
    const matter = named
      ? { matter_kind: named.kind, matter: named.key }
      : { matter_kind: 'text', matter: p.title ?? [...p.text].slice(0, 30).join('') };
    const id = newId();
    repo.insertCluster({
      id,
      ...matter,
      first_received_at: p.receivedAt,
      last_received_at: p.receivedAt,
      created_at: now(),
    });
    return repo.getCluster(id)!;
  }

  /** The cluster that already holds most of the matching petitions, if its 7-day span allows this one. */
  function bestCluster(receivedAt: string, matches: { id: string }[]): ClusterRow | undefined {
    const at = ms(receivedAt);
    return repo
      .clusterHits(matches.map((x) => x.id))
      .find((c) => Math.max(ms(c.last_received_at), at) - Math.min(ms(c.first_received_at), at) <= WINDOW_MS);
  }

  return {
    /**
     * Puts a triaged petition into the cluster of its matter, creating one when it matches recent petitions
     * (or announces a group action on its own). Runs inside the registration transaction.
     */
    assign(p: NewPetition, groupAction: boolean, newId: () => string): ClusterSummary | null {
      // Already placed (a re-triage): clusters are formed once, at registration.
      const placed = repo.clustersOf(p.id);
      if (placed.length) return summary(placed[placed.length - 1]);
      const self = featuresOf(p.title, p.text, groupAction);
      remember(p.id, self);
      const matches = matchesOf(p, self);
      index.add(p, self.grams);
      if (!matches.length && !groupAction) return null;

      // A new cluster starts from the matches of the last BACKFILL_DAYS; older ones alone open none.
      const from = ms(p.receivedAt) - BACKFILL_MS;
      const recent = matches.filter((x) => ms(x.received_at) >= from);
      const joined = bestCluster(p.receivedAt, matches);
      if (!joined && !recent.length && !groupAction) return null;
      const cluster = joined ?? createCluster(p, recent, newId);
      const members = repo.membersAmong(
        cluster.id,
        matches.map((x) => x.id),
      );
      let first = Math.min(ms(cluster.first_received_at), ms(p.receivedAt));
      let last = Math.max(ms(cluster.last_received_at), ms(p.receivedAt));
      const add = (id: string, m: Match, ga: boolean) =>
        repo.insertMember({
          cluster_id: cluster.id,
          petition_id: id,
          matched_by: m.by,
          similarity: m.similarity,
          group_action: ga,
          added_at: now(),
        });
      add(
        p.id,
        matches.find((x) => x.m.entity)?.m ?? matches[0]?.m ?? { by: 'group_action', similarity: null },
        groupAction,
      );
      // Matching petitions of the last BACKFILL_DAYS not yet in the cluster join it too, newest first, while the
      // span stays within 7 days.
      for (const x of [...matches].sort((a, b) => b.received_at.localeCompare(a.received_at))) {
        const t = ms(x.received_at);
        if (members.has(x.id) || t < from || Math.max(last, t) - Math.min(first, t) > WINDOW_MS) continue;
        add(x.id, x.m, x.groupAction);
        [first, last] = [Math.min(first, t), Math.max(last, t)];
      }
      repo.touchCluster(cluster.id, iso(first), now());
      repo.touchCluster(cluster.id, iso(last), now());
      return summary(repo.getCluster(cluster.id)!);
    },

    get,

    /**
     * Reads the features of up to `batch` petitions of the last CLUSTER_WINDOW_DAYS into the cache, oldest first;
     * returns where to go on, or null when the window (or the cache's capacity) is done. A server that has just
     * started has none cached, and each registration in a busy week then reads and parses dozens of stored
     * petitions (dev, 40,000 letters in 7 days: 1.6 ms of a registration's 27 ms CPU on a cold cache).
     */
    warm(cursor: WarmCursor | null, batch: number): WarmCursor | null {
      const c = cursor ?? { from: iso(ms(now()) - WINDOW_MS), afterAt: '', afterId: '', read: 0 };
      const rows = repo.petitionTextsAfter({ from: c.from, afterAt: c.afterAt, afterId: c.afterId, limit: batch });
      for (const row of rows)
        if (!cache.has(row.id)) remember(row.id, featuresOf(row.title, row.text, storedGroupAction(row)));
      const last = rows.at(-1);
      const read = c.read + rows.length;
      return last && rows.length === batch && read < FEATURE_CACHE_SIZE
        ? { from: c.from, afterAt: last.received_at, afterId: last.id, read }
        : null;
    },
  };

  function summary(c: ClusterRow): ClusterSummary {
    return c.alert_id ? { id: c.id, alertId: c.alert_id } : { id: c.id, alertId: null, ...repo.summary(c.id) };
  }

  function get(id: string): Cluster | undefined {
    const row = repo.getCluster(id);
    if (!row) return undefined;
    const members = repo.members(id);
    return {
      ...row,
      distinct_petitioners: repo.summary(id).distinctPetitioners,
      members: members.map(({ identity_key: _, ...m }): ClusterMember => m),
    };
  }
}

export type Clusterer = ReturnType<typeof createClusterer>;
