package io.ordo.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Corrupts the newer of two real checkpoints (three float sections of a model-sized layout, a
 * meta like a trainer's) and checks that resuming ({@link CheckpointStore#findLatestValid()})
 * always skips it with a reason that names the file and the check that failed, and loads the
 * older one byte for byte; never another exception, never the corrupt file's content.
 *
 * <p>Trials: {@value #RANDOM_TRIALS} seeded random ones (1..8 bytes changed at random offsets, or
 * the file cut short, or bytes appended), every single byte outside the section data changed on
 * its own (header, meta, section headers, padding, footer) plus the first and last byte of each
 * section's data, and targeted ones per field with the reason each must give.
 */
class CheckpointFuzzTest {

    static final int RANDOM_TRIALS = 500;
    private static final long SEED = 16;
    /** What a reason may say failed; each trial's reason must contain one of these. */
    private static final List<String> CHECKS = List.of("bad magic", "unsupported format version", "truncated",
            "section count", "meta length", "checksum mismatch in meta", "checksum mismatch in the header/section table",
            "checksum mismatch in section 'params'", "checksum mismatch in section 'adam.m'",
            "checksum mismatch in section 'adam.v'", "name length", "data length", "unexpected bytes",
            "runs past the footer", "content is invalid");
    private static final Logger STORE_LOG = Logger.getLogger(CheckpointStore.class.getName());

    @TempDir
    Path dir;

    private CheckpointStore store;
    private Path older;
    private Path newest;
    private byte[] pristine;
    private Checkpoint olderExpected;
    private Level storeLogLevel;

    @BeforeEach
    void writeTwoCheckpoints() throws IOException {
        storeLogLevel = STORE_LOG.getLevel();
        STORE_LOG.setLevel(Level.SEVERE); // one WARNING per skipped file otherwise: thousands of lines
        store = new CheckpointStore(dir, 2);
        olderExpected = checkpoint(10);
        older = store.save(olderExpected);
        newest = store.save(checkpoint(20));
        pristine = Files.readAllBytes(newest);
    }

    @AfterEach
    void close() {
        store.close();
        STORE_LOG.setLevel(storeLogLevel);
    }

    @Test
    void shouldSkipARandomlyCorruptedNewestCheckpointAndLoadThePreviousOne() throws IOException {
        Random random = new Random(SEED);
        Map<String, Integer> byCheck = new TreeMap<>();
        for (int trial = 0; trial < RANDOM_TRIALS; trial++) {
            byte[] bytes = pristine.clone();
            String what;
            int kind = random.nextInt(20);
            if (kind == 0) {
                int length = random.nextInt(bytes.length);
                bytes = Arrays.copyOf(bytes, length);
                what = "cut to " + length + " bytes";
            } else if (kind == 1) {
                byte[] extra = new byte[1 + random.nextInt(100)];
                random.nextBytes(extra);
                bytes = concat(bytes, extra);
                what = extra.length + " bytes appended";
            } else {
                int n = 1 + random.nextInt(8);
                StringBuilder offsets = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    int offset = random.nextInt(bytes.length);
                    bytes[offset] ^= (byte) (1 + random.nextInt(255));
                    offsets.append(i == 0 ? "" : ",").append(offset);
                }
                what = n + " byte(s) changed at " + offsets;
            }
            byCheck.merge(check(skipsCorrupt(bytes, "trial " + trial + ": " + what)), 1, Integer::sum);
        }
        System.out.println("CheckpointFuzzTest: " + RANDOM_TRIALS + " random trials on a " + pristine.length
                + "-byte checkpoint, all skipped and the previous one loaded; reasons: " + byCheck);
    }

    @Test
    void shouldDetectAChangeOfEverySingleByteOutsideTheSectionDataAndAtTheDataEdges() throws IOException {
        List<Integer> offsets = new ArrayList<>();
        List<int[]> data = dataExtents();
        for (int offset = 0; offset < pristine.length; offset++) {
            int at = offset;
            if (data.stream().noneMatch(d -> at >= d[0] && at < d[1])) {
                offsets.add(offset);
            }
        }
        for (int[] d : data) {
            offsets.add(d[0]);
            offsets.add(d[1] - 1);
        }
        Map<String, Integer> byCheck = new TreeMap<>();
        for (int offset : offsets) {
            byte[] bytes = pristine.clone();
            bytes[offset] ^= (byte) 0x01;
            byCheck.merge(check(skipsCorrupt(bytes, "bit 0 of byte " + offset + " flipped")), 1, Integer::sum);
        }
        System.out.println("CheckpointFuzzTest: " + offsets.size() + " single-bit flips (every byte outside the "
                + "section data, and each section's first and last data byte), all detected; reasons: " + byCheck);
    }

    @Test
    void shouldNameTheCheckThatFailedForEachPartOfTheFile() throws IOException {
        int length = pristine.length;
        int footer = length - CheckpointFormat.FOOTER_BYTES;
        int[] params = dataExtents().get(0);
        assertFlipReports(0, "bad magic");
        assertFlipReports(8, "unsupported format version");
        assertFlipReports(12, "checksum mismatch in the header/section table"); // step
        assertFlipReports(20, "section count 19 in the header, 3 in the footer");
        assertFlipReports(27, "meta length");
        assertFlipReports(CheckpointFormat.HEADER_BYTES + 5, "checksum mismatch in meta");
        assertFlipReports(params[0] + (params[1] - params[0]) / 2, "checksum mismatch in section 'params'");
        assertFlipReports(params[0] - 1, "checksum mismatch in the header/section table"); // padding before it
        assertFlipReports(dataExtents().get(1)[0] - 5, "checksum mismatch in the header/section table"); // a stored data CRC
        assertFlipReports(footer, "section count 3 in the header, 19 in the footer");
        assertFlipReports(footer + 4, "checksum mismatch in the header/section table"); // stored structure CRC
        assertFlipReports(footer + 8, "truncated: the footer records");
        assertFlipReports(length - 1, "truncated or incomplete: no footer magic");
        assertEquals("corrupt checkpoint " + newest + ": truncated or incomplete: no footer magic at the end of the file (" + (length - 1) + " bytes)",
                reason(skipsCorrupt(Arrays.copyOf(pristine, length - 1), "last byte cut off")));
    }

    @Test
    void shouldNotAllocateAHugeMetaForACorruptMetaLength() throws IOException {
        int size = CheckpointFormat.MAX_META_BYTES + (1 << 20);
        store.save(new Checkpoint(30, "{}", List.of(new Section("params", TestCheckpoints.random(size, 3)))));
        Path big = dir.resolve(CheckpointStore.fileName(30));
        try (var f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.seek(24);
            f.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(size).array());
        }
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        LoadResult r = store.findLatestValid();

        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < (4 << 20), "reading the corrupt header allocated " + allocated + " bytes");
        assertTrue(r.skipped().get(0).reason().contains("meta length " + size + " in the header out of range"),
                r.skipped().get(0).reason());
        assertEquals(20, r.checkpoint().orElseThrow().step());
    }

    @Test
    void shouldReportValuesNoWriterWritesAsCorruptionEvenWhenTheChecksumsVerify() throws IOException {
        ByteBuffer b = ByteBuffer.wrap(pristine.clone()).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(12, -1);
        String reason = reason(skipsCorrupt(resealed(b.array(), pristine), "step -1 with matching checksums"));
        assertTrue(reason.contains("checksums verify but the content is invalid: step must be >= 0"), reason);

        // a 400-byte name that is not UTF-8: it decodes to 400 replacement characters, 1200 bytes
        String longName = "n".repeat(400);
        byte[] withLongName;
        try (CheckpointStore other = new CheckpointStore(dir.resolve("other"), 1)) {
            withLongName = Files.readAllBytes(other.save(new Checkpoint(30, "{}",
                    List.of(new Section(longName, TestCheckpoints.random(64, 1))))));
        }
        int name = TestCheckpoints.indexOf(withLongName, longName.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Arrays.fill(withLongName, name, name + 400, (byte) 0xff);
        reason = reason(skipsCorrupt(resealed(withLongName, withLongName), "a name that is not UTF-8"));
        assertTrue(reason.contains("checksums verify but the content is invalid: name must be at most 1024 bytes"),
                reason);
    }

    /** {@code bytes} with the footer's structure CRC recomputed, sections laid out as in {@code layout}. */
    private static byte[] resealed(byte[] bytes, byte[] layout) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int footer = bytes.length - CheckpointFormat.FOOTER_BYTES;
        java.util.zip.CRC32C structure = new java.util.zip.CRC32C();
        int from = 0;
        for (int[] d : dataExtents(layout)) {
            structure.update(bytes, from, d[0] - from);
            from = d[1];
        }
        structure.update(bytes, from, footer - from);
        b.putInt(footer + 4, (int) structure.getValue());
        return bytes;
    }

    private void assertFlipReports(int offset, String expected) throws IOException {
        byte[] bytes = pristine.clone();
        bytes[offset] ^= (byte) 0x10;
        String reason = reason(skipsCorrupt(bytes, "byte " + offset + " changed"));
        assertTrue(reason.contains(expected), "byte " + offset + ": expected '" + expected + "' in: " + reason);
    }

    /**
     * Writes {@code bytes} as the newest checkpoint and checks that resuming skips it, naming it, and
     * loads the older checkpoint intact.
     *
     * @return the reason given for skipping it
     */
    private SkippedCheckpoint skipsCorrupt(byte[] bytes, String what) throws IOException {
        Files.write(newest, bytes);
        LoadResult r;
        try {
            r = store.findLatestValid();
        } catch (RuntimeException | Error e) {
            throw new AssertionError(what + ": findLatestValid threw " + e, e);
        }
        if (r.file().isEmpty() || !r.file().get().equals(older)) {
            fail(what + ": loaded " + r.file() + " instead of " + older + " (skipped " + r.skipped() + ")");
        }
        assertEquals(1, r.skipped().size(), what);
        SkippedCheckpoint skipped = r.skipped().get(0);
        assertEquals(newest, skipped.file(), what);
        assertTrue(skipped.reason().startsWith("corrupt checkpoint " + newest + ": "), what + ": " + skipped.reason());
        Checkpoint loaded = r.checkpoint().orElseThrow();
        assertEquals(olderExpected.step(), loaded.step(), what);
        assertEquals(olderExpected.metaJson(), loaded.metaJson(), what);
        for (Section s : olderExpected.sections()) {
            assertEquals(s.data(), loaded.section(s.name()).data(), what + ": section " + s.name());
        }
        return skipped;
    }

    private static String reason(SkippedCheckpoint s) {
        return s.reason();
    }

    /** The check a reason names, from {@link #CHECKS}; fails if it names none. */
    private static String check(SkippedCheckpoint s) {
        for (String c : CHECKS) {
            if (s.reason().contains(c)) {
                return c;
            }
        }
        throw new AssertionError("reason names no known check: " + s.reason());
    }

    /** [start, end) of each section's data in the pristine file. */
    private List<int[]> dataExtents() {
        return dataExtents(pristine);
    }

    /** [start, end) of each section's data in the checkpoint {@code file}, by walking its section table. */
    private static List<int[]> dataExtents(byte[] file) {
        ByteBuffer raw = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int sections = raw.getInt(20);
        int position = CheckpointFormat.HEADER_BYTES + raw.getInt(24) + 4;
        List<int[]> extents = new ArrayList<>();
        for (int i = 0; i < sections; i++) {
            int nameLength = raw.getInt(position);
            long dataLength = raw.getLong(position + 4 + nameLength);
            position += CheckpointFormat.SECTION_HEADER_FIXED_BYTES + nameLength;
            position += CheckpointFormat.padding(position);
            extents.add(new int[] {position, position + (int) dataLength});
            position += (int) dataLength;
        }
        return extents;
    }

    /** A checkpoint laid out like a trainer's: params and both Adam moments of 1237 floats, a JSON meta. */
    private static Checkpoint checkpoint(long step) {
        int floats = 1237;
        String meta = "{\"step\":" + step + ",\"job\":\"task stargraph:2,3,10 objective top model d32 l1 h2\","
                + "\"cursor\":{\"epoch\":0,\"batch\":" + step + "},\"order\":[0,1,2,3],\"dtype\":\"float32\","
                + "\"dropout\":[" + (step * 7919) + "," + (step * 104729) + "]}";
        return new Checkpoint(step, meta, List.of(
                new Section("params", TestCheckpoints.random(4 * floats, step)),
                new Section("adam.m", TestCheckpoints.random(4 * floats, step + 1)),
                new Section("adam.v", TestCheckpoints.random(4 * floats, step + 2))));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

}
