-- Issue 24: registration asks which clusters hold each of a new petition's matches (alerts-repo clusterHits).
-- With cluster_id in the index that answer never reads a cluster_members row.
CREATE INDEX cluster_members_petition_cluster ON cluster_members(petition_id, cluster_id);
DROP INDEX cluster_members_petition;
