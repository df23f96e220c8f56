package io.ordo.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.actors.Tmpfs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input at the edges, as a user types it: each case runs the {@code ordo} command line
 * in-process and checks that it exits 2 with exactly one line on standard error (picocli's error
 * stream and the process's {@code System.err}, where Pekko and logback log; their INFO lines are not
 * errors) that starts with {@code ordo:}, names the problem and the fix, and no stack trace.
 * docs/bad-input.md lists the cases with the message each gets.
 */
class BadInputTest {
    /** Log lines that every run prints (logback, SLF4J's start-up notice, java.util.logging records). */
    private static final Pattern LOG = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (INFO|DEBUG) .*|SLF4J\\(.*"
            + "|[A-Z][a-z]{2} \\d{1,2}, \\d{4} .*|(WARNING|INFO): .*|\\s*)$");
    private static final String SMALL = "--task stargraph:2,3,10 --d-model 32 --heads 2 --layers 1 --batch 8 --http-port -1";

    @TempDir
    static Path dir;
    /** A finished 2-step run (d-model 32, one layer, TOP) to resume. */
    static Path run;
    /** The same run, its checkpoint's header saying format version 0. */
    static Path oldFormat;
    static ServerSocket tcpTaken;
    static DatagramSocket udpTaken;

    @BeforeAll
    static void trainASmallRunAndTakeTwoPorts() throws Exception {
        run = dir.resolve("run");
        String[] r = Cli.run(args("train " + SMALL + " --steps 2 --eval-every 0 --out " + run));
        assertEquals("0", r[0], r[1] + r[2]);
        oldFormat = dir.resolve("old-format");
        Files.createDirectories(oldFormat.resolve("checkpoints"));
        Files.copy(run.resolve("config.conf"), oldFormat.resolve("config.conf"));
        try (Stream<Path> s = Files.list(run.resolve("checkpoints"))) {
            for (Path f : s.toList()) {
                Path copy = Files.copy(f, oldFormat.resolve("checkpoints").resolve(f.getFileName()));
                try (RandomAccessFile raf = new RandomAccessFile(copy.toFile(), "rw")) {
                    raf.seek(8); // magic "ORDOCKPT", then the format version (int32, little-endian)
                    raf.write(new byte[] {0, 0, 0, 0});
                }
            }
        }
        Files.writeString(dir.resolve("broken.conf"), "ordo.job {\n  steps = 5\n  batch = [1,\n");
        Files.writeString(dir.resolve("unknown-key.conf"), "ordo.job {\n  stepz = 5\n}\n");
        Files.writeString(dir.resolve("wrong-type.conf"), "ordo.job {\n  steps = abc\n}\n");
        Files.writeString(dir.resolve("old-key.conf"), "ordo.job {\n  lr = 1e-3\n}\n");
        Files.createDirectories(dir.resolve("empty-dir"));
        tcpTaken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        udpTaken = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterAll
    static void releasePorts() throws Exception {
        if (tcpTaken != null) {
            tcpTaken.close();
        }
        if (udpTaken != null) {
            udpTaken.close();
        }
    }

    /** One bad input: what the user types and the words the one line must hold. */
    record Case(String name, Supplier<String[]> args, List<String> words) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                c("unknown option", () -> args("train --bogus"), "Unknown option: '--bogus'", "ordo train --help"),
                c("misspelled option", () -> args("train --step 5"), "'--step'", "did you mean --steps?"),
                c("non-numeric --steps", () -> args("train --steps abc"), "--steps", "'abc' is not a long"),
                c("negative --steps", () -> args("train --steps -5 " + SMALL), "ordo.job.steps = -5", "allowed: a whole number >= 1"),
                c("zero --steps", () -> args("train --steps 0 " + SMALL), "ordo.job.steps = 0", "allowed: a whole number >= 1"),
                c("zero --batch", () -> args("train --batch 0 --http-port -1"), "ordo.job.batch = 0", "allowed: a whole number >= 1"),
                c("negative --batch", () -> args("train --batch -3 --http-port -1"), "ordo.job.batch = -3", ">= 1"),
                c("non-numeric --lr", () -> args("train --lr abc"), "--lr", "'abc' is not a double"),
                c("zero --lr", () -> args("train --lr 0 --http-port -1"), "ordo.job.optimizer.lr = 0.0", "allowed: a number > 0"),
                c("negative --lr", () -> args("train --lr -1 --http-port -1"), "ordo.job.optimizer.lr = -1.0", "allowed: a number > 0"),
                c("--d-model not divisible by --heads", () -> args("train --d-model 30 --heads 4 --http-port -1"),
                        "ordo.job.model.heads = 4 does not divide ordo.job.model.d-model = 30", "[1, 2, 3, 5, 6, 10, 15, 30]"),
                c("zero --layers", () -> args("train --layers 0 --http-port -1"), "ordo.job.model.layers = 0", ">= 1"),
                c("zero --heads", () -> args("train --heads 0 --http-port -1"), "ordo.job.model.heads = 0", ">= 1"),
                c("unknown objective", () -> args("train --objective foo"), "ordo.job.model.objective", "allowed: ntp, top, mtp:N"),
                c("mtp with one token", () -> args("train --objective mtp:1"), "ordo.job.model.objective", "mtp:N needs N >= 2"),
                c("unknown order", () -> args("train --order sideways"), "ordo.job.data.order", "natural, reverse, random, mi"),
                c("unknown task", () -> args("train --task foo:1"), "ordo.job.data.task", "stargraph:D,L,N | arithmetic"),
                c("task missing a number", () -> args("train --task stargraph:2,3"), "ordo.job.data.task", "three numbers D,L,N"),
                c("unknown arithmetic operation", () -> args("train --task arithmetic:div,3"), "unknown operation 'div'",
                        "arithmetic:add|mul|gcd,DIGITS"),
                c("missing --config file", () -> args("train --config " + dir.resolve("nope.conf")), "--config",
                        "does not exist", "a HOCON file"),
                c("--config is a directory", () -> args("train --config " + dir), "--config", "is not a readable file"),
                c("broken HOCON", () -> args("train --config " + dir.resolve("broken.conf")), "broken.conf: 4",
                        "List should have had new element"),
                c("unknown key under ordo.job", () -> args("train --config " + dir.resolve("unknown-key.conf")),
                        "unknown config key(s) [ordo.job.stepz]", "known: [", "steps"),
                c("flat key of ordo 0.1", () -> args("train --config " + dir.resolve("old-key.conf")),
                        "ordo.job.lr moved to ordo.job.optimizer.lr", "docs/configuration.md"),
                c("HOCON value of the wrong type", () -> args("train --config " + dir.resolve("wrong-type.conf")),
                        "ordo.job.steps = \"abc\"", "wrong-type.conf: 2", "allowed: a whole number >= 1"),
                c("--resume with another --d-model/--layers", () -> args("train " + SMALL.replace("--d-model 32", "--d-model 64")
                        .replace("--layers 1", "--layers 2") + " --steps 4 --resume --out " + run), "--resume",
                        "holds a model with d-model = 32, layers = 1", "asks for d-model = 64, layers = 2", "config.conf"),
                c("--resume with another objective", () -> args("train " + SMALL + " --objective ntp --steps 4 --resume --out "
                        + run), "objective = top", "objective = ntp", "another --out"),
                c("--resume from an older checkpoint format", () -> args("train " + SMALL + " --steps 4 --resume --out "
                        + oldFormat), "format version 0", "reads version 1", "another --out"),
                c("corpus path that does not exist", () -> args("train --task text:" + dir.resolve("missing.txt")
                        + " --objective ntp --http-port -1"), "ordo.job.data.task", "missing.txt does not exist"),
                c("corpus directory without files", () -> args("train --task text:" + dir.resolve("empty-dir")
                        + " --objective ntp --http-port -1"), "empty-dir holds no regular files"),
                c("corpus that is a device", () -> args("train --task text:/dev/null --objective ntp --http-port -1"),
                        "/dev/null is neither a regular file nor a directory"),
                c("http-port out of range", () -> args("train " + SMALL.replace("--http-port -1", "--http-port 70000")),
                        "ordo.job.http.port = 70000", "allowed: -1 (off), 0 (any free port) or a port 1..65535"),
                c("missing --http-token-file", () -> args("train --http-token-file " + dir.resolve("no-token")),
                        "ordo.job.http.token-file", "is not a file"),
                c("ordo dashboard port in use", () -> args("dashboard --out " + run + " --http-port " + tcpTaken.getLocalPort()),
                        "127.0.0.1:" + tcpTaken.getLocalPort() + " is already in use", "--http-port"),
                c("ordo dashboard port out of range", () -> args("dashboard --out " + run + " --http-port 99999"),
                        "--http-port 99999", "0 (any free port) or a port 1..65535"),
                c("HTTP ingest port in use", () -> args("train --source http://127.0.0.1:" + tcpTaken.getLocalPort()
                        + "/ingest --objective ntp --text-seq-len 16 --d-model 32 --heads 2 --layers 1 --batch 8 --steps 2"
                        + " --http-port -1 --out " + dir.resolve("ingest-run")),
                        "cannot start ingest", "is already in use", "choose a free port in --source"),
                c("ordo launch: cluster (Artery) port in use", () -> args("launch --nnodes 1 --seed-nodes 127.0.0.1:"
                        + tcpTaken.getLocalPort() + " " + SMALL + " --steps 2 --out " + dir.resolve("launch-artery")),
                        "cluster (Artery) port", "is already in use", "--seed-nodes"),
                c("ordo launch: Aeron port in use", () -> args("launch --nnodes 1 --nproc-per-node 2 --seed-nodes 127.0.0.1:"
                        + freePort() + " --aeron-port " + udpTaken.getLocalPort() + " " + SMALL + " --steps 2 --out " + dir.resolve("launch-aeron")),
                        "Aeron port (UDP) of worker 0", "is already in use", "--aeron-port"),
                c("ordo launch: --seed-nodes without a port number", () -> args("launch --nnodes 1 --seed-nodes 127.0.0.1:abc"),
                        "--seed-nodes 127.0.0.1:abc", "HOST:PORT"),
                c("ordo launch --seed HOST:PORT (before --seed-nodes)", () -> args("launch --nnodes 1 --seed 127.0.0.1:25520"),
                        "--seed", "is the RNG seed", "--seed-nodes 127.0.0.1:25520"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @Timeout(120) // without its check a case may train (and retry) for good instead of failing
    void shouldExitWithOneLineNamingTheProblemAndTheFix(Case c) {
        Run r = Run.of(c.args().get());
        assertEquals(2, r.code(), c + ": " + r.all());
        List<String> errors = r.errorLines();
        assertEquals(1, errors.size(), c + ": one line on stderr, got " + errors + "\n" + r.all());
        String line = errors.get(0);
        assertTrue(line.startsWith("ordo: "), line);
        for (String w : c.words()) {
            assertTrue(line.contains(w), c + ": '" + w + "' in: " + line);
        }
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), c + ": no stack trace: " + r.err());
    }

