package io.ordo.bench;

/**
 * One Ordo row of a bench block: an objective on one trainer ({@code replicas} = 1, whatever the
 * thread count) or on {@code replicas} single-thread data-parallel trainers (labelled "top x2").
 *
 * @param objective the objective as {@code Objective.toString()} prints it (ntp, top, mtp:2)
 * @param replicas  data-parallel trainers
 */
record Variant(String objective, int replicas) {

    /** The label of the row in the table. */
    String label() {
        return replicas == 1 ? objective : objective + " x" + replicas;
    }

    /** The peer runs NTP for NTP and MTP rows, TOP for TOP rows. */
    String peerObjective() {
        return objective.equals("top") ? "top" : "ntp";
    }

    /** The same trainers on another objective. */
    Variant on(String other) {
        return new Variant(other, replicas);
    }
}
