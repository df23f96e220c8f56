package io.ordo.bench;

/**
 * How the PyTorch peer runs for a row: one process with {@code threads} threads, or PyTorch DDP
 * ({@code --ddp processes}, gloo on 127.0.0.1) with {@code threads} threads in each process, each
 * rank on batch/processes rows of every global batch.
 *
 * @param objective ntp or top (the peer has no MTP)
 * @param processes DDP ranks; 1 = a plain process
 * @param threads   torch and OpenBLAS threads per process
 * @param batch     the global batch B; divides by {@code processes}
 */
record PeerSetup(String objective, int processes, int threads, int batch) {

    PeerSetup {
        if (processes < 1 || threads < 1 || batch < 1) {
            throw new IllegalArgumentException("peer needs processes, threads and batch >= 1");
        }
        if (batch % processes != 0) {
            throw new IllegalArgumentException("peer batch " + batch + " does not divide over " + processes + " DDP processes");
        }
    }

    /** The peer column of the table: "1 proc x 2 thr" or "DDP 2 x 1 thr". */
    String label() {
        return (processes == 1 ? "1 proc" : "DDP " + processes) + " x " + threads + " thr";
    }
}
