package io.ordo.transport.allreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ranks as separate JVM processes sharing one media driver (launched here) over IPC. */
@Tag("system")
class RingAllReduceProcessTest {
    @TempDir
    Path logs;
    private EmbeddedMediaDriver driver;
    private List<Process> processes = List.of();

    @BeforeEach
    void launchDriver() {
        driver = EmbeddedMediaDriver.launch(AeronConfig.defaults().withTermLength(4 << 20), 3);
    }

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
        driver.close();
    }

    @Test
    void shouldSumExactlyAcrossTwoRankProcesses() throws Exception {
        runVerify(2, 1000);
    }

    @Test
    void shouldSumExactlyAcrossThreeRankProcesses() throws Exception {
        runVerify(3, 2000);
    }

    @Test
    void shouldThrowRingTimeoutOnSurvivorsWhenOneRankIsKilledMidExchange() throws Exception {
        long timeoutMs = 2000;
        processes = RankProcesses.start(driver.aeronDir(), 3, 3000, "loop", timeoutMs, logs);
        awaitLine(logs.resolve("rank-0.log"), "step 3", Duration.ofSeconds(40));
        long killedAt = System.nanoTime();
        processes.get(1).destroyForcibly();
        for (int rank : new int[] {0, 2}) {
            Process p = processes.get(rank);
            assertTrue(p.waitFor(timeoutMs + 8000, TimeUnit.MILLISECONDS), "rank " + rank + " hung: " + log(rank));
            assertEquals(RankProcess.EXIT_TIMEOUT, p.exitValue(), "rank " + rank + ": " + log(rank));
            assertTrue(log(rank).contains("no progress for"), log(rank));
        }
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
        assertTrue(elapsedMs < timeoutMs + 8000, "survivors took " + elapsedMs + " ms");
    }

    private void runVerify(int worldSize, int baseStream) throws Exception {
        processes = RankProcesses.start(driver.aeronDir(), worldSize, baseStream, "verify", 20_000, logs);
        for (int rank = 0; rank < worldSize; rank++) {
            Process p = processes.get(rank);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                fail("rank " + rank + " did not finish: " + log(rank));
            }
            assertEquals(0, p.exitValue(), "rank " + rank + ": " + log(rank));
            assertTrue(log(rank).contains("ok"), log(rank));
        }
    }

    private String log(int rank) {
        try {
            return Files.readString(logs.resolve("rank-" + rank + ".log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static void awaitLine(Path file, String line, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                try (BufferedReader reader = Files.newBufferedReader(file)) {
                    if (reader.lines().anyMatch(line::equals)) {
                        return;
                    }
                }
            }
            Thread.sleep(50);
        }
        fail("no '" + line + "' in " + file + " within " + timeout + ": "
                + (Files.exists(file) ? Files.readString(file) : "(missing)"));
    }
}
