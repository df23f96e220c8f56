/**
 * The checkpoint file format and an atomic, crash-safe checkpoint store.
 *
 * <p>A {@link io.ordo.checkpoint.Checkpoint} is a step, the caller's metadata as JSON
 * (resolved config, data cursor, MI order, RNG state, dtype ...) and an ordered list of raw byte
 * {@link io.ordo.checkpoint.Section}s ("params", "adam.m", "adam.v" ...), so a trainer can
 * write its flat off-heap buffers without per-tensor copies. {@link
 * io.ordo.checkpoint.CheckpointFormat} documents the bytes on disk; {@link
 * io.ordo.checkpoint.CheckpointStore} writes them atomically (temp file, fsync, rename,
 * directory fsync), keeps the latest k, writes asynchronously on request, and on resume loads the
 * newest file whose checksums all verify.
 *
 * <p>This package depends on the JDK only (no ND4J, no Pekko).
 */
package io.ordo.checkpoint;
