package io.ordo.actors.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ordo.actors.state.LongText;
import io.ordo.model.train.GradientExchange;
import io.ordo.streams.cursor.Cursor;
import java.util.Map;
import java.util.TreeMap;

/**
 * The positions of all live lanes, gathered from the ranks that read them: each rank knows only
 * its own lanes' positions, rank 0 writes the checkpoint, so before a checkpoint every rank sends
 * its positions to every other (two exact long sums: the lengths, then the JSON texts each in its
 * own slot). Lanes no rank reads keep the position they had.
 */
public final class LanePositions {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Cursor>> TYPE = new TypeReference<>() {
    };

    private LanePositions() {
    }

    /**
     * @param before every lane's position before (the checkpoint's the run resumed from)
     * @param own    this rank's lanes' positions now
     * @return every lane's position now, the same on every rank
     */
    public static Map<String, Cursor> gather(GradientExchange exchange, Map<String, Cursor> before,
                                             Map<String, Cursor> own) {
        Map<String, Cursor> all = new TreeMap<>(before);
        if (exchange.replicas() == 1) {
            all.putAll(own);
            return all;
        }
        byte[] mine = LongText.bytes(json(own));
        long[] lengths = new long[exchange.replicas()];
        lengths[exchange.rank()] = mine.length;
        lengths = exchange.sumLongs(lengths);
        int[] offsets = new int[lengths.length + 1];
        for (int r = 0; r < lengths.length; r++) {
            offsets[r + 1] = offsets[r] + LongText.wordCount((int) lengths[r]);
        }
        long[] words = new long[offsets[lengths.length]];
        LongText.words(mine, words, offsets[exchange.rank()]);
        words = exchange.sumLongs(words);
        for (int r = 0; r < lengths.length; r++) {
            all.putAll(parse(LongText.text(words, offsets[r], (int) lengths[r])));
        }
        return all;
    }

    static String json(Map<String, Cursor> positions) {
        try {
            return JSON.writeValueAsString(positions);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write lane positions", e);
        }
    }

    static Map<String, Cursor> parse(String json) {
        try {
            return JSON.readValue(json, TYPE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read lane positions: " + e.getMessage(), e);
        }
    }
}
