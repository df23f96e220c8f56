package io.ordo.streams.spool;

/** When an append forces its bytes to the storage device before it returns. */
public enum FsyncPolicy {
    /**
     * {@code fdatasync} each append batch (shared by concurrent appends to a lane: group commit)
     * before it returns, and the lane directory when a segment is created: an acknowledged record
     * survives a power loss or kernel crash.
     */
    ALWAYS,
    /**
     * Page cache only: an acknowledged record survives {@code kill -9} of the process, not a crash
     * of the machine.
     */
    NONE
}
