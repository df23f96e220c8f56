package io.ordo.deploy;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --seed}: the model and data seed, an integer. Before ordo 0.2, {@code ordo launch --seed}
 * took node 0's HOST:PORT; such a value fails with a line that names {@code --seed-nodes}.
 */
public final class RngSeed implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            if (value.contains(":")) {
                throw new TypeConversionException("'" + value + "' is a HOST:PORT; --seed is the RNG seed (an integer) "
                        + "and node addresses moved to 'ordo launch --seed-nodes " + value + "'");
            }
            throw new TypeConversionException("'" + value + "' is not an integer; --seed is the model and data seed, "
                    + "e.g. --seed 1");
        }
    }
}
