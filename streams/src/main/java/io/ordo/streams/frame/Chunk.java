package io.ordo.streams.frame;

import org.apache.pekko.util.ByteString;

/**
 * Raw bytes read from a source with their position: the unit that byte sources emit and the
 * framing stage consumes. A change of {@code source} between chunks starts a new stream (the
 * previous one ended, e.g. the next file in a directory).
 *
 * @param source stream identity (file path, {@code stdin}, {@code tcp:/127.0.0.1:5555#3})
 * @param offset byte offset of {@code bytes[0]} in that stream (bytes)
 * @param bytes  the data, possibly empty (a tailing source's idle tick)
 */
public record Chunk(String source, long offset, ByteString bytes) {
}
