/** HTTP and socket helpers shared by the ingest endpoints and the node's HTTP endpoint. */
package io.ordo.streams.net;
