package io.ordo.streams.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** File-system durability helpers. */
final class SpoolFiles {

    private SpoolFiles() {
    }

    /** fsyncs a directory, so that files created or renamed in it survive a crash (Linux). */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
