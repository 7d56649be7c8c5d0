-- paper_counts.sql -- the paper benchmark's baseline: the counts of the
-- committee table (DESIGN.md section 4, "The committee table, exactly") for a
-- report as of point :d, previous point :p and the point before that, :p0,
-- as one query in the sqlite3 shell on the register file itself.
--
-- Run as:   .parameter set :d "'2024-12-31'"   (and :p, :p0; NULL for none;
--           the inner quotes make it text, not 2024 - 12 - 31)
--           .read bench/paper_counts.sql
-- Writes one CSV row per source with a listed action, then one per scope,
-- then the totals: kind, name, scope, then the current and the previous
-- counts under the JSON's names (c_red ... c_outstanding, p_red ...).
--
-- The status of an action at a date is the status of its latest non-void
-- update dated on or before it (several on one date: the highest seq), white
-- if it has none by then, and nothing if the action was issued after the date
-- (issued: its own date, else its source's published date). All three dates
-- are answered in ONE pass over the updates: per action, the largest key
-- date||seq||status among the updates dated on or before each date (seq
-- offset to a fixed 13 digits so that the keys sort as (date, seq)). The
-- updates are read in table order and sorted for the grouping (NOT INDEXED):
-- walking the (action, date, seq) index instead costs a random lookup of the
-- status per update, and took about 1.4 times as long on the `all` register.
-- The CTEs are MATERIALIZED: left to itself, SQLite 3.40
-- joined each action to the sources' latest versions by a nested scan, which
-- took minutes.

.mode csv
.headers on
WITH
st AS MATERIALIZED (
    SELECT u.action_id AS id,
           max(CASE WHEN u.date <= :d THEN u.date || (u.seq + 1000000000000) || u.status END) AS kd,
           max(CASE WHEN u.date <= :p THEN u.date || (u.seq + 1000000000000) || u.status END) AS kp,
           max(CASE WHEN u.date <= :p0 THEN u.date || (u.seq + 1000000000000) || u.status END) AS kp0
    FROM updates u NOT INDEXED
    WHERE NOT EXISTS (SELECT 1 FROM update_voids x WHERE x.update_seq = u.seq)
    GROUP BY u.action_id
),
src AS MATERIALIZED (
    SELECT v.source_id AS id, v.title, COALESCE(v.scope, 'national') AS scope, v.published
    FROM source_versions v
    JOIN (SELECT source_id, max(seq) AS seq FROM source_versions GROUP BY source_id) l
      ON l.seq = v.seq
    -- the inspection register: audits, meetings and plans have papers of their own
    WHERE COALESCE(v.kind, '') NOT IN ('audit', 'meeting', 'plan')
),
act AS MATERIALIZED (
    SELECT a.id, v.source_id, COALESCE(v.issued, s.published) AS issued
    FROM actions a
    JOIN (SELECT action_id, max(seq) AS seq FROM action_versions GROUP BY action_id) l
      ON l.action_id = a.id
    JOIN action_versions v ON v.seq = l.seq
    JOIN src s ON s.id = v.source_id
    WHERE v.kind NOT IN ('audit_action', 'reference', 'deliverable')
),
-- each action's status at D, P and P0 (NULL: it did not exist then)
at3 AS (
    SELECT a.source_id,
           CASE WHEN a.issued <= :d THEN COALESCE(substr(st.kd, 24), 'white') END AS sd,
           CASE WHEN a.issued <= :p THEN COALESCE(substr(st.kp, 24), 'white') END AS sp,
           CASE WHEN a.issued <= :p0 THEN COALESCE(substr(st.kp0, 24), 'white') END AS sp0
    FROM act a LEFT JOIN st ON st.id = a.id
),
-- listed at D relative to P (cur) and at P relative to P0 (prev), and NEW
flags AS (
    SELECT source_id, sd, sp,
           sd IS NOT NULL AND (sd IN ('red', 'amber', 'white') OR sd IS NOT sp) AS lc,
           sd IS NOT sp AS nc,
           sp IS NOT NULL AND (sp IN ('red', 'amber', 'white') OR sp IS NOT sp0) AS lp,
           sp IS NOT sp0 AS np
    FROM at3
),
per_source AS MATERIALIZED (
    SELECT s.title AS name, s.scope,
           sum(lc AND sd = 'red') AS c_red, sum(lc AND sd = 'amber') AS c_amber,
           sum(lc AND sd = 'white') AS c_white, sum(lc AND sd = 'green') AS c_green,
           sum(lc AND sd = 'closed') AS c_closed,
           sum(lc AND nc AND sd = 'red') AS c_new_red, sum(lc AND nc AND sd = 'amber') AS c_new_amber,
           sum(lc AND nc AND sd = 'white') AS c_new_white,
           sum(lc AND nc AND sd = 'green') AS c_new_green,
           sum(lc AND nc AND sd = 'closed') AS c_new_closed,
           sum(lc AND sd IN ('red', 'amber', 'white')) AS c_outstanding,
           sum(lp AND sp = 'red') AS p_red, sum(lp AND sp = 'amber') AS p_amber,
           sum(lp AND sp = 'white') AS p_white, sum(lp AND sp = 'green') AS p_green,
           sum(lp AND sp = 'closed') AS p_closed,
           sum(lp AND np AND sp = 'red') AS p_new_red, sum(lp AND np AND sp = 'amber') AS p_new_amber,
           sum(lp AND np AND sp = 'white') AS p_new_white,
           sum(lp AND np AND sp = 'green') AS p_new_green,
           sum(lp AND np AND sp = 'closed') AS p_new_closed,
           sum(lp AND sp IN ('red', 'amber', 'white')) AS p_outstanding
    FROM flags f JOIN src s ON s.id = f.source_id
    WHERE lc OR lp
    GROUP BY f.source_id
)
SELECT 'source' AS kind, * FROM per_source
UNION ALL
SELECT 'scope', scope, scope,
       sum(c_red), sum(c_amber), sum(c_white), sum(c_green), sum(c_closed), sum(c_new_red),
       sum(c_new_amber), sum(c_new_white), sum(c_new_green), sum(c_new_closed), sum(c_outstanding),
       sum(p_red), sum(p_amber), sum(p_white), sum(p_green), sum(p_closed), sum(p_new_red),
       sum(p_new_amber), sum(p_new_white), sum(p_new_green), sum(p_new_closed), sum(p_outstanding)
FROM per_source GROUP BY scope
UNION ALL
SELECT 'total', 'total', '',
       sum(c_red), sum(c_amber), sum(c_white), sum(c_green), sum(c_closed), sum(c_new_red),
       sum(c_new_amber), sum(c_new_white), sum(c_new_green), sum(c_new_closed), sum(c_outstanding),
       sum(p_red), sum(p_amber), sum(p_white), sum(p_green), sum(p_closed), sum(p_new_red),
       sum(p_new_amber), sum(p_new_white), sum(p_new_green), sum(p_new_closed), sum(p_outstanding)
FROM per_source;
