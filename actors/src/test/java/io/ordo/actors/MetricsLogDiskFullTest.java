package io.ordo.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code metrics.jsonl} on a disk that fills up (a real tmpfs): the lines that do not fit are
 * dropped without stopping the run, the one cut off in the middle stays alone on its line, and the
 * lines written once there is space again are whole.
 */
@Tag("system")
class MetricsLogDiskFullTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldDropLinesWhileTheDiskIsFullAndWriteWholeLinesOnceItHasSpace(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("disk/metrics.jsonl");
        try (Tmpfs disk = Tmpfs.mount(dir.resolve("disk"), "1m")) {
            try (MetricsLog log = new MetricsLog(file)) {
                log.restart(0); // the file now has one page of the tmpfs, mostly free
                disk.fill();
                for (long step = 1; step <= 200; step++) {
                    log.restart(step); // the page fills up, one line is cut off, the rest fail: no exception
                }
                disk.free();
                log.restart(1000);
                log.restart(1001);
            }
            List<Long> steps = new ArrayList<>();
            int broken = 0;
            for (String line : Files.readAllLines(file)) {
                try {
                    steps.add(JSON.readTree(line).path("step").asLong());
                } catch (JsonProcessingException e) {
                    broken++;
                }
            }
            assertEquals(1, broken, "the line cut off by the full disk, alone on its line");
            assertTrue(steps.size() > 3 && steps.size() < 200, "some lines fit, the rest were dropped: " + steps);
            assertEquals(List.of(1000L, 1001L), steps.subList(steps.size() - 2, steps.size()));
            for (int i = 1; i < steps.size() - 2; i++) {
                assertEquals(steps.get(i - 1) + 1, steps.get(i), "the lines that fit are in order: " + steps);
            }
        }
    }
}
