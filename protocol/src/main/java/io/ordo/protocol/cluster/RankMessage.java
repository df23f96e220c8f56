package io.ordo.protocol.cluster;

import io.ordo.protocol.serial.KryoMessage;

/**
 * What the coordinator tells a rank. Not sealed: the rank actor adds its own node-local messages to
 * the same protocol type.
 */
public interface RankMessage extends KryoMessage {
}
