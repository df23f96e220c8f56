package io.ordo.streams.spool;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The child JVM of {@link SpoolKillTest}: {@code THREADS} threads append batches of records
 * {@code <args[2]>:<thread>-<seq>} to the spool in {@code args[0]} with fsync {@code args[1]}, and print
 * {@code ack <id> .} for each record only after its append returned. Runs until killed.
 */
public final class SpoolAppendChild {

    static final int THREADS = 4;
    static final SpoolConfig CONFIG = new SpoolConfig(3, 16 * 1024, 1L << 30, FsyncPolicy.NONE, 256);

    private SpoolAppendChild() {
    }

    public static void main(String[] args) throws Exception {
        Spool spool = Spool.open(Path.of(args[0]),
                new SpoolConfig(CONFIG.lanes(), CONFIG.segmentBytes(), CONFIG.capBytes(), FsyncPolicy.valueOf(args[1]),
                        CONFIG.maxRecordBytes()));
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            new Thread(() -> {
                long seq = 0;
                while (true) {
                    List<String> ids = new ArrayList<>();
                    List<byte[]> batch = new ArrayList<>();
                    int n = 1 + (int) (seq % 7);
                    for (int i = 0; i < n; i++) {
                        String id = args[2] + ":" + thread + "-" + seq++;
                        ids.add(id);
                        batch.add((id + " " + "p".repeat((int) (seq % 150))).getBytes(StandardCharsets.UTF_8));
                    }
                    if (!(spool.append(batch) instanceof AppendResult.Appended)) {
                        throw new IllegalStateException("spool full");
                    }
                    StringBuilder sb = new StringBuilder();
                    ids.forEach(id -> sb.append("ack ").append(id).append(" .\n"));
                    synchronized (System.out) {
                        System.out.print(sb);
                        System.out.flush();
                    }
                }
            }).start();
        }
    }
}
