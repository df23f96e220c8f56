package io.ordo.streams.spool;

import java.io.IOException;

/** A spool file holds a bad frame (or segments that do not join up) where good data must be. */
public final class CorruptSpoolException extends IOException {

    public CorruptSpoolException(String message) {
        super(message);
    }
}
