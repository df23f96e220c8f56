package io.ordo.streams.gen;

import io.ordo.streams.cursor.Cursor;

/**
 * One generated task example: {@code prompt + target} is the sample text, the loss applies only to
 * the target part.
 *
 * @param prompt text before the target, e.g. {@code 3,7|7,1/3,1=} (star graph) or {@code 012+345=}
 * @param target text to predict, e.g. {@code 3,7,1} or {@code 0357}
 * @param at     cursor of this example (generator id, example index)
 */
public record TaskExample(String prompt, String target, Cursor at) {

    /** The cursor of the example after this one. */
    public Cursor next() {
        return Cursor.at(at.source(), at.offset() + 1);
    }

    /** The whole sample text. */
    public String text() {
        return prompt + target;
    }
}