    /**
     * A busy {@code --http-port} does not stop {@code ordo train}: one line says so (on the console,
     * beside the run's progress), the run finishes, and Pekko's bind failure leaves no stack trace.
     */
    @Test
    void shouldTrainWithoutTheEndpointWhenItsPortIsInUseAndSaySoInOneLine() {
        Run r = Run.of(args("train " + SMALL.replace("--http-port -1", "--http-port " + tcpTaken.getLocalPort())
                + " --steps 1 --out " + dir.resolve("busy-http")));
        assertEquals(0, r.code(), r.all());
        List<String> notes = r.out().lines().filter(l -> l.contains("no HTTP endpoint")).toList();
        assertEquals(List.of("ordo: no HTTP endpoint: 127.0.0.1:" + tcpTaken.getLocalPort() + " is already in use; the run "
                + "goes on without it; set ordo.job.http.port / --http-port (0 = any free port, -1 = off) or "
                + "ordo.job.http.host / --http-host"), notes);
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    /**
     * An Aeron directory on a filesystem too small for the term buffers (here a 1 MiB tmpfs; in
     * Docker a default 64 MiB /dev/shm): {@code ordo launch} stops with the space needed and three
     * fixes. Needs root to mount the tmpfs (as CI has); fails otherwise, like the other disk tests.
     */
    @Tag("system")
    @Test
    void shouldNameTheSpaceAeronNeedsWhenItsDirectoryIsTooSmall() throws Exception {
        Path shm = dir.resolve("tiny-shm");
        String before = System.getProperty("ordo.aeron.dir");
        try (Tmpfs tiny = Tmpfs.mount(shm, "1m")) {
            System.setProperty("ordo.aeron.dir", shm.resolve("aeron").toString());
            Run r = Run.of(args("launch --nnodes 1 --nproc-per-node 2 --seed-nodes 127.0.0.1:" + freePort()
                    + " --aeron-port " + freePort() + " " + SMALL
                    + " --steps 2 --out " + dir.resolve("launch-shm")));
            assertEquals(2, r.code(), r.all());
            List<String> errors = r.errorLines();
            assertEquals(1, errors.size(), errors + "\n" + r.all());
            assertTrue(errors.get(0).contains("has 1 MiB free but needs") && errors.get(0).contains("ordo.aeron.dir")
                    && errors.get(0).contains("--shm-size"), errors.get(0));
            assertFalse(r.err().contains("\tat "), r.err());
        } finally {
            if (before == null) {
                System.clearProperty("ordo.aeron.dir");
            } else {
                System.setProperty("ordo.aeron.dir", before);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Case c(String name, Supplier<String[]> args, String... words) {
        return new Case(name, args, List.of(words));
    }

    private static String[] args(String line) {
        return line.trim().split("\\s+");
    }

    /** One in-process run: exit code, picocli's out and err, and what went to {@code System.err} meanwhile. */
    record Run(int code, String out, String err) {
        static Run of(String... args) {
            PrintStream saved = System.err;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            String[] r;
            try {
                r = Cli.run(args);
            } finally {
                System.setErr(saved);
            }
            return new Run(Integer.parseInt(r[0]), r[1], r[2] + captured.toString(StandardCharsets.UTF_8));
        }

        /** The lines of stderr that are not routine log records or progress. */
        List<String> errorLines() {
            List<String> lines = new ArrayList<>();
            for (String l : err.split("[\r\n]")) {
                if (!LOG.matcher(l).matches() && !l.startsWith("train ")) {
                    lines.add(l);
                }
            }
            return lines;
        }

        String all() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }
}
