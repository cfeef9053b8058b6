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

interface Matched {
  id: string;
  received_at: string;
  m: Match;
  groupAction: boolean;
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
    const out: Matched[] = [];
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

  function createCluster(p: NewPetition, entity: MatterEntity | undefined, newId: () => string): ClusterRow {
    const matter = entity
      ? { matter_kind: entity.kind, matter: entity.key }
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

  /**
   * The cluster of this matter that already holds most of the matching petitions, if its 7-day span allows this
   * one. For a named matter only a cluster named by the same matter qualifies; near-identical wording may join
   * whatever cluster those letters are in (the letters are the same matter, whatever it was named by).
   */
  function bestCluster(receivedAt: string, matches: { id: string }[], entity?: MatterEntity): ClusterRow | undefined {
    const at = ms(receivedAt);
    return repo
      .clusterHits(matches.map((x) => x.id))
      .find(
        (c) =>
          (!entity ||
            (c.matter_kind === entity.kind &&
              sameEntity({ kind: entity.kind, name: c.matter, key: c.matter }, entity))) &&
          Math.max(ms(c.last_received_at), at) - Math.min(ms(c.first_received_at), at) <= WINDOW_MS,
      );
  }

  /** Puts p and the matches of one matter into that matter's cluster (joined if there is one, else created). */
  function place(
    p: NewPetition,
    group: Matched[],
    entity: MatterEntity | undefined,
    groupAction: boolean,
    newId: () => string,
  ) {
    const cluster = bestCluster(p.receivedAt, group, entity) ?? createCluster(p, entity, newId);
    const members = repo.membersAmong(
      cluster.id,
      group.map((x) => x.id),
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
    add(p.id, group[0]?.m ?? { by: 'group_action', similarity: null }, groupAction);
    // Matching petitions of this matter not yet in the cluster join it too, newest first, while the span stays
    // within 7 days (one already in an older cluster of the matter that could not take p is in this one too).
    for (const x of [...group].sort((a, b) => b.received_at.localeCompare(a.received_at))) {
      const t = ms(x.received_at);
      if (members.has(x.id) || Math.max(last, t) - Math.min(first, t) > WINDOW_MS) continue;
      add(x.id, x.m, x.groupAction);
      [first, last] = [Math.min(first, t), Math.max(last, t)];
    }
    repo.touchCluster(cluster.id, iso(first), now());
    repo.touchCluster(cluster.id, iso(last), now());
    return cluster.id;
  }

  return {
    /**
     * Puts a triaged petition into the clusters of its matters, creating one when it matches recent petitions
     * (or announces a group action on its own). Runs inside the registration transaction. Returns each cluster
     * it is in.
     *
     * What a cluster is (issue 24): one matter, as a petition office counts a mass incident: the letters within
     * 7 days that name the same employer, estate, village or school, or that are worded nearly identically. So
     * the matches are grouped by the matter they share with p (each named matter; near-identical wording), and
     * each group goes to its own matter's cluster: a new cluster takes only the matches that share the matter
     * that made it. A letter naming a rare employer and quoting a sentence about a flooded estate used to open a
     * cluster for the employer holding the estate's 200 newest letters too; those letters ended up in hundreds of
     * clusters (one in 486), and every registration read tens of thousands of member rows. Now the estate's
     * letters stay in the estate's cluster, which p joins; the employer's cluster holds the employer's letters.
     * No true member is lost: every match still shares a cluster with p, the cluster of the matter they share.
     * A petition is in at most one cluster per matter it names plus one for its wording, and in an older one of
     * the same matter only when that one's 7-day span could not take a newer letter (so a few per matter).
     */
    assign(p: NewPetition, groupAction: boolean, newId: () => string): ClusterSummary[] {
      // Already placed (a re-triage): clusters are formed once, at registration.
      const placed = repo.clustersOf(p.id);
      if (placed.length) return placed.map(summary);
      const self = featuresOf(p.title, p.text, groupAction);
      remember(p.id, self);
      const matches = matchesOf(p, self);
      index.add(p, self.grams);
      if (!matches.length && !groupAction) return [];

      const groups = new Map<string, Matched[]>();
      for (const x of matches) {
        const key = x.m.entity ? x.m.by : 'text';
        groups.set(key, [...(groups.get(key) ?? []), x]);
      }
      // Named matters first, then wording: a letter both names and quotes joins the named cluster it made.
      const order = [...groups.entries()].sort(([a], [b]) => Number(a === 'text') - Number(b === 'text'));
      if (!order.length) order.push(['group_action', []]);
      const ids = new Set<string>();
      for (const [, group] of order) ids.add(place(p, group, group[0]?.m.entity, groupAction, newId));
      return [...ids].map((id) => summary(repo.getCluster(id)!));
    },

    get,
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
