package io.ordo.streams.gen;

/** Which side of a disjoint train / held-out partition an example belongs to. */
public enum Split {
    TRAIN,
    TEST
}
