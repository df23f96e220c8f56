package io.ordo.core.batch;

/**
 * One data-parallel rank's share of every global batch: of a global batch of B rows, rank r of W
 * owns rows {@code [floor(r * B / W), floor((r + 1) * B / W))}. B need not divide by W (8 rows on 3
 * ranks: 2, 3, 3), but every rank must own at least one row, so B < W is rejected.
 *
 * <p>The global batch stream and its cursors are the same for every world size; a shard only
 * chooses which rows of each global batch a rank materialises.
 *
 * @param rank  this rank, in [0, world)
 * @param world the number of ranks (>= 1)
 */
public record Shard(int rank, int world) {

    /** The whole batch: rank 0 of 1. */
    public static final Shard WHOLE = new Shard(0, 1);

    public Shard {
        if (world < 1 || rank < 0 || rank >= world) {
            throw new IllegalArgumentException("need 0 <= rank < world and world >= 1: rank " + rank + " of " + world);
        }
    }

    /** The first of this rank's rows in a global batch of {@code globalRows} rows. */
    public int from(int globalRows) {
        requireRows(globalRows);
        return (int) ((long) rank * globalRows / world);
    }

    /** How many rows of a global batch of {@code globalRows} rows this rank owns (>= 1). */
    public int count(int globalRows) {
        requireRows(globalRows);
        return (int) ((long) (rank + 1) * globalRows / world) - from(globalRows);
    }

    /**
     * The global row number (counted from the stream's start over all global batches) of this rank's
     * {@code k}-th row (counted from 0 over this rank's rows of all global batches).
     */
    public long globalRow(int globalRows, long k) {
        int n = count(globalRows);
        return k / n * globalRows + from(globalRows) + k % n;
    }

    private void requireRows(int globalRows) {
        if (globalRows < world) {
            throw new IllegalArgumentException("a global batch of " + globalRows + " rows cannot be split over "
                    + world + " ranks: each rank needs at least one row (use a batch size >= the world size)");
        }
    }

    @Override
    public String toString() {
        return "rank " + rank + " of " + world;
    }
}
