package io.ordo.streams.source;

import java.nio.file.Path;

/** Test access to the package-private file id rule. */
final class FileChunkReaderIds {

    private FileChunkReaderIds() {
    }

    static String of(Path p) {
        return FileChunkReader.sourceId(p);
    }
}
