package io.ordo.actors.live;

import io.ordo.actors.job.LiveOptions;
import io.ordo.streams.cursor.Cursor;
import io.ordo.streams.frame.FramingConfig;
import io.ordo.streams.live.Lane;
import io.ordo.streams.live.TailLane;
import io.ordo.streams.tokenize.Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;

/** {@code tail:DIR}: one lane, the directory's files as they grow; nothing to release (files are the user's). */
final class TailFeed extends LiveFeed {

    private final TailLane lane;
    private final Path dir;

    TailFeed(Path dir, LiveOptions options, Tokenizer tokenizer, int seqLen, int lookahead, int heldOutWindows,
             int keep) {
        super(options, tokenizer, seqLen, lookahead, heldOutWindows, keep);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("tail:" + dir + " is not a directory");
        }
        this.dir = dir;
        this.lane = new TailLane(dir, FramingConfig.files().withMaxLineBytes(options.maxRecordBytes()));
    }

    @Override
    public void start(ActorSystem<?> system) {
    }

    @Override
    public List<Lane> lanes() {
        return List.of(lane);
    }

    @Override
    protected void release(Map<String, Cursor> newest, Map<String, Cursor> oldestKept) {
    }

    @Override
    public String describe() {
        return "following the files of " + dir;
    }

    @Override
    protected void closeSource() {
    }
}
