package io.ordo.streams.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.streams.StreamTest;
import io.ordo.streams.frame.Framed;
import io.ordo.streams.frame.TextRecord;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * kill -9 in the middle of appends: every record acknowledged before the kill is in the spool
 * after reopening, exactly once, in each writer's order, and the tail is clean.
 */
@Tag("system")
class SpoolKillTest extends StreamTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(FsyncPolicy.class)
    void shouldKeepEveryAcknowledgedRecordAfterKill9(FsyncPolicy fsync) throws Exception {
        Random random = new Random();
        for (int round = 0; round < 2; round++) {
            Set<String> acked = killChildAfter(fsync, "r" + round, 200 + random.nextInt(3000));
            assertTrue(acked.size() >= 200, "the child acknowledged records: " + acked.size());
            try (Spool spool = Spool.open(dir, SpoolAppendChild.CONFIG.withLanes(3))) {
                Map<String, Integer> count = new HashMap<>();
                for (int lane = 0; lane < spool.lanes(); lane++) {
                    Map<String, Long> lastSeq = new HashMap<>();
                    for (Framed f : readAll(spool, lane)) {
                        String id = ((TextRecord) f).text().split(" ")[0];
                        if (id.equals("after-kill")) {
                            continue;
                        }
                        count.merge(id, 1, Integer::sum);
                        String thread = id.split("-")[0];
                        long seq = Long.parseLong(id.split("-")[1]);
                        assertTrue(seq > lastSeq.getOrDefault(thread, -1L), "in order within lane " + lane + ": " + id);
                        lastSeq.put(thread, seq);
                    }
                }
                for (String id : acked) {
                    assertEquals(1, count.getOrDefault(id, 0), "acknowledged " + id + " is there exactly once");
                }
                count.forEach((id, c) -> assertEquals(1, c, "no duplicate " + id));
                AppendResult r = spool.append(List.of("after-kill".getBytes(StandardCharsets.UTF_8)));
                int lane = ((AppendResult.Appended) r).lane();
                List<Framed> all = readAll(spool, lane);
                assertEquals("after-kill", ((TextRecord) all.get(all.size() - 1)).text(), "appends continue after the tail");
            }
        }
    }

    /**
     * Starts the child and kills it (SIGKILL) once {@code acks} acknowledgements were read; returns
     * those (the child may have acknowledged more that were not read yet: they are not checked).
     */
    private Set<String> killChildAfter(FsyncPolicy fsync, String idPrefix, int acks) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SpoolAppendChild.class.getName(), dir.toString(), fsync.name(),
                idPrefix)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        Set<String> acked = new HashSet<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ack ") && line.endsWith(" .")) {
                    acked.add(line.substring(4, line.length() - 2));
                }
                if (acked.size() == acks) {
                    child.destroyForcibly(); // SIGKILL; it closes our end of the pipe, so stop reading
                    break;
                }
            }
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        }
        return acked;
    }

    private static List<Framed> readAll(Spool spool, int lane) throws Exception {
        long end = spool.endPosition(lane);
        if (end == spool.firstPosition(lane)) {
            return new ArrayList<>();
        }
        return collect(spool.lane(lane).records(Optional.empty())
                .takeWhile(f -> ((TextRecord) f).nextOffset() < end, true));
    }
}
