package io.ordo.streams.source;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The source types a config may name; unknown names fail at start with the valid ones listed. */
public enum SourceKind {
    /** One text file. */
    FILE,
    /** All regular files of a directory in name order, optionally tailed. */
    DIR,
    /** Standard input. */
    STDIN,
    /** TCP server on a port, newline-delimited records. */
    TCP,
    /** TCP server on a port, JSONL records with a text field. */
    TCP_JSONL,
    /** HTTP POST ingest endpoint. */
    HTTP,
    /** Star-graph generator. */
    STARGRAPH,
    /** Arithmetic generator. */
    ARITHMETIC;

    /** The config name: lower case, {@code -} for {@code _}. */
    public String configName() {
        return name().toLowerCase().replace('_', '-');
    }

    /** Parses a config name, failing with the list of valid names. */
    public static SourceKind parse(String name) {
        for (SourceKind k : values()) {
            if (k.configName().equals(name == null ? "" : name.trim().toLowerCase())) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown source '" + name + "'; valid: "
                + Arrays.stream(values()).map(SourceKind::configName).collect(Collectors.joining(", ")));
    }
}
