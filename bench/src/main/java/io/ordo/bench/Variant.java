package io.ordo.bench;

/**
 * One Ordo row of a bench block: an objective on one trainer ({@code replicas} = 1, whatever the
 * thread count) or on {@code replicas} single-thread data-parallel trainers (labelled "top x2").
 *
 * @param objective the objective as {@code Objective.toString()} prints it (ntp, top, mtp:2)
 * @param replicas  data-parallel trainers
 */
record Variant(String objective, int replicas) {

    /** The label of the row in the table. */
    String label() {
        return replicas == 1 ? objective : objective + " x" + replicas;
    }

    /** The label of the row for config {@code s}, with the batch when {@link #batch} changed it ("ntp x3 (B9)"). */
    String label(BenchShape s) {
        return batch(s) == s.batch() ? label() : label() + " (B" + batch(s) + ")";
    }

    /** The peer runs NTP for NTP and MTP rows, TOP for TOP rows. */
    String peerObjective() {
        return objective.equals("top") ? "top" : "ntp";
    }

    /** The same trainers on another objective. */
    Variant on(String other) {
        return new Variant(other, replicas);
    }

    /**
     * The global batch of this row on config {@code s}: the config's, rounded up to a multiple of
     * the replicas, since every Ordo replica and every DDP rank of the peer trains batch/replicas
     * rows (e.g. B8 with 3 replicas: B9).
     */
    int batch(BenchShape s) {
        return (s.batch() + replicas - 1) / replicas * replicas;
    }

    /** Config {@code s} at this row's {@link #batch}. */
    BenchShape shape(BenchShape s) {
        return s.withBatch(batch(s));
    }

    /**
     * The peer of this row on {@code threads} cores: for one trainer, one PyTorch process with all
     * the threads; for data-parallel replicas, PyTorch DDP with one process per replica and the
     * replica's threads ({@code threads / replicas}, 1 in the "xT" rows).
     */
    PeerSetup peer(BenchShape s, int threads) {
        return replicas == 1
                ? new PeerSetup(peerObjective(), 1, threads, s.batch())
                : new PeerSetup(peerObjective(), replicas, Math.max(1, threads / replicas), batch(s));
    }
}
