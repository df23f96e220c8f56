package io.ordo.checkpoint;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * How {@link CheckpointStore} opens the channels it writes and fsyncs through (a checkpoint's temp
 * file, the directory). The store uses {@link FileChannel#open(Path, OpenOption...)}; tests pass
 * one whose channels fail like a full or broken disk at a chosen byte.
 */
@FunctionalInterface
interface ChannelOpener {
    /** The real file system. */
    ChannelOpener FILE_SYSTEM = FileChannel::open;

    /** Opens {@code path} with {@code options}, as {@link FileChannel#open(Path, OpenOption...)} does. */
    FileChannel open(Path path, OpenOption... options) throws IOException;
}
