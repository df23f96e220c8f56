package io.ordo.protocol.cluster;

import io.ordo.protocol.serial.KryoMessage;

/**
 * What ranks tell the coordinator (a cluster singleton). Not sealed: the coordinator actor adds its
 * own node-local messages (cluster events, timers) to the same protocol type.
 */
public interface CoordinatorMessage extends KryoMessage {
}
