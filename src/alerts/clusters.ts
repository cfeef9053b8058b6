import type { AlertsRepo, ClusterRow } from './alerts-repo.ts';
import { announcesGroupAction, bigrams, extractEntities, jaccard, sameEntity, type MatterEntity } from './matter.ts';
import type { Cluster, ClusterMember } from './types.ts';

/** Petitions on the same matter this close in time form one cluster (the span of a cluster never exceeds it). */
export const CLUSTER_WINDOW_DAYS = 7;
/** Distinct petitioners in a cluster that make it a mass incident. */
export const CLUSTER_MIN_PETITIONERS = 5;
/** Bigram Jaccard at or above which two texts are taken to be about the same matter. */
export const SIMILAR_TEXT = 0.5;
/** Most petitions compared with a new one; a busy office's week stays below it. */
export const WINDOW_SCAN_LIMIT = 2000;

const DAY_MS = 86_400_000;
const WINDOW_MS = CLUSTER_WINDOW_DAYS * DAY_MS;

interface Features {
  entities: MatterEntity[];
  grams: Set<string>;
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

const featuresOf = (title: string | null, text: string): Features => ({
  entities: extractEntities(`${title ?? ''}。${text}`),
  grams: bigrams(text),
});

/** Same matter: a shared named employer, estate, village or school, or similar wording. */
function match(a: Features, b: Features): Match | null {
  for (const x of a.entities) for (const y of b.entities) if (sameEntity(x, y)) return { by: `${x.kind}:${x.key}`, similarity: null, entity: x };
  const similarity = jaccard(a.grams, b.grams);
  return similarity >= SIMILAR_TEXT ? { by: 'text', similarity: Math.round(similarity * 1000) / 1000 } : null;
}

/** Whether a stored petition announced a group action, from its saved triage. */
function storedGroupAction(row: { text: string; triage: string | null }): boolean {
  if (!row.triage) return false;
  const signals = (JSON.parse(row.triage) as { risk?: { signals?: [] } }).risk?.signals ?? [];
  return announcesGroupAction(row.text, signals);
}

const ms = (iso: string) => new Date(iso).getTime();
const iso = (t: number) => new Date(t).toISOString();

/** Distinct petitioners: the identity hash where known, else each petition counts as its own petitioner. */
export const distinctPetitioners = (members: { petition_id: string; identity_key: string | null }[]) =>
  new Set(members.map((m) => m.identity_key ?? `petition:${m.petition_id}`)).size;

/** Groups petitions on the same matter within a 7-day window into clusters (mass-incident detection). */
export function createClusterer(repo: AlertsRepo, now: () => string) {
  const fits = (c: ClusterRow, receivedAt: string) =>
    Math.max(ms(c.last_received_at), ms(receivedAt)) - Math.min(ms(c.first_received_at), ms(receivedAt)) <= WINDOW_MS;

  function addMember(c: ClusterRow, petitionId: string, receivedAt: string, m: Match, groupAction: boolean) {
    repo.insertMember({ cluster_id: c.id, petition_id: petitionId, matched_by: m.by, similarity: m.similarity, group_action: groupAction, added_at: now() });
    repo.touchCluster(c.id, receivedAt, now());
    return repo.getCluster(c.id)!;
  }

  function createCluster(p: NewPetition, matches: { id: string; received_at: string; m: Match }[], newId: () => string) {
    const named = matches.find((x) => x.m.entity)?.m.entity;
    const matter = named ? { matter_kind: named.kind, matter: named.key } : { matter_kind: 'text', matter: p.title ?? [...p.text].slice(0, 30).join('') };
    const id = newId();
    repo.insertCluster({ id, ...matter, first_received_at: p.receivedAt, last_received_at: p.receivedAt, created_at: now() });
    return repo.getCluster(id)!;
  }

  return {
    /**
     * Puts a triaged petition into the cluster of its matter, creating one when it matches recent petitions
     * (or announces a group action on its own). Runs inside the registration transaction.
     */
    assign(p: NewPetition, groupAction: boolean, newId: () => string): Cluster | null {
      // Already placed (a re-triage): clusters are formed once, at registration.
      const placed = repo.clustersOf(p.id);
      if (placed.length) return get(placed[placed.length - 1].id)!;
      const self = featuresOf(p.title, p.text);
      const at = ms(p.receivedAt);
      const matches = repo
        .window(iso(at - WINDOW_MS), iso(at + WINDOW_MS), p.id, WINDOW_SCAN_LIMIT)
        .map((row) => ({ row, m: match(self, featuresOf(row.title, row.text)) }))
        .filter((x): x is { row: (typeof x)['row']; m: Match } => x.m !== null)
        .map(({ row, m }) => ({ id: row.id, received_at: row.received_at, m, groupAction: storedGroupAction(row) }));
      if (!matches.length && !groupAction) return null;

      // Join the cluster that already holds most of the matching petitions, if the 7-day span allows.
      const hits = new Map<string, { row: ClusterRow; n: number }>();
      for (const x of matches) {
        for (const c of repo.clustersOf(x.id)) if (fits(c, p.receivedAt)) hits.set(c.id, { row: c, n: (hits.get(c.id)?.n ?? 0) + 1 });
      }
      const best = [...hits.values()].sort((a, b) => b.n - a.n || a.row.created_at.localeCompare(b.row.created_at))[0];
      let cluster = best?.row ?? createCluster(p, matches, newId);
      const selfMatch = matches.find((x) => x.m.entity)?.m ?? matches[0]?.m ?? { by: 'group_action', similarity: null };
      cluster = addMember(cluster, p.id, p.receivedAt, selfMatch, groupAction);
      // Matching petitions not yet in the cluster join it too, while the span stays within 7 days (newest first).
      for (const x of [...matches].sort((a, b) => b.received_at.localeCompare(a.received_at))) {
        if (fits(cluster, x.received_at)) cluster = addMember(cluster, x.id, x.received_at, x.m, x.groupAction);
      }
      return get(cluster.id)!;
    },

    get,
  };

  function get(id: string): Cluster | undefined {
    const row = repo.getCluster(id);
    if (!row) return undefined;
    const members = repo.members(id);
    return {
      ...row,
      distinct_petitioners: distinctPetitioners(members),
      members: members.map(({ identity_key: _, ...m }): ClusterMember => m),
    };
  }
}

export type Clusterer = ReturnType<typeof createClusterer>;
