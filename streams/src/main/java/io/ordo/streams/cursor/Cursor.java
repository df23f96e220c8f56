package io.ordo.streams.cursor;

import java.util.Objects;

/**
 * A resumable position in a data source: where the next unconsumed token lives.
 *
 * <ul>
 *   <li>Byte sources (file, directory, stdin, socket): {@code source} is the file path (or a
 *       stream name), {@code offset} the byte offset of a record (line) start, and
 *       {@code tokenSkip} the number of tokens of that record already consumed.</li>
 *   <li>Generators: {@code source} names the generator and its seed, e.g.
 *       {@code stargraph(d=2,l=5,N=50,seed=7)}, {@code offset} is the example index, and
 *       {@code tokenSkip} is 0.</li>
 * </ul>
 *
 * A checkpoint stores the cursor of its last batch; restarting the same pipeline from it
 * yields exactly the batches that would have followed.
 *
 * @param source    source identity (file path, generator id)
 * @param offset    byte offset (bytes) or example index (examples)
 * @param tokenSkip tokens of the record at {@code offset} already consumed (tokens)
 */
public record Cursor(String source, long offset, int tokenSkip) {

    public Cursor {
        Objects.requireNonNull(source, "source");
        if (offset < 0 || tokenSkip < 0) {
            throw new IllegalArgumentException("negative cursor " + offset + "/" + tokenSkip);
        }
    }

    /** A cursor at the start of a record. */
    public static Cursor at(String source, long offset) {
        return new Cursor(source, offset, 0);
    }

    /** The same record, {@code n} tokens into it. */
    public Cursor withTokenSkip(int n) {
        return new Cursor(source, offset, n);
    }

    /** Same source and record (ignores {@code tokenSkip}). */
    public boolean sameRecord(Cursor other) {
        return other != null && source.equals(other.source) && offset == other.offset;
    }

    /** Parses {@link #toString()}'s form {@code source@offset[+Nt]}. */
    public static Cursor parse(String text) {
        int at = text.lastIndexOf('@');
        if (at < 0) {
            throw new IllegalArgumentException("not a cursor (source@offset[+Nt]): " + text);
        }
        String pos = text.substring(at + 1);
        int plus = pos.indexOf('+');
        long offset = Long.parseLong(plus < 0 ? pos : pos.substring(0, plus));
        int skip = plus < 0 ? 0 : Integer.parseInt(pos.substring(plus + 1, pos.length() - 1));
        return new Cursor(text.substring(0, at), offset, skip);
    }

    @Override
    public String toString() {
        return source + "@" + offset + (tokenSkip == 0 ? "" : "+" + tokenSkip + "t");
    }
}
