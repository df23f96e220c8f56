package io.ordo.checkpoint;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * Child process for {@link CheckpointKillTest}: saves checkpoints of one section, every byte
 * {@code (byte) step}, with increasing step, until it is killed (or after 60 s, so an orphan does
 * not run forever). Prints {@code BEGIN n} before and {@code DONE n} after each save.
 *
 * <pre>java -cp target/test-classes:target/classes io.ordo.checkpoint.CheckpointWriterProcess DIR BYTES</pre>
 */
public final class CheckpointWriterProcess {

    private CheckpointWriterProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int bytes = Integer.parseInt(args[1]);
        long deadline = System.nanoTime() + 60_000_000_000L;
        ByteBuffer params = ByteBuffer.allocateDirect(bytes);
        try (CheckpointStore store = new CheckpointStore(dir, 2)) {
            List<Path> existing = store.list();
            long step = existing.isEmpty() ? 1
                    : CheckpointFormat.read(existing.get(existing.size() - 1)).step() + 1;
            while (System.nanoTime() < deadline) {
                for (int i = 0; i < bytes; i += 8) {
                    params.putLong(i, 0x0101010101010101L * (step & 0xff));
                }
                Checkpoint c = new Checkpoint(step, "{\"step\":" + step + "}", List.of(new Section("params", params)));
                System.out.println("BEGIN " + step);
                System.out.flush();
                store.save(c);
                System.out.println("DONE " + step);
                System.out.flush();
                step++;
            }
        }
    }
}
