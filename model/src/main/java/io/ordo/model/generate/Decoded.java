package io.ordo.model.generate;

/**
 * One self-speculatively decoded continuation.
 *
 * @param tokens   the new tokens (the greedy continuation, prompt excluded)
 * @param passes   verify passes: full NTP forwards over the context plus the pending drafts
 * @param drafted  draft tokens proposed
 * @param accepted draft tokens the NTP head confirmed
 */
public record Decoded(int[] tokens, int passes, int drafted, int accepted) {

    /** Mean tokens produced per verify pass (1.0 without accepted drafts). */
    public double tokensPerPass() {
        return passes == 0 ? 0 : (double) tokens.length / passes;
    }
}
