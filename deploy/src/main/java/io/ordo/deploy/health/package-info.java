/**
 * A training node's readiness conditions ({@link io.ordo.deploy.health.Readiness}), read by both the
 * Pekko Management health checks in {@code ops} and the dashboard's live view; it depends on neither.
 */
package io.ordo.deploy.health;
