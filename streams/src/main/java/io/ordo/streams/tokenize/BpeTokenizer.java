package io.ordo.streams.tokenize;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;

/**
 * OpenAI BPE encodings through JTokkit, loaded offline from its bundled vocabularies. Special tokens
 * in the text are encoded as ordinary text. Pads with the {@code <|endoftext|>} id.
 */
public final class BpeTokenizer implements Tokenizer {

    private final String name;
    private final Encoding encoding;
    private final int vocabSize;
    private final int endOfText;

    BpeTokenizer(String name, EncodingType type, int vocabSize, int endOfText) {
        this.name = name;
        this.encoding = Encodings.newDefaultEncodingRegistry().getEncoding(type);
        this.vocabSize = vocabSize;
        this.endOfText = endOfText;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public int[] encode(String text) {
        return encoding.encodeOrdinary(text).toArray();
    }

    @Override
    public String decode(int[] tokens, int offset, int length) {
        IntArrayList list = new IntArrayList(length);
        for (int i = 0; i < length; i++) {
            list.add(tokens[offset + i]);
        }
        return encoding.decode(list);
    }

    @Override
    public int padId() {
        return endOfText;
    }
}
