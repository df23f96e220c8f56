package io.ordo.model.safetensors;

/**
 * A safetensors file that is not well formed, or whose tensors do not fit the model they are
 * loaded into; the message is one line that names the file's problem.
 */
public final class SafetensorsFormatException extends IllegalArgumentException {
    public SafetensorsFormatException(String message) {
        super(message);
    }
}
