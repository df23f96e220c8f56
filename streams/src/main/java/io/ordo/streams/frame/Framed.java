package io.ordo.streams.frame;

/** Output of framing and parsing: a good {@link TextRecord} or a {@link Rejected} one with its reason. */
public sealed interface Framed permits TextRecord, Rejected {
}
