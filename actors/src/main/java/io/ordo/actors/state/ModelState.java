package io.ordo.actors.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ordo.checkpoint.Checkpoint;
import io.ordo.checkpoint.Section;
import io.ordo.model.Gpt;
import io.ordo.model.optim.AdamW;
import io.ordo.streams.cursor.Cursor;
import io.ordo.streams.mi.TargetOrder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Converts a trainer's state to and from a {@link Checkpoint}: sections {@code params},
 * {@code adam.m}, {@code adam.v} hold the flat buffers byte for byte; the JSON meta holds the step,
 * the data cursor, the target order, the data type, the dropout generators' states and the
 * configuration the job was read from ({@link io.ordo.actors.job.TrainingJob#config}, rendered HOCON). With the cursor and the dropout states, a resumed run draws exactly the batches
 * and dropout masks that the uninterrupted run would have.
 */
public final class ModelState {
    public static final String PARAMS = "params";
    public static final String ADAM_M = "adam.m";
    public static final String ADAM_V = "adam.v";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What a checkpoint says besides the tensors.
     *
     * @param dropoutRng the model's dropout generator states ({@link Gpt#dropoutRngState()}); null in
     *                   checkpoints written before they were saved (resume then reseeds dropout)
     * @param lanes      live sources: every lane's position (all records before it are in this
     *                   state); null for tasks and corpora, which use {@code cursor}
     * @param job        checkpoints written before the configuration was recorded: the job's
     *                   {@code toString()}, kept as read and never parsed; null in newer ones
     * @param config     the job's configuration, rendered HOCON ({@code ordo.job { ... }}); null in
     *                   older checkpoints (see {@code job}) and "" for a job built in code
     */
    public record Meta(long step, String dataType, int parameters, Cursor cursor, TargetOrder order, String job,
                       long[] dropoutRng, Map<String, Cursor> lanes, String config) {

        /** The lane positions, empty when there are none. */
        public Map<String, Cursor> lanePositions() {
            return lanes == null ? Map.of() : lanes;
        }
    }

    private ModelState() {
    }

    /**
     * A checkpoint of the current state. With {@code copy} false the sections view the live
     * buffers (write it before the next step); with {@code copy} true they are private copies that
     * another thread may write while training goes on.
     */
    public static Checkpoint capture(Gpt model, AdamW optimizer, Cursor cursor, Map<String, Cursor> lanes,
                                     TargetOrder order, String config, boolean copy) {
        int n = model.params().size();
        Meta meta = new Meta(optimizer.stepCount(), model.params().dataType().name(), n, cursor, order, null,
                model.dropoutRngState(), lanes.isEmpty() ? null : lanes, config);
        try {
            return new Checkpoint(meta.step(), JSON.writeValueAsString(meta), List.of(
                    new Section(PARAMS, section(model.params().values(), n, copy)),
                    new Section(ADAM_M, section(optimizer.firstMoment(), n, copy)),
                    new Section(ADAM_V, section(optimizer.secondMoment(), n, copy))));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise checkpoint meta", e);
        }
    }

    /** Reads the meta of a checkpoint. */
    public static Meta meta(Checkpoint c) {
        return meta(c.metaJson());
    }

    /** Parses a checkpoint's meta JSON. */
    public static Meta meta(String json) {
        try {
            return JSON.readValue(json, Meta.class);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("checkpoint meta is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Loads parameters and optimizer state into {@code model}/{@code optimizer}; returns the meta. */
    public static Meta restore(Checkpoint c, Gpt model, AdamW optimizer) {
        Meta meta = meta(c);
        if (meta.parameters() != model.params().size() || !meta.dataType().equals(model.params().dataType().name())) {
            throw new IllegalArgumentException("checkpoint holds " + meta.parameters() + " " + meta.dataType()
                    + " parameters; this model has " + model.params().size() + " " + model.params().dataType());
        }
        copyInto(section(c, PARAMS), model.params().values(), meta.parameters());
        if (meta.dropoutRng() != null) {
            model.restoreDropoutRngState(meta.dropoutRng());
        }
        if (optimizer != null) {
            copyInto(section(c, ADAM_M), optimizer.firstMoment(), meta.parameters());
            copyInto(section(c, ADAM_V), optimizer.secondMoment(), meta.parameters());
            optimizer.restore(meta.step());
        }
        return meta;
    }

    private static ByteBuffer section(Checkpoint c, String name) {
        return c.sections().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("checkpoint has no section " + name))
                .data();
    }

    /**
     * A section's bytes: a view of the live buffer, or a heap copy. A copy must not view a
     * {@code dup()} of the array: nothing would hold the dup, and ND4J may free its native memory
     * while the checkpointer still writes from it (EFAULT, "Bad address").
     */
    private static ByteBuffer section(INDArray flat, int count, boolean copy) {
        ByteBuffer live = bytes(flat, count);
        if (!copy) {
            return live;
        }
        ByteBuffer heap = ByteBuffer.allocate(live.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        heap.put(live.duplicate()).flip();
        return heap;
    }

    /** The first {@code count} elements of a flat array's buffer as little-endian bytes (a view). */
    private static ByteBuffer bytes(INDArray flat, int count) {
        ByteBuffer all = flat.data().asNio().order(ByteOrder.LITTLE_ENDIAN);
        return all.duplicate().position(0).limit(count * flat.dataType().width()).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void copyInto(ByteBuffer src, INDArray flat, int count) {
        ByteBuffer dst = bytes(flat, count);
        if (src.remaining() != dst.remaining()) {
            throw new IllegalArgumentException("section of " + src.remaining() + " bytes, expected " + dst.remaining());
        }
        dst.put(src.duplicate());
    }
}
