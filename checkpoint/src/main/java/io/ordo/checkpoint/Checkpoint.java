package io.ordo.checkpoint;

import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * Everything needed to resume training at {@code step}: the caller's metadata as JSON and an
 * ordered list of raw byte sections.
 *
 * <p>{@code metaJson} is opaque to this module (it is stored and verified, not parsed); by
 * convention it holds the resolved config, data cursor, MI order, RNG state, LR-schedule step and
 * the dtype/shape of each section.
 *
 * @param step     training step, {@code >= 0}; names the file ({@code step-%012d.ckpt})
 * @param metaJson metadata, stored as UTF-8
 * @param sections in file order; names unique
 */
public record Checkpoint(long step, String metaJson, List<Section> sections) {

    /** Validates and copies the section list. */
    public Checkpoint {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, was " + step);
        }
        Objects.requireNonNull(metaJson, "metaJson");
        sections = List.copyOf(Objects.requireNonNull(sections, "sections"));
        Set<String> names = new HashSet<>();
        for (Section s : sections) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("sections must have unique names, '" + s.name()
                        + "' appears twice");
            }
        }
    }

    /**
     * The section called {@code name}.
     *
     * @throws NoSuchElementException naming the sections present when there is none
     */
    public Section section(String name) {
        for (Section s : sections) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new NoSuchElementException("no section '" + name + "' in checkpoint at step " + step
                + "; sections: " + sections.stream().map(Section::name).toList());
    }

    /** Total bytes of section data (headers excluded). */
    public long dataBytes() {
        long total = 0;
        for (Section s : sections) {
            total += s.size();
        }
        return total;
    }
}
