package io.ordo.streams.spool;

/** What {@link Spool#append} did with a batch: all of it appended, or none of it. */
public sealed interface AppendResult {

    /**
     * The whole batch was appended to one lane, contiguously and in order, durable per the
     * spool's {@link FsyncPolicy}.
     *
     * @param lane     the lane written
     * @param first    position of the batch's first record (or {@code end} if empty)
     * @param end      position after its last record
     * @param records  records appended
     */
    record Appended(int lane, long first, long end, int records) implements AppendResult {
    }

    /**
     * Nothing was appended: the batch would pass the cap. Room comes back when
     * {@link Spool#deleteBefore} drops segments a checkpoint covers.
     *
     * @param usedBytes  bytes held when refused
     * @param capBytes   the cap
     * @param batchBytes bytes the batch needed, frames included
     */
    record SpoolFull(long usedBytes, long capBytes, long batchBytes) implements AppendResult {
    }
}
