package io.ordo.deploy.experiment;

/** What {@code ordo experiment} does with arm directories an earlier run left in {@code --out}. */
public enum ExistingArms {
    /** Stop with an error naming the first one (the default). */
    REFUSE,
    /** Delete them and train every arm afresh ({@code --overwrite}). */
    OVERWRITE,
    /**
     * Continue the interrupted run ({@code --resume}): keep finished arms, resume an arm from its
     * newest checkpoint, start the others.
     */
    RESUME
}
